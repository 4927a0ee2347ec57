//! The guide's precedence: a hedge in the writer's voice, then a firm
//! attribution, then a vague one, then a quotation continued from a named
//! speaker, and otherwise a bare assertion.

use super::attribution::Attribution;
use super::context::Carry;
use super::sentence::*;
use super::{in_text_order, Classifier, Decision, Input, RawCue};
use crate::annotation::{CueKind, Label};
use crate::reason::Why;

impl Classifier {
    pub(super) fn decide(&self, s: &Sentence, input: &Input, carry: &Carry) -> Decision {
        if let Some(d) = self.not_a_claim(s, input) {
            return d;
        }
        let attributions = self.attributions(s, input);
        if let Some(d) = self.bare_line(s, input, &attributions) {
            return d;
        }
        let mut hedges = self.writer_hedges(s, &attributions);
        let all = 0..s.text.len();

        let firm: Vec<&Attribution> = attributions.iter().filter(|a| !a.vague).collect();
        let vague: Vec<&Attribution> = attributions.iter().filter(|a| a.vague).collect();
        // "Clinton had told police …, the source added": the attribution
        // whose reported words hold another's cue is the sentence's.
        let outer = |a: &&&Attribution| {
            !firm.iter().any(|b| {
                matches!(b.kind, CueKind::Attribution | CueKind::DataAttribution)
                    && b.reported.iter().any(|r| r.start <= a.cue.start && a.cue.end <= r.end)
            })
        };
        // Two that hold each other's cues: the one that ends the sentence
        // and reports all before it.
        let reports_before = |a: &&&Attribution| a.reported.first().is_some_and(|r| r.start == 0 && r.end <= a.cue.start);
        let primary = firm
            .iter()
            .filter(|a| a.kind != CueKind::Link)
            .find(outer)
            .or_else(|| firm.iter().filter(|a| a.kind != CueKind::Link).find(reports_before))
            .or_else(|| firm.iter().find(|a| a.kind != CueKind::Link))
            .copied()
            .or_else(|| firm.first().copied());
        let source = primary.map(|a| self.source_of(s, a, &attributions));

        let mut cues: Vec<RawCue> = Vec::new();
        for a in &attributions {
            cues.push(RawCue { kind: if a.vague { CueKind::VagueAttribution } else { a.kind }, range: a.cue.clone() });
            if a.anonymous && !a.vague {
                if let Some(subj) = &a.subject {
                    cues.push(RawCue { kind: CueKind::AnonymousSource, range: subj.clone() });
                }
            }
        }
        let cue_text = |c: &RawCue| s.text[c.range.clone()].to_string();

        if !hedges.is_empty() {
            in_text_order(&mut hedges);
            let strongest = hedges.iter().find(|h| h.kind == CueKind::Hedge).unwrap_or(&hedges[0]).clone();
            let confidence = match strongest.kind {
                CueKind::Hedge => 0.9,
                CueKind::Conditional => 0.65,
                _ => 0.75,
            };
            let key = match strongest.kind {
                CueKind::Hedge => "why_hedge",
                CueKind::Conditional => "why_conditional",
                _ => "why_forecast",
            };
            let mut why = Why::new(key, vec![cue_text(&strongest)]);
            if let Some(src) = &source {
                why = why.then("why_hedge_outweighs", vec![src.text.clone()]);
            }
            cues.extend(hedges);
            in_text_order(&mut cues);
            return Decision::of(Label::Speculative, confidence, cues, source, why);
        }
        if let (Some(a), Some(src)) = (primary, source.clone()) {
            let verb = &s.text[a.cue.clone()];
            let why = match (a.kind, src.anonymous) {
                (CueKind::Link, _) => Why::new("why_link", vec![src.text.clone()]),
                (_, true) => Why::new("why_unnamed", vec![src.text.clone(), verb.to_string()]),
                _ => Why::new("why_attributed", vec![src.text.clone(), verb.to_string()]),
            };
            let confidence = match (a.kind, src.anonymous) {
                (CueKind::Link, _) => 0.7,
                (_, true) => 0.8,
                (CueKind::DataAttribution, _) => 0.8,
                _ => 0.9,
            };
            in_text_order(&mut cues);
            return Decision::of(Label::Sourced, confidence, cues, Some(src), why);
        }
        if let Some(a) = vague.first() {
            let phrase = match &a.subject {
                Some(subj) if subj.end <= a.cue.start => &s.text[subj.start..a.cue.end],
                _ => &s.text[a.cue.clone()],
            };
            let why = Why::new("why_vague", vec![phrase.to_string()]);
            in_text_order(&mut cues);
            return Decision::of(Label::Speculative, 0.7, cues, None, why);
        }
        // Rule 5: a quotation continuing one whose speaker was just named.
        let starts_quoted = carry.open_quote || s.toks.first().is_some_and(|t| t.kind == TokKind::OpenQuote);
        // "Schultze once summed up the danger with a metaphor. “It's not so
        // much the wolf at the door …”": a whole quotation right after a
        // named speaker's sentence is theirs too.
        let whole_quote =
            s.toks.first().is_some_and(|t| t.kind == TokKind::OpenQuote) && s.toks.last().is_some_and(|t| t.kind == TokKind::CloseQuote);
        let named = carry.source.as_ref().is_some_and(|src| !src.anonymous && src.text.chars().next().is_some_and(char::is_uppercase));
        if starts_quoted && carry.label == Some(Label::Sourced) && (carry.attributed_quote || (whole_quote && named)) {
            if let Some(src) = carry.source.clone() {
                let why = Why::new("why_quote_continues", vec![src.text.clone()]);
                cues.push(RawCue { kind: CueKind::QuoteContinuation, range: all });
                return Decision::of(Label::Sourced, 0.75, cues, Some(src), why);
            }
        }
        let non_response = s.find(&self.lex.non_response);
        let why = if let Some(&(w, n)) = non_response.first() {
            let cue = RawCue { kind: CueKind::NonResponse, range: s.word_range(w, n) };
            let why = Why::new("why_non_response", vec![cue_text(&cue)]);
            cues.push(cue);
            why
        } else if let (Some(Label::Sourced), Some(src)) = (carry.label, &carry.source) {
            Why::new("why_fact_after_source", vec![src.text.clone()])
        } else {
            Why::fixed("why_fact")
        };
        let confidence = if cues.is_empty() { 0.6 } else { 0.7 };
        Decision::of(Label::Unsourced, confidence, cues, None, why)
    }
}
