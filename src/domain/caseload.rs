//! Caseload: active families per assistant against the statutory limit (art. 15 ust. 4).

use std::collections::BTreeMap;

use super::model::{Family, FamilyStatus, Id};

/// The statute's maximum number of families an assistant works with at once.
pub const STATUTORY_LIMIT: u32 = 15;

/// How close an assistant is to the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Comfortably below the limit.
    Ok,
    /// Within two families of the limit.
    Near,
    /// Exactly at the limit: no new family may be made active.
    AtLimit,
    /// Above the limit (only possible through old data or a lowered limit).
    Over,
}

/// Active families per assistant id.
pub fn active_per_assistant<'a>(
    families: impl IntoIterator<Item = &'a Family>,
) -> BTreeMap<Id, u32> {
    let mut counts = BTreeMap::new();
    for f in families {
        if f.status == FamilyStatus::Active
            && let Some(a) = f.assistant
        {
            *counts.entry(a).or_insert(0) += 1;
        }
    }
    counts
}

/// Classifies a count against `limit`.
pub fn level(count: u32, limit: u32) -> Level {
    match count {
        c if c > limit => Level::Over,
        c if c == limit => Level::AtLimit,
        c if c > 0 && c + 2 >= limit => Level::Near,
        _ => Level::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_around_the_limit() {
        assert_eq!(level(10, 15), Level::Ok);
        assert_eq!(level(13, 15), Level::Near);
        assert_eq!(level(14, 15), Level::Near);
        assert_eq!(level(15, 15), Level::AtLimit);
        assert_eq!(level(16, 15), Level::Over);
        assert_eq!(level(0, 1), Level::Ok);
        assert_eq!(level(1, 1), Level::AtLimit);
    }
}
