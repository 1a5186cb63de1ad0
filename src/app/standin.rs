//! The supervisor's stand-in form (*zastępstwo*): from the caseload view, the selected
//! assistant is away and a colleague works with their families from a date to a date.

use super::form::{Field, Form};
use super::register::{Purpose, RecordForm};
use super::{App, Notice};
use crate::domain::Role;
use crate::domain::dates::format_date;
use crate::i18n::{self, Msg};

/// Days a stand-in lasts unless the form is changed: two working weeks.
const DEFAULT_DAYS: u64 = 13;

impl App {
    /// `n` in the caseload view: a stand-in for the selected assistant (a supervisor only;
    /// the service checks it again).
    pub(super) fn open_stand_in_form(&mut self) {
        let lang = self.lang;
        if !self.caller.has_role(Role::Supervisor) {
            self.notice = Some(Notice::Error(Msg::StandInSupervisorOnly.text(lang).into()));
            return;
        }
        let Some(absent) = self
            .snapshot
            .caseload
            .get(self.family_list.caseload_selection.index)
            .map(|r| r.assistant.clone())
        else {
            return;
        };
        let colleagues: Vec<_> = self
            .snapshot
            .caseload
            .iter()
            .map(|r| &r.assistant)
            .filter(|s| s.id != absent.id)
            .collect();
        if colleagues.is_empty() {
            self.notice = Some(Notice::Error(Msg::StandInNoColleague.text(lang).into()));
            return;
        }
        let names = colleagues
            .iter()
            .map(|s| format!("{} ({})", s.name, s.login))
            .collect();
        let until = self
            .today
            .checked_add_days(chrono::Days::new(DEFAULT_DAYS))
            .unwrap_or(self.today);
        let fields = vec![
            Field::choice("substitute", Msg::StandInSubstitute, names, 0),
            Field::date("from", Msg::StandInFrom, true, Some(self.today)),
            Field::date("to", Msg::StandInTo, true, Some(until)),
        ];
        let title = format!("{} — {}", Msg::StandInTitle.text(lang), absent.name);
        let mut rf = RecordForm::new(
            Form::new(title, fields),
            Purpose::StandIn {
                absent: absent.login.clone(),
            },
        );
        rf.logins = colleagues.iter().map(|s| s.login.clone()).collect();
        self.push_form(rf);
    }

    /// Grants the stand-in of the form; gives the form back with the reason if refused.
    pub(super) fn save_stand_in(
        &mut self,
        mut rf: Box<RecordForm>,
        absent: &str,
    ) -> Result<(), Box<RecordForm>> {
        let (lang, today) = (self.lang, self.today);
        let substitute = rf.logins.get(rf.form.choice("substitute")).cloned();
        let (Some(substitute), Some(from), Some(to)) = (
            substitute,
            rf.form.date("from", today),
            rf.form.date("to", today),
        ) else {
            return Err(rf);
        };
        match self
            .backend
            .grant_stand_in(&self.caller, &substitute, absent, from, to, today)
        {
            Ok(holder) => {
                self.forget_draft(&rf.purpose);
                let away = self
                    .snapshot
                    .caseload
                    .iter()
                    .find(|r| r.assistant.login == absent)
                    .map_or_else(|| absent.to_string(), |r| r.assistant.name.clone());
                // Scopes changed: everything is read again; the caseload view stays,
                // with the new stand-in in its row.
                let selected = self.family_list.caseload_selection.index;
                self.after_change(None);
                self.family_list.caseload = true;
                self.family_list.caseload_selection.index = selected;
                self.notice = Some(Notice::Info(i18n::stand_in_granted(
                    lang,
                    &holder.name,
                    &away,
                    &format_date(from),
                    &format_date(to),
                )));
                Ok(())
            }
            Err(e) => {
                rf.form.message = Some(i18n::command_error(lang, &e));
                Err(rf)
            }
        }
    }
}
