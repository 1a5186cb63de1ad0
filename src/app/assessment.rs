//! The statutory forms of a family's case: the periodic assessment (art. 15 ust. 1
//! pkt 15), with the progress of each goal of the current plan, which restarts the
//! clock; and the court's request for an opinion (pkt 17) with its delivery.

use super::form::{Field, Form};
use super::register::{Purpose, RecordForm, SaveError};
use super::{App, Notice};
use crate::domain::dates::format_date;
use crate::domain::validate;
use crate::domain::{Assessment, CourtRequest, GoalProgress, Id, Recommendation};
use crate::i18n::{self, Label, Msg};
use crate::store::Versioned;

/// Progress choices, in form order.
const PROGRESS: [GoalProgress; 3] = [
    GoalProgress::Partly,
    GoalProgress::Achieved,
    GoalProgress::NotAchieved,
];

/// Recommendations, in form order.
const RECOMMENDATIONS: [Recommendation; 4] = [
    Recommendation::Continue,
    Recommendation::ChangePlan,
    Recommendation::Close,
    Recommendation::ReferElsewhere,
];

impl App {
    /// Opens the form of a new periodic assessment of the selected (or open) family (`a`).
    pub fn new_assessment(&mut self) {
        if self.ensure_detail() {
            self.open_assessment_form(None);
        }
    }

    /// Opens the family's newest assessment for correction (`A`), filled in as saved;
    /// older ones are history and are not offered.
    pub fn correct_assessment(&mut self) {
        if !self.ensure_detail() {
            return;
        }
        let Some(family_id) = self.family_detail.as_ref().map(|d| d.family.id) else {
            return;
        };
        match self.backend.newest_assessment(&self.caller, family_id) {
            Ok(Some(newest)) => self.open_assessment_form(Some(newest)),
            Ok(None) => {
                self.notice = Some(Notice::Error(
                    Msg::NoAssessmentToCorrect.text(self.lang).to_string(),
                ))
            }
            Err(e) => self.notice = Some(Notice::Error(i18n::command_error(self.lang, &e))),
        }
    }

    /// The assessment form: blank for a new one, or `existing` as saved.
    fn open_assessment_form(&mut self, existing: Option<Versioned<Assessment>>) {
        let Some(d) = &self.family_detail else { return };
        let lang = self.lang;
        let old = existing.as_ref().map(|v| &v.value);
        // The period runs from the last assessment (else the start of work) to today.
        let from = d
            .assessments
            .first()
            .map(|a| a.date)
            .or(d.family.work_started)
            .unwrap_or(d.family.referral_date)
            .min(self.today);
        let date = Field::date;
        let long = |id, label, required, value: &str| {
            Field::multiline(id, label, validate::TEXT_MAX, required, value)
        };
        let text = |f: fn(&Assessment) -> &str| old.map_or("", f);
        let mut fields = vec![
            date(
                "date",
                Msg::AssessmentDate,
                true,
                Some(old.map_or(self.today, |a| a.date)),
            ),
            date(
                "from",
                Msg::PeriodFrom,
                true,
                Some(old.map_or(from, |a| a.period_from)),
            ),
            date(
                "to",
                Msg::PeriodTo,
                true,
                Some(old.map_or(self.today, |a| a.period_to)),
            ),
            long("changes", Msg::Changes, true, text(|a| &a.changes)),
        ];
        let progress: Vec<String> = PROGRESS.iter().map(|p| p.label(lang).to_string()).collect();
        // A correction keeps the goals it assessed; a new one takes the current plan's.
        let goals: Vec<(String, GoalProgress)> = match old {
            Some(a) => a.goal_progress.clone(),
            None => d
                .plan
                .iter()
                .flat_map(|p| p.goals.iter())
                .map(|g| (g.text.clone(), PROGRESS[0]))
                .collect(),
        };
        for (goal, state) in goals {
            let at = PROGRESS.iter().position(|p| *p == state).unwrap_or(0);
            let mut f = Field::choice("goal", Msg::GoalProgressField, progress.clone(), at);
            f.caption = Some(goal);
            fields.push(f);
        }
        let recommendation = old
            .and_then(|a| RECOMMENDATIONS.iter().position(|r| *r == a.recommendation))
            .unwrap_or(0);
        fields.extend([
            long(
                "child_safety",
                Msg::ChildSafety,
                false,
                text(|a| &a.child_safety),
            ),
            long(
                "cooperation",
                Msg::CooperationText,
                false,
                text(|a| &a.cooperation),
            ),
            long(
                "resources_risks",
                Msg::ResourcesRisks,
                false,
                text(|a| &a.resources_risks),
            ),
            Field::choice(
                "recommendation",
                Msg::RecommendationField,
                RECOMMENDATIONS
                    .iter()
                    .map(|r| r.label(lang).to_string())
                    .collect(),
                recommendation,
            ),
            date(
                "sent_to_head",
                Msg::SentToHead,
                false,
                old.and_then(|a| a.sent_to_head),
            ),
        ]);
        let heading = match old {
            Some(a) => format!(
                "{} {}",
                Msg::CorrectAssessment.text(lang),
                format_date(a.date)
            ),
            None => Msg::NewAssessment.text(lang).to_string(),
        };
        let title = format!("{heading} — {} {}", d.family.case_number, d.family.name);
        let family_id = d.family.id;
        self.push_form(RecordForm::new(
            Form::new(title, fields),
            Purpose::Assessment {
                family_id,
                existing: existing.map(|v| (v.value.id, v.rev)),
            },
        ));
    }

    /// Saves the assessment form.
    pub(super) fn save_assessment_form(
        &mut self,
        rf: &mut RecordForm,
        family_id: Id,
        existing: Option<(Id, u64)>,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let today = self.today;
        let date = |id: &str| form.date(id, today);
        let long = |id: &str| form.text(id);
        let goal_progress = form
            .fields
            .iter()
            .filter(|f| f.id == "goal")
            .map(|f| {
                (
                    f.caption.clone().unwrap_or_default(),
                    PROGRESS
                        .get(f.choice)
                        .copied()
                        .unwrap_or(GoalProgress::Partly),
                )
            })
            .collect();
        let assessment = Assessment {
            id: existing.map_or(0, |(id, _)| id),
            family_id,
            date: date("date").unwrap_or(today),
            period_from: date("from").unwrap_or(today),
            period_to: date("to").unwrap_or(today),
            changes: long("changes"),
            goal_progress,
            child_safety: long("child_safety"),
            cooperation: long("cooperation"),
            resources_risks: long("resources_risks"),
            recommendation: RECOMMENDATIONS
                .get(form.choice("recommendation"))
                .copied()
                .unwrap_or(Recommendation::Continue),
            sent_to_head: date("sent_to_head"),
        };
        let saved = self.backend.save_assessment(
            &self.caller,
            assessment,
            existing.map(|(_, rev)| rev),
            today,
        )?;
        Ok(saved.value.family_id)
    }

    /// Opens the form of a new court request for the selected (or open) family (`r`),
    /// or of request `id` (Enter on its alert) to record the opinion's delivery.
    pub fn open_court_request(&mut self, id: Option<Id>) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else { return };
        let existing = id.and_then(|id| d.court_requests.iter().find(|r| r.id == id));
        let rev = existing.and_then(|r| d.revs.court_requests.get(&r.id).copied());
        let blank = CourtRequest {
            id: 0,
            family_id: d.family.id,
            court: String::new(),
            signature: String::new(),
            received: self.today,
            due: self.today,
            delivered: None,
        };
        let r = existing.cloned().unwrap_or(blank);
        let text = |id, label, max, value: &str| Field::line(id, label, max, true, value);
        let date = Field::date;
        let fields = vec![
            text("court", Msg::CourtField, validate::ADDRESS_MAX, &r.court),
            text(
                "signature",
                Msg::SignatureField,
                validate::NAME_MAX,
                &r.signature,
            ),
            date("received", Msg::ReceivedField, true, Some(r.received)),
            date("due", Msg::DueField, true, Some(r.due)),
            date(
                "delivered",
                Msg::DeliveredField,
                false,
                r.delivered.or(existing.map(|_| self.today)),
            ),
        ];
        let mut form = Form::new(
            format!(
                "{} — {} {}",
                Msg::NewCourtRequest.text(self.lang),
                d.family.case_number,
                d.family.name
            ),
            fields,
        );
        if existing.is_some() {
            // Opened from its alert: what is left to do is the delivery date.
            form.focus = 4;
        }
        let purpose = Purpose::CourtRequest {
            family_id: d.family.id,
            existing: existing.map(|r| (r.id, rev.unwrap_or(0))),
        };
        self.push_form(RecordForm::new(form, purpose));
    }

    /// Saves the court request form.
    pub(super) fn save_court_request_form(
        &mut self,
        rf: &mut RecordForm,
        family_id: Id,
        existing: Option<(Id, u64)>,
    ) -> Result<Id, SaveError> {
        let form = &rf.form;
        let today = self.today;
        let date = |id: &str| form.date(id, today);
        let request = CourtRequest {
            id: existing.map_or(0, |(id, _)| id),
            family_id,
            court: form.text("court"),
            signature: form.text("signature"),
            received: date("received").unwrap_or(today),
            due: date("due").unwrap_or(today),
            delivered: date("delivered"),
        };
        let saved = self.backend.save_court_request(
            &self.caller,
            request,
            existing.map(|(_, rev)| rev),
            today,
        )?;
        Ok(saved.value.family_id)
    }
}
