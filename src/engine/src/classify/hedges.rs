//! Hedges in the writer's voice (rule 2): hedge adverbs, modals outside
//! reported speech and asides, and conditionals with a forecast; a hedge
//! inside a source's reported words is the source's (rule 1).

use std::ops::Range;

use super::attribution::Attribution;
use super::sentence::*;
use super::{Classifier, RawCue};
use crate::annotation::CueKind;

impl Classifier {
    pub(super) fn writer_hedges(&self, s: &Sentence, attributions: &[Attribution]) -> Vec<RawCue> {
        let reported: Vec<Range<usize>> = attributions.iter().flat_map(|a| a.reported.iter().cloned()).collect();
        let in_reported = |r: &Range<usize>| reported.iter().any(|x| x.start <= r.start && r.end <= x.end);
        let in_quote = |w: usize| s.toks[s.words[w]].in_quote;
        let not_hedge: Vec<Range<usize>> = s.find(&self.lex.not_hedges).into_iter().map(|(w, n)| s.word_range(w, n)).collect();
        let excluded = |r: &Range<usize>| not_hedge.iter().any(|x| x.start <= r.start && r.end <= x.end);

        // Hedges in the writer's voice.
        let mut hedges: Vec<RawCue> = Vec::new();
        for (w, n) in s.find(&self.lex.hedge_adverbs) {
            let r = s.word_range(w, n);
            if !in_quote(w) && !excluded(&r) {
                hedges.push(RawCue { kind: CueKind::Hedge, range: r });
            }
        }
        // A modal in a relative or concessive clause hedges that clause,
        // not the sentence's claim ("Contracts, which may result in a
        // payment, will contain…", "While they may not solve it, there are
        // steps…"): the clause runs from its marker to the next break.
        let modals = s.find(&self.lex.hedge_modals);
        let mut aside: Vec<Range<usize>> = Vec::new();
        for w in (0..s.norms.len()).filter(|_| !modals.is_empty()) {
            let t = s.words[w];
            let marker = matches!(
                s.norms[w].as_str(),
                "which" | "who" | "whom" | "whose" | "while" | "although" | "though" | "whereas" | "whatever" | "whichever"
            ) || (s.norms[w] == "even" && s.norms.get(w + 1).is_some_and(|x| x == "if"));
            if !marker || s.toks[t].in_quote {
                continue;
            }
            let end =
                (t + 1..s.toks.len()).find(|&k| matches!(s.toks[k].kind, TokKind::Punct(',' | ';' | '–' | '—' | '(' | ')'))).unwrap_or(s.toks.len());
            // A clause that runs to the end is the sentence's last word on it.
            if end < s.toks.len() {
                aside.push(s.toks[t].range.start..s.toks[end - 1].range.end);
            }
        }
        let in_aside = |r: &Range<usize>| aside.iter().any(|x| x.start <= r.start && r.end <= x.end);
        for (w, n) in modals {
            let r = s.word_range(w, n);
            // "May 5" is a date, not a hedge.
            if s.norms[w] == "may" && s.toks[s.words[w]].cap && w > 0 {
                continue;
            }
            // The verb of an attribution ("Clinton suggested that") is no hedge.
            let on_cue = attributions.iter().any(|a| !a.vague && a.cue.start == r.start);
            if !in_quote(w) && !excluded(&r) && !in_reported(&r) && !in_aside(&r) && !on_cue {
                hedges.push(RawCue { kind: CueKind::Modal, range: r });
            }
        }
        let not_cond: Vec<Range<usize>> = s.find(&self.lex.not_conditional).into_iter().map(|(w, n)| s.word_range(w, n)).collect();
        for (w, n) in s.find(&self.lex.conditional) {
            let r = s.word_range(w, n);
            if in_quote(w) || in_reported(&r) || not_cond.iter().any(|x| x.start <= r.start && r.end <= x.end) {
                continue;
            }
            if (w + n..s.norms.len()).any(|k| matches!(s.norms[k].as_str(), "will" | "would" | "'ll" | "could" | "might")) {
                hedges.push(RawCue { kind: CueKind::Conditional, range: r });
            }
        }
        hedges
    }
}
