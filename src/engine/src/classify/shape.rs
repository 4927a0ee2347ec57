//! The sentence's shape: what is no checkable claim whatever its words
//! (headings, captions, bylines, questions, calls to action, boilerplate,
//! fragments, lines in capitals), the guide's `none`.

use super::attribution::Attribution;
use super::sentence::*;
use super::{Classifier, Decision, Input, RawCue};
use crate::annotation::{CueKind, Label};
use crate::block::BlockKind;
use crate::reason::Why;

impl Classifier {
    /// No claim, before any attribution is looked for.
    pub(super) fn not_a_claim(&self, s: &Sentence, input: &Input) -> Option<Decision> {
        let all = 0..s.text.len();
        match input.kind {
            BlockKind::Heading => return Some(self.none(CueKind::Heading, all, 0.95, "why_heading")),
            BlockKind::Caption => return Some(self.none(CueKind::Caption, all, 0.9, "why_caption")),
            BlockKind::Byline => return Some(self.none(CueKind::Byline, all, 0.95, "why_byline")),
            BlockKind::CallToAction => return Some(self.none(CueKind::CallToAction, all, 0.9, "why_call_to_action")),
            _ => {}
        }
        let trimmed = trimmed(s.text);
        if let Some(mark) = trimmed.chars().next_back().filter(|c| matches!(c, '?' | '？' | '؟')) {
            let q = trimmed.len() - mark.len_utf8()..trimmed.len();
            // `Trump said: "Did she…?"` reports a question: the attribution decides.
            let quoted = s.toks.iter().rev().find(|t| t.range.start < q.start).is_some_and(|t| t.in_quote);
            if !quoted || self.attributions(s, input).iter().all(|a| a.vague) {
                return Some(self.none(CueKind::Question, q, 0.9, "why_question"));
            }
        }
        if s.norms.is_empty() {
            return Some(self.none(CueKind::Fragment, all, 0.9, "why_no_words"));
        }
        if let Some(n) = s.phrase_at(&self.lex.calls_to_action, 0) {
            if s.norms.len() <= 25 {
                return Some(self.none(CueKind::CallToAction, s.word_range(0, n), 0.85, "why_call_to_action"));
            }
        }
        // After an opening clause: "To see it in action, check out the
        // footage below:", "If you run a website, try browsing it…".
        let opens_clause = s.norms.iter().take(2).any(|w| matches!(w.as_str(), "to" | "if" | "since" | "when" | "once" | "before" | "unless"));
        if opens_clause && s.norms.len() <= 25 {
            let comma = s.toks.iter().position(|t| t.kind == TokKind::Punct(','));
            let next = comma.and_then(|c| s.toks.get(c + 1)).filter(|t| t.kind == TokKind::Word).map(|t| t.word as usize);
            if let Some((w, n)) = next.and_then(|w| s.phrase_at(&self.lex.calls_to_action, w).map(|n| (w, n))) {
                return Some(self.none(CueKind::CallToAction, s.word_range(w, n), 0.85, "why_call_to_action"));
            }
        }
        if let Some(&(w, n)) = s.find(&self.lex.boilerplate).first() {
            return Some(self.none(CueKind::Boilerplate, s.word_range(w, n), 0.85, "why_boilerplate"));
        }
        if s.text.starts_with('©') || s.text.starts_with("(c)") {
            return Some(self.none(CueKind::Boilerplate, all, 0.85, "why_copyright"));
        }
        None
    }

    /// No claim for want of one: a fragment, or a line that reads as a
    /// heading; only where no attribution makes it one.
    pub(super) fn bare_line(&self, s: &Sentence, input: &Input, attributions: &[Attribution]) -> Option<Decision> {
        let all = 0..s.text.len();
        let trimmed = trimmed(s.text);
        // "But there is progress." and "But we messed up." have a clause.
        let clause = s.norms.iter().any(|w| {
            matches!(
                w.as_str(),
                "i" | "we"
                    | "you"
                    | "he"
                    | "she"
                    | "they"
                    | "there"
                    | "is"
                    | "are"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "can"
                    | "did"
                    | "does"
            )
        });
        // "Here." "Literally.": one word is no claim.
        let one_word = s.norms.len() == 1 && !s.text.bytes().any(|b| b.is_ascii_digit());
        if attributions.is_empty() && (one_word || (s.norms.len() <= 4 && s.is_word_of(&self.lex.fragment_starts, 0) && !clause)) {
            return Some(self.none(CueKind::Fragment, all, 0.7, "why_fragment"));
        }
        let ends_like_sentence = trimmed.ends_with(['.', '!', ':', ';', '…', '。', '！']);
        // "EXPERTS DOWNPLAY PLANNED LAUNCH.", "TOP STORIES.": a line in
        // capitals outside quotation marks is a heading or a label.
        let letters = || s.text.chars().filter(|c| c.is_alphabetic());
        let capitals = s.norms.len() >= 2 && letters().all(char::is_uppercase) && letters().count() >= 6 && !s.toks.iter().any(|t| t.in_quote);
        if capitals && attributions.is_empty() {
            return Some(self.none(CueKind::Heading, all, 0.7, "why_heading_capitals"));
        }
        if input.whole_block && !ends_like_sentence && s.norms.len() <= 12 && attributions.is_empty() {
            return Some(self.none(CueKind::Heading, all, 0.7, "why_heading_no_stop"));
        }
        None
    }

    /// No claim: `why` is the reason's key (`_locales`, see `reason`).
    pub(super) fn none(&self, kind: CueKind, range: std::ops::Range<usize>, confidence: f64, why: &'static str) -> Decision {
        Decision::of(Label::None, confidence, vec![RawCue { kind, range }], None, Why::fixed(why))
    }
}

/// The sentence without its closing quotation marks and brackets.
pub(super) fn trimmed(text: &str) -> &str {
    text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»)]".contains(c))
}
