//! The Reports screen (the supervisor's): the half-year report of a period, every figure
//! with the records behind it. Enter on a row lists them; Enter on one opens its family,
//! so that a wrong figure is traced to its record and put right before submission.

use chrono::NaiveDate;

use super::form::{Field, Form};
use super::register::{Purpose, RecordForm};
use super::{App, Notice, Screen, Selection};
use crate::domain::{Id, Role};
use crate::i18n::{self, Msg};
use crate::report::{self, Item, Report, ReportDefinition};

/// State of the Reports screen.
#[derive(Debug, Clone)]
pub struct ReportView {
    /// First and last day of the period.
    pub period: (NaiveDate, NaiveDate),
    /// The report of the period, once computed (None: to be computed when shown).
    pub report: Option<Report>,
    /// Why there is no report (a wrong definition, a refusal, a lost server).
    pub error: Option<String>,
    /// Selected row.
    pub rows: Selection,
    /// The row whose records are listed, if any.
    pub drill: Option<usize>,
    /// Selected record in that list.
    pub items: Selection,
}

impl ReportView {
    /// The view of the last half-year due for reporting on `today`.
    pub fn new(today: NaiveDate) -> ReportView {
        ReportView {
            period: report::last_half_year(today),
            report: None,
            error: None,
            rows: Selection::default(),
            drill: None,
            items: Selection::default(),
        }
    }

    /// The records behind the listed row, if a row is open.
    pub fn drilled(&self) -> Option<(&report::ReportRow, &[Item])> {
        let row = self.report.as_ref()?.rows.get(self.drill?)?;
        Some((row, &row.items))
    }
}

impl App {
    /// The screens this user moves between: the Reports screen is the supervisor's.
    pub fn screens(&self) -> &'static [Screen] {
        if self.caller.has_role(Role::Supervisor) {
            &Screen::ALL
        } else {
            &Screen::ALL[..Screen::ALL.len() - 1]
        }
    }

    /// Where the office's `report.toml` is looked for when the Reports screen is first
    /// shown (else the built-in definition counts).
    pub fn set_report_config_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.report_config_dir = dir;
        self.report_definition = None;
        self.report_view.report = None;
    }

    /// The report definition the screen counts by, given outright.
    pub fn set_report_definition(&mut self, definition: Result<ReportDefinition, String>) {
        self.report_definition = Some(definition);
        self.report_view.report = None;
    }

    /// Computes the report of the view's period if it is not there yet.
    pub(super) fn load_report(&mut self) {
        if self.report_view.report.is_some() {
            return;
        }
        let (from, to) = self.report_view.period;
        let (lang, dir) = (self.lang, self.report_config_dir.as_deref());
        // Read once, when a supervisor first opens the screen, not at every start-up.
        let definition = self.report_definition.get_or_insert_with(|| {
            ReportDefinition::load_or_builtin(dir)
                .map_err(|e| i18n::report::definition_error(lang, &e))
        });
        let result = match definition {
            Ok(definition) => self
                .backend
                .report(&self.caller, definition, from, to)
                .map_err(|e| i18n::command_error(self.lang, &e)),
            Err(message) => Err(message.clone()),
        };
        let view = &mut self.report_view;
        match result {
            Ok(report) => {
                let rows = report.rows.len();
                view.report = Some(report);
                view.error = None;
                view.rows.index = view.rows.index.min(rows.saturating_sub(1));
                if view.drill.is_some_and(|d| d >= rows) {
                    view.drill = None;
                }
            }
            Err(message) => {
                view.report = None;
                view.drill = None;
                view.error = Some(message);
            }
        }
    }

    /// `[` / `]`: the previous or next half-year.
    pub(super) fn shift_report_period(&mut self, forward: bool) {
        let (from, _) = self.report_view.period;
        self.set_report_period(report::adjacent_half_year(from, forward));
    }

    fn set_report_period(&mut self, period: (NaiveDate, NaiveDate)) {
        let view = &mut self.report_view;
        view.period = period;
        view.report = None;
        view.drill = None;
        view.items = Selection::default();
        self.load_report();
    }

    /// Moves in the rows, or in the records of the open row.
    pub(super) fn move_in_report(&mut self, action: super::Action) {
        let view = &mut self.report_view;
        match view.drilled().map(|(_, items)| items.len()) {
            Some(len) => view.items.apply(action, len),
            None => {
                let len = view.report.as_ref().map_or(0, |r| r.rows.len());
                view.rows.apply(action, len);
            }
        }
    }

    /// Enter: the records behind the selected figure; on a record, its family.
    pub(super) fn open_in_report(&mut self) {
        let view = &mut self.report_view;
        if let Some((_, items)) = view.drilled() {
            let family = items
                .get(view.items.index)
                .and_then(|i| i.families().first().copied());
            if let Some(id) = family {
                self.open_family_from_report(id);
            }
            return;
        }
        let has_items = view
            .report
            .as_ref()
            .and_then(|r| r.rows.get(view.rows.index))
            .is_some_and(|r| !r.items.is_empty());
        if has_items {
            view.drill = Some(view.rows.index);
            view.items = Selection::default();
        }
    }

    /// Esc: from the records back to the rows; true if something closed.
    pub(super) fn report_back(&mut self) -> bool {
        self.report_view.drill.take().is_some()
    }

    fn open_family_from_report(&mut self, id: Id) {
        self.go_to(Screen::Families);
        self.family_list.caseload = false;
        self.select_family(id);
        self.detail_scroll = 0;
        self.family_detail = self.load_detail(id);
        if self.family_detail.is_none() && self.notice.is_none() {
            self.notice = Some(Notice::Error(Msg::ReportFamilyGone.text(self.lang).into()));
        }
    }

    /// `x`: the report shown and the period's families and visits as CSV files for the
    /// supervisor's own spreadsheets, in the documents directory (the exports audited by
    /// the service, as the report was when counted).
    pub(super) fn export_report_period(&mut self) {
        use crate::report::{export, output};
        let (lang, (from, to)) = (self.lang, self.report_view.period);
        let families = self
            .backend
            .export_families(&self.caller, from, to)
            .map(|e| export::families_csv(&e.lines, lang));
        let visits = self
            .backend
            .export_visits(&self.caller, from, to)
            .map(|e| export::visits_csv(&e.lines, lang));
        let (families, visits) = match (families, visits) {
            (Ok(f), Ok(v)) => (f, v),
            (Err(e), _) | (_, Err(e)) => {
                self.notice = Some(Notice::Error(i18n::command_error(lang, &e)));
                return;
            }
        };
        let mut files = Vec::new();
        if let Some(report) = &self.report_view.report {
            files.push((export::REPORT_FILE, output::csv(report, lang)));
        }
        files.push((export::FAMILIES_FILE, families));
        files.push((export::VISITS_FILE, visits));
        let dir = self.backend.documents_dir();
        let written: std::io::Result<Vec<_>> = files
            .iter()
            .map(|(kind, csv)| export::write_csv_file(&dir, kind, from, to, csv))
            .collect();
        self.notice = Some(match written {
            Ok(paths) => Notice::Info(i18n::exports_written(lang, &dir, &paths)),
            Err(e) => Notice::Error(i18n::document_write_error(lang, &dir, &e)),
        });
    }

    /// `d`: a form for another period.
    pub(super) fn open_report_period_form(&mut self) {
        let (from, to) = self.report_view.period;
        let fields = vec![
            Field::date("from", Msg::PeriodFrom, true, Some(from)),
            Field::date("to", Msg::PeriodTo, true, Some(to)),
        ];
        let form = Form::new(Msg::ReportPeriod.text(self.lang).into(), fields);
        self.push_form(RecordForm::new(form, Purpose::ReportPeriod));
    }

    /// Takes the period of the form; gives the form back if it runs backwards.
    pub(super) fn save_report_period(
        &mut self,
        mut rf: Box<RecordForm>,
    ) -> Result<(), Box<RecordForm>> {
        let today = self.today;
        let (Some(from), Some(to)) = (rf.form.date("from", today), rf.form.date("to", today))
        else {
            return Err(rf);
        };
        if from > to {
            rf.form
                .fail("to", Msg::ReportPeriodBackwards.text(self.lang).into());
            return Err(rf);
        }
        self.set_report_period((from, to));
        Ok(())
    }
}
