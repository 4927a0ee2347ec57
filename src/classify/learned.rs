//! The learned decision over the rules: the student (or, natively, the
//! linear model) takes the rules' evidence and the words, and where its
//! label differs from the rules' it says which words decided it.

use std::ops::Range;
use std::rc::Rc;

use super::context::{resolve, Carry};
use super::sentence::*;
use super::{Classifier, Decision, Input};

use crate::learn::{class_of, FeatureId, Prediction};
use crate::model::{Label, Source};

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
            let w = format!("\u{201c}{}\u{201d}", s.text[r.clone()].trim());
            if !words.contains(&w) {
                words.push(w);
                top.push(r);
            }
        }
        let cued = if words.is_empty() { String::new() } else { format!(": {}", words.join(", ")) };
        let rules_said = d.rule_label.as_str();
        match p.label {
            Label::Sourced => {
                let quoted = s.toks.iter().any(|t| t.in_quote) || carry.open_quote;
                if d.source.is_none() && quoted {
                    d.source = carry.source.clone();
                }
                if d.source.is_none() {
                    d.source = self.source_before_cue(s, &top, carry);
                }
                d.why = match &d.source {
                    Some(src) => format!("Reads as attributed to {}{cued}.", src.text),
                    None => format!("Reads as attributed{cued}."),
                };
            }
            Label::Speculative => {
                d.source = None;
                d.why = format!("Reads as hedged or forecast in the writer's voice{cued}.");
            }
            Label::Unsourced => {
                d.source = None;
                // The words that pulled this way are the cues the model discounted.
                let discounted = match words.len() {
                    0 => String::new(),
                    n => format!(": {} {} not attribute or hedge it here", words.join(" and "), if n == 1 { "does" } else { "do" }),
                };
                d.why = format!("Reads as stated as fact in the writer's own voice{discounted} (the rules alone said {rules_said}).");
            }
            Label::None => {
                d.source = None;
                d.why = format!("Reads as not a checkable claim{cued}.");
            }
        }
        d.label = p.label;
    }

    /// Where the student reads a sentence as attributed and the rules found
    /// no source: the subject before the word that decided it, if that word
    /// reads as a verb with one ("the union argued that…": "the union").
    pub(super) fn source_before_cue(&self, s: &Sentence, cues: &[Range<usize>], carry: &Carry) -> Option<Source> {
        for r in cues {
            let Some(t) = s.toks.iter().position(|t| t.kind == TokKind::Word && t.range.start == r.start) else { continue };
            let Some(subj) = self.subject_before(s, t) else { continue };
            let text = s.text[subj.clone()].trim();
            if text.is_empty() || text.split_whitespace().count() > 10 {
                continue;
            }
            let anonymous = self.subject_is_anonymous(&subj, s);
            let mut src = Source { text: text.to_string(), anonymous, href: None, mention: None };
            resolve(&mut src, &carry.recent);
            return Some(src);
        }
        None
    }
}
