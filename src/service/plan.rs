//! Commands of the case's statutory documents: the work plan (art. 15 ust. 1 pkt 1–2,
//! ust. 3; save the current plan, start a new version, older versions being read-only
//! history), the periodic assessment (pkt 15) and the court's request (pkt 17).

use chrono::NaiveDate;

use super::register::{CommandError, CommandResult};
use super::{Caller, Service};
use crate::domain::validate;
use crate::domain::{Assessment, CourtRequest, Id, Role, WorkPlan};
use crate::store::Versioned;

impl Service {
    /// Saves a family's plan: a first plan (`expected_rev` None, while the family has
    /// no current plan) or an edit of the current one. A superseded version is history
    /// and is never changed. A social worker may save only the consultation entry of a
    /// current plan of a family they referred.
    pub fn save_plan(
        &self,
        caller: &Caller,
        mut plan: WorkPlan,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<WorkPlan>> {
        let consultation_only = caller.has_role(Role::SocialWorker);
        if consultation_only {
            let family = self
                .store
                .family(plan.family_id)?
                .ok_or(CommandError::NotFound(plan.family_id))?;
            if !caller.sees(&family.value) || expected_rev.is_none() {
                return Err(self.refuse(caller, Some(plan.family_id), "plan"));
            }
        } else {
            self.editable_family(caller, plan.family_id)?;
        }
        validate::plan(&plan, today)?;
        let versions = self.store.plans_of(plan.family_id)?.records;
        match expected_rev {
            None => {
                if versions.iter().any(|v| v.value.superseded.is_none()) {
                    return Err(CommandError::PlanExists);
                }
                plan.id = self.store.new_id()?;
                plan.version = versions.iter().map(|v| v.value.version).max().unwrap_or(0) + 1;
                plan.superseded = None;
            }
            Some(_) => {
                let stored = versions
                    .iter()
                    .find(|v| v.value.id == plan.id)
                    .ok_or(CommandError::NotFound(plan.id))?;
                if stored.value.superseded.is_some() {
                    return Err(CommandError::ReadOnlyVersion {
                        version: stored.value.version,
                    });
                }
                // The version number and the history mark are not the editor's to change.
                plan.version = stored.value.version;
                plan.superseded = None;
                let same_but_consultation = WorkPlan {
                    consultation: stored.value.consultation.clone(),
                    ..plan.clone()
                } == stored.value;
                if consultation_only && !same_but_consultation {
                    return Err(self.refuse(caller, Some(plan.family_id), "plan"));
                }
            }
        }
        let rev = self.store.put_plan(&plan, expected_rev)?;
        self.audit_saved(caller, expected_rev, plan.family_id, "plan", plan.id);
        Ok(Versioned { rev, value: plan })
    }

    /// Starts version N+1 from the current plan (same goals and diagnosis, drawn up
    /// `today`, not yet consulted or signed); the current one becomes history,
    /// superseded `today`. Both are written in one transaction.
    pub fn new_plan_version(
        &self,
        caller: &Caller,
        current_id: Id,
        family_id: Id,
        expected_rev: u64,
        today: NaiveDate,
    ) -> CommandResult<Versioned<WorkPlan>> {
        self.editable_family(caller, family_id)?;
        let versions = self.store.plans_of(family_id)?.records;
        let current = versions
            .iter()
            .find(|v| v.value.id == current_id)
            .ok_or(CommandError::NotFound(current_id))?;
        if current.value.superseded.is_some() {
            return Err(CommandError::ReadOnlyVersion {
                version: current.value.version,
            });
        }
        let mut old = current.value.clone();
        old.superseded = Some(today);
        let next = WorkPlan {
            id: self.store.new_id()?,
            version: versions.iter().map(|v| v.value.version).max().unwrap_or(0) + 1,
            drawn_up: today,
            period_from: today.max(old.period_from),
            consultation: None,
            child_plan_link: None,
            signed_family: None,
            signed_assistant: None,
            superseded: None,
            ..old.clone()
        };
        let period_to = next.period_to.max(next.period_from);
        let next = WorkPlan { period_to, ..next };
        let revs = self
            .store
            .put_plans(&[(&old, Some(expected_rev)), (&next, None)])?;
        self.audit_saved(caller, None, next.family_id, "plan", next.id);
        Ok(Versioned {
            rev: revs[1],
            value: next,
        })
    }

    /// Records a periodic assessment (`expected_rev` None), which restarts the
    /// assessment clock, or corrects the family's newest one; older ones are history.
    pub fn save_assessment(
        &self,
        caller: &Caller,
        mut assessment: Assessment,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<Assessment>> {
        self.editable_family(caller, assessment.family_id)?;
        validate::assessment(&assessment, today)?;
        let others = self.store.assessments_of(assessment.family_id)?.records;
        match expected_rev {
            None => assessment.id = self.store.new_id()?,
            Some(_) => {
                if !others.iter().any(|o| o.value.id == assessment.id) {
                    return Err(CommandError::NotFound(assessment.id));
                }
                // The stored one must be the newest (the list runs oldest first), and
                // its new date may not put it behind another.
                let stored_newest = others.last().is_some_and(|o| o.value.id == assessment.id);
                let newer = others
                    .iter()
                    .any(|o| o.value.id != assessment.id && o.value.date > assessment.date);
                if !stored_newest || newer {
                    return Err(CommandError::OnlyNewestAssessment);
                }
            }
        }
        let rev = self.store.put_assessment(&assessment, expected_rev)?;
        let family = assessment.family_id;
        self.audit_saved(caller, expected_rev, family, "assessment", assessment.id);
        Ok(Versioned {
            rev,
            value: assessment,
        })
    }

    /// The family's newest periodic assessment with its revision, to correct it; `None`
    /// if there is none or the caller may not see the family.
    pub fn newest_assessment(
        &self,
        caller: &Caller,
        family_id: Id,
    ) -> CommandResult<Option<Versioned<Assessment>>> {
        match self.store.family(family_id)? {
            Some(f) if caller.sees(&f.value) => {}
            _ => return Ok(None),
        }
        Ok(self.store.assessments_of(family_id)?.records.pop())
    }

    /// Registers a court's request for an opinion (`expected_rev` None) or saves it,
    /// for instance with the date the opinion was delivered.
    pub fn save_court_request(
        &self,
        caller: &Caller,
        mut request: CourtRequest,
        expected_rev: Option<u64>,
        today: NaiveDate,
    ) -> CommandResult<Versioned<CourtRequest>> {
        self.editable_family(caller, request.family_id)?;
        validate::court_request(&request, today)?;
        if expected_rev.is_none() {
            request.id = self.store.new_id()?;
        }
        let rev = self.store.put_court_request(&request, expected_rev)?;
        let family = request.family_id;
        self.audit_saved(caller, expected_rev, family, "court_request", request.id);
        Ok(Versioned {
            rev,
            value: request,
        })
    }
}
