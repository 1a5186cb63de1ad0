//! What the Overview counts from a snapshot: alerts by kind, and for a supervisor each
//! assistant's active families against the limit with their overdue and soon alerts.

use std::collections::{BTreeMap, HashMap};

use crate::domain::Id;
use crate::domain::alerts::{DeadlineKind, Severity};
use crate::service::Snapshot;

/// Alerts of one kind: how many are overdue and how many are due today or soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindCount {
    /// The kind.
    pub kind: DeadlineKind,
    /// Overdue alerts of that kind.
    pub overdue: usize,
    /// Alerts of that kind due today or within the warning window.
    pub soon: usize,
}

impl KindCount {
    /// Every alert of the kind.
    pub fn total(&self) -> usize {
        self.overdue + self.soon
    }
}

/// The kinds that have alerts, with their counts (those left out of the snapshot's
/// alerts counted in), in the kinds' order.
pub fn counts_by_kind(snapshot: &Snapshot) -> Vec<KindCount> {
    let mut counts: BTreeMap<DeadlineKind, (usize, usize)> = snapshot.left_out().clone();
    for a in &snapshot.alerts {
        let entry = counts.entry(a.deadline.kind).or_default();
        if a.severity == Severity::Overdue {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(kind, (overdue, soon))| KindCount {
            kind,
            overdue,
            soon,
        })
        .collect()
}

/// One assistant's row of the supervisor's overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistantRow {
    /// The assistant's name; `None` for the families that have no assistant.
    pub name: Option<String>,
    /// Active families.
    pub active: u32,
    /// The caseload limit.
    pub limit: u32,
    /// Families below the limit from which the caseload counts as near it.
    pub margin: u32,
    /// Overdue alerts of the assistant's families.
    pub overdue: usize,
    /// Alerts of the assistant's families due today or soon.
    pub soon: usize,
}

/// Each assistant of the caseload with the alerts of their families, the most overdue
/// first; the families without an assistant make one more row when they have alerts.
pub fn per_assistant(snapshot: &Snapshot) -> Vec<AssistantRow> {
    let mut alerts: HashMap<Option<Id>, (usize, usize)> = snapshot.alert_counts().clone();
    let mut rows: Vec<AssistantRow> = snapshot
        .caseload
        .iter()
        .map(|c| {
            let (overdue, soon) = alerts.remove(&Some(c.assistant.id)).unwrap_or_default();
            AssistantRow {
                name: Some(c.assistant.name.clone()),
                active: c.active,
                limit: c.limit,
                margin: c.margin,
                overdue,
                soon,
            }
        })
        .collect();
    // Families of no assistant, or of one no longer in the caseload (inactive).
    let (overdue, soon) = alerts
        .values()
        .fold((0, 0), |(o, s), (ao, as_)| (o + ao, s + as_));
    if overdue + soon > 0 {
        rows.push(AssistantRow {
            name: None,
            active: 0,
            limit: 0,
            margin: 0,
            overdue,
            soon,
        });
    }
    rows.sort_by_key(|r| (std::cmp::Reverse(r.overdue), std::cmp::Reverse(r.soon)));
    rows
}
