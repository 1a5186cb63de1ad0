//! The workstation's terminal backend: crossterm's, except that a short run of cells
//! that did not change between two changed ones on the same row is written again
//! instead of jumped over, when that takes fewer bytes than the jump. ratatui sends
//! only the cells that changed, and crossterm moves the cursor before each run of
//! them (6 to 8 bytes); a screen switch at 80×24 made about a hundred such jumps over
//! one to three equal cells, a kilobyte of the 3 KiB it may write on a slow link.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Position, Rect, Size};
use ratatui::text::Span;

/// A backend that bridges short gaps (see the module), over `B`.
pub struct GapBridging<B: Backend> {
    inner: B,
    /// What the terminal shows, as drawn through this backend since the last full
    /// clear; None when that is not known (after a partial clear or a scroll), until
    /// the next full clear.
    shown: Option<Buffer>,
}

impl<B: Backend> GapBridging<B> {
    /// Wraps `inner`, over a blank screen (a freshly entered alternate screen, which
    /// ratatui's first draw takes to be blank too).
    pub fn new(inner: B) -> Result<Self, B::Error> {
        let size = inner.size()?;
        Ok(GapBridging::over_blank(inner, size))
    }

    /// Wraps `inner`, over a blank screen of `size`.
    pub fn over_blank(inner: B, size: Size) -> Self {
        GapBridging {
            inner,
            shown: Some(blank(size)),
        }
    }

    /// Forgets what the terminal shows, or takes it to be blank at the current size (if
    /// the terminal tells it).
    fn reset(&mut self, blank_now: bool) -> Result<(), B::Error> {
        self.shown = match blank_now {
            true => self.inner.size().ok().map(blank),
            false => None,
        };
        Ok(())
    }
}

/// A blank screen of `size`.
fn blank(size: Size) -> Buffer {
    Buffer::empty(Rect::new(0, 0, size.width, size.height))
}

/// The bytes crossterm writes to move the cursor to (`x`, `y`): `ESC [ y+1 ; x+1 H`.
fn jump_bytes(x: u16, y: u16) -> usize {
    let digits = |n: u16| (u32::from(n) + 1).to_string().len();
    4 + digits(x) + digits(y)
}

/// True if `cell` is one column wide and drawn as any other cell is (not a half of a
/// wide character, not one a widget keeps ratatui from drawing).
#[allow(deprecated)] // `skip` is still set by widgets written for ratatui 0.29.
fn one_column(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::None && !cell.skip && Span::raw(cell.symbol()).width() == 1
}

/// The cells of `shown` strictly between `from` and `to` on row `y`, if writing them
/// after `last` (drawn at `from`) takes fewer bytes than jumping to `to`: each one
/// column wide and drawn as `last` is, so that no style change is written either.
fn bridge<'b>(
    shown: &'b Buffer,
    (from, to, y): (u16, u16, u16),
    last: &Cell,
) -> Option<Vec<&'b Cell>> {
    let budget = jump_bytes(to, y);
    if !one_column(last) || usize::from(to - from - 1) >= budget {
        return None;
    }
    let mut gap = Vec::new();
    let mut bytes = 0;
    for x in from + 1..to {
        let cell = shown.cell(Position { x, y })?;
        bytes += cell.symbol().len();
        if !one_column(cell) || cell.style() != last.style() || bytes >= budget {
            return None;
        }
        gap.push(cell);
    }
    Some(gap)
}

/// Notes the drawn `content` in `shown`; the columns a wide character covers become
/// cells that are never written again as a bridge. False if a cell lies outside it.
fn record(shown: &mut Buffer, content: &[(u16, u16, &Cell)]) -> bool {
    for &(x, y, cell) in content {
        let Some(at) = shown.cell_mut(Position { x, y }) else {
            return false;
        };
        *at = cell.clone();
        let width = Span::raw(cell.symbol()).width();
        for covered in (1..width).filter_map(|k| u16::try_from(k).ok()) {
            if let Some(at) = shown.cell_mut(Position {
                x: x.saturating_add(covered),
                y,
            }) {
                at.set_diff_option(CellDiffOption::Skip);
            }
        }
    }
    true
}

impl<B: Backend> Backend for GapBridging<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let content: Vec<(u16, u16, &'a Cell)> = content.collect();
        let mut out: Vec<(u16, u16, &Cell)> = Vec::with_capacity(content.len());
        if let Some(shown) = &self.shown {
            let mut last: Option<(u16, u16, &Cell)> = None;
            for &(x, y, cell) in &content {
                if let Some((from, row, previous)) = last
                    && row == y
                    && x > from + 1
                    && let Some(gap) = bridge(shown, (from, x, y), previous)
                {
                    out.extend((from + 1..x).zip(gap).map(|(gx, c)| (gx, y, c)));
                }
                out.push((x, y, cell));
                last = Some((x, y, cell));
            }
        } else {
            out.extend(content.iter().copied());
        }
        self.inner.draw(out.into_iter())?;
        if let Some(shown) = &mut self.shown
            && !record(shown, &content)
        {
            // Drawn outside the screen it knew: it no longer knows the screen.
            self.shown = None;
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.reset(false)?;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()?;
        self.reset(true)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)?;
        self.reset(clear_type == ClearType::All)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use proptest::prelude::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};
    use ratatui::text::Line;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::*;

    const WIDTH: u16 = 12;
    const HEIGHT: u16 = 4;

    /// Bytes written, shared with the test.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A frame: rows of runs of text, each bold or not.
    type Frame = Vec<Vec<(String, bool)>>;

    fn frame() -> impl Strategy<Value = Frame> {
        let text = prop::collection::vec(
            prop::sample::select(vec!["a", "b", " ", "ś", "─", "字"]),
            0..6,
        )
        .prop_map(|parts| parts.concat());
        let row = prop::collection::vec((text, any::<bool>()), 0..4);
        prop::collection::vec(row, HEIGHT as usize)
    }

    /// Draws `frames` one after another on a terminal over `backend`, giving the bytes
    /// written for each.
    fn draw_all<B: Backend>(backend: B, written: &Written, frames: &[Frame]) -> Vec<Vec<u8>>
    where
        B::Error: std::fmt::Debug,
    {
        let area = Rect::new(0, 0, WIDTH, HEIGHT);
        let viewport = Viewport::Fixed(area);
        let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        frames
            .iter()
            .map(|rows| {
                written.0.lock().unwrap().clear();
                terminal
                    .draw(|f| {
                        for (y, runs) in rows.iter().enumerate() {
                            let spans = runs.iter().map(|(text, bold)| {
                                let style = match bold {
                                    true => Style::new().add_modifier(Modifier::BOLD),
                                    false => Style::new(),
                                };
                                Span::styled(text.clone(), style)
                            });
                            let line = Line::from_iter(spans);
                            let row = Rect::new(0, y as u16, WIDTH, 1);
                            f.render_widget(line, row);
                        }
                    })
                    .unwrap();
                written.0.lock().unwrap().clone()
            })
            .collect()
    }

    /// The screen a terminal shows after `bytes`, cell by cell: the text and whether bold.
    fn shown_after(bytes: &[Vec<u8>]) -> Vec<Vec<(String, bool)>> {
        let nonzero = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(nonzero(HEIGHT), nonzero(WIDTH), 0);
        for b in bytes {
            parser.process(b);
        }
        let screen = parser.screen();
        (0..HEIGHT)
            .map(|y| {
                (0..WIDTH)
                    .map(|x| {
                        let cell = screen.cell(y, x).unwrap();
                        // A cell never written shows as a blank, as a written space does.
                        let text = match cell.contents() {
                            "" => " ",
                            text => text,
                        };
                        (text.to_string(), cell.bold())
                    })
                    .collect()
            })
            .collect()
    }

    proptest! {
        #[test]
        fn a_bridged_screen_is_the_same_screen_in_fewer_bytes(frames in prop::collection::vec(frame(), 1..6)) {
            let size = Size::new(WIDTH, HEIGHT);
            let (plain, bridged) = (Written::default(), Written::default());
            let plain_bytes = draw_all(CrosstermBackend::new(plain.clone()), &plain, &frames);
            let backend = GapBridging::over_blank(CrosstermBackend::new(bridged.clone()), size);
            let bridged_bytes = draw_all(backend, &bridged, &frames);
            for n in 1..=frames.len() {
                prop_assert_eq!(shown_after(&bridged_bytes[..n]), shown_after(&plain_bytes[..n]), "after frame {}", n);
                prop_assert!(bridged_bytes[n - 1].len() <= plain_bytes[n - 1].len());
            }
        }
    }

    #[test]
    fn a_short_gap_is_written_over_and_a_long_one_jumped() {
        let size = Size::new(WIDTH, HEIGHT);
        let text = |s: &str| vec![vec![(s.to_string(), false)]; HEIGHT as usize];
        let frames = [
            text("abcdefghijkl"),
            text("Xbcdefghijkl"),
            text("WbcYefghijkZ"),
        ];
        let (plain, bridged) = (Written::default(), Written::default());
        let plain_bytes = draw_all(CrosstermBackend::new(plain.clone()), &plain, &frames);
        let backend = GapBridging::over_blank(CrosstermBackend::new(bridged.clone()), size);
        let bridged_bytes = draw_all(backend, &bridged, &frames);
        // "W" to "Y" skips two cells ("bc"): written over, two bytes instead of a jump;
        // "Y" to "Z" skips seven, as many bytes as the jump takes.
        let third = String::from_utf8_lossy(&bridged_bytes[2]).to_string();
        assert!(third.contains("WbcY"), "{third:?}");
        assert!(!third.contains("Yefghijk"), "{third:?}");
        assert!(bridged_bytes[2].len() < plain_bytes[2].len());
        assert_eq!(shown_after(&bridged_bytes), shown_after(&plain_bytes));
    }
}
