//! The learned decision over the rules: the student (or, natively, the
//! linear model) takes the rules' evidence and the words, and where its
//! label differs from the rules' it says which words decided it.

use std::ops::Range;
use std::rc::Rc;

use super::context::{resolve, Carry};
use super::sentence::*;
use super::{Classifier, Decision, Input};

use crate::annotation::{Label, Source};
use crate::learn::{class_of, FeatureId, Prediction};
use crate::reason::Why;

impl Classifier {
    /// The learned call on a sentence the rules have decided: the student
    /// where it is loaded, else (natively) the linear model.
    pub(super) fn learned(&self, s: &Sentence, input: &Input, carry: &Carry, d: &mut Decision) {
        if let Some(student) = &self.student {
            let reading = student.read(input.text);
            let words_from = crate::learn::word_buckets_from(self.model.buckets);
            let evidence: Vec<FeatureId> = d.features.ids.iter().copied().filter(|f| f.0 < words_from).collect();
            let prev = carry.prev_reading.as_deref().map(Vec::as_slice);
            let p = student.predict(&reading, prev, &evidence, d.rule_label);
            let pulls = if p.label == d.rule_label {
                Vec::new()
            } else {
                student.pulls(&reading, prev, &evidence, class_of(p.label), class_of(d.rule_label))
            };
            self.apply(s, carry, d, p, pulls);
            d.carry.prev_reading = Some(Rc::new(reading.mean));
        }
        #[cfg(not(target_arch = "wasm32"))]
        if self.student.is_none() && !self.model.is_empty() {
            let p = self.model.predict(&d.features.ids, d.rule_label);
            let (new, old) = (class_of(p.label), class_of(d.rule_label));
            let pulls = d
                .features
                .ids
                .iter()
                .zip(&d.features.spans)
                .filter_map(|(&f, span)| {
                    let pull = self.model.weight(f, new) - self.model.weight(f, old);
                    span.clone().filter(|_| pull > 0.0).map(|r| (pull, r))
                })
                .collect();
            self.apply(s, carry, d, p, pulls);
        }
    }

    /// Takes the learned label and its calibrated probability; where it
    /// differs from the rules', says which words decided it (`pulls`: each
    /// word's pull toward the new label, with its bytes).
    pub(super) fn apply(&self, s: &Sentence, carry: &Carry, d: &mut Decision, p: Prediction, mut pulls: Vec<(f32, Range<usize>)>) {
        // Two decimals: what a reader can use, and exact through JSON.
        d.confidence = (f64::from(p.confidence) * 100.0).round() / 100.0;
        if p.label == d.rule_label {
            return;
        }
        // The two strongest, picked by hand: a sort would add its code to the wasm.
        let mut words: Vec<String> = Vec::new();
        let mut top: Vec<Range<usize>> = Vec::new();
        while words.len() < 2 && !pulls.is_empty() {
            let k = (0..pulls.len()).fold(0, |b, i| if pulls[i].0 > pulls[b].0 { i } else { b });
            let (_, r) = pulls.swap_remove(k);
            let w = s.text[r.clone()].trim().to_string();
            // A quotation mark or a dash pulls too, but names nothing.
            if s.text[r.clone()].chars().any(char::is_alphanumeric) && !words.contains(&w) {
                words.push(w);
                top.push(r);
            }
        }
        // The reason's key for the label, with `_1` or `_2` for the words it quotes.
        let n = words.len().min(2);
        let keyed = |keys: [&'static str; 3]| keys[n];
        let rules_said = d.rule_label.as_str().to_string();
        match p.label {
            Label::Sourced => {
                if d.source.is_none() {
                    d.source = signed_by(s);
                }
                let quoted = s.toks.iter().any(|t| t.in_quote) || carry.open_quote;
                if d.source.is_none() && quoted {
                    d.source = carry.source.clone();
                }
                if d.source.is_none() {
                    d.source = self.source_before_cue(s, &top, carry);
                }
                d.why = match &d.source {
                    Some(src) => {
                        let key = keyed(["why_reads_sourced_by", "why_reads_sourced_by_1", "why_reads_sourced_by_2"]);
                        words.insert(0, src.text.clone());
                        Why::new(key, words)
                    }
                    None => Why::new(keyed(["why_reads_sourced", "why_reads_sourced_1", "why_reads_sourced_2"]), words),
                };
            }
            Label::Speculative => {
                d.source = None;
                d.why = Why::new(keyed(["why_reads_speculative", "why_reads_speculative_1", "why_reads_speculative_2"]), words);
            }
            Label::Unsourced => {
                d.source = None;
                // The words that pulled this way are the cues the model discounted.
                let key = keyed(["why_reads_unsourced", "why_reads_unsourced_1", "why_reads_unsourced_2"]);
                words.insert(0, rules_said);
                d.why = Why::new(key, words);
            }
            Label::None => {
                d.source = None;
                d.why = Why::new(keyed(["why_reads_none", "why_reads_none_1", "why_reads_none_2"]), words);
            }
        }
        d.label = p.label;
    }

    /// Where the student reads a sentence as attributed and the rules found
    /// no source: the subject of a verb, the words that decided first and
    /// then the sentence's words in order ("the union argued that…": "the
    /// union"; "He didn't suggest retaliation.": "He"), if that subject
    /// reads as someone who can speak.
    pub(super) fn source_before_cue(&self, s: &Sentence, cues: &[Range<usize>], carry: &Carry) -> Option<Source> {
        let decided = cues.iter().filter_map(|r| s.toks.iter().position(|t| t.kind == TokKind::Word && t.range.start == r.start));
        let in_order = (0..s.toks.len()).filter(|&t| s.toks[t].kind == TokKind::Word);
        for t in decided.chain(in_order) {
            // A verb: lowercase, outside quotation marks, no function word.
            let w = s.norm(t);
            if s.toks[t].cap || s.toks[t].in_quote || DETERMINERS.contains(&w) || PREPOSITIONS_AFTER_VERB.contains(&w) || is_finite(w) {
                continue;
            }
            let Some(subj) = self.subject_before(s, t) else { continue };
            let text = s.text[subj.clone()].trim();
            if !self.may_speak(text) {
                continue;
            }
            let anonymous = self.subject_is_anonymous(&subj, s);
            let mut src = Source { text: text.to_string(), anonymous, href: None, mention: None };
            resolve(&mut src, &carry.recent);
            return Some(src);
        }
        None
    }

    /// Whether a subject phrase can name a speaker: a pronoun for people, a
    /// name, or a determiner and a noun; not an opening word ("When",
    /// "Conversely"), a lone determiner or a long clause.
    fn may_speak(&self, text: &str) -> bool {
        let words: Vec<String> = text.split_whitespace().map(crate::lexicon::norm_word).collect();
        let Some(first) = words.first() else { return false };
        let opener = SUBJECT_STOPS.contains(&first.as_str())
            || PREPOSITIONS_AFTER_VERB.contains(&first.as_str())
            || self.lex.openers.contains_word(first)
            || self.is_adverb(first)
            || matches!(first.as_str(), "according" | "conversely" | "but" | "or" | "for" | "as" | "if");
        let capital = text.starts_with(char::is_uppercase);
        let head = if DETERMINERS.contains(&first.as_str()) {
            words.len() >= 2
        } else {
            is_person_pronoun(first) || matches!(first.as_str(), "i" | "we") || capital
        };
        words.len() <= 8 && !opener && head && !text.contains(|c: char| c.is_ascii_digit())
    }
}

/// A quotation or a line signed with a dash and a name ("― Edwin G.
/// Monroy “Mr. Trump is…”"): the name is its source.
fn signed_by(s: &Sentence) -> Option<Source> {
    let dash = s.toks.first().filter(|t| matches!(t.kind, TokKind::Punct('―' | '—' | '–')))?;
    let name: Vec<&Tok> = s.toks[1..].iter().take_while(|t| t.kind == TokKind::Word || t.kind == TokKind::Punct('.')).collect();
    let words = name.iter().filter(|t| t.kind == TokKind::Word).count();
    let named = (1..=5).contains(&words) && name.iter().all(|t| t.kind != TokKind::Word || t.cap);
    let last = name.iter().rev().find(|t| t.kind == TokKind::Word)?;
    named.then(|| Source { text: s.text[dash.range.end..last.range.end].trim().to_string(), anonymous: false, href: None, mention: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    fn signed(text: &str) -> Option<String> {
        let lex = Lexicon::english();
        let (s, _) = Sentence::new(text, false, &lex);
        signed_by(&s).map(|src| src.text)
    }

    #[test]
    fn a_dash_and_a_name_sign_a_line() {
        assert_eq!(signed("― Edwin G. Monroy “Mr. Trump is clueless.”").as_deref(), Some("Edwin G. Monroy"));
        assert_eq!(signed("— Ariana Huichapa.").as_deref(), Some("Ariana Huichapa"));
        assert_eq!(signed("― the crowd roared."), None);
        assert_eq!(signed("Edwin Monroy said so."), None);
    }

    #[test]
    fn a_source_is_someone_who_can_speak() {
        let c = Classifier::new(Lexicon::english());
        for yes in ["He", "the agency", "Clinton communications director Jennifer Palmieri", "We"] {
            assert!(c.may_speak(yes), "{yes}");
        }
        for no in ["When", "The", "Conversely", "compared to 11% of Democratic", "", "On her", "in an interview"] {
            assert!(!c.may_speak(no), "{no}");
        }
    }
}
