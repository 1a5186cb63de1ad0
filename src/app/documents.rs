//! Documents written from the screens: the work plan and a visit record (`p` as text,
//! `P` as DOCX), the family brief (`b`/`B`) and the court opinion draft (`O`, a form
//! for the request, the period and the format). Files go to the backend's documents
//! directory, each is audited as a print, and the status line says where it went.

use chrono::Months;

use super::form::{Field, Form};
use super::register::{Purpose, RecordForm};
use super::{App, Notice};
use crate::doc::{self, DocContext, DocError, Format, OpinionSpec};
use crate::domain::audit::AuditAction;
use crate::domain::dates::format_date;
use crate::domain::{Family, Id, Visit};
use crate::i18n::{self, Msg};

/// Months an opinion's period reaches back by default: the last half-year.
const OPINION_MONTHS: u32 = 6;

impl App {
    /// What a document needs besides the record: the family's assistant, the language, today.
    fn doc_context(&self, family: &Family) -> DocContext {
        DocContext {
            staff_name: family
                .assistant
                .and_then(|id| self.snapshot.staff.get(&id))
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            lang: self.lang,
            today: self.today,
        }
    }

    /// Audits a written document and shows where it went; shows why if it was not
    /// written, or was taken back because its audit entry could not be made.
    fn document_done(
        &mut self,
        family: Id,
        what: &str,
        written: Result<std::path::PathBuf, DocError>,
    ) {
        let lang = self.lang;
        let path = match written {
            Ok(path) => path,
            Err(e) => {
                let dir = self.backend.documents_dir();
                self.notice = Some(Notice::Error(i18n::doc_error(lang, &e, &dir)));
                return;
            }
        };
        let audited =
            self.backend
                .audit_written(&self.caller, AuditAction::Print, Some(family), what, &path);
        self.notice = Some(match audited {
            Ok(()) => Notice::Info(i18n::document_written(lang, &path)),
            Err(e) => Notice::Error(i18n::document_not_audited(
                lang,
                &path,
                &i18n::command_error(lang, &e),
            )),
        });
    }

    /// Writes the shown plan (current or history) for signing (`p` text, `P` DOCX).
    pub(super) fn print_plan(&mut self, format: Format) {
        let (Some(d), Some(plan)) = (&self.plan_family, self.shown_plan()) else {
            return;
        };
        let ctx = self.doc_context(&d.family);
        let written = doc::plan::write_plan(&self.backend.documents_dir(), d, plan, &ctx, format);
        let what = format!("plan {} version {}", plan.id, plan.version);
        let family = d.family.id;
        self.document_done(family, &what, written.map_err(DocError::Io));
    }

    /// Writes a visit record for the family to sign (`p` text, `P` DOCX in the day's list).
    pub(super) fn print_visit(&mut self, visit: &Visit, format: Format) {
        let Some(row) = self.snapshot.family(visit.family_id) else {
            return;
        };
        let mut ctx = self.doc_context(&row.family);
        // The record is signed by whoever held the visit.
        if let Some(s) = self.snapshot.staff.get(&visit.assistant) {
            ctx.staff_name = s.name.clone();
        }
        let dir = self.backend.documents_dir();
        let written = doc::visit::write_visit(&dir, &row.family, visit, &ctx, format);
        self.document_done(
            visit.family_id,
            &format!("visit {}", visit.id),
            written.map_err(DocError::Io),
        );
    }

    /// Writes the selected (or open) family's one-page brief (`b` text, `B` DOCX).
    pub(super) fn print_brief(&mut self, format: Format) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else { return };
        let ctx = self.doc_context(&d.family);
        let rules = *self.backend.rules();
        let written = doc::write_brief(&self.backend.documents_dir(), d, &rules, &ctx, format);
        let family = d.family.id;
        self.document_done(family, "brief", written);
    }

    /// `O`: the form of a court opinion draft for the selected (or open) family: which
    /// court request, the period (the last half-year by default) and the format.
    pub(super) fn open_opinion_form(&mut self) {
        if !self.ensure_detail() {
            return;
        }
        let Some(d) = &self.family_detail else { return };
        let lang = self.lang;
        if d.court_requests.is_empty() {
            self.notice = Some(Notice::Error(Msg::NoCourtRequest.text(lang).into()));
            return;
        }
        // Newest request first: the one an opinion is usually due for.
        let mut requests: Vec<_> = d.court_requests.iter().collect();
        requests.sort_by_key(|r| std::cmp::Reverse((r.received, r.id)));
        let names = requests
            .iter()
            .map(|r| format!("{} {} ({})", r.court, r.signature, format_date(r.received)))
            .collect();
        let from = self
            .today
            .checked_sub_months(Months::new(OPINION_MONTHS))
            .unwrap_or(self.today);
        let fields = vec![
            Field::choice("request", Msg::OpinionRequest, names, 0),
            Field::date("from", Msg::PeriodFrom, true, Some(from)),
            Field::date("to", Msg::PeriodTo, true, Some(self.today)),
            Field::choice(
                "format",
                Msg::DocFormat,
                vec!["tekst (.txt)".into(), "DOCX".into()],
                0,
            ),
        ];
        let title = format!(
            "{} — {} {}",
            Msg::OpinionTitle.text(lang),
            d.family.case_number,
            d.family.name
        );
        let mut rf = RecordForm::new(
            Form::new(title, fields),
            Purpose::Opinion {
                family_id: d.family.id,
            },
        );
        rf.ids = requests.iter().map(|r| r.id).collect();
        self.push_form(rf);
    }

    /// Writes the opinion draft of the form; gives the form back with the reason if
    /// the period or the request is wrong.
    pub(super) fn write_opinion_form(
        &mut self,
        mut rf: Box<RecordForm>,
    ) -> Result<(), Box<RecordForm>> {
        let (lang, today) = (self.lang, self.today);
        let Some(d) = self.family_detail.clone() else {
            return Err(rf);
        };
        let request = rf.ids.get(rf.form.choice("request")).copied();
        let (Some(request), Some(from), Some(to)) = (
            request,
            rf.form.date("from", today),
            rf.form.date("to", today),
        ) else {
            return Err(rf);
        };
        let format = if rf.form.choice("format") == 1 {
            Format::Docx
        } else {
            Format::Text
        };
        let spec = OpinionSpec { request, from, to };
        let ctx = self.doc_context(&d.family);
        let dir = self.backend.documents_dir();
        match doc::write_opinion(&dir, &d, &spec, &ctx, format) {
            Ok(path) => {
                self.forget_draft(&rf.purpose);
                self.document_done(
                    d.family.id,
                    &format!("opinion court request {request}"),
                    Ok(path),
                );
                Ok(())
            }
            Err(e) => {
                rf.form.message = Some(i18n::doc_error(lang, &e, &dir));
                Err(rf)
            }
        }
    }
}
