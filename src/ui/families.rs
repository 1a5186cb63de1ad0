//! The family register: the list, and the details of the open family.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use super::{Theme, address, fit, pesel, surname};
use crate::app::keymap::{BINDINGS, Scope, key_label};
use crate::app::{Action, App, Screen};
use crate::config::Language;
use crate::domain::Family;
use crate::domain::alerts::{self, CaseFacts, CourtDue, FamilyFacts, PlanFacts};
use crate::domain::dates::{age_on, format_date};
use crate::i18n::{self, Label, Msg};
use crate::service::{FamilyDetail, FamilyRow};

/// Draws the Families screen.
pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    match &app.family_detail {
        Some(detail) => render_detail(frame, area, app, theme, detail),
        None if app.family_list.caseload => super::caseload::render(frame, area, app, theme),
        None => render_list(frame, area, app, theme),
    }
}

/// Flags of a family as short words, for the wide list and the details.
fn flags(lang: Language, row_foster: bool, f: &Family) -> Vec<&'static str> {
    let mut out = Vec::new();
    if f.flags.court_obliged {
        out.push(Msg::CourtObliged.text(lang));
    }
    if f.flags.za_zyciem {
        out.push(Msg::ZaZyciem.text(lang));
    }
    if f.flags.niebieska_karta {
        out.push(Msg::NiebieskaKarta.text(lang));
    }
    if f.flags.kurator.is_some() {
        out.push(Msg::Kurator.text(lang));
    }
    if row_foster {
        out.push(Msg::FosterCare.text(lang));
    }
    out
}

fn next_due(lang: Language, row: &FamilyRow) -> String {
    row.next_deadline
        .as_ref()
        .map(|d| {
            format!(
                "{} {}",
                format_date(d.due),
                i18n::deadline_short(lang, d.kind)
            )
        })
        .unwrap_or_default()
}

fn render_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let wide = area.width >= 120;
    let list = &app.family_list;
    let mut header = vec![
        Msg::ColCase,
        Msg::ColFamily,
        Msg::ColAssistant,
        Msg::ColStatus,
        Msg::ColChildren,
        Msg::ColNextDue,
    ];
    // 80 columns: 2 borders, 1 selection marker, 5 gaps, 72 for the cells.
    let mut widths = vec![
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Length(17),
    ];
    if wide {
        header.extend([Msg::ColAddress, Msg::ColFlags]);
        widths[1] = Constraint::Length(18);
        widths[2] = Constraint::Length(16);
        widths.extend([Constraint::Fill(2), Constraint::Fill(1)]);
    }
    let block = Block::bordered()
        .title(list_title(app, theme, area.width, wide))
        .title_bottom(filter_line(frame, app, theme, area));
    if list.visible.is_empty() {
        let empty = if app.snapshot.families.is_empty() {
            Msg::NoFamilies
        } else {
            Msg::NoMatches
        };
        frame.render_widget(Paragraph::new(empty.text(lang)).block(block), area);
        return;
    }
    // Only the visible rows are built: the register may hold tens of thousands.
    let shown = super::window(&app.families, list.visible.len(), table_rows(area));
    let first = shown.start;
    let rows = list.visible[shown]
        .iter()
        .filter_map(|&i| app.snapshot.families.get(i))
        .map(|row| {
            let f = &row.family;
            let mut cells = vec![
                f.case_number.clone(),
                surname(app, &f.name).into_owned(),
                if wide {
                    row.assistant_name.clone()
                } else {
                    i18n::short_name(&row.assistant_name)
                },
                f.status.label(lang).to_string(),
                format!("{:>4}", row.children),
                next_due(lang, row),
            ];
            if wide {
                cells.push(address(app, &f.address).into_owned());
                cells.push(flags(lang, row.foster_care, f).join(", "));
            }
            Row::new(cells)
        });
    let table = Table::new(rows, widths)
        .header(Row::new(header.iter().map(|m| m.text(lang))).style(theme.header()))
        .block(block)
        .row_highlight_style(theme.selected())
        .highlight_symbol("▶");
    let selected = app.families.index.saturating_sub(first);
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The list's title: how many families are shown, then the filters and the order.
fn list_title(app: &App, theme: &Theme, width: u16, wide: bool) -> Line<'static> {
    let lang = app.lang;
    let list = &app.family_list;
    let total = app.snapshot.families.len();
    let shown = list.visible.len();
    let count = if list.is_filtered() {
        format!(
            " {} ({shown} {} {total}) ",
            Msg::ScreenFamilies.text(lang),
            Msg::OfTotal.text(lang)
        )
    } else {
        format!(" {} ({total}) ", Msg::ScreenFamilies.text(lang))
    };
    let assistant = match list.assistant {
        None => Msg::AllAssistants.text(lang).to_string(),
        Some(id) => {
            let name = app
                .snapshot
                .staff
                .get(&id)
                .map(|s| s.name.as_str())
                .unwrap_or("?");
            if wide {
                name.to_string()
            } else {
                i18n::short_name(name)
            }
        }
    };
    let settings = format!(
        "· {} · {assistant} · {} ",
        list.status.label().text(lang),
        list.sort.label().text(lang)
    );
    let room = (width as usize)
        .saturating_sub(2)
        .saturating_sub(count.chars().count());
    Line::from(vec![
        Span::styled(count, theme.heading()),
        Span::raw(fit(&settings, room)),
    ])
}

/// The bottom line of the list: the filter being typed (with the cursor), the filter
/// in force, or the list's keys.
fn filter_line(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) -> Line<'static> {
    let lang = app.lang;
    let list = &app.family_list;
    let room = (area.width as usize).saturating_sub(2);
    if !list.typing && list.query.is_empty() {
        // The list's own keys, as many as fit.
        let mut spans = Vec::new();
        let mut used = 1;
        for b in BINDINGS
            .iter()
            .filter(|b| b.scope == Scope::Screen(Screen::Families) && b.action != Action::Open)
            .filter(|b| b.action != Action::AssistantFilter || !app.caller.is_scoped())
        {
            let key = format!(" {}", key_label(&b.keys[0]));
            let what = format!(" {} ", b.action.description().text(lang));
            let width = Span::raw(key.as_str()).width() + Span::raw(what.as_str()).width();
            if used + width > room {
                break;
            }
            used += width;
            spans.push(Span::styled(key, theme.heading()));
            spans.push(Span::raw(what));
        }
        return Line::from(spans);
    }
    let prefix = format!(" {}: ", Msg::Search.text(lang));
    let hint = format!(
        " · {} ",
        if list.typing {
            Msg::SearchTypingHint
        } else {
            Msg::SearchSetHint
        }
        .text(lang)
    );
    let prefix_width = Span::raw(prefix.as_str()).width();
    let hint_width = Span::raw(hint.as_str()).width();
    // The end of a long filter is shown, where the typing happens.
    let query_room = room.saturating_sub(prefix_width + hint_width + 1).max(1);
    let query = tail(&list.query, query_room);
    let query_width = Span::raw(query.as_str()).width();
    if list.typing {
        let x = area.x as usize + 1 + prefix_width + query_width;
        let y = area.y + area.height.saturating_sub(1);
        if x < (area.x + area.width) as usize {
            frame.set_cursor_position((x as u16, y));
        }
    }
    Line::from(vec![
        Span::styled(prefix, theme.heading()),
        Span::raw(query),
        Span::raw(fit(&hint, room.saturating_sub(prefix_width + query_width))),
    ])
}

/// The end of `s` that fits in `width` columns, starting with `…` when cut.
fn tail(s: &str, width: usize) -> String {
    if Span::raw(s).width() <= width {
        return s.to_string();
    }
    let mut out = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = Span::raw(c.to_string()).width();
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out.into_iter().rev().collect()
}

/// Data rows of a bordered table with a header row.
pub(super) fn table_rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

fn render_detail(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, d: &FamilyDetail) {
    let lang = app.lang;
    let f = &d.family;
    let label = |m: Msg| Span::styled(format!("{}: ", m.text(lang)), theme.heading());
    let mut lines: Vec<Line> = Vec::new();
    let foster = d.members.iter().any(|m| m.in_foster_care(app.today));
    let assistant = f
        .assistant
        .and_then(|id| app.snapshot.staff.get(&id))
        .map(|s| s.name.as_str())
        .unwrap_or("—");
    lines.push(Line::from(vec![
        label(Msg::ColStatus),
        Span::raw(format!(
            "{} · {}: {assistant}",
            f.status.label(lang),
            Msg::ColAssistant.text(lang)
        )),
    ]));
    lines.push(Line::from(vec![
        label(Msg::Address),
        Span::raw(address(app, &f.address).into_owned()),
    ]));
    lines.push(Line::from(vec![
        label(Msg::Phones),
        Span::raw(f.phones.join(", ")),
    ]));
    lines.push(Line::from(vec![
        label(Msg::SocialWorker),
        Span::raw(format!(
            "{} {}",
            f.social_worker.name, f.social_worker.phone
        )),
    ]));
    let date_or_dash =
        |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_else(|| "—".into());
    lines.push(Line::from(vec![
        label(Msg::Referral),
        Span::raw(format!("{} · ", format_date(f.referral_date))),
        label(Msg::Consent),
        Span::raw(format!("{} · ", date_or_dash(f.consent_date))),
        label(Msg::WorkStarted),
        Span::raw(date_or_dash(f.work_started)),
    ]));
    let flag_words = flags(lang, foster, f);
    if !flag_words.is_empty() {
        let mut text = flag_words.join(", ");
        if let Some(k) = &f.flags.kurator {
            text.push_str(&format!(" ({}: {k})", Msg::Kurator.text(lang)));
        }
        lines.push(Line::from(vec![
            label(Msg::ColFlags),
            Span::styled(text, theme.warning()),
        ]));
    }
    if let Some(c) = &f.closure {
        let mut text = format!(
            "{} · {}",
            format_date(c.date),
            i18n::closure_reason(lang, &c.reason)
        );
        if let Some(until) = c.monitoring_until {
            text.push_str(&format!(
                " · {} {}",
                Msg::MonitoringUntil.text(lang),
                format_date(until)
            ));
        }
        lines.push(Line::from(vec![label(Msg::Closure), Span::raw(text)]));
    }

    lines.push(Line::raw(""));
    lines.push(Line::styled(Msg::Members.text(lang), theme.heading()));
    if d.members.is_empty() {
        lines.push(Line::raw(Msg::NoMembers.text(lang)));
    }
    for m in &d.members {
        let mut text = format!(
            "  {} {} — {}",
            m.first_name,
            surname(app, &m.last_name),
            m.role.label(lang)
        );
        if let Some(b) = m.birth_date {
            let age = i18n::age(lang, age_on(b, app.today));
            text.push_str(&format!(", {} ({age})", format_date(b)));
        }
        if let Some(p) = &m.pesel {
            let p = pesel(app, p.as_str());
            text.push_str(&format!(", {} {p}", Msg::Pesel.text(lang)));
        }
        if let Some(left) = m.left_household {
            text.push_str(&format!(
                ", {} {}",
                Msg::LeftHousehold.text(lang),
                format_date(left)
            ));
        }
        lines.push(Line::raw(text));
        if let Some(p) = &m.foster {
            let mut text = format!(
                "      {}: {} {} {}, {} {} {}",
                Msg::FosterCare.text(lang),
                p.form.label(lang),
                Msg::Since.text(lang),
                format_date(p.since),
                Msg::Coordinator.text(lang),
                p.coordinator_name,
                p.coordinator_phone
            );
            if let Some(r) = p.returned_home {
                text.push_str(&format!(
                    ", {} {}",
                    Msg::ReturnedHome.text(lang),
                    format_date(r)
                ));
            }
            lines.push(Line::styled(text, theme.warning()));
        }
    }

    lines.push(Line::raw(""));
    let facts = FamilyFacts {
        case: CaseFacts::of(f),
        last_assessment: d.assessments.first().map(|a| a.date),
        plan: d.plan.as_ref().map(PlanFacts::of),
        foster_since: d
            .members
            .iter()
            .filter(|m| m.left_household.is_none() && m.in_foster_care(app.today))
            .filter_map(|m| m.foster.as_ref().map(|p| p.since))
            .min(),
        court_dues: &CourtDue::open(&d.court_requests),
        visit_without_outcome: None,
        last_held_visit: crate::domain::visits::last_held(&d.visits, app.today),
    };
    let mut assess = d
        .assessments
        .iter()
        .take(3)
        .map(|a| format_date(a.date))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(next) = alerts::next_assessment(&facts, app.backend().rules()) {
        assess.push_str(&format!(
            " · {}: {} ({})",
            Msg::NextAssessment.text(lang),
            format_date(next),
            i18n::days_left(lang, (next - app.today).num_days())
        ));
    }
    lines.push(Line::from(vec![label(Msg::Assessments), Span::raw(assess)]));
    for r in &d.court_requests {
        let state = match r.delivered {
            Some(on) => format!("{} {}", Msg::Delivered.text(lang), format_date(on)),
            None => format!("{} {}", Msg::Deadline.text(lang), format_date(r.due)),
        };
        lines.push(Line::from(vec![
            label(Msg::CourtRequests),
            Span::raw(format!("{}, {} · {state}", r.court, r.signature)),
        ]));
    }

    // The timeline: visits and cooperation entries, newest first (pkt 14, 18–19);
    // `i` opens the cooperation log to add or correct entries.
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{} (i)", Msg::Timeline.text(lang)),
        theme.heading(),
    ));
    if d.visits.is_empty() && d.cooperation.is_empty() {
        lines.push(Line::raw(format!("  {}", Msg::NoCooperation.text(lang))));
    }
    let mut timeline: Vec<(chrono::NaiveDate, chrono::NaiveTime, String)> = d
        .visits
        .iter()
        .map(|v| {
            let mut text = format!(
                "{} {} · {}",
                v.time.format("%H:%M"),
                v.kind.label(lang),
                v.status.label(lang)
            );
            if !v.record.done_now.trim().is_empty() {
                text.push_str(&format!(" — {}", v.record.done_now.replace('\n', " ")));
            }
            (v.date, v.time, text)
        })
        .collect();
    timeline.extend(d.cooperation.iter().map(|c| {
        let person = if c.person.is_empty() {
            String::new()
        } else {
            format!(", {}", c.person)
        };
        (
            c.date,
            chrono::NaiveTime::MIN,
            format!(
                "{}: {} · {}{person}: {}",
                Msg::CooperationShort.text(lang),
                c.institution.label(lang),
                c.institution_name,
                c.note
            ),
        )
    }));
    timeline.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    for (day, _, text) in timeline {
        lines.push(Line::raw(format!("  {} {text}", format_date(day))));
    }
    if !f.history.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(Msg::History.text(lang), theme.heading()));
        for h in f.history.iter().rev() {
            let from = h
                .from
                .map(|s| format!("{} → ", s.label(lang)))
                .unwrap_or_else(|| format!("{} → ", Msg::Registered.text(lang)));
            let by = if h.by.is_empty() {
                String::new()
            } else {
                format!(" ({})", h.by)
            };
            let mut text = format!("  {} {from}{}{by}", format_date(h.date), h.to.label(lang));
            if let Some(c) = &h.closure {
                text.push_str(&format!(": {}", i18n::closure_reason(lang, &c.reason)));
            }
            lines.push(Line::raw(text));
        }
    }
    if !f.notes.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            label(Msg::Notes),
            Span::raw(f.notes.clone()),
        ]));
    }
    if !d.viewed_by.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(Msg::ViewedBy.text(lang), theme.heading()));
        for view in &d.viewed_by {
            let at = format!(
                "{} {}",
                format_date(view.at.date()),
                view.at.format("%H:%M")
            );
            lines.push(Line::raw(format!("  {at} {}", view.login)));
        }
    }

    let block = Block::bordered().title(Span::styled(
        format!(" {} {} ", f.case_number, fit(&surname(app, &f.name), 40)),
        theme.heading(),
    ));
    super::render_scrolled(frame, area, block, lines, app.detail_scroll);
}
