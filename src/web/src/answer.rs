//! The answer the engine gives the page: JSON lines. A [`Head`] (the
//! annotations without their sentences, and the article text), then
//! [`Part`]s of up to [`SENTENCES_PER_LINE`] sentences with their DOM
//! anchors. `readAnswer` in `extension/walker.js` puts them back together.
//!
//! A sentence's `text`, and each of its cues' `text`, are left out: they are
//! the article text between their `start` and `end` (UTF-16 units, so a
//! JavaScript `slice`), and `readAnswer` cuts them back out. They were a
//! quarter of the answer's bytes, and the answer's size is most of what it
//! costs to send it back to the page.
//!
//! Why lines and not one document: the page parses the answer on its own
//! thread, and `JSON.parse` cannot be paused. The answer for the hostile
//! 5 MB page is tens of MB, which one `JSON.parse` held the page for 157 ms;
//! a line at a time, the page gets its turn in between. The W3C form is not
//! in the answer (on a very long page it is several times the size of the
//! article, and Chromium caps a message between extension contexts at
//! 64 MiB); an export asks for it.

use serde::Serialize;

use sourcelight_engine::annotation::{Annotations, Cue, CueKind, Label, Sentence, Source};
use sourcelight_engine::correction::Correction;
use sourcelight_engine::reason::Why;
use sourcelight_engine::Annotated;

/// Sentences per line: a line is parsed in one go on the page's thread, so
/// it must stay well under a frame (1,000 sentences are about 400 KB of
/// JSON, 1–2 ms).
pub const SENTENCES_PER_LINE: usize = 1000;

/// The first line: everything but the sentences.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Head<'a> {
    /// With an empty `sentences`: they follow in [`Part`]s.
    annotations: &'a Annotations,
    article_text: &'a str,
}

/// Each further line: the next sentences and, per sentence,
/// `[startNode, startOffset, endNode, endOffset]` or null.
#[derive(Serialize)]
struct Part<'a> {
    sentences: Vec<WireSentence<'a>>,
    anchors: Vec<Option<[u32; 4]>>,
}

/// A [`Sentence`] without its text, and with its reason unworded (field
/// for field otherwise; the round trip test below fails if a field is
/// missed).
#[derive(Serialize)]
struct WireSentence<'a> {
    id: u32,
    label: Label,
    engine_label: Label,
    key: &'a str,
    correction: &'a Option<Correction>,
    confidence: f64,
    start: u32,
    end: u32,
    cues: Vec<WireCue>,
    source: &'a Option<Source>,
    /// The reason as keys and words (`[[key, arg, …], …]`): the page words
    /// it in the reader's language (`readAnswer`; see `reason`).
    why: &'a Why,
}

/// A [`Cue`] without its text.
#[derive(Serialize)]
struct WireCue {
    kind: CueKind,
    start: u32,
    end: u32,
}

impl<'a> From<&'a Sentence> for WireSentence<'a> {
    fn from(s: &'a Sentence) -> Self {
        let cue = |c: &Cue| WireCue { kind: c.kind, start: c.start, end: c.end };
        WireSentence {
            id: s.id,
            label: s.label,
            engine_label: s.engine_label,
            key: &s.key,
            correction: &s.correction,
            confidence: s.confidence,
            start: s.start,
            end: s.end,
            cues: s.cues.iter().map(cue).collect(),
            source: &s.source,
            why: &s.reason,
        }
    }
}

/// Writes the answer. serde_json's compact form escapes every newline
/// inside a string, so a raw newline only ever separates lines.
pub fn json_lines(a: &Annotated) -> Result<String, serde_json::Error> {
    let head = Annotations { sentences: Vec::new(), ..a.annotations.clone() };
    let mut out = serde_json::to_string(&Head { annotations: &head, article_text: &a.article_text })?;
    let sentences = &a.annotations.sentences;
    for (i, part) in sentences.chunks(SENTENCES_PER_LINE).enumerate() {
        let from = i * SENTENCES_PER_LINE;
        let anchors = (from..from + part.len())
            .map(|k| a.anchors.get(k).copied().flatten().map(|x| [x.start.node, x.start.offset, x.end.node, x.end.offset]))
            .collect();
        out.push('\n');
        out.push_str(&serde_json::to_string(&Part { sentences: part.iter().map(WireSentence::from).collect(), anchors })?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sourcelight_engine::language::ENGLISH;
    use sourcelight_engine::reason::Reasons;
    use sourcelight_engine::{Engine, PageInfo};

    #[test]
    fn lines_put_back_together_give_the_annotations() {
        // 2,500 sentences with newlines inside them: three parts after the
        // head. Text outside the BMP, so UTF-16 offsets differ from chars.
        let text: String = (0..1250).map(|i| format!("Line {i} 😀 says the “mayor”,\naccording to Reuters. It may rain in Zürich.\n\n")).collect();
        let a = Engine::default().annotate_text(&text, &PageInfo { url: "u", title: "t\nt", generated_at: "now" });
        assert_eq!(a.annotations.sentences.len(), 2500);
        let out = json_lines(&a).unwrap();
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines.len(), 4);
        let head: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(head["articleText"], a.article_text.as_str());
        assert_eq!(head["annotations"]["sentences"], serde_json::json!([]));
        // What readAnswer does: texts cut back out of the article text.
        let units: Vec<u16> = a.article_text.encode_utf16().collect();
        let cut = |v: &serde_json::Value| {
            let at = |k: &str| v[k].as_u64().unwrap() as usize;
            serde_json::Value::String(String::from_utf16(&units[at("start")..at("end")]).unwrap())
        };
        // What readAnswer does with the reason: its messages worded and joined.
        let reasons = Reasons::parse(ENGLISH.reasons).unwrap();
        let word = |why: &serde_json::Value| {
            let mut out = String::new();
            for m in why.as_array().unwrap() {
                let m: Vec<String> = m.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
                if !out.is_empty() {
                    out.push(' ');
                }
                reasons.render_message(&m[0], &m[1..], &mut out);
            }
            out
        };
        let mut sentences = Vec::new();
        let mut anchors = 0;
        for line in &lines[1..] {
            let part: serde_json::Value = serde_json::from_str(line).unwrap();
            for s in part["sentences"].as_array().unwrap() {
                assert!(s.get("text").is_none());
                let mut s = s.clone();
                s["text"] = cut(&s);
                for c in s["cues"].as_array_mut().unwrap() {
                    c["text"] = cut(c);
                }
                s["why"] = serde_json::Value::String(word(&s["why"]));
                sentences.push(s);
            }
            anchors += part["anchors"].as_array().unwrap().len();
        }
        assert_eq!(anchors, 2500);
        let mut whole = head["annotations"].clone();
        whole["sentences"] = serde_json::Value::Array(sentences);
        assert_eq!(whole, serde_json::to_value(&a.annotations).unwrap());
    }
}
