//! Caseload: active families per assistant against the statutory limit (art. 15 ust. 4).

use std::collections::BTreeMap;

use super::model::{Family, FamilyStatus, Id};

/// The statute's maximum number of families an assistant works with at once.
pub const STATUTORY_LIMIT: u32 = 15;

/// Families below the limit from which a caseload counts as near it, by default.
pub const DEFAULT_WARNING_MARGIN: u32 = 1;

/// How close an assistant is to the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Comfortably below the limit.
    Ok,
    /// Within the warning margin below the limit.
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
        if let Some(a) = counted_for(f.status, f.assistant) {
            *counts.entry(a).or_insert(0) += 1;
        }
    }
    counts
}

/// The assistant whose caseload a family with this status and assistant counts toward:
/// only active families count.
pub fn counted_for(status: FamilyStatus, assistant: Option<Id>) -> Option<Id> {
    assistant.filter(|_| status == FamilyStatus::Active)
}

/// How serious a caseload warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseloadSeverity {
    /// At the limit, or above it: no new family may be made active.
    AtLimit,
    /// Within the warning margin below the limit.
    NearLimit,
}

/// An assistant's caseload at or near the limit, for the supervisor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseloadWarning {
    /// The assistant.
    pub assistant: Id,
    /// Active families.
    pub active: u32,
    /// The limit in force.
    pub limit: u32,
    /// At or near the limit.
    pub severity: CaseloadSeverity,
}

/// The assistants (active families per assistant id) at the limit or within `margin`
/// families below it; an assistant with no active family is never near it. At the
/// limit first, then by assistant id.
pub fn caseload_warnings(
    counts: &BTreeMap<Id, u32>,
    limit: u32,
    margin: u32,
) -> Vec<CaseloadWarning> {
    let mut out: Vec<CaseloadWarning> = counts
        .iter()
        .filter_map(|(&assistant, &active)| {
            let severity = match level(active, limit, margin) {
                Level::AtLimit | Level::Over => CaseloadSeverity::AtLimit,
                Level::Near => CaseloadSeverity::NearLimit,
                Level::Ok => return None,
            };
            Some(CaseloadWarning {
                assistant,
                active,
                limit,
                severity,
            })
        })
        .collect();
    out.sort_by_key(|w| (w.severity, w.assistant));
    out
}

/// Classifies a count against `limit`: near it within `margin` families below it (an
/// assistant with no active family never is).
pub fn level(count: u32, limit: u32, margin: u32) -> Level {
    match count {
        c if c > limit => Level::Over,
        c if c == limit => Level::AtLimit,
        c if c > 0 && c.saturating_add(margin) >= limit => Level::Near,
        _ => Level::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_around_the_limit() {
        assert_eq!(level(10, 15, 1), Level::Ok);
        assert_eq!(level(13, 15, 1), Level::Ok);
        assert_eq!(level(13, 15, 2), Level::Near);
        assert_eq!(level(14, 15, 1), Level::Near);
        assert_eq!(level(14, 15, 0), Level::Ok);
        assert_eq!(level(15, 15, 1), Level::AtLimit);
        assert_eq!(level(16, 15, 1), Level::Over);
        assert_eq!(level(0, 1, 1), Level::Ok);
        assert_eq!(level(1, 1, 1), Level::AtLimit);
    }

    #[test]
    fn caseload_warnings_table() {
        use CaseloadSeverity::{AtLimit, NearLimit};
        // (description, active families, limit, margin, expected)
        let cases: [(&str, u32, u32, u32, Option<CaseloadSeverity>); 13] = [
            ("far below the limit", 10, 15, 1, None),
            ("just below the margin", 13, 15, 1, None),
            ("on the margin", 14, 15, 1, Some(NearLimit)),
            ("at the limit", 15, 15, 1, Some(AtLimit)),
            ("over the limit", 16, 15, 1, Some(AtLimit)),
            ("wider margin, outside it", 12, 15, 2, None),
            ("wider margin, inside it", 13, 15, 2, Some(NearLimit)),
            ("no margin, one below", 14, 15, 0, None),
            ("no margin, at the limit", 15, 15, 0, Some(AtLimit)),
            ("lowered limit, at it", 8, 8, 1, Some(AtLimit)),
            ("lowered limit, near it", 7, 8, 1, Some(NearLimit)),
            ("no families is never near", 0, 1, 1, None),
            ("margin wider than the limit", 1, 3, 20, Some(NearLimit)),
        ];
        for (what, active, limit, margin, expected) in cases {
            let counts = BTreeMap::from([(4, active)]);
            let got = caseload_warnings(&counts, limit, margin);
            assert_eq!(
                got.first().map(|w| w.severity),
                expected,
                "{what}: {active} of {limit}, margin {margin}"
            );
            assert!(got.len() <= 1, "{what}");
            if let Some(w) = got.first() {
                assert_eq!(
                    (w.assistant, w.active, w.limit),
                    (4, active, limit),
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn caseload_warnings_put_the_full_caseloads_first() {
        let counts = BTreeMap::from([(1, 14), (2, 10), (3, 15), (4, 16), (5, 0)]);
        let got: Vec<_> = caseload_warnings(&counts, 15, 1)
            .into_iter()
            .map(|w| (w.assistant, w.severity))
            .collect();
        assert_eq!(
            got,
            [
                (3, CaseloadSeverity::AtLimit),
                (4, CaseloadSeverity::AtLimit),
                (1, CaseloadSeverity::NearLimit)
            ]
        );
        assert!(caseload_warnings(&BTreeMap::new(), 15, 1).is_empty());
    }
}
