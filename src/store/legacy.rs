//! Released record versions that are no longer current, kept to decode old bytes.
//! Each struct here is frozen exactly as it was released; its `From` conversion is the
//! upgrade to the current struct. Golden fixtures in `tests/fixtures` guard the bytes.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::{
    Closure, Cooperation, Family, FamilyFlags, FamilyStatus, Id, InstitutionKind, Role,
    SocialWorkerRef, Staff, Visit, VisitKind, VisitPlace, VisitRecord, VisitStatus,
};

/// Staff record version 1 (no stand-ins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffV1 {
    /// Record id.
    pub id: Id,
    /// Unix login.
    pub login: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Active or disabled.
    pub active: bool,
}

impl From<StaffV1> for Staff {
    fn from(v1: StaffV1) -> Staff {
        Staff {
            id: v1.id,
            login: v1.login,
            name: v1.name,
            role: v1.role,
            active: v1.active,
            stand_ins: Vec::new(),
        }
    }
}

/// `FamilyStatus` of family record version 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FamilyStatusV1 {
    /// Referred, work not started.
    Referred,
    /// Active.
    Active,
    /// Monitored after closure.
    Monitoring,
    /// Closed.
    Closed,
}

/// Family record version 1 (no status history, four statuses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyV1 {
    /// Record id.
    pub id: Id,
    /// Case number.
    pub case_number: String,
    /// Family name.
    pub name: String,
    /// Home address.
    pub address: String,
    /// Phones.
    pub phones: Vec<String>,
    /// Assigned assistant.
    pub assistant: Option<Id>,
    /// Referring social worker.
    pub social_worker: SocialWorkerRef,
    /// Referral date.
    pub referral_date: NaiveDate,
    /// Consent date.
    pub consent_date: Option<NaiveDate>,
    /// Start of work.
    pub work_started: Option<NaiveDate>,
    /// Status.
    pub status: FamilyStatusV1,
    /// Flags.
    pub flags: FamilyFlags,
    /// Closure.
    pub closure: Option<Closure>,
    /// Notes.
    pub notes: String,
}

impl From<FamilyV1> for Family {
    fn from(v1: FamilyV1) -> Family {
        let status = match v1.status {
            FamilyStatusV1::Referred => FamilyStatus::Referred,
            FamilyStatusV1::Active => FamilyStatus::Active,
            FamilyStatusV1::Monitoring => FamilyStatus::Monitoring,
            FamilyStatusV1::Closed => FamilyStatus::Closed,
        };
        Family {
            id: v1.id,
            case_number: v1.case_number,
            name: v1.name,
            address: v1.address,
            phones: v1.phones,
            assistant: v1.assistant,
            social_worker: v1.social_worker,
            referral_date: v1.referral_date,
            consent_date: v1.consent_date,
            work_started: v1.work_started,
            status,
            flags: v1.flags,
            closure: v1.closure,
            notes: v1.notes,
            // Version 1 kept no history, and none is made up: the history starts with
            // the next change (a version 1 backup restores the same way).
            history: Vec::new(),
        }
    }
}

/// `InstitutionKind` of cooperation record version 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstitutionKindV1 {
    /// School or kindergarten.
    School,
    /// Court.
    Court,
    /// Police.
    Police,
    /// PCPR.
    Pcpr,
    /// Health care.
    HealthCare,
    /// NGO.
    Ngo,
    /// Interdisciplinary team.
    InterdisciplinaryTeam,
    /// Anything else.
    Other,
}

/// Cooperation record version 1 (no person, fewer institution kinds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CooperationV1 {
    /// Record id.
    pub id: Id,
    /// Family.
    pub family_id: Id,
    /// Date.
    pub date: NaiveDate,
    /// Kind of institution.
    pub institution: InstitutionKindV1,
    /// Institution name.
    pub institution_name: String,
    /// Note.
    pub note: String,
}

impl From<CooperationV1> for Cooperation {
    fn from(v1: CooperationV1) -> Cooperation {
        let institution = match v1.institution {
            // Version 1 had one kind for schools and kindergartens.
            InstitutionKindV1::School => InstitutionKind::School,
            InstitutionKindV1::Court => InstitutionKind::Court,
            InstitutionKindV1::Police => InstitutionKind::Police,
            InstitutionKindV1::Pcpr => InstitutionKind::Pcpr,
            InstitutionKindV1::HealthCare => InstitutionKind::HealthCare,
            InstitutionKindV1::Ngo => InstitutionKind::Ngo,
            InstitutionKindV1::InterdisciplinaryTeam => InstitutionKind::InterdisciplinaryTeam,
            InstitutionKindV1::Other => InstitutionKind::Other,
        };
        Cooperation {
            id: v1.id,
            family_id: v1.family_id,
            date: v1.date,
            institution,
            institution_name: v1.institution_name,
            person: String::new(),
            note: v1.note,
        }
    }
}

/// Visit record version 1 (no history of reschedules and cancellations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitV1 {
    /// Record id.
    pub id: Id,
    /// Family.
    pub family_id: Id,
    /// Assistant.
    pub assistant: Id,
    /// Date.
    pub date: NaiveDate,
    /// Time.
    pub time: NaiveTime,
    /// Duration in minutes.
    pub duration_min: u16,
    /// Place.
    pub place: VisitPlace,
    /// Kind.
    pub kind: VisitKind,
    /// Outcome.
    pub status: VisitStatus,
    /// Record.
    pub record: VisitRecord,
}

impl From<VisitV1> for Visit {
    fn from(v1: VisitV1) -> Visit {
        Visit {
            id: v1.id,
            family_id: v1.family_id,
            assistant: v1.assistant,
            date: v1.date,
            time: v1.time,
            duration_min: v1.duration_min,
            place: v1.place,
            kind: v1.kind,
            status: v1.status,
            record: v1.record,
            history: Vec::new(),
        }
    }
}
