//! The records of the family register, named after the glossary in DESIGN.md.
//! These structs are the current version of every stored record: the store serialises
//! them as they are, so a changed field means a new record version with an upgrade
//! function (see `store::codec`; the older structs live in `store::legacy`).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::pesel::Pesel;

/// Identifier of any stored record; unique within its kind.
pub type Id = u64;

/// What a staff account may do in the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Family assistant (asystent rodziny).
    Assistant,
    /// Social worker (pracownik socjalny) who refers families and is consulted on plans.
    SocialWorker,
    /// Supervisor (kierownik) who sees every caseload.
    Supervisor,
    /// Administrator of the installation.
    Admin,
}

/// A member of staff; `login` is the Unix user name that identifies the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Record id.
    pub id: Id,
    /// Unix login used to identify the caller.
    pub login: String,
    /// Full name shown on screens and documents.
    pub name: String,
    /// Role in the centre.
    pub role: Role,
    /// Disabled accounts keep their history but cannot work.
    pub active: bool,
    /// Stand-ins (zastępstwa) this person holds for colleagues (record version 2).
    #[serde(default)]
    pub stand_ins: Vec<StandIn>,
}

/// A stand-in (zastępstwo): a supervisor lets one assistant work with a colleague's
/// families from a date to a date; it ends by itself after the last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandIn {
    /// The absent assistant whose families are covered (staff id).
    pub assistant: Id,
    /// First day of the stand-in.
    pub from: NaiveDate,
    /// Last day of the stand-in.
    pub to: NaiveDate,
    /// Login of the supervisor who granted it.
    pub granted_by: String,
}

impl StandIn {
    /// True on the days from `from` to `to`, both included.
    pub fn covers(&self, today: NaiveDate) -> bool {
        self.from <= today && today <= self.to
    }
}

/// Where a family's case stands (record version 2: `Suspended` and `Archived` added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FamilyStatus {
    /// Referred by the social worker, work not started yet.
    Referred,
    /// The assistant works with the family.
    Active,
    /// Work is paused for a while (e.g. a long hospital stay); it counts in no caseload.
    Suspended,
    /// Work has ended with a closure and no monitoring is planned, or it has not started yet.
    Closed,
    /// Work has ended and the family is monitored (art. 15 ust. 1 pkt 16).
    Monitoring,
    /// The case is finished and kept only as history.
    Archived,
}

impl FamilyStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [FamilyStatus; 6] = [
        FamilyStatus::Referred,
        FamilyStatus::Active,
        FamilyStatus::Suspended,
        FamilyStatus::Closed,
        FamilyStatus::Monitoring,
        FamilyStatus::Archived,
    ];
}

/// One change of a family's status: when, to what, by whom (kept forever).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Date the change takes effect.
    pub date: NaiveDate,
    /// Status before the change; `None` when the family was registered.
    pub from: Option<FamilyStatus>,
    /// Status after the change.
    pub to: FamilyStatus,
    /// Login of the person who made the change.
    pub by: String,
    /// The closure recorded by this change, kept here when the case is later reopened.
    pub closure: Option<Closure>,
}

/// Flags that change how the work is done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyFlags {
    /// A court obliged the family to work with an assistant (work is otherwise voluntary).
    pub court_obliged: bool,
    /// Support under the "Za życiem" act (pregnancy and early childhood).
    pub za_zyciem: bool,
    /// A "Niebieska Karta" domestic-violence procedure is open.
    pub niebieska_karta: bool,
    /// Name of the court supervisor (kurator), if one is appointed.
    pub kurator: Option<String>,
}

/// The social worker (PS) who referred the family and is consulted on the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialWorkerRef {
    /// Name of the social worker.
    pub name: String,
    /// Phone number.
    pub phone: String,
}

/// Why work with the family ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClosureReason {
    /// The goals of the plan were achieved.
    GoalsAchieved,
    /// The family resigned from the support.
    FamilyResigned,
    /// The family did not cooperate.
    NoCooperation,
    /// The family moved out of the area.
    MovedOut,
    /// A child was placed in foster care.
    ChildPlacedInFosterCare,
    /// Another reason, described in text.
    Other(String),
}

/// End of work with a family (zakończenie pracy); it opens the monitoring period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// Date the work ended.
    pub date: NaiveDate,
    /// Reason the work ended.
    pub reason: ClosureReason,
    /// Short summary of the work.
    pub summary: String,
    /// Last day of monitoring after closure, if monitoring was planned.
    pub monitoring_until: Option<NaiveDate>,
}

/// A family: the case the assistant works on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    /// Record id.
    pub id: Id,
    /// Case number such as `AR/2026/014`.
    pub case_number: String,
    /// Family name as shown in lists (usually the surname).
    pub name: String,
    /// Home address.
    pub address: String,
    /// Contact phone numbers.
    pub phones: Vec<String>,
    /// Assigned family assistant (staff id).
    pub assistant: Option<Id>,
    /// Referring social worker.
    pub social_worker: SocialWorkerRef,
    /// Date of the referral.
    pub referral_date: NaiveDate,
    /// Date the family consented to the work (voluntary work).
    pub consent_date: Option<NaiveDate>,
    /// Date the work started; the assessment clock starts here.
    pub work_started: Option<NaiveDate>,
    /// Where the case stands.
    pub status: FamilyStatus,
    /// Flags that change the work.
    pub flags: FamilyFlags,
    /// End of work, once closed.
    pub closure: Option<Closure>,
    /// Free notes.
    pub notes: String,
    /// Every change of status, oldest first (record version 2).
    #[serde(default)]
    pub history: Vec<StatusChange>,
}

/// Role of a person in the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberRole {
    /// Mother.
    Mother,
    /// Father.
    Father,
    /// Legal guardian.
    Guardian,
    /// Child.
    Child,
    /// Another person in the household.
    Other,
}

impl MemberRole {
    /// Every role, in the order forms offer them.
    pub const ALL: [MemberRole; 5] = [
        MemberRole::Mother,
        MemberRole::Father,
        MemberRole::Guardian,
        MemberRole::Child,
        MemberRole::Other,
    ];
}

/// Form of foster care a child is placed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FosterForm {
    /// Foster family (rodzina zastępcza).
    FosterFamily,
    /// Family children's home (rodzinny dom dziecka).
    FamilyChildrensHome,
    /// Institutional care (placówka opiekuńczo-wychowawcza).
    Institution,
}

impl FosterForm {
    /// Every form, in the order forms offer them.
    pub const ALL: [FosterForm; 3] = [
        FosterForm::FosterFamily,
        FosterForm::FamilyChildrensHome,
        FosterForm::Institution,
    ];
}

/// A child placed in foster care (piecza zastępcza).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FosterPlacement {
    /// Placement date.
    pub since: NaiveDate,
    /// Form of care.
    pub form: FosterForm,
    /// Foster-care coordinator's name.
    pub coordinator_name: String,
    /// Foster-care coordinator's phone.
    pub coordinator_phone: String,
    /// Date the child returned home, ending the placement.
    pub returned_home: Option<NaiveDate>,
}

/// A person in the family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Record id.
    pub id: Id,
    /// Family this member belongs to.
    pub family_id: Id,
    /// Role in the family.
    pub role: MemberRole,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birth date, typed or taken from the PESEL.
    pub birth_date: Option<NaiveDate>,
    /// Validated PESEL, if known.
    pub pesel: Option<Pesel>,
    /// Foster placement of a child, current or past.
    pub foster: Option<FosterPlacement>,
    /// Date the person left the household.
    pub left_household: Option<NaiveDate>,
}

impl Member {
    /// True while the member is a child placed in foster care on `today`.
    pub fn in_foster_care(&self, today: NaiveDate) -> bool {
        self.foster
            .as_ref()
            .is_some_and(|f| f.since <= today && f.returned_home.is_none_or(|r| r > today))
    }
}

/// Area of family life a goal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GoalArea {
    /// Upbringing and care.
    Upbringing,
    /// Health.
    Health,
    /// Household budget.
    Budget,
    /// Housekeeping.
    Housekeeping,
    /// Official matters and services.
    OfficialMatters,
    /// Education and work.
    EducationWork,
    /// Social activity.
    SocialActivity,
    /// Psychological support.
    Psychological,
    /// Support of the children.
    ChildSupport,
    /// Safety.
    Safety,
    /// Anything else.
    Other,
}

impl GoalArea {
    /// Every area, in the order forms offer them.
    pub const ALL: [GoalArea; 11] = [
        GoalArea::Upbringing,
        GoalArea::Health,
        GoalArea::Budget,
        GoalArea::Housekeeping,
        GoalArea::OfficialMatters,
        GoalArea::EducationWork,
        GoalArea::SocialActivity,
        GoalArea::Psychological,
        GoalArea::ChildSupport,
        GoalArea::Safety,
        GoalArea::Other,
    ];
}

/// Progress of a plan action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionStatus {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Done on the date.
    Done(NaiveDate),
    /// Not done, with the reason.
    NotDone(String),
}

/// One action under a goal of the work plan (art. 15 ust. 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAction {
    /// What is to be done.
    pub what: String,
    /// Who does it: a member, the assistant, an institution.
    pub who: String,
    /// Deadline.
    pub deadline: Option<NaiveDate>,
    /// Expected effect.
    pub expected_effect: String,
    /// Progress.
    pub status: ActionStatus,
}

/// A goal of the work plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// Area of family life.
    pub area: GoalArea,
    /// The goal in words.
    pub text: String,
    /// Actions leading to it.
    pub actions: Vec<PlanAction>,
}

/// Consultation of the plan with the social worker (art. 15 ust. 1 pkt 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Social worker consulted.
    pub social_worker: String,
    /// Date of the consultation.
    pub date: NaiveDate,
}

/// Coordination with a foster child's help plan (art. 15 ust. 1 pkt 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildPlanLink {
    /// Foster-care coordinator.
    pub coordinator: String,
    /// Date of the coordination.
    pub date: NaiveDate,
}

/// The work plan with the family (plan pracy z rodziną).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPlan {
    /// Record id.
    pub id: Id,
    /// Family the plan belongs to.
    pub family_id: Id,
    /// Version number, 1 for the first plan.
    pub version: u32,
    /// Date drawn up.
    pub drawn_up: NaiveDate,
    /// First day the plan covers.
    pub period_from: NaiveDate,
    /// Last day the plan covers.
    pub period_to: NaiveDate,
    /// Diagnosis: strengths and resources.
    pub strengths: String,
    /// Diagnosis: problems and risks.
    pub problems: String,
    /// Goals with their actions.
    pub goals: Vec<Goal>,
    /// Consultation with the social worker.
    pub consultation: Option<Consultation>,
    /// Coordination with a foster child's help plan.
    pub child_plan_link: Option<ChildPlanLink>,
    /// Date the family signed.
    pub signed_family: Option<NaiveDate>,
    /// Date the assistant signed.
    pub signed_assistant: Option<NaiveDate>,
    /// Date a newer version replaced this one; `None` for the current plan.
    pub superseded: Option<NaiveDate>,
}

/// Where a visit takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitPlace {
    /// The family's home.
    FamilyHome,
    /// The office.
    Office,
    /// Another place, described.
    Other(String),
}

/// Kind of contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitKind {
    /// Visit in the family's home.
    HomeVisit,
    /// Accompanying the family to an office or a doctor.
    Accompaniment,
    /// Phone call.
    PhoneCall,
    /// Crisis intervention.
    Intervention,
    /// Consultation.
    Consultation,
    /// Group class.
    GroupClass,
}

impl VisitKind {
    /// Every kind, in the order forms and documents offer them.
    pub const ALL: [VisitKind; 6] = [
        VisitKind::HomeVisit,
        VisitKind::Accompaniment,
        VisitKind::PhoneCall,
        VisitKind::Intervention,
        VisitKind::Consultation,
        VisitKind::GroupClass,
    ];
}

/// Outcome of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitStatus {
    /// Planned, no outcome yet.
    Planned,
    /// Held.
    Held,
    /// Cancelled.
    Cancelled,
    /// Nobody was at home.
    FamilyAbsent,
}

/// The record of a visit in the three parts used in practice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitRecord {
    /// Who was present.
    pub present: String,
    /// What was done since the last visit.
    pub since_last: String,
    /// What was done now.
    pub done_now: String,
    /// Tasks for the family and the assistant until the next meeting.
    pub tasks: String,
}

/// A planned or held contact with the family; its record is the documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    /// Record id.
    pub id: Id,
    /// Family visited.
    pub family_id: Id,
    /// Assistant who visits (staff id).
    pub assistant: Id,
    /// Date.
    pub date: NaiveDate,
    /// Start time.
    pub time: NaiveTime,
    /// Duration in minutes.
    pub duration_min: u16,
    /// Place.
    pub place: VisitPlace,
    /// Kind of contact.
    pub kind: VisitKind,
    /// Outcome.
    pub status: VisitStatus,
    /// The written record.
    pub record: VisitRecord,
    /// Reschedules and cancellations, oldest first (record version 2).
    #[serde(default)]
    pub history: Vec<VisitChange>,
}

/// A change to a planned visit, kept so the calendar's past stays true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitChange {
    /// Date the change was made.
    pub on: NaiveDate,
    /// Login of the person who made it.
    pub by: String,
    /// What changed.
    pub what: VisitChangeKind,
}

/// What a visit change was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VisitChangeKind {
    /// Moved; the date and time it had before.
    Rescheduled {
        /// Former date.
        from_date: NaiveDate,
        /// Former time.
        from_time: NaiveTime,
    },
    /// Called off before it took place.
    Cancelled,
}

/// Progress on a plan goal at an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalProgress {
    /// Achieved.
    Achieved,
    /// Partly achieved.
    Partly,
    /// Not achieved.
    NotAchieved,
}

/// What the assessment recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recommendation {
    /// Continue the work.
    Continue,
    /// Change the plan.
    ChangePlan,
    /// Close the work.
    Close,
    /// Refer elsewhere.
    ReferElsewhere,
}

/// Periodic assessment of the family's situation (art. 15 ust. 1 pkt 15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Record id.
    pub id: Id,
    /// Family assessed.
    pub family_id: Id,
    /// Date of the assessment; the clock restarts here.
    pub date: NaiveDate,
    /// First day of the period covered.
    pub period_from: NaiveDate,
    /// Last day of the period covered.
    pub period_to: NaiveDate,
    /// Changes in the family.
    pub changes: String,
    /// Progress on each plan goal, by goal text.
    pub goal_progress: Vec<(String, GoalProgress)>,
    /// Child safety and care.
    pub child_safety: String,
    /// Cooperation of the family.
    pub cooperation: String,
    /// Resources and risks.
    pub resources_risks: String,
    /// Recommendation.
    pub recommendation: Recommendation,
    /// Date sent to the head of the centre.
    pub sent_to_head: Option<NaiveDate>,
}

/// A court's request for an opinion about the family (art. 15 ust. 1 pkt 17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtRequest {
    /// Record id.
    pub id: Id,
    /// Family concerned.
    pub family_id: Id,
    /// Court name.
    pub court: String,
    /// Case signature.
    pub signature: String,
    /// Date received.
    pub received: NaiveDate,
    /// Date the opinion is due.
    pub due: NaiveDate,
    /// Date the opinion was delivered.
    pub delivered: Option<NaiveDate>,
}

/// Kind of institution the assistant cooperates with (art. 15 ust. 1 pkt 18–19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InstitutionKind {
    /// School.
    School,
    /// Kindergarten or nursery.
    Kindergarten,
    /// Court.
    Court,
    /// Court supervisor (kurator).
    Kurator,
    /// Police.
    Police,
    /// Powiat family support centre (PCPR).
    Pcpr,
    /// Health care.
    HealthCare,
    /// Psychologist or counselling centre.
    Psychologist,
    /// Non-governmental organisation.
    Ngo,
    /// Interdisciplinary team.
    InterdisciplinaryTeam,
    /// Anything else.
    Other,
}

impl InstitutionKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [InstitutionKind; 11] = [
        InstitutionKind::School,
        InstitutionKind::Kindergarten,
        InstitutionKind::Court,
        InstitutionKind::Kurator,
        InstitutionKind::Police,
        InstitutionKind::Pcpr,
        InstitutionKind::HealthCare,
        InstitutionKind::Psychologist,
        InstitutionKind::Ngo,
        InstitutionKind::InterdisciplinaryTeam,
        InstitutionKind::Other,
    ];
}

/// An entry of the cooperation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cooperation {
    /// Record id.
    pub id: Id,
    /// Family concerned.
    pub family_id: Id,
    /// Date of the contact.
    pub date: NaiveDate,
    /// Kind of institution.
    pub institution: InstitutionKind,
    /// Name of the institution.
    pub institution_name: String,
    /// Person contacted (record version 2).
    #[serde(default)]
    pub person: String,
    /// What was agreed or learnt.
    pub note: String,
}

/// Every record of a register, as plain lists: what the demo generator produces,
/// what a bulk import writes and what a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    /// Staff accounts.
    pub staff: Vec<Staff>,
    /// Families.
    pub families: Vec<Family>,
    /// Family members.
    pub members: Vec<Member>,
    /// Work plans, every version.
    pub plans: Vec<WorkPlan>,
    /// Visits.
    pub visits: Vec<Visit>,
    /// Periodic assessments.
    pub assessments: Vec<Assessment>,
    /// Court requests.
    pub court_requests: Vec<CourtRequest>,
    /// Cooperation log.
    pub cooperation: Vec<Cooperation>,
}
