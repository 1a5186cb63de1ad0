//! Work split into runs over threads: the digests of a country's families are judged
//! on every core this machine has (two), each run with its own accumulator.

use std::sync::Mutex;

/// Hands every item of `items` to `each` with the accumulator of its run: the items
/// are cut into as many runs as `runs` has accumulators, each run walked in order on
/// its own thread (the first on this one; a run whose thread cannot start is walked
/// here too). A run stops at the first item for which `each` returns false; the result
/// is true if none did.
pub fn in_runs<T: Sync, A: Send>(
    items: &[T],
    runs: &mut [A],
    each: impl Fn(&mut A, &T) -> bool + Sync,
) -> bool {
    let size = items.len().div_ceil(runs.len().max(1)).max(1);
    // Each accumulator behind a lock, so that it is still at hand here when its
    // thread cannot start.
    let parts: Vec<_> = items
        .chunks(size)
        .zip(runs.iter_mut())
        .map(|(run, acc)| (run, Mutex::new(acc)))
        .collect();
    let walk = |(run, acc): &(&[T], Mutex<&mut A>)| match acc.lock() {
        Ok(mut acc) => run.iter().all(|item| each(&mut acc, item)),
        Err(_) => false,
    };
    std::thread::scope(|scope| {
        let (mut threads, mut here) = (Vec::new(), Vec::new());
        for part in parts.iter().skip(1) {
            match std::thread::Builder::new().spawn_scoped(scope, || walk(part)) {
                Ok(thread) => threads.push(thread),
                Err(_) => here.push(part),
            }
        }
        let mut whole = parts.first().is_none_or(walk);
        for part in here {
            whole &= walk(part);
        }
        for thread in threads {
            whole &= thread.join().unwrap_or(false);
        }
        whole
    })
}

#[cfg(test)]
mod tests {
    use super::in_runs;

    #[test]
    fn every_item_reaches_one_run_in_order() {
        let items: Vec<u32> = (0..1001).collect();
        let mut runs = [Vec::new(), Vec::new(), Vec::new()];
        assert!(in_runs(&items, &mut runs, |run, &i| {
            run.push(i);
            true
        }));
        assert!(runs.iter().all(|run| !run.is_empty()), "{runs:?}");
        assert_eq!(runs.concat(), items, "each run in order, the runs in order");
    }

    #[test]
    fn a_refused_item_fails_the_whole_and_fewer_items_than_runs_are_fine() {
        let items = [1, 2, 3, 4];
        let mut runs = [0, 0];
        assert!(!in_runs(&items, &mut runs, |_, &i| i != 4));
        let mut many = [0u32; 8];
        assert!(in_runs(&items, &mut many, |sum, &i| {
            *sum += i;
            true
        }));
        assert_eq!(many.iter().sum::<u32>(), 10);
        assert!(in_runs(&[] as &[u32], &mut many, |_, _| false), "no items");
    }
}
