//! Data entry in the family register: the family, member, status and cooperation
//! forms (all built on [`Form`]), the menus and lists that lead to them, and the
//! confirmations before a deletion.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::form::{Field, Form, Kind, Outcome};
use super::plan::PlanPart;
use super::visits::VisitPart;
use super::{App, Notice};
use crate::config::Language;
use crate::domain::dates::{add_months, format_date, parse_date};
use crate::domain::lifecycle::{self, Transition};
use crate::domain::pesel::Pesel;
use crate::domain::validate::{self, Field as F, Invalid};
use crate::domain::{
    Closure, ClosureReason, Cooperation, Family, FamilyFlags, FamilyStatus, FosterForm,
    FosterPlacement, Id, InstitutionKind, Member, MemberRole, Role, SocialWorkerRef,
};
use crate::i18n::{self, Label, Msg};
use crate::service::CommandError;
use crate::store::StoreError;
use crate::store::drafts::{Draft, DraftField};

/// What a form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Registers a new family.
    NewFamily,
    /// Edits a family at a revision.
    EditFamily {
        /// Family id.
        id: Id,
        /// Revision read.
        rev: u64,
    },
    /// Adds a member to a family.
    NewMember {
        /// Family id.
        family_id: Id,
    },
    /// Edits a member at a revision.
    EditMember {
        /// The member as read.
        member: Box<Member>,
        /// Revision read.
        rev: u64,
    },
    /// Changes a family's status.
    Status {
        /// Family id.
        id: Id,
        /// Revision read.
        rev: u64,
        /// The change.
        transition: Transition,
    },
    /// Adds an entry to a family's cooperation log.
    NewCooperation {
        /// Family id.
        family_id: Id,
    },
    /// Edits a cooperation entry at a revision.
    EditCooperation {
        /// Entry id.
        id: Id,
        /// Family id.
        family_id: Id,
        /// Revision read.
        rev: u64,
    },
    /// Books, records or reschedules a visit.
    Visit(VisitPart),
    /// Records a periodic assessment of a family, or corrects its newest one.
    Assessment {
        /// Family id.
        family_id: Id,
        /// The assessment and its revision, when the newest one is being corrected.
        existing: Option<(Id, u64)>,
    },
    /// Chooses the period of the Reports screen (nothing is saved).
    ReportPeriod,
    /// Writes a court opinion draft of a family (nothing is saved in the register).
    Opinion {
        /// Family id.
        family_id: Id,
    },
    /// Grants a stand-in for an absent assistant (the supervisor, from the caseload view).
    StandIn {
        /// Login of the assistant who is away.
        absent: String,
    },
    /// Registers or updates a court's request for an opinion.
    CourtRequest {
        /// Family id.
        family_id: Id,
        /// The request and its revision, when one is being updated.
        existing: Option<(Id, u64)>,
    },
    /// Edits a part of a family's work plan (or draws up the first plan).
    Plan {
        /// Family id.
        family_id: Id,
        /// Plan id (0 for a first plan).
        plan_id: Id,
        /// Revision read; `None` for a first plan.
        rev: Option<u64>,
        /// The part edited.
        part: PlanPart,
    },
}

impl Purpose {
    /// The stored record this form saves over: its tree, id and the revision read
    /// (None for a form that creates a record).
    fn revision_mut(&mut self) -> Option<(&'static str, Id, &mut u64)> {
        use crate::domain::{Assessment, CourtRequest, Visit, WorkPlan};
        use crate::store::codec::Record;
        match self {
            Purpose::EditFamily { id, rev } | Purpose::Status { id, rev, .. } => {
                Some((Family::TREE, *id, rev))
            }
            Purpose::EditMember { member, rev } => Some((Member::TREE, member.id, rev)),
            Purpose::EditCooperation { id, rev, .. } => Some((Cooperation::TREE, *id, rev)),
            Purpose::Assessment {
                existing: Some((id, rev)),
                ..
            } => Some((Assessment::TREE, *id, rev)),
            Purpose::CourtRequest {
                existing: Some((id, rev)),
                ..
            } => Some((CourtRequest::TREE, *id, rev)),
            Purpose::Visit(VisitPart::Record { visit, rev }) => Some((Visit::TREE, visit.id, rev)),
            Purpose::Visit(VisitPart::Reschedule { id, rev }) => Some((Visit::TREE, *id, rev)),
            Purpose::Plan {
                plan_id,
                rev: Some(rev),
                ..
            } => Some((WorkPlan::TREE, *plan_id, rev)),
            _ => None,
        }
    }

    /// The family whose record the form saves, when the form knows it.
    fn family(&self) -> Option<Id> {
        match self {
            Purpose::EditFamily { id, .. } | Purpose::Status { id, .. } => Some(*id),
            Purpose::NewMember { family_id }
            | Purpose::NewCooperation { family_id }
            | Purpose::EditCooperation { family_id, .. }
            | Purpose::Assessment { family_id, .. }
            | Purpose::CourtRequest { family_id, .. }
            | Purpose::Plan { family_id, .. }
            | Purpose::Opinion { family_id } => Some(*family_id),
            Purpose::EditMember { member, .. } => Some(member.family_id),
            Purpose::Visit(VisitPart::Record { visit, .. }) => Some(visit.family_id),
            Purpose::NewFamily
            | Purpose::Visit(_)
            | Purpose::StandIn { .. }
            | Purpose::ReportPeriod => None,
        }
    }

    /// Names the form for its draft: the same form of the same record gets it back.
    pub fn draft_key(&self) -> String {
        match self {
            Purpose::NewFamily => "family:new".into(),
            Purpose::EditFamily { id, .. } => format!("family:{id}"),
            Purpose::NewMember { family_id } => format!("member:new:{family_id}"),
            Purpose::EditMember { member, .. } => format!("member:{}", member.id),
            Purpose::Status { id, transition, .. } => format!("status:{id}:{transition:?}"),
            Purpose::NewCooperation { family_id } => format!("cooperation:new:{family_id}"),
            Purpose::StandIn { absent } => format!("stand-in:{absent}"),
            Purpose::Opinion { family_id } => format!("opinion:{family_id}"),
            Purpose::ReportPeriod => "report:period".into(),
            Purpose::EditCooperation { id, .. } => format!("cooperation:{id}"),
            Purpose::Assessment {
                family_id,
                existing,
            } => match existing {
                Some((id, _)) => format!("assessment:{id}"),
                None => format!("assessment:new:{family_id}"),
            },
            Purpose::CourtRequest {
                family_id,
                existing,
            } => match existing {
                Some((id, _)) => format!("court:{id}"),
                None => format!("court:new:{family_id}"),
            },
            Purpose::Visit(part) => match part {
                VisitPart::New => "visit:new".into(),
                VisitPart::Record { visit, .. } => format!("visit:{}:record", visit.id),
                VisitPart::Reschedule { id, .. } => format!("visit:{id}:reschedule"),
            },
            Purpose::Plan {
                family_id,
                plan_id,
                part,
                ..
            } => match part {
                PlanPart::NewPlan => format!("plan:new:{family_id}"),
                PlanPart::Header => format!("plan:{plan_id}:header"),
                PlanPart::Diagnosis => format!("plan:{plan_id}:diagnosis"),
                PlanPart::Consultation => format!("plan:{plan_id}:consultation"),
                PlanPart::ChildLink => format!("plan:{plan_id}:child"),
                PlanPart::Goal { index } => format!("plan:{plan_id}:goal:{index:?}"),
                PlanPart::Action { goal, index } => {
                    format!("plan:{plan_id}:action:{goal}:{index:?}")
                }
            },
        }
    }
}

/// A form and what it saves into.
#[derive(Debug, Clone)]
pub struct RecordForm {
    /// The form.
    pub form: Form,
    /// What saving does.
    pub purpose: Purpose,
    /// Staff ids behind the options of the assistant choice (family forms).
    assistant_ids: Vec<Option<Id>>,
    /// Record ids behind the options of a pick field (the visit form's families).
    pub(super) ids: Vec<Id>,
    /// Logins behind the options of a staff choice (the stand-in form).
    pub(super) logins: Vec<String>,
    /// Goal and action index behind each "done" tick of a visit record.
    pub(super) actions: Vec<(usize, usize)>,
    /// The values a warning was shown for; saving them again goes through.
    pub(super) warned: Option<Vec<DraftField>>,
    /// Set when a save found the form's own record changed by someone else: the
    /// revision now stored. The user chooses to reload (Ctrl-R) or keep their text
    /// (Ctrl-K, after which Ctrl-S saves it over the other change).
    pub(super) conflict: Option<u64>,
}

impl RecordForm {
    /// A form without an assistant choice.
    pub(super) fn new(form: Form, purpose: Purpose) -> RecordForm {
        RecordForm {
            form,
            purpose,
            assistant_ids: Vec::new(),
            ids: Vec::new(),
            logins: Vec::new(),
            actions: Vec::new(),
            warned: None,
            conflict: None,
        }
    }
}

/// Something shown over the screen that takes the keys until it closes.
#[derive(Debug, Clone)]
pub enum Popup {
    /// A form.
    Form(Box<RecordForm>),
    /// The status changes allowed for the open family.
    StatusMenu {
        /// The choices.
        options: Vec<Transition>,
        /// The highlighted one.
        selected: usize,
    },
    /// The open family's members, to add, edit or delete.
    Members {
        /// The highlighted member.
        selected: usize,
    },
    /// The open family's cooperation log, to add or edit.
    Cooperation {
        /// The highlighted entry.
        selected: usize,
    },
    /// The calendar's selected day's visits, to book, record, move or cancel.
    DayVisits {
        /// The highlighted visit.
        selected: usize,
    },
    /// A save found the form's own record changed meanwhile: reload it or keep the
    /// typed text. The form stays beneath until answered.
    Conflict {
        /// Who changed the record and when, and the two answers.
        message: String,
    },
    /// A yes/no question before a deletion.
    Confirm {
        /// The question, naming what goes.
        question: String,
        /// What "yes" does.
        then: Deletion,
    },
}

/// A deletion (or another change that cannot be undone) waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    /// The selected goal or action of the current plan.
    PlanItem,
    /// A new version of the plan; the current one becomes history.
    NewPlanVersion,
    /// Calling a planned visit off.
    CancelVisit {
        /// Visit id.
        id: Id,
    },
    /// A family registered by mistake.
    Family {
        /// Family id.
        id: Id,
        /// Revision read.
        rev: u64,
        /// Name, for the message afterwards.
        name: String,
    },
    /// A member added by mistake.
    Member {
        /// The member as read.
        member: Box<Member>,
        /// Revision read.
        rev: u64,
    },
}

/// Why a form was not saved.
#[derive(Debug)]
pub(super) enum SaveError {
    /// The service refused; the message goes on the form.
    Command(CommandError),
    /// The form already shows what is wrong.
    Shown,
}

impl From<CommandError> for SaveError {
    fn from(e: CommandError) -> Self {
        SaveError::Command(e)
    }
}

/// The form field that shows a validated record field.
fn field_id(field: F) -> &'static str {
    match field {
        F::CaseNumber => "case_number",
        F::FamilyName | F::StaffName => "name",
        F::Address => "address",
        F::Phones => "phones",
        F::SocialWorkerName => "sw_name",
        F::SocialWorkerPhone => "sw_phone",
        F::ReferralDate => "referral",
        F::ConsentDate => "consent",
        F::Kurator => "kurator",
        F::Notes => "notes",
        F::FirstName => "first_name",
        F::LastName => "last_name",
        F::BirthDate => "birth",
        F::Pesel => "pesel",
        F::LeftHousehold => "left",
        F::FosterSince => "foster_since",
        F::CoordinatorName => "coordinator",
        F::CoordinatorPhone => "coordinator_phone",
        F::ReturnedHome => "returned",
        F::CooperationDate => "date",
        F::InstitutionName => "institution_name",
        F::Person => "person",
        F::Note => "note",
        F::DrawnUp => "drawn_up",
        F::PeriodFrom => "from",
        F::PeriodTo => "to",
        F::Strengths => "strengths",
        F::Problems => "problems",
        F::GoalText => "text",
        F::ActionWhat => "what",
        F::ActionWho | F::ConsultedWith | F::LinkCoordinator => "who",
        F::ActionEffect => "effect",
        F::DoneOn => "done_on",
        F::NotDoneReason => "why",
        F::ConsultationDate | F::LinkDate => "date",
        F::SignedFamily => "signed_family",
        F::SignedAssistant => "signed_assistant",
        F::VisitFamily => "family",
        F::VisitDate => "date",
        F::VisitTime => "time",
        F::Duration => "duration",
        F::PlaceText => "place_text",
        F::Present => "present",
        F::SinceLast => "since_last",
        F::DoneNow => "done_now",
        F::Tasks => "tasks",
        F::AssessmentDate => "date",
        F::Changes => "changes",
        F::ChildSafety => "child_safety",
        F::CooperationText => "cooperation",
        F::ResourcesRisks => "resources_risks",
        F::SentToHead => "sent_to_head",
        F::Court => "court",
        F::Signature => "signature",
        F::Received => "received",
        F::Due => "due",
        F::Delivered => "delivered",
    }
}

fn labels<T: Label>(lang: Language, all: &[T]) -> Vec<String> {
    all.iter().map(|v| v.label(lang).to_string()).collect()
}

const CLOSURE_REASONS: usize = 6;

fn closure_reason(index: usize, other: String) -> ClosureReason {
    match index {
        0 => ClosureReason::GoalsAchieved,
        1 => ClosureReason::FamilyResigned,
        2 => ClosureReason::NoCooperation,
        3 => ClosureReason::MovedOut,
        4 => ClosureReason::ChildPlacedInFosterCare,
        _ => ClosureReason::Other(other),
    }
}

impl App {
    /// The form, menu or question on top, if any.
    pub fn popup(&self) -> Option<&Popup> {
        self.popups.last()
    }

    /// Hands a key to the popup on top; true if the screen must be redrawn.
    pub(super) fn popup_key(&mut self, key: KeyEvent) -> bool {
        let Some(top) = self.popups.pop() else {
            return false;
        };
        match top {
            Popup::Form(mut rf) => {
                let outcome = rf.form.on_key(key, self.lang, self.today);
                if let Purpose::NewMember { .. } | Purpose::EditMember { .. } = rf.purpose {
                    pesel_fills_birth_date(&mut rf.form, self.lang, self.today);
                }
                match outcome {
                    Outcome::Edited { changed } => {
                        self.popups.push(Popup::Form(rf));
                        return changed;
                    }
                    Outcome::Cancel => self.forget_draft(&rf.purpose),
                    Outcome::Save => {
                        if let Err(rf) = self.save(rf) {
                            // A question the save raised (a changed record) stays on
                            // top of its form.
                            let at = match self.popups.last() {
                                Some(Popup::Conflict { .. }) => self.popups.len() - 1,
                                _ => self.popups.len(),
                            };
                            self.popups.insert(at, Popup::Form(rf));
                        }
                    }
                }
            }
            Popup::StatusMenu { options, selected } => match key.code {
                KeyCode::Esc => {}
                KeyCode::Up | KeyCode::Char('k') => self.popups.push(Popup::StatusMenu {
                    selected: selected.saturating_sub(1),
                    options,
                }),
                KeyCode::Down | KeyCode::Char('j') => self.popups.push(Popup::StatusMenu {
                    selected: (selected + 1).min(options.len().saturating_sub(1)),
                    options,
                }),
                KeyCode::Enter => {
                    if let Some(t) = options.get(selected).copied() {
                        self.open_status_form(t);
                    }
                }
                _ => {
                    self.popups.push(Popup::StatusMenu { options, selected });
                    return false;
                }
            },
            Popup::Members { selected } => self.members_key(key, selected),
            Popup::Cooperation { selected } => self.cooperation_key(key, selected),
            Popup::DayVisits { selected } => self.day_visits_key(key, selected),
            Popup::Conflict { message } => {
                let answer = match key.code {
                    KeyCode::Char('w' | 'W' | 'r' | 'R') => Some(true),
                    KeyCode::Char('z' | 'Z' | 'k' | 'K') => Some(false),
                    KeyCode::Esc => None,
                    _ => {
                        self.popups.push(Popup::Conflict { message });
                        return false;
                    }
                };
                let Some(Popup::Form(mut rf)) = self.popups.pop() else {
                    return true;
                };
                match (answer, rf.conflict) {
                    (Some(true), _) => self.reload_form(rf.purpose),
                    (Some(false), Some(found)) => {
                        if let Some((_, _, rev)) = rf.purpose.revision_mut() {
                            *rev = found;
                        }
                        rf.conflict = None;
                        rf.form.message = Some(Msg::ConflictKept.text(self.lang).into());
                        self.popups.push(Popup::Form(rf));
                    }
                    // Esc: back to the form as it was, the message on it.
                    _ => self.popups.push(Popup::Form(rf)),
                }
            }
            Popup::Confirm { question, then } => match key.code {
                KeyCode::Char('t' | 'T' | 'y' | 'Y') => self.delete(then),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {}
                _ => {
                    self.popups.push(Popup::Confirm { question, then });
                    return false;
                }
            },
        }
        true
    }

    fn members_key(&mut self, key: KeyEvent, selected: usize) {
        let members = self
            .family_detail
            .as_ref()
            .map(|d| d.members.clone())
            .unwrap_or_default();
        let keep = |app: &mut App, selected| app.popups.push(Popup::Members { selected });
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Up | KeyCode::Char('k') => keep(self, selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => {
                keep(self, (selected + 1).min(members.len().saturating_sub(1)))
            }
            KeyCode::Char('n') => {
                keep(self, selected);
                self.open_member_form(None);
            }
            KeyCode::Char('e') | KeyCode::Enter => {
                keep(self, selected);
                if let Some(m) = members.get(selected) {
                    self.open_member_form(Some(m.clone()));
                }
            }
            KeyCode::Char('d') => {
                keep(self, selected);
                let rev = members.get(selected).and_then(|m| {
                    self.family_detail
                        .as_ref()?
                        .revs
                        .members
                        .get(&m.id)
                        .copied()
                });
                if let (Some(m), Some(rev)) = (members.get(selected), rev) {
                    self.popups.push(Popup::Confirm {
                        question: i18n::confirm_delete_member(
                            self.lang,
                            &format!("{} {}", m.first_name, m.last_name),
                        ),
                        then: Deletion::Member {
                            member: Box::new(m.clone()),
                            rev,
                        },
                    });
                }
            }
            _ => keep(self, selected),
        }
    }

    fn cooperation_key(&mut self, key: KeyEvent, selected: usize) {
        let len = self
            .family_detail
            .as_ref()
            .map_or(0, |d| d.cooperation.len());
        let keep = |app: &mut App, selected| app.popups.push(Popup::Cooperation { selected });
        match key.code {
            KeyCode::Esc => {}
            KeyCode::Up | KeyCode::Char('k') => keep(self, selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => {
                keep(self, (selected + 1).min(len.saturating_sub(1)))
            }
            KeyCode::Char('n') => {
                keep(self, selected);
                self.open_cooperation_form(None);
            }
            KeyCode::Char('e') | KeyCode::Enter => {
                keep(self, selected);
                if selected < len {
                    self.open_cooperation_form(Some(selected));
                }
            }
            _ => keep(self, selected),
        }
    }

    /// Makes sure the selected family's details are loaded; false if there is none.
    pub(super) fn ensure_detail(&mut self) -> bool {
        if self.family_detail.is_some() {
            return true;
        }
        match self.selected_family() {
            Some(id) => {
                self.detail_scroll = 0;
                self.family_detail = self.load_detail(id);
                self.family_detail.is_some()
            }
            None => false,
        }
    }

    /// Opens the form for a new family.
    pub fn new_family(&mut self) {
        let case_number = match self.backend.suggest_case_number(self.today) {
            Ok(c) => c,
            Err(e) => return self.notice_error(&e),
        };
        let blank = Family {
            case_number,
            assistant: self
                .caller
                .account
                .as_ref()
                .filter(|s| s.role == Role::Assistant)
                .map(|s| s.id),
            ..blank_family(self.today)
        };
        let title = Msg::NewFamily.text(self.lang).to_string();
        self.open_family_form(&blank, title, Purpose::NewFamily);
    }

    /// Opens the form to edit the selected (or open) family.
    pub fn edit_family(&mut self) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else {
            return;
        };
        let family = d.family.clone();
        let purpose = Purpose::EditFamily {
            id: family.id,
            rev: d.family_rev,
        };
        let title = format!("{} {}", Msg::EditFamily.text(self.lang), family.case_number);
        self.open_family_form(&family, title, purpose);
    }

    fn open_family_form(&mut self, f: &Family, title: String, purpose: Purpose) {
        let lang = self.lang;
        let mut assistant_ids: Vec<Option<Id>> = Vec::new();
        if self.caller.is_scoped() {
            assistant_ids.push(self.caller.account.as_ref().map(|s| s.id));
        } else {
            assistant_ids.push(None);
            let mut staff: Vec<_> = self
                .snapshot
                .staff
                .values()
                .filter(|s| s.role == Role::Assistant && (s.active || f.assistant == Some(s.id)))
                .collect();
            // A whole country's thousands of assistants: each name is ranked once.
            staff.sort_by_cached_key(|s| crate::domain::text::polish_key(&s.name));
            assistant_ids.extend(staff.iter().map(|s| Some(s.id)));
        }
        let options = assistant_ids
            .iter()
            .map(|id| match id.and_then(|id| self.snapshot.staff.get(&id)) {
                Some(s) => s.name.clone(),
                None => Msg::NoAssistant.text(lang).to_string(),
            })
            .collect();
        let selected = assistant_ids
            .iter()
            .position(|id| *id == f.assistant)
            .unwrap_or(0);
        let fields = vec![
            Field::line(
                "case_number",
                Msg::ColCase,
                validate::CASE_NUMBER_MAX,
                true,
                &f.case_number,
            ),
            Field::line("name", Msg::FamilyName, validate::NAME_MAX, true, &f.name),
            Field::line(
                "address",
                Msg::Address,
                validate::ADDRESS_MAX,
                false,
                &f.address,
            ),
            Field::line(
                "phones",
                Msg::PhonesHint,
                validate::PHONES_MAX,
                false,
                &f.phones.join(", "),
            ),
            Field::choice("assistant", Msg::ColAssistant, options, selected),
            Field::line(
                "sw_name",
                Msg::SocialWorkerName,
                validate::NAME_MAX,
                false,
                &f.social_worker.name,
            ),
            Field::line(
                "sw_phone",
                Msg::SocialWorkerPhone,
                validate::PHONE_MAX,
                false,
                &f.social_worker.phone,
            ),
            Field::date("referral", Msg::ReferralDate, true, Some(f.referral_date)),
            Field::date("consent", Msg::ConsentDate, false, f.consent_date),
            Field::flag("court", Msg::CourtObligedField, f.flags.court_obliged),
            Field::flag("za_zyciem", Msg::ZaZyciem, f.flags.za_zyciem),
            Field::flag("nk", Msg::NiebieskaKarta, f.flags.niebieska_karta),
            Field::line(
                "kurator",
                Msg::KuratorName,
                validate::NAME_MAX,
                false,
                f.flags.kurator.as_deref().unwrap_or(""),
            ),
            Field::multiline("notes", Msg::Notes, validate::TEXT_MAX, false, &f.notes),
        ];
        self.push_form(RecordForm {
            assistant_ids,
            ..RecordForm::new(Form::new(title, fields), purpose)
        });
    }

    /// Opens the member list of the selected (or open) family.
    pub fn open_members(&mut self) {
        if self.ensure_detail() {
            self.popups.push(Popup::Members { selected: 0 });
        }
    }

    /// Opens the cooperation log of the selected (or open) family.
    pub fn open_cooperation(&mut self) {
        if self.ensure_detail() {
            self.popups.push(Popup::Cooperation { selected: 0 });
        }
    }

    /// Opens the menu of status changes allowed for the selected (or open) family.
    pub fn open_status_menu(&mut self) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else {
            return;
        };
        let options = lifecycle::allowed(d.family.status);
        if options.is_empty() {
            self.notice = Some(Notice::Info(Msg::NoTransition.text(self.lang).to_string()));
            return;
        }
        self.popups.push(Popup::StatusMenu {
            options,
            selected: 0,
        });
    }

    /// Asks before deleting the selected family (refused later unless it has no documentation).
    pub fn ask_delete_family(&mut self) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else {
            return;
        };
        self.popups.push(Popup::Confirm {
            question: i18n::confirm_delete_family(self.lang, &d.family.name, &d.family.case_number),
            then: Deletion::Family {
                id: d.family.id,
                rev: d.family_rev,
                name: d.family.name.clone(),
            },
        });
    }

    fn open_member_form(&mut self, member: Option<Member>) {
        let Some(d) = &self.family_detail else {
            return;
        };
        let lang = self.lang;
        let (m, purpose, title) = match member {
            Some(m) => {
                let rev = d.revs.members.get(&m.id).copied().unwrap_or(0);
                let title = format!(
                    "{}: {} {}",
                    Msg::EditMember.text(lang),
                    m.first_name,
                    m.last_name
                );
                (
                    m.clone(),
                    Purpose::EditMember {
                        member: Box::new(m),
                        rev,
                    },
                    title,
                )
            }
            None => (
                Member {
                    id: 0,
                    family_id: d.family.id,
                    role: MemberRole::Child,
                    first_name: String::new(),
                    last_name: d.family.name.clone(),
                    birth_date: None,
                    pesel: None,
                    foster: None,
                    left_household: None,
                },
                Purpose::NewMember {
                    family_id: d.family.id,
                },
                format!("{} — {}", Msg::NewMember.text(lang), d.family.name),
            ),
        };
        let role = MemberRole::ALL
            .iter()
            .position(|r| *r == m.role)
            .unwrap_or(0);
        let foster = m.foster.as_ref();
        let form_index = foster
            .and_then(|p| FosterForm::ALL.iter().position(|f| *f == p.form))
            .unwrap_or(0);
        let fields = vec![
            Field::choice("role", Msg::RoleField, labels(lang, &MemberRole::ALL), role),
            Field::line(
                "first_name",
                Msg::FirstName,
                validate::NAME_MAX,
                true,
                &m.first_name,
            ),
            Field::line(
                "last_name",
                Msg::LastName,
                validate::NAME_MAX,
                true,
                &m.last_name,
            ),
            Field::date("birth", Msg::BirthDate, false, m.birth_date),
            Field::new(
                "pesel",
                Msg::Pesel,
                Kind::Pesel,
                m.pesel.as_ref().map(|p| p.as_str()).unwrap_or(""),
            ),
            Field::date("left", Msg::LeftHouseholdOn, false, m.left_household),
            Field::date(
                "foster_since",
                Msg::FosterSince,
                false,
                foster.map(|p| p.since),
            ),
            Field::choice(
                "foster_form",
                Msg::FosterFormField,
                labels(lang, &FosterForm::ALL),
                form_index,
            ),
            Field::line(
                "coordinator",
                Msg::CoordinatorName,
                validate::NAME_MAX,
                false,
                foster.map(|p| p.coordinator_name.as_str()).unwrap_or(""),
            ),
            Field::line(
                "coordinator_phone",
                Msg::CoordinatorPhone,
                validate::PHONE_MAX,
                false,
                foster.map(|p| p.coordinator_phone.as_str()).unwrap_or(""),
            ),
            Field::date(
                "returned",
                Msg::ReturnedHomeOn,
                false,
                foster.and_then(|p| p.returned_home),
            ),
        ];
        let mut form = Form::new(title, fields);
        // A new member starts at the first name: the role is a child more often than not.
        form.focus = usize::from(matches!(purpose, Purpose::NewMember { .. }));
        self.push_form(RecordForm::new(form, purpose));
    }

    fn open_status_form(&mut self, transition: Transition) {
        let Some(d) = &self.family_detail else {
            return;
        };
        let lang = self.lang;
        let mut fields = vec![Field::date("date", Msg::ChangeDate, true, Some(self.today))];
        if transition == Transition::Close {
            let reasons = (0..CLOSURE_REASONS)
                .map(|i| closure_reason(i, String::new()).label(lang).to_string())
                .collect();
            let months = self.backend.rules().monitoring_months;
            fields.extend([
                Field::choice("reason", Msg::ReasonField, reasons, 0),
                Field::line("other", Msg::OtherReason, validate::NAME_MAX, false, ""),
                Field::multiline("summary", Msg::Summary, validate::TEXT_MAX, true, ""),
                Field::date(
                    "monitoring",
                    Msg::MonitoringUntilField,
                    false,
                    Some(add_months(self.today, months)),
                ),
            ]);
        }
        let title = format!(
            "{} — {} {}",
            i18n::transition(lang, transition),
            d.family.case_number,
            d.family.name
        );
        let purpose = Purpose::Status {
            id: d.family.id,
            rev: d.family_rev,
            transition,
        };
        self.push_form(RecordForm::new(Form::new(title, fields), purpose));
    }

    fn open_cooperation_form(&mut self, index: Option<usize>) {
        let Some(d) = &self.family_detail else {
            return;
        };
        let lang = self.lang;
        let entry = index.and_then(|i| d.cooperation.get(i)).cloned();
        let (c, purpose, title) = match entry {
            Some(c) => {
                let purpose = Purpose::EditCooperation {
                    id: c.id,
                    family_id: c.family_id,
                    rev: d.revs.cooperation.get(&c.id).copied().unwrap_or(0),
                };
                (c, purpose, Msg::EditCooperation.text(lang).to_string())
            }
            None => (
                Cooperation {
                    id: 0,
                    family_id: d.family.id,
                    date: self.today,
                    institution: InstitutionKind::School,
                    institution_name: String::new(),
                    person: String::new(),
                    note: String::new(),
                },
                Purpose::NewCooperation {
                    family_id: d.family.id,
                },
                Msg::NewCooperation.text(lang).to_string(),
            ),
        };
        let kind = InstitutionKind::ALL
            .iter()
            .position(|k| *k == c.institution)
            .unwrap_or(0);
        let fields = vec![
            Field::date("date", Msg::DateField, true, Some(c.date)),
            Field::choice(
                "institution",
                Msg::InstitutionKindField,
                labels(lang, &InstitutionKind::ALL),
                kind,
            ),
            Field::line(
                "institution_name",
                Msg::InstitutionName,
                validate::NAME_MAX,
                true,
                &c.institution_name,
            ),
            Field::line("person", Msg::Person, validate::NAME_MAX, false, &c.person),
            Field::multiline("note", Msg::Note, validate::TEXT_MAX, false, &c.note),
        ];
        let form = Form::new(format!("{title} — {}", d.family.name), fields);
        self.push_form(RecordForm::new(form, purpose));
    }

    /// Saves a form; gives it back with its errors shown if anything is refused.
    fn save(&mut self, mut rf: Box<RecordForm>) -> Result<(), Box<RecordForm>> {
        let (lang, today) = (self.lang, self.today);
        if !rf.form.check_all(lang, today) {
            return Err(rf);
        }
        // Forms that do not save a record of the register.
        match rf.purpose.clone() {
            Purpose::StandIn { absent } => return self.save_stand_in(rf, &absent),
            Purpose::Opinion { .. } => return self.write_opinion_form(rf),
            Purpose::ReportPeriod => return self.save_report_period(rf),
            _ => {}
        }
        let saved: Result<Id, SaveError> = match rf.purpose.clone() {
            Purpose::NewFamily | Purpose::EditFamily { .. } => self.save_family(&mut rf),
            Purpose::NewMember { family_id } => self.save_member(&mut rf, family_id, None),
            Purpose::EditMember { member, rev } => {
                self.save_member(&mut rf, member.family_id, Some((*member, rev)))
            }
            Purpose::Status {
                id,
                rev,
                transition,
            } => self.save_status(&mut rf, id, rev, transition),
            Purpose::NewCooperation { family_id } => {
                self.save_cooperation(&mut rf, family_id, None)
            }
            Purpose::EditCooperation { id, family_id, rev } => {
                self.save_cooperation(&mut rf, family_id, Some((id, rev)))
            }
            Purpose::Plan {
                plan_id, rev, part, ..
            } => self.save_plan_form(&mut rf, plan_id, rev, &part),
            Purpose::Visit(part) => self.save_visit_form(&mut rf, &part),
            Purpose::Assessment {
                family_id,
                existing,
            } => self.save_assessment_form(&mut rf, family_id, existing),
            Purpose::CourtRequest {
                family_id,
                existing,
            } => self.save_court_request_form(&mut rf, family_id, existing),
            // Done above, before this match.
            Purpose::StandIn { .. } | Purpose::Opinion { .. } | Purpose::ReportPeriod => {
                Err(SaveError::Shown)
            }
        };
        match saved {
            Ok(family_id) => {
                self.forget_draft(&rf.purpose);
                self.after_change(Some(family_id));
                if let Some(item) = self.plan_view.pending.take() {
                    self.select_plan_item(item);
                }
                self.notice = Some(Notice::Info(Msg::Saved.text(lang).to_string()));
                Ok(())
            }
            Err(SaveError::Shown) => Err(rf),
            Err(SaveError::Command(CommandError::Invalid(invalid))) => {
                // A field of this form gets the reason under it; a problem elsewhere in
                // the record (another goal of the plan) is named in the message.
                let id = field_id(invalid.field);
                if rf.form.field(id).is_some() {
                    rf.form.fail(id, i18n::problem(lang, &invalid.problem));
                } else {
                    let e = CommandError::Invalid(invalid);
                    rf.form.message = Some(i18n::command_error(lang, &e));
                }
                Err(rf)
            }
            Err(SaveError::Command(e @ CommandError::DuplicateCaseNumber { .. })) => {
                rf.form.fail("case_number", i18n::command_error(lang, &e));
                Err(rf)
            }
            Err(SaveError::Command(CommandError::Store(StoreError::Conflict {
                tree,
                id,
                found,
                ..
            }))) => {
                // Nothing was overwritten; the text stays in the form, and the message
                // says who changed the record and when, if the audit log knows. When
                // the record is the form's own, the user may reload it or keep their
                // text (a conflict elsewhere, such as a plan ticked by a visit record,
                // is only reported).
                let by = self.backend.last_change(&tree, id).ok().flatten();
                let own = rf
                    .purpose
                    .revision_mut()
                    .is_some_and(|(t, i, _)| t == tree && i == id);
                rf.conflict = own.then_some(found);
                let message = i18n::changed_meanwhile(lang, by.as_ref());
                rf.form.message = Some(message.clone());
                if own {
                    // Asked over the form, which `save`'s caller puts back beneath it.
                    self.popups.push(Popup::Conflict {
                        message: format!("{message} {}", Msg::ConflictChoice.text(lang)),
                    });
                }
                Err(rf)
            }
            Err(SaveError::Command(e)) => {
                rf.form.message = Some(i18n::command_error(lang, &e));
                Err(rf)
            }
        }
    }

    fn save_family(&mut self, rf: &mut RecordForm) -> Result<Id, SaveError> {
        let form = &rf.form;
        let mut family = match &self.family_detail {
            Some(d) if matches!(rf.purpose, Purpose::EditFamily { id, .. } if id == d.family.id) => {
                d.family.clone()
            }
            _ => blank_family(self.today),
        };
        family.case_number = form.text("case_number");
        family.name = form.text("name");
        family.address = form.text("address");
        family.phones = form
            .text("phones")
            .split([',', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        family.assistant = rf
            .assistant_ids
            .get(form.choice("assistant"))
            .copied()
            .flatten();
        family.social_worker = SocialWorkerRef {
            name: form.text("sw_name"),
            phone: form.text("sw_phone"),
        };
        family.referral_date = form.date("referral", self.today).unwrap_or(self.today);
        family.consent_date = form.date("consent", self.today);
        let kurator = form.text("kurator");
        family.flags = FamilyFlags {
            court_obliged: form.flag("court"),
            za_zyciem: form.flag("za_zyciem"),
            niebieska_karta: form.flag("nk"),
            kurator: (!kurator.is_empty()).then_some(kurator),
        };
        // Notes keep their inner line breaks; only the ends are trimmed.
        family.notes = form
            .field("notes")
            .map(|f| f.text().trim().to_string())
            .unwrap_or_default();
        let rev = match rf.purpose {
            Purpose::EditFamily { rev, .. } => Some(rev),
            _ => None,
        };
        let saved = self
            .backend
            .save_family(&self.caller, family, rev, self.today)?;
        Ok(saved.value.id)
    }

    fn save_member(
        &mut self,
        rf: &mut RecordForm,
        family_id: Id,
        old: Option<(Member, u64)>,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let pesel = match form.text("pesel").as_str() {
            "" => None,
            p => Pesel::parse(p).ok(),
        };
        let since = form.date("foster_since", self.today);
        let coordinator = form.text("coordinator");
        let coordinator_phone = form.text("coordinator_phone");
        let returned = form.date("returned", self.today);
        // Nothing typed is dropped: placement details need the date it began.
        if since.is_none()
            && (!coordinator.is_empty() || !coordinator_phone.is_empty() || returned.is_some())
        {
            return Err(SaveError::Command(CommandError::Invalid(Invalid {
                field: F::FosterSince,
                problem: validate::Problem::Required,
            })));
        }
        let member = Member {
            id: old.as_ref().map_or(0, |(m, _)| m.id),
            family_id,
            role: MemberRole::ALL
                .get(form.choice("role"))
                .copied()
                .unwrap_or(MemberRole::Other),
            first_name: form.text("first_name"),
            last_name: form.text("last_name"),
            birth_date: form.date("birth", self.today),
            pesel,
            foster: since.map(|since| FosterPlacement {
                since,
                form: FosterForm::ALL
                    .get(form.choice("foster_form"))
                    .copied()
                    .unwrap_or(FosterForm::FosterFamily),
                coordinator_name: coordinator,
                coordinator_phone,
                returned_home: returned,
            }),
            left_household: form.date("left", self.today),
        };
        let saved =
            self.backend
                .save_member(&self.caller, member, old.map(|(_, rev)| rev), self.today)?;
        Ok(saved.value.family_id)
    }

    fn save_status(
        &mut self,
        rf: &mut RecordForm,
        id: Id,
        rev: u64,
        transition: Transition,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let date = form.date("date", self.today).unwrap_or(self.today);
        let closure = if transition == Transition::Close {
            let reason_index = form.choice("reason");
            let other = form.text("other");
            let is_other = reason_index + 1 == CLOSURE_REASONS;
            if is_other && other.is_empty() {
                rf.form.fail(
                    "other",
                    i18n::problem(self.lang, &validate::Problem::Required),
                );
                return Err(SaveError::Shown);
            }
            if !is_other && !other.is_empty() {
                // The text would be lost with any reason but "other": say so.
                rf.form.fail("other", i18n::other_reason_only(self.lang));
                return Err(SaveError::Shown);
            }
            Some(Closure {
                date,
                reason: closure_reason(reason_index, other),
                summary: form
                    .field("summary")
                    .map(|f| f.text().trim().to_string())
                    .unwrap_or_default(),
                monitoring_until: form.date("monitoring", self.today),
            })
        } else {
            None
        };
        if let Some(until) = closure.as_ref().and_then(|c| c.monitoring_until)
            && until < date
        {
            rf.form
                .fail("monitoring", i18n::monitoring_before_closure(self.lang));
            return Err(SaveError::Shown);
        }
        let saved = self.backend.change_status(
            &self.caller,
            id,
            rev,
            transition,
            date,
            closure,
            self.today,
        )?;
        Ok(saved.value.id)
    }

    fn save_cooperation(
        &mut self,
        rf: &mut RecordForm,
        family_id: Id,
        old: Option<(Id, u64)>,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let entry = Cooperation {
            id: old.map_or(0, |(id, _)| id),
            family_id,
            date: form.date("date", self.today).unwrap_or(self.today),
            institution: InstitutionKind::ALL
                .get(form.choice("institution"))
                .copied()
                .unwrap_or(InstitutionKind::Other),
            institution_name: form.text("institution_name"),
            person: form.text("person"),
            note: form
                .field("note")
                .map(|f| f.text().trim().to_string())
                .unwrap_or_default(),
        };
        let saved = self.backend.save_cooperation(
            &self.caller,
            entry,
            old.map(|(_, rev)| rev),
            self.today,
        )?;
        Ok(saved.value.family_id)
    }

    fn delete(&mut self, what: Deletion) {
        let lang = self.lang;
        match what {
            Deletion::PlanItem => self.delete_plan_item(),
            Deletion::NewPlanVersion => self.start_new_version(),
            Deletion::CancelVisit { id } => self.cancel_visit(id),
            Deletion::Family { id, rev, name } => {
                match self.backend.delete_family(&self.caller, id, rev) {
                    Ok(()) => {
                        self.family_detail = None;
                        self.after_change(Some(id));
                        self.notice = Some(Notice::Info(i18n::deleted(lang, &name)));
                    }
                    Err(e) => self.notice_error(&e),
                }
            }
            Deletion::Member { member, rev } => {
                match self.backend.remove_member(&self.caller, &member, rev) {
                    Ok(()) => {
                        self.after_change(Some(member.family_id));
                        self.notice = Some(Notice::Info(i18n::deleted(
                            lang,
                            &format!("{} {}", member.first_name, member.last_name),
                        )));
                    }
                    Err(e @ CommandError::MemberDocumented { .. }) => {
                        // Offer what is allowed instead: the date they left the household.
                        self.open_member_form(Some(*member));
                        if let Some(Popup::Form(rf)) = self.popups.last_mut() {
                            rf.form
                                .fail("left", i18n::problem(lang, &validate::Problem::Required));
                            rf.form.message = Some(i18n::command_error(lang, &e));
                        }
                    }
                    Err(e) => self.notice_error(&e),
                }
            }
        }
    }

    /// Opens a form, with the values of its draft if one was kept (a dropped connection).
    pub(super) fn push_form(&mut self, mut rf: RecordForm) {
        let key = rf.purpose.draft_key();
        if let Ok(Some(draft)) = self.backend.draft(&self.caller, &key) {
            rf.form.apply_draft(&draft, self.lang, self.today);
            rf.form.message = Some(i18n::draft_restored(self.lang, &draft.saved_at));
        }
        self.popups.push(Popup::Form(Box::new(rf)));
    }

    /// Drops the form's text (and its draft) and opens the same form again on the
    /// record as it is stored now: the "reload" answer to a changed record.
    fn reload_form(&mut self, purpose: Purpose) {
        self.forget_draft(&purpose);
        self.after_change(purpose.family());
        let detail = |app: &mut App| {
            app.ensure_detail()
                .then_some(())
                .and(app.family_detail.clone())
        };
        match purpose {
            Purpose::EditFamily { .. } => self.edit_family(),
            Purpose::Status { transition, .. } => {
                if self.ensure_detail() {
                    self.open_status_form(transition);
                }
            }
            Purpose::EditMember { member, .. } => {
                let fresh =
                    detail(self).and_then(|d| d.members.into_iter().find(|m| m.id == member.id));
                if fresh.is_some() {
                    self.open_member_form(fresh);
                }
            }
            Purpose::EditCooperation { id, .. } => {
                let index =
                    detail(self).and_then(|d| d.cooperation.iter().position(|c| c.id == id));
                if index.is_some() {
                    self.open_cooperation_form(index);
                }
            }
            Purpose::Assessment {
                existing: Some(_), ..
            } => self.correct_assessment(),
            Purpose::CourtRequest {
                existing: Some((id, _)),
                ..
            } => self.open_court_request(Some(id)),
            Purpose::Visit(VisitPart::Record { visit, .. }) => self.open_visit_form(visit.id, true),
            Purpose::Visit(VisitPart::Reschedule { id, .. }) => self.open_visit_form(id, false),
            Purpose::Plan { part, .. } => self.open_plan_form(part),
            // Forms that create a record never meet a changed one.
            Purpose::NewFamily
            | Purpose::NewMember { .. }
            | Purpose::NewCooperation { .. }
            | Purpose::Assessment { existing: None, .. }
            | Purpose::CourtRequest { existing: None, .. }
            | Purpose::StandIn { .. }
            | Purpose::Opinion { .. }
            | Purpose::ReportPeriod
            | Purpose::Visit(VisitPart::New) => {}
        }
    }

    /// Forgets the draft of a form that was saved or discarded.
    pub(super) fn forget_draft(&mut self, purpose: &Purpose) {
        if let Err(e) = self
            .backend
            .discard_draft(&self.caller, &purpose.draft_key())
        {
            self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e)));
        }
    }

    /// The open form's unsaved state, to keep as a draft: (form key, draft).
    pub fn pending_draft(&self, saved_at: &str) -> Option<(String, Draft)> {
        self.popups.iter().rev().find_map(|p| match p {
            Popup::Form(rf) if rf.form.is_dirty() => Some((
                rf.purpose.draft_key(),
                rf.form.to_draft(saved_at.to_string()),
            )),
            _ => None,
        })
    }

    fn notice_error(&mut self, e: &CommandError) {
        self.notice = Some(Notice::Error(i18n::command_error(self.lang, e)));
    }
}

/// A family not yet registered, referred `today`.
fn blank_family(today: NaiveDate) -> Family {
    Family {
        id: 0,
        case_number: String::new(),
        name: String::new(),
        address: String::new(),
        phones: Vec::new(),
        assistant: None,
        social_worker: SocialWorkerRef::default(),
        referral_date: today,
        consent_date: None,
        work_started: None,
        status: FamilyStatus::Referred,
        flags: FamilyFlags::default(),
        closure: None,
        notes: String::new(),
        history: Vec::new(),
    }
}

/// Fills an empty birth date from a valid PESEL, and marks a PESEL that contradicts
/// the typed birth date, while the member form is being typed.
fn pesel_fills_birth_date(form: &mut Form, lang: Language, today: NaiveDate) {
    let Ok(pesel) = Pesel::parse(&form.text("pesel")) else {
        return;
    };
    let from_pesel = pesel.birth_date();
    let typed = form.text("birth");
    if typed.is_empty() {
        form.set_text("birth", &format_date(from_pesel));
        return;
    }
    let conflict = parse_date(&typed, today).is_ok_and(|birth| birth != from_pesel);
    if let Some(f) = form.field_mut("pesel") {
        f.error =
            conflict.then(|| i18n::problem(lang, &validate::Problem::PeselBirthDate(from_pesel)));
    }
}
