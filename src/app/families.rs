//! The family list: filters, sort order, caseload view, and a selection that follows the family.

use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{typeable, types_text};
use super::{App, Selection};
use crate::domain::text::{fold, polish_key};
use crate::domain::{FamilyStatus, Id, Role};
use crate::i18n::Msg;
use crate::service::{FamilyRow, Snapshot};

/// Longest filter text accepted (characters); more would only slow the search.
pub const MAX_QUERY: usize = 100;

/// Which families the status filter shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum StatusFilter {
    /// Every status.
    #[default]
    All,
    /// Open cases: referred, active and suspended.
    Active,
    /// Work ended, the family is monitored.
    Monitoring,
    /// Closed and archived.
    Closed,
}

impl StatusFilter {
    /// The next filter in the `f` cycle.
    pub fn next(self) -> StatusFilter {
        match self {
            StatusFilter::All => StatusFilter::Active,
            StatusFilter::Active => StatusFilter::Monitoring,
            StatusFilter::Monitoring => StatusFilter::Closed,
            StatusFilter::Closed => StatusFilter::All,
        }
    }

    /// True if a family with `status` passes the filter.
    pub fn admits(self, status: FamilyStatus) -> bool {
        self == StatusFilter::All || status_group(status) == self
    }

    /// How the filter is named on screen.
    pub fn label(self) -> Msg {
        match self {
            StatusFilter::All => Msg::FilterAllStatuses,
            StatusFilter::Active => Msg::FilterActive,
            StatusFilter::Monitoring => Msg::FilterMonitoring,
            StatusFilter::Closed => Msg::FilterClosed,
        }
    }
}

/// The status filter group of a family status: the one place that maps them.
pub fn status_group(status: FamilyStatus) -> StatusFilter {
    match status {
        FamilyStatus::Referred | FamilyStatus::Active | FamilyStatus::Suspended => {
            StatusFilter::Active
        }
        FamilyStatus::Monitoring => StatusFilter::Monitoring,
        FamilyStatus::Closed | FamilyStatus::Archived => StatusFilter::Closed,
    }
}

/// Order of the family list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// By case number (the register's own order).
    #[default]
    CaseNumber,
    /// By family name in Polish alphabetical order.
    Name,
    /// By the next due date, families without one last.
    NextDue,
}

impl SortOrder {
    /// The next order in the `o` cycle.
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::CaseNumber => SortOrder::Name,
            SortOrder::Name => SortOrder::NextDue,
            SortOrder::NextDue => SortOrder::CaseNumber,
        }
    }

    /// How the order is named on screen.
    pub fn label(self) -> Msg {
        match self {
            SortOrder::CaseNumber => Msg::SortCase,
            SortOrder::Name => Msg::SortName,
            SortOrder::NextDue => Msg::SortDue,
        }
    }
}

/// Indexes of `rows` in `order`; ties keep case-number order.
pub fn sort_rows(rows: &[FamilyRow], order: SortOrder) -> Vec<usize> {
    let mut out: Vec<usize> = (0..rows.len()).collect();
    let case = |a: usize, b: usize| rows[a].family.case_number.cmp(&rows[b].family.case_number);
    match order {
        SortOrder::CaseNumber => out.sort_by(|&a, &b| case(a, b)),
        SortOrder::Name => {
            // Collation is slow per comparison: rank the distinct names once, then
            // sort the rows by rank (a register has far fewer names than families).
            let mut names: Vec<&str> = rows.iter().map(|r| r.family.name.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            names.sort_by_cached_key(|n| polish_key(n));
            let rank: HashMap<&str, usize> =
                names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
            let key = |i: usize| rank.get(rows[i].family.name.as_str()).copied();
            out.sort_by(|&a, &b| key(a).cmp(&key(b)).then_with(|| case(a, b)));
        }
        SortOrder::NextDue => {
            let key = |i: usize| {
                let due = rows[i].next_deadline.as_ref().map(|d| d.due);
                (due.is_none(), due)
            };
            out.sort_by(|&a, &b| key(a).cmp(&key(b)).then_with(|| case(a, b)));
        }
    }
    out
}

/// State of the family list: filters, order, what is visible, and the caseload view.
#[derive(Debug, Default)]
pub struct FamilyList {
    /// Indexes into `snapshot.families` of the rows shown, in display order.
    pub visible: Vec<usize>,
    /// The text filter as typed.
    pub query: String,
    /// True while keys go into the text filter.
    pub typing: bool,
    /// Status filter.
    pub status: StatusFilter,
    /// Only this assistant's families (staff id), or everyone's.
    pub assistant: Option<Id>,
    /// Sort order.
    pub sort: SortOrder,
    /// The caseload view is shown instead of the list.
    pub caseload: bool,
    /// Selected assistant in the caseload view.
    pub caseload_selection: Selection,
    /// Every row index in sort order.
    order: Vec<usize>,
    /// Position of each row in `order`, to find a row among the visible ones quickly.
    rank: Vec<usize>,
    /// The folded text filter that produced `visible`.
    applied: String,
    /// The family (row index) the user last chose; followed through filter changes.
    anchor: Option<usize>,
}

impl FamilyList {
    /// True if any filter hides families.
    pub fn is_filtered(&self) -> bool {
        !self.query.trim().is_empty()
            || self.status != StatusFilter::All
            || self.assistant.is_some()
    }
}

impl App {
    /// Replaces the snapshot (after a save), keeping the list's filters, order and selection.
    pub fn set_snapshot(&mut self, snapshot: Snapshot) {
        let selected = self.selected_family();
        self.snapshot = snapshot;
        self.snapshot_replaced(selected);
    }

    /// Re-sorts and re-filters the list after the snapshot changed, keeping `selected`.
    pub(crate) fn snapshot_replaced(&mut self, selected: Option<Id>) {
        // Row indexes of the old snapshot mean nothing in the new one.
        self.family_list.anchor = None;
        self.resort_families();
        if let Some(id) = selected {
            self.select_family(id);
        }
    }

    /// The row in `snapshot.families` of the selected visible family.
    fn selected_row(&self) -> Option<usize> {
        self.family_list.visible.get(self.families.index).copied()
    }

    /// Sorts the rows again and filters them (after the snapshot or the order changed).
    pub(super) fn resort_families(&mut self) {
        let list = &mut self.family_list;
        list.order = sort_rows(&self.snapshot.families, list.sort);
        list.rank = vec![0; list.order.len()];
        for (pos, &row) in list.order.iter().enumerate() {
            list.rank[row] = pos;
        }
        self.refilter(false);
    }

    /// Recomputes the visible rows; with `narrow`, only the previous matches are
    /// tested when the new text filter extends the old one.
    fn refilter(&mut self, narrow: bool) {
        let list = &mut self.family_list;
        let folded = fold(list.query.trim_start());
        let words: Vec<&str> = folded.split_whitespace().collect();
        let rows = &self.snapshot.families;
        let status = list.status;
        let assistant = list.assistant;
        let keep = |&i: &usize| {
            rows.get(i).is_some_and(|r| {
                status.admits(r.family.status)
                    && assistant.is_none_or(|a| r.family.assistant == Some(a))
                    && words.iter().all(|w| r.search.contains(w))
            })
        };
        if narrow && folded.starts_with(&list.applied) {
            list.visible.retain(keep);
        } else {
            list.visible = list.order.iter().copied().filter(keep).collect();
        }
        list.applied = folded;
        self.reselect();
    }

    /// Selects the anchor family if visible, else the nearest visible row in sort order.
    fn reselect(&mut self) {
        let list = &self.family_list;
        let len = list.visible.len();
        let index = match list.anchor.and_then(|a| list.rank.get(a).copied()) {
            Some(rank) => list
                .visible
                .partition_point(|&i| list.rank.get(i).is_some_and(|&r| r < rank)),
            None => self.families.index,
        };
        self.families.index = index.min(len.saturating_sub(1));
    }

    /// Remembers the selected visible family as the one to follow.
    pub(super) fn anchor_selection(&mut self) {
        self.family_list.anchor = self.selected_row();
    }

    /// Handles a key typed into the filter; `None` sends it on to the key bindings.
    pub(super) fn filter_key(&mut self, key: KeyEvent) -> Option<bool> {
        let list = &mut self.family_list;
        match key.code {
            KeyCode::Char(c) if types_text(&key) => {
                if typeable(c) && list.query.chars().count() < MAX_QUERY {
                    list.query.push(c);
                    self.refilter(true);
                }
                Some(true)
            }
            KeyCode::Backspace => {
                list.query.pop();
                self.refilter(false);
                Some(true)
            }
            KeyCode::Enter => {
                list.typing = false;
                Some(true)
            }
            KeyCode::Esc => {
                list.typing = false;
                list.query.clear();
                self.refilter(false);
                Some(true)
            }
            _ => None,
        }
    }

    /// `/`: start typing the filter.
    pub(super) fn start_filter(&mut self) {
        self.family_list.caseload = false;
        self.family_list.typing = true;
    }

    /// `f`: the next status filter.
    pub(super) fn cycle_status(&mut self) {
        self.family_list.caseload = false;
        self.family_list.status = self.family_list.status.next();
        self.refilter(false);
    }

    /// `o`: the next sort order.
    pub(super) fn cycle_sort(&mut self) {
        self.family_list.caseload = false;
        self.family_list.sort = self.family_list.sort.next();
        self.resort_families();
    }

    /// Assistants a supervisor may filter by, in Polish alphabetical order.
    pub fn filter_assistants(&self) -> Vec<Id> {
        let mut staff: Vec<_> = self
            .snapshot
            .staff
            .values()
            .filter(|s| s.role == Role::Assistant)
            .collect();
        staff.sort_by_cached_key(|s| (polish_key(&s.name), s.id));
        staff.into_iter().map(|s| s.id).collect()
    }

    /// `w`: everyone, then each assistant in turn; nothing for an assistant.
    pub(super) fn cycle_assistant(&mut self) {
        self.family_list.caseload = false;
        // An assistant sees only their own families: there is nothing to choose.
        if self.caller.is_scoped() {
            return;
        }
        let all = self.filter_assistants();
        let next = match self.family_list.assistant {
            None => all.first().copied(),
            Some(current) => all
                .iter()
                .position(|&id| id == current)
                .and_then(|p| all.get(p + 1))
                .copied(),
        };
        self.family_list.assistant = next;
        self.refilter(false);
    }

    /// `c`: show or hide the caseload view.
    pub(super) fn toggle_caseload(&mut self) {
        let list = &mut self.family_list;
        list.caseload = !list.caseload;
        list.typing = false;
    }

    /// Enter in the caseload view: the list of the selected assistant's families.
    pub(super) fn open_caseload_row(&mut self) {
        let Some(row) = self
            .snapshot
            .caseload
            .get(self.family_list.caseload_selection.index)
        else {
            return;
        };
        self.family_list.caseload = false;
        if !self.caller.is_scoped() {
            self.family_list.assistant = Some(row.assistant.id);
            self.refilter(false);
        }
    }

    /// Esc on the list: closes the caseload view, else clears the filter; false if neither.
    pub(super) fn list_back(&mut self) -> bool {
        let list = &mut self.family_list;
        if list.caseload {
            list.caseload = false;
        } else if !list.query.is_empty() {
            list.query.clear();
            self.refilter(false);
        } else {
            return false;
        }
        true
    }

    /// Selects the family in the list, clearing the filters if they hide it.
    pub(super) fn select_family(&mut self, id: Id) {
        let Some(row) = self
            .snapshot
            .families
            .iter()
            .position(|r| r.family.id == id)
        else {
            return;
        };
        let list = &mut self.family_list;
        list.caseload = false;
        list.typing = false;
        list.anchor = Some(row);
        let rank = list.rank.get(row).copied();
        let shown = rank.is_some_and(|rank| {
            let pos = list
                .visible
                .partition_point(|&i| list.rank.get(i).is_some_and(|&r| r < rank));
            list.visible.get(pos) == Some(&row)
        });
        if shown {
            self.reselect();
        } else {
            list.query.clear();
            list.status = StatusFilter::All;
            list.assistant = None;
            self.refilter(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_group_and_all_admits_everything() {
        for status in FamilyStatus::ALL {
            assert_ne!(status_group(status), StatusFilter::All);
            assert!(StatusFilter::All.admits(status));
            assert!(status_group(status).admits(status));
        }
        assert!(!StatusFilter::Closed.admits(FamilyStatus::Active));
        assert!(StatusFilter::Active.admits(FamilyStatus::Referred));
        assert!(StatusFilter::Active.admits(FamilyStatus::Suspended));
        assert!(StatusFilter::Closed.admits(FamilyStatus::Archived));
    }

    #[test]
    fn cycles_come_back_to_the_start() {
        let mut f = StatusFilter::All;
        let mut s = SortOrder::CaseNumber;
        for _ in 0..4 {
            f = f.next();
        }
        for _ in 0..3 {
            s = s.next();
        }
        assert_eq!((f, s), (StatusFilter::All, SortOrder::CaseNumber));
    }

    #[test]
    fn control_and_bidi_characters_are_not_typeable() {
        assert!(typeable('ś'));
        assert!(typeable('/'));
        assert!(!typeable('\u{1b}'));
        assert!(!typeable('\u{202e}'));
    }
}
