//! Counting the rows of a report definition over the records of a period: pure
//! functions of the definition, the records and the dates, with the records behind
//! every figure kept for drill-down.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::definition::{Band, Flag, ReasonCode, ReportDefinition, Rule, Stat};
use super::timeline::{self, Span};
use super::{FamilyRef, Item, Report, ReportRow, Unit, Value};
use crate::domain::text::polish_key;
use crate::domain::{
    ClosureReason, Family, FamilyStatus, Id, Member, MemberRole, Role, Staff, Visit, VisitKind,
    VisitStatus,
};

/// The records a report is counted from. Visits outside the period may be included; they
/// are not counted.
#[derive(Debug, Clone, Copy)]
pub struct ReportData<'a> {
    /// Staff accounts (assistants are named and counted from them).
    pub staff: &'a [Staff],
    /// Every family of the register.
    pub families: &'a [Family],
    /// Every member of those families.
    pub members: &'a [Member],
    /// The visits of the period (at least).
    pub visits: &'a [Visit],
}

/// What the engine knows about one family for the period.
pub struct FamilyFacts<'a> {
    /// The record.
    pub family: &'a Family,
    /// Its statuses over time.
    pub spans: Vec<Span>,
    /// Active on at least one day of the period.
    pub served: bool,
    /// Whole months of support up to the period end, if served.
    pub support_months: Option<u32>,
    /// Its children counted in the period, in birth order.
    pub children: Vec<&'a Member>,
}

impl FamilyFacts<'_> {
    /// True if the family has `flag` (or no flag is asked for).
    fn has(&self, flag: Option<Flag>) -> bool {
        let f = &self.family.flags;
        match flag {
            None => true,
            Some(Flag::CourtObliged) => f.court_obliged,
            Some(Flag::ZaZyciem) => f.za_zyciem,
            Some(Flag::NiebieskaKarta) => f.niebieska_karta,
            Some(Flag::Kurator) => f.kurator.as_ref().is_some_and(|k| !k.trim().is_empty()),
        }
    }
}

/// The facts of every family for the period `from..=to`, in case-number order.
pub fn family_facts<'a>(
    data: &ReportData<'a>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<FamilyFacts<'a>> {
    let mut members: HashMap<Id, Vec<&'a Member>> = HashMap::new();
    for m in data.members {
        members.entry(m.family_id).or_default().push(m);
    }
    let mut families: Vec<&'a Family> = data.families.iter().collect();
    families.sort_by(|a, b| a.case_number.cmp(&b.case_number).then(a.id.cmp(&b.id)));
    families
        .into_iter()
        .map(|family| {
            let spans = timeline::spans(family);
            let served = timeline::active_between(&spans, from, to);
            let support_months = served
                .then(|| timeline::support_months(&spans, to))
                .flatten();
            let mut children: Vec<&Member> = members
                .get(&family.id)
                .into_iter()
                .flatten()
                .copied()
                .filter(|m| child_in_period(m, from, to))
                .collect();
            children.sort_by_key(|m| (m.birth_date, m.id));
            FamilyFacts {
                family,
                spans,
                served,
                support_months,
                children,
            }
        })
        .collect()
}

/// A child of the family during the period: born by its end (or birth date unknown) and
/// not gone from the household before it began.
fn child_in_period(m: &Member, from: NaiveDate, to: NaiveDate) -> bool {
    m.role == MemberRole::Child
        && m.birth_date.is_none_or(|b| b <= to)
        && m.left_household.is_none_or(|l| l >= from)
}

/// True if the child was in foster care on a day of the period (placed on or before its
/// last day and not home before its first; the day of the return is a day at home).
pub fn in_care_between(m: &Member, from: NaiveDate, to: NaiveDate) -> bool {
    m.foster
        .as_ref()
        .is_some_and(|f| f.since <= to && f.returned_home.is_none_or(|r| r > from && r > f.since))
}

/// True if the child returned home from foster care from `from` to `to`, both included.
fn returned_between(m: &Member, from: NaiveDate, to: NaiveDate) -> bool {
    m.foster
        .as_ref()
        .and_then(|f| f.returned_home)
        .is_some_and(|r| from <= r && r <= to)
}

/// The definition's code for a closure reason.
fn reason_code(reason: &ClosureReason) -> ReasonCode {
    match reason {
        ClosureReason::GoalsAchieved => ReasonCode::GoalsAchieved,
        ClosureReason::FamilyResigned => ReasonCode::FamilyResigned,
        ClosureReason::NoCooperation => ReasonCode::NoCooperation,
        ClosureReason::MovedOut => ReasonCode::MovedOut,
        ClosureReason::ChildPlacedInFosterCare => ReasonCode::ChildPlacedInFosterCare,
        ClosureReason::Other(_) => ReasonCode::Other,
    }
}

/// True if `value` is one of `wanted`, or nothing in particular is wanted.
fn wanted<T: PartialEq>(wanted: &[T], value: &T) -> bool {
    wanted.is_empty() || wanted.contains(value)
}

/// Everything counted once per report and shared by its rows.
struct Context<'a> {
    from: NaiveDate,
    to: NaiveDate,
    facts: Vec<FamilyFacts<'a>>,
    /// The visits of the period, by date, time and id.
    visits: Vec<&'a Visit>,
    /// Assistants who worked in the period, by name, with their families served.
    assistants: Vec<(&'a Staff, Vec<Id>)>,
}

impl<'a> Context<'a> {
    fn new(data: &ReportData<'a>, from: NaiveDate, to: NaiveDate) -> Context<'a> {
        let facts = family_facts(data, from, to);
        let mut visits: Vec<&Visit> = data
            .visits
            .iter()
            .filter(|v| from <= v.date && v.date <= to)
            .collect();
        visits.sort_by_key(|v| (v.date, v.time, v.id));
        let mut served_by: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
        for f in facts.iter().filter(|f| f.served) {
            if let Some(a) = f.family.assistant {
                served_by.entry(a).or_default().push(f.family.id);
            }
        }
        let mut assistants: Vec<(&Staff, Vec<Id>)> = data
            .staff
            .iter()
            .filter(|s| s.role == Role::Assistant)
            .filter(|s| {
                served_by.contains_key(&s.id)
                    || visits
                        .iter()
                        .any(|v| v.assistant == s.id && v.status == VisitStatus::Held)
            })
            .map(|s| (s, served_by.get(&s.id).cloned().unwrap_or_default()))
            .collect();
        assistants.sort_by_cached_key(|a| (polish_key(&a.0.name), a.0.id));
        Context {
            from,
            to,
            facts,
            visits,
            assistants,
        }
    }

    /// The families served, with a flag if one is asked for.
    fn served(&self, flag: Option<Flag>) -> impl Iterator<Item = &FamilyFacts<'a>> {
        self.facts.iter().filter(move |f| f.served && f.has(flag))
    }

    /// Families of `facts` matching `keep`, as items.
    fn families_where(&self, flag: Option<Flag>, keep: impl Fn(&FamilyFacts) -> bool) -> Vec<Item> {
        self.facts
            .iter()
            .filter(|f| f.has(flag) && keep(f))
            .map(|f| Item::Family(f.family.id))
            .collect()
    }

    /// Children of the families served matching `keep`, as items.
    fn children_where(&self, flag: Option<Flag>, keep: impl Fn(&Member) -> bool) -> Vec<Item> {
        self.served(flag)
            .flat_map(|f| {
                f.children.iter().filter(|m| keep(m)).map(|m| Item::Child {
                    family: f.family.id,
                    member: m.id,
                })
            })
            .collect()
    }

    /// Visits of the period with one of `statuses` and `kinds`.
    fn visits_where(&self, statuses: &[VisitStatus], kinds: &[VisitKind]) -> Vec<&'a Visit> {
        self.visits
            .iter()
            .copied()
            .filter(|v| wanted(statuses, &v.status) && wanted(kinds, &v.kind))
            .collect()
    }

    /// The row's unit, value and items.
    fn count(&self, rule: &Rule) -> (Unit, Value, Vec<Item>) {
        let (from, to) = (self.from, self.to);
        let families = |items: Vec<Item>| (Unit::Families, count(&items), items);
        let children = |items: Vec<Item>| (Unit::Children, count(&items), items);
        match rule {
            Rule::FamiliesServed {
                flag,
                support_months,
            } => families(self.families_where(*flag, |f| {
                f.served && in_band(support_months.as_ref(), f.support_months)
            })),
            Rule::FamiliesStarted { flag } => families(self.families_where(*flag, |f| {
                f.spans
                    .iter()
                    .any(|s| s.starts_work() && from <= s.from && s.from <= to)
            })),
            Rule::FamiliesClosed { flag, reasons } => families(self.families_where(*flag, |f| {
                f.spans.iter().any(|s| {
                    s.closes_work()
                        && from <= s.from
                        && s.from <= to
                        && s.closure
                            .as_ref()
                            .is_some_and(|c| wanted(reasons, &reason_code(&c.reason)))
                })
            })),
            Rule::FamiliesMonitored { flag } => families(self.families_where(*flag, |f| {
                timeline::in_status_between(&f.spans, FamilyStatus::Monitoring, from, to)
            })),
            Rule::FamiliesWithChildInFosterCare { flag } => {
                families(self.families_where(*flag, |f| {
                    f.served && f.children.iter().any(|m| in_care_between(m, from, to))
                }))
            }
            Rule::ChildrenInServedFamilies { flag } => {
                children(self.children_where(*flag, |_| true))
            }
            Rule::ChildrenInFosterCare { flag } => {
                children(self.children_where(*flag, |m| in_care_between(m, from, to)))
            }
            Rule::ChildrenReturnedFromFosterCare { flag } => {
                children(self.children_where(*flag, |m| returned_between(m, from, to)))
            }
            Rule::Assistants => {
                let items = self.assistant_items(|_| true);
                (Unit::Assistants, count(&items), items)
            }
            Rule::Caseload { stat } => self.caseload(*stat),
            Rule::Visits { statuses, kinds } => {
                let items = visit_items(&self.visits_where(statuses, kinds));
                (Unit::Visits, count(&items), items)
            }
            Rule::VisitHours { statuses, kinds } => {
                let visits = self.visits_where(statuses, kinds);
                let minutes: u64 = visits.iter().map(|v| u64::from(v.duration_min)).sum();
                // Hundredths of an hour, rounded half up.
                let hundredths = (minutes * 100 * 2 + 60) / 120;
                (
                    Unit::Hours,
                    Value::Hundredths(hundredths),
                    visit_items(&visits),
                )
            }
        }
    }

    /// The assistants who worked in the period and pass `keep`, as items.
    fn assistant_items(&self, keep: impl Fn(&[Id]) -> bool) -> Vec<Item> {
        self.assistants
            .iter()
            .filter(|(_, families)| keep(families))
            .map(|(s, families)| Item::Assistant {
                staff: s.id,
                families: families.clone(),
            })
            .collect()
    }

    /// Families served per assistant: the average over the assistants who worked, or the
    /// most (with the assistants who have that many).
    fn caseload(&self, stat: Stat) -> (Unit, Value, Vec<Item>) {
        let counts: Vec<u64> = self
            .assistants
            .iter()
            .map(|(_, f)| f.len() as u64)
            .collect();
        match stat {
            Stat::Average => {
                let n = counts.len() as u64;
                let sum: u64 = counts.iter().sum();
                // Hundredths, rounded half up; no assistant gives 0.
                let value = (sum * 200 + n).checked_div(2 * n).unwrap_or_default();
                (
                    Unit::FamiliesPerAssistant,
                    Value::Hundredths(value),
                    self.assistant_items(|_| true),
                )
            }
            Stat::Max => {
                let max = counts.iter().copied().max().unwrap_or(0);
                let items = if max == 0 {
                    Vec::new()
                } else {
                    self.assistant_items(|f| f.len() as u64 == max)
                };
                (Unit::FamiliesPerAssistant, Value::Count(max), items)
            }
        }
    }
}

/// True if `months` falls in `band`, or no band is asked for.
fn in_band(band: Option<&Band>, months: Option<u32>) -> bool {
    band.is_none_or(|b| b.contains(months.unwrap_or(0)))
}

/// The number of items as a count.
fn count(items: &[Item]) -> Value {
    Value::Count(items.len() as u64)
}

/// Visits as items.
fn visit_items(visits: &[&Visit]) -> Vec<Item> {
    visits
        .iter()
        .map(|v| Item::Visit {
            family: v.family_id,
            visit: v.id,
            date: v.date,
        })
        .collect()
}

/// Counts every row of `definition` over `data` for the period `from..=to` (both days
/// included). A period whose start is after its end counts nothing.
pub fn compute(
    definition: &ReportDefinition,
    data: &ReportData,
    from: NaiveDate,
    to: NaiveDate,
) -> Report {
    // An empty register counts nothing, with each row's unit kept.
    let nothing = ReportData {
        staff: &[],
        families: &[],
        members: &[],
        visits: &[],
    };
    let context = Context::new(if from > to { &nothing } else { data }, from, to);
    let rows: Vec<ReportRow> = definition
        .rows
        .iter()
        .map(|row| {
            let (unit, value, items) = context.count(&row.rule);
            ReportRow {
                id: row.id.clone(),
                label: row.label.clone(),
                label_en: row.label_en.clone(),
                unit,
                value,
                items,
            }
        })
        .collect();
    let by_id: HashMap<Id, &Family> = data.families.iter().map(|f| (f.id, f)).collect();
    let members: HashMap<Id, &Member> = data.members.iter().map(|m| (m.id, m)).collect();
    let staff: HashMap<Id, &Staff> = data.staff.iter().map(|s| (s.id, s)).collect();
    let mut report = Report {
        from,
        to,
        title: definition.title.clone(),
        title_en: definition.title_en.clone(),
        source: definition.source.clone(),
        rows: Vec::new(),
        families: BTreeMap::new(),
        children: BTreeMap::new(),
        staff: BTreeMap::new(),
        damaged: Vec::new(),
    };
    for item in rows.iter().flat_map(|r| &r.items) {
        for id in item.families() {
            if let Some(f) = by_id.get(&id) {
                report.families.entry(id).or_insert_with(|| FamilyRef {
                    case_number: f.case_number.clone(),
                    name: f.name.clone(),
                });
            }
        }
        match item {
            Item::Child { member, .. } => {
                if let Some(m) = members.get(member) {
                    report
                        .children
                        .entry(*member)
                        .or_insert_with(|| format!("{} {}", m.first_name, m.last_name));
                }
            }
            Item::Assistant { staff: id, .. } => {
                if let Some(s) = staff.get(id) {
                    report.staff.entry(*id).or_insert_with(|| s.name.clone());
                }
            }
            Item::Family(_) | Item::Visit { .. } => {}
        }
    }
    report.rows = rows;
    report
}
