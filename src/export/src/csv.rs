//! The CSV export, one row per sentence, for spreadsheets (RFC 4180: comma
//! separated, CRLF line ends, fields quoted where they need it), written
//! here rather than with a CSV crate: this is all of it, and the wasm pays
//! for every crate.
//!
//! Two things are for spreadsheets in particular: the file starts with a
//! UTF-8 byte order mark, without which Excel reads UTF-8 as a legacy code
//! page; and a text field that starts like a formula (`=`, `+`, `-`, `@`,
//! a tab or a carriage return) gets a leading `'`, so that a sentence from
//! a hostile page is shown as text, never evaluated (OWASP's advice on CSV
//! injection).

use sourcelight_engine::annotation::{Annotations, Label};

/// The columns, in order.
pub const HEADER: [&str; 10] = ["id", "label", "engine_label", "confidence", "source", "anonymous", "start", "end", "text", "comment"];

/// One sentence's row: `label` is the reader's where they corrected it,
/// `comment` their comment; `source`/`anonymous` are empty without a source.
pub struct Row<'a> {
    pub id: u32,
    pub label: Label,
    pub engine_label: Label,
    pub confidence: f64,
    pub source: Option<(&'a str, bool)>,
    pub start: u32,
    pub end: u32,
    pub text: &'a str,
    pub comment: &'a str,
}

/// Writes the header and the rows.
pub fn write<'a>(rows: impl IntoIterator<Item = Row<'a>>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for r in rows {
        // Two places, as the engine rounds it; integers only (a float
        // formatter would cost the wasm more than this whole file).
        let hundredths = (r.confidence.clamp(0.0, 1.0) * 100.0).round() as u32;
        out.push_str(&format!("{},{},{},{}.{:02},", r.id, r.label.as_str(), r.engine_label.as_str(), hundredths / 100, hundredths % 100));
        match r.source {
            Some((text, anonymous)) => {
                text_field(&mut out, text);
                out.push_str(if anonymous { ",true," } else { ",false," });
            }
            None => out.push_str(",,"),
        }
        out.push_str(&format!("{},{},", r.start, r.end));
        text_field(&mut out, r.text);
        out.push(',');
        text_field(&mut out, r.comment);
        out.push_str("\r\n");
    }
    out
}

/// A text field: defused if it starts like a formula, quoted if it holds a
/// comma, a quote, a line break or edge spaces.
fn text_field(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let formula = matches!(b.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quote = formula || b.first() == Some(&b' ') || b.last() == Some(&b' ') || b.iter().any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r'));
    if !quote {
        out.push_str(s);
        return;
    }
    out.push_str(if formula { "\"'" } else { "\"" });
    for (i, part) in s.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// The CSV form of these annotations (see the module's notes).
pub fn of(annotations: &Annotations) -> String {
    write(annotations.sentences.iter().map(|s| Row {
        id: s.id,
        label: s.label,
        engine_label: s.engine_label,
        confidence: s.confidence,
        source: s.source.as_ref().map(|x| (x.text.as_str(), x.anonymous)),
        start: s.start,
        end: s.end,
        text: &s.text,
        comment: s.correction.as_ref().map_or("", |c| c.comment.as_str()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(text: &'a str, comment: &'a str) -> Row<'a> {
        Row {
            id: 3,
            label: Label::Sourced,
            engine_label: Label::Unsourced,
            confidence: 0.83,
            source: Some(("the mayor", false)),
            start: 10,
            end: 20,
            text,
            comment,
        }
    }

    #[test]
    fn rows_quote_what_needs_quoting() {
        let out = write([row("He said, “no”, and \"left\".", ""), row("Plain.", "line\nbreak")]);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "\u{feff}id,label,engine_label,confidence,source,anonymous,start,end,text,comment");
        assert_eq!(lines[1], "3,sourced,unsourced,0.83,the mayor,false,10,20,\"He said, “no”, and \"\"left\"\".\",");
        assert_eq!(lines[2], "3,sourced,unsourced,0.83,the mayor,false,10,20,Plain.,\"line\nbreak\"");
        assert_eq!(lines[3], "");
    }

    #[test]
    fn formulas_are_defused() {
        for evil in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"] {
            let out = write([row(evil, "")]);
            let field = out.split("\r\n").nth(1).unwrap().split_once("20,").unwrap().1;
            assert!(field.starts_with("\"'"), "{evil} gave {field}");
        }
    }

    #[test]
    fn no_source_leaves_both_columns_empty() {
        let mut r = row("A.", "");
        r.source = None;
        assert!(write([r]).contains(",0.83,,,10,20,A.,"));
        let mut one = row("B.", "");
        one.confidence = 1.0;
        assert!(write([one]).contains(",unsourced,1.00,"));
    }
}
