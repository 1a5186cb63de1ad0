//! Field rules shared by the forms (inline errors) and the service (which trusts no
//! client): text limits, forbidden characters, and the date and PESEL rules of records.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::model::{
    ActionStatus, Assessment, Cooperation, CourtRequest, Family, Member, Visit, VisitPlace,
    WorkPlan,
};

/// Longest case number.
pub const CASE_NUMBER_MAX: usize = 30;
/// Longest name (family name, first or last name, person, institution).
pub const NAME_MAX: usize = 100;
/// Longest address.
pub const ADDRESS_MAX: usize = 200;
/// Longest list of phone numbers, as typed.
pub const PHONES_MAX: usize = 100;
/// Longest single phone number.
pub const PHONE_MAX: usize = 40;
/// Longest free text (notes, summaries).
pub const TEXT_MAX: usize = 4000;

/// What is wrong with a value.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum Problem {
    /// A required value is empty or only spaces.
    #[error("required")]
    Required,
    /// Longer than the field takes.
    #[error("{len} characters, at most {max}")]
    TooLong {
        /// Characters given.
        len: usize,
        /// Characters allowed.
        max: usize,
    },
    /// Control characters or invisible direction overrides.
    #[error("control characters")]
    ControlChars,
    /// A date after today where only past dates make sense.
    #[error("date in the future")]
    InFuture,
    /// A date before another one it must follow (the other field is named).
    #[error("before {0:?}")]
    Before(Field),
    /// A number outside its range.
    #[error("between {min} and {max}")]
    OutOfRange {
        /// Smallest accepted.
        min: u32,
        /// Largest accepted.
        max: u32,
    },
    /// Not a time of day (HH:MM).
    #[error("not a time of day")]
    NotATime,
    /// The PESEL's birth date differs from the typed one.
    #[error("PESEL gives birth date {0}")]
    PeselBirthDate(NaiveDate),
}

/// Every validated field of the register's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    /// Family: case number.
    CaseNumber,
    /// Family: name.
    FamilyName,
    /// Family: address.
    Address,
    /// Family: phones.
    Phones,
    /// Family: social worker's name.
    SocialWorkerName,
    /// Family: social worker's phone.
    SocialWorkerPhone,
    /// Family: referral date.
    ReferralDate,
    /// Family: consent date.
    ConsentDate,
    /// Family: kurator.
    Kurator,
    /// Family: notes.
    Notes,
    /// Staff account: full name.
    StaffName,
    /// Member: first name.
    FirstName,
    /// Member: last name.
    LastName,
    /// Member: birth date.
    BirthDate,
    /// Member: PESEL.
    Pesel,
    /// Member: left the household on.
    LeftHousehold,
    /// Member: in foster care since.
    FosterSince,
    /// Member: coordinator's name.
    CoordinatorName,
    /// Member: coordinator's phone.
    CoordinatorPhone,
    /// Member: returned home on.
    ReturnedHome,
    /// Cooperation: date.
    CooperationDate,
    /// Cooperation: institution name.
    InstitutionName,
    /// Cooperation: person.
    Person,
    /// Cooperation: note.
    Note,
    /// Plan: date drawn up.
    DrawnUp,
    /// Plan: first day covered.
    PeriodFrom,
    /// Plan: last day covered.
    PeriodTo,
    /// Plan: strengths and resources.
    Strengths,
    /// Plan: problems and risks.
    Problems,
    /// Plan: a goal's text.
    GoalText,
    /// Plan: what an action is.
    ActionWhat,
    /// Plan: who does an action.
    ActionWho,
    /// Plan: an action's expected effect.
    ActionEffect,
    /// Plan: the date an action was done.
    DoneOn,
    /// Plan: why an action was not done.
    NotDoneReason,
    /// Plan: the social worker consulted.
    ConsultedWith,
    /// Plan: the date of the consultation.
    ConsultationDate,
    /// Plan: the foster-care coordinator.
    LinkCoordinator,
    /// Plan: the date of the coordination.
    LinkDate,
    /// Plan: the date the family signed.
    SignedFamily,
    /// Plan: the date the assistant signed.
    SignedAssistant,
    /// Visit: the family.
    VisitFamily,
    /// Visit: date.
    VisitDate,
    /// Visit: time.
    VisitTime,
    /// Visit: duration in minutes.
    Duration,
    /// Visit: the other place.
    PlaceText,
    /// Visit: who was present.
    Present,
    /// Visit: what was done since the last visit.
    SinceLast,
    /// Visit: what was done now.
    DoneNow,
    /// Visit: tasks until the next meeting.
    Tasks,
    /// Assessment: its date.
    AssessmentDate,
    /// Assessment: changes in the family.
    Changes,
    /// Assessment: child safety and care.
    ChildSafety,
    /// Assessment: the family's cooperation.
    CooperationText,
    /// Assessment: resources and risks.
    ResourcesRisks,
    /// Assessment: date sent to the head of the centre.
    SentToHead,
    /// Court request: the court.
    Court,
    /// Court request: the case signature.
    Signature,
    /// Court request: date received.
    Received,
    /// Court request: date the opinion is due.
    Due,
    /// Court request: date the opinion was delivered.
    Delivered,
}

/// A field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("{field:?}: {problem}")]
pub struct Invalid {
    /// The field.
    pub field: Field,
    /// The problem.
    pub problem: Problem,
}

/// True for characters no field accepts: control characters (newline only where
/// `multiline`) and the invisible bidirectional overrides that can disguise text.
pub fn forbidden_char(c: char, multiline: bool) -> bool {
    (c.is_control() && !(multiline && c == '\n'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks a text against its limit and the forbidden characters.
pub fn text(value: &str, max: usize, required: bool, multiline: bool) -> Result<(), Problem> {
    if required && value.trim().is_empty() {
        return Err(Problem::Required);
    }
    let len = value.chars().count();
    if len > max {
        return Err(Problem::TooLong { len, max });
    }
    if value.chars().any(|c| forbidden_char(c, multiline)) {
        return Err(Problem::ControlChars);
    }
    Ok(())
}

/// Checks that a date is not after `today`.
pub fn not_future(date: NaiveDate, today: NaiveDate) -> Result<(), Problem> {
    if date > today {
        Err(Problem::InFuture)
    } else {
        Ok(())
    }
}

fn at(field: Field) -> impl Fn(Problem) -> Invalid {
    move |problem| Invalid { field, problem }
}

/// Checks every field of a family; the first problem found is returned.
pub fn family(f: &Family, today: NaiveDate) -> Result<(), Invalid> {
    text(&f.case_number, CASE_NUMBER_MAX, true, false).map_err(at(Field::CaseNumber))?;
    text(&f.name, NAME_MAX, true, false).map_err(at(Field::FamilyName))?;
    text(&f.address, ADDRESS_MAX, false, false).map_err(at(Field::Address))?;
    for phone in &f.phones {
        text(phone, PHONE_MAX, true, false).map_err(at(Field::Phones))?;
    }
    text(&f.social_worker.name, NAME_MAX, false, false).map_err(at(Field::SocialWorkerName))?;
    text(&f.social_worker.phone, PHONE_MAX, false, false).map_err(at(Field::SocialWorkerPhone))?;
    not_future(f.referral_date, today).map_err(at(Field::ReferralDate))?;
    if let Some(consent) = f.consent_date {
        not_future(consent, today).map_err(at(Field::ConsentDate))?;
    }
    if let Some(k) = &f.flags.kurator {
        text(k, NAME_MAX, true, false).map_err(at(Field::Kurator))?;
    }
    text(&f.notes, TEXT_MAX, false, true).map_err(at(Field::Notes))?;
    Ok(())
}

/// Checks every field of a member, including the PESEL against the birth date.
pub fn member(m: &Member, today: NaiveDate) -> Result<(), Invalid> {
    text(&m.first_name, NAME_MAX, true, false).map_err(at(Field::FirstName))?;
    text(&m.last_name, NAME_MAX, true, false).map_err(at(Field::LastName))?;
    if let Some(birth) = m.birth_date {
        not_future(birth, today).map_err(at(Field::BirthDate))?;
    }
    if let Some(pesel) = &m.pesel {
        let from_pesel = pesel.birth_date();
        if m.birth_date.is_some_and(|b| b != from_pesel) {
            return Err(at(Field::Pesel)(Problem::PeselBirthDate(from_pesel)));
        }
    }
    if let Some(left) = m.left_household {
        not_future(left, today).map_err(at(Field::LeftHousehold))?;
    }
    if let Some(foster) = &m.foster {
        not_future(foster.since, today).map_err(at(Field::FosterSince))?;
        if m.birth_date.is_some_and(|b| foster.since < b) {
            return Err(at(Field::FosterSince)(Problem::Before(Field::BirthDate)));
        }
        text(&foster.coordinator_name, NAME_MAX, false, false)
            .map_err(at(Field::CoordinatorName))?;
        text(&foster.coordinator_phone, PHONE_MAX, false, false)
            .map_err(at(Field::CoordinatorPhone))?;
        if let Some(back) = foster.returned_home {
            not_future(back, today).map_err(at(Field::ReturnedHome))?;
            if back < foster.since {
                return Err(at(Field::ReturnedHome)(Problem::Before(Field::FosterSince)));
            }
        }
    }
    Ok(())
}

/// Checks every field of a cooperation entry.
pub fn cooperation(c: &Cooperation, today: NaiveDate) -> Result<(), Invalid> {
    not_future(c.date, today).map_err(at(Field::CooperationDate))?;
    text(&c.institution_name, NAME_MAX, true, false).map_err(at(Field::InstitutionName))?;
    text(&c.person, NAME_MAX, false, false).map_err(at(Field::Person))?;
    text(&c.note, TEXT_MAX, false, true).map_err(at(Field::Note))?;
    Ok(())
}

/// Checks every field of a periodic assessment.
pub fn assessment(a: &Assessment, today: NaiveDate) -> Result<(), Invalid> {
    not_future(a.date, today).map_err(at(Field::AssessmentDate))?;
    if a.period_to < a.period_from {
        return Err(at(Field::PeriodTo)(Problem::Before(Field::PeriodFrom)));
    }
    if a.period_to > a.date {
        return Err(at(Field::AssessmentDate)(Problem::Before(Field::PeriodTo)));
    }
    text(&a.changes, TEXT_MAX, true, true).map_err(at(Field::Changes))?;
    text(&a.child_safety, TEXT_MAX, false, true).map_err(at(Field::ChildSafety))?;
    text(&a.cooperation, TEXT_MAX, false, true).map_err(at(Field::CooperationText))?;
    text(&a.resources_risks, TEXT_MAX, false, true).map_err(at(Field::ResourcesRisks))?;
    if let Some(sent) = a.sent_to_head {
        not_future(sent, today).map_err(at(Field::SentToHead))?;
        if sent < a.date {
            return Err(at(Field::SentToHead)(Problem::Before(
                Field::AssessmentDate,
            )));
        }
    }
    Ok(())
}

/// Checks every field of a court's request for an opinion.
pub fn court_request(r: &CourtRequest, today: NaiveDate) -> Result<(), Invalid> {
    text(&r.court, ADDRESS_MAX, true, false).map_err(at(Field::Court))?;
    text(&r.signature, NAME_MAX, true, false).map_err(at(Field::Signature))?;
    not_future(r.received, today).map_err(at(Field::Received))?;
    if r.due < r.received {
        return Err(at(Field::Due)(Problem::Before(Field::Received)));
    }
    if let Some(d) = r.delivered {
        not_future(d, today).map_err(at(Field::Delivered))?;
        if d < r.received {
            return Err(at(Field::Delivered)(Problem::Before(Field::Received)));
        }
    }
    Ok(())
}

/// Shortest visit, in minutes.
pub const VISIT_MIN_MINUTES: u32 = 5;
/// Longest visit, in minutes (a whole working day and more, for an intervention).
pub const VISIT_MAX_MINUTES: u32 = 720;

/// Checks every field of a visit and its record.
pub fn visit(v: &Visit) -> Result<(), Invalid> {
    let minutes = u32::from(v.duration_min);
    if !(VISIT_MIN_MINUTES..=VISIT_MAX_MINUTES).contains(&minutes) {
        return Err(at(Field::Duration)(Problem::OutOfRange {
            min: VISIT_MIN_MINUTES,
            max: VISIT_MAX_MINUTES,
        }));
    }
    if let VisitPlace::Other(place) = &v.place {
        text(place, NAME_MAX, true, false).map_err(at(Field::PlaceText))?;
    }
    text(&v.record.present, ADDRESS_MAX, false, false).map_err(at(Field::Present))?;
    text(&v.record.since_last, TEXT_MAX, false, true).map_err(at(Field::SinceLast))?;
    text(&v.record.done_now, TEXT_MAX, false, true).map_err(at(Field::DoneNow))?;
    text(&v.record.tasks, TEXT_MAX, false, true).map_err(at(Field::Tasks))?;
    Ok(())
}

/// Longest one-line text of a plan action (what, who, expected effect).
pub const ACTION_MAX: usize = 300;

/// Checks every field of a work plan, goals and actions included.
pub fn plan(p: &WorkPlan, today: NaiveDate) -> Result<(), Invalid> {
    not_future(p.drawn_up, today).map_err(at(Field::DrawnUp))?;
    if p.period_to < p.period_from {
        return Err(at(Field::PeriodTo)(Problem::Before(Field::PeriodFrom)));
    }
    text(&p.strengths, TEXT_MAX, false, true).map_err(at(Field::Strengths))?;
    text(&p.problems, TEXT_MAX, false, true).map_err(at(Field::Problems))?;
    for goal in &p.goals {
        text(&goal.text, TEXT_MAX, true, true).map_err(at(Field::GoalText))?;
        for a in &goal.actions {
            text(&a.what, ACTION_MAX, true, false).map_err(at(Field::ActionWhat))?;
            text(&a.who, NAME_MAX, false, false).map_err(at(Field::ActionWho))?;
            text(&a.expected_effect, ACTION_MAX, false, false).map_err(at(Field::ActionEffect))?;
            match &a.status {
                ActionStatus::Done(on) => not_future(*on, today).map_err(at(Field::DoneOn))?,
                ActionStatus::NotDone(why) => {
                    text(why, ACTION_MAX, true, false).map_err(at(Field::NotDoneReason))?
                }
                ActionStatus::Planned | ActionStatus::InProgress => {}
            }
        }
    }
    if let Some(c) = &p.consultation {
        text(&c.social_worker, NAME_MAX, true, false).map_err(at(Field::ConsultedWith))?;
        not_future(c.date, today).map_err(at(Field::ConsultationDate))?;
    }
    if let Some(l) = &p.child_plan_link {
        text(&l.coordinator, NAME_MAX, true, false).map_err(at(Field::LinkCoordinator))?;
        not_future(l.date, today).map_err(at(Field::LinkDate))?;
    }
    if let Some(d) = p.signed_family {
        not_future(d, today).map_err(at(Field::SignedFamily))?;
    }
    if let Some(d) = p.signed_assistant {
        not_future(d, today).map_err(at(Field::SignedAssistant))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert_eq!(text("  ", 10, true, false), Err(Problem::Required));
        assert_eq!(text("", 10, false, false), Ok(()));
        assert_eq!(
            text(&"ż".repeat(11), 10, false, false),
            Err(Problem::TooLong { len: 11, max: 10 })
        );
        assert_eq!(
            text("a\u{1b}[2J", 10, false, false),
            Err(Problem::ControlChars)
        );
        assert_eq!(text("a\nb", 10, false, false), Err(Problem::ControlChars));
        assert_eq!(text("a\nb", 10, false, true), Ok(()));
        assert_eq!(
            text("a\u{202E}b", 10, false, true),
            Err(Problem::ControlChars)
        );
        assert_eq!(
            text("😀 שלום", 10, true, false),
            Ok(()),
            "emoji and RTL text are text"
        );
    }
}
