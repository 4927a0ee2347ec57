//! Sentence classification, following ANNOTATION_GUIDE.md.
//!
//! Each sentence is tokenised with its quotation state, lexicon phrases are
//! found, attributions are checked for a real subject (not negated, not
//! passive, not the writer), and each attribution's reported speech is
//! marked, because a hedge there belongs to the source (rule 1) while a hedge
//! in the writer's voice wins over any attribution (rule 2). Then the
//! learned decision (the student) reads the rules' evidence with the words.
//!
//! One file per job, in the order a sentence meets them: [`sentence`] reads
//! it, [`shape`] finds what is no claim, [`attribution`] (with [`subject`])
//! finds who speaks and what they report, [`hedges`] the writer's own
//! hedges, [`decide`] applies the guide's precedence, [`context`] carries
//! what the next sentence needs, [`features`] and [`learned`] make the
//! learned call over it all.

// Reported spans are lists that often hold one range; that is intended.
#![allow(clippy::single_range_in_vec_init)]

mod attribution;
mod context;
mod decide;
mod features;
mod hedges;
mod learned;
mod sentence;
mod shape;
mod subject;

use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

pub use attribution::host_of;
pub use context::Carry;
pub use features::Features;

use crate::annotation::{CueKind, Label, Source};
use crate::block::BlockKind;
use crate::learn::student::Student;
use crate::learn::LinearModel;
use crate::lexicon::Lexicon;
use crate::reason::Why;
use context::{resolve, DOCUMENT_NOUNS, RECENT};
use sentence::{Sentence, TokKind};

/// A cue found in a sentence; `range` is in bytes of the sentence text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCue {
    pub kind: CueKind,
    pub range: Range<usize>,
}

/// Sorts cues by where they start. One function for every call: each
/// closure passed to `sort_by_key` is a sort of its own in the wasm.
fn in_text_order(cues: &mut [RawCue]) {
    cues.sort_by_key(|c| c.range.start);
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub label: Label,
    pub confidence: f64,
    pub cues: Vec<RawCue>,
    pub source: Option<Source>,
    pub why: Why,
    pub carry: Carry,
    /// What the hand rules alone decided (the learned model's main evidence).
    pub rule_label: Label,
    /// The sentence's features, as the model saw them.
    pub features: Features,
}

impl Decision {
    /// A decision of the hand rules, before the model and the carry are
    /// filled in.
    fn of(label: Label, confidence: f64, cues: Vec<RawCue>, source: Option<Source>, why: Why) -> Decision {
        Decision { label, confidence, cues, source, why, carry: Carry::default(), rule_label: Label::None, features: Features::default() }
    }
}

/// One sentence to classify, with what the page says around it.
pub struct Input<'a> {
    pub text: &'a str,
    pub kind: BlockKind,
    /// Links inside the sentence: byte range (in `text`) and target.
    pub links: Vec<(Range<usize>, &'a str)>,
    /// The host of the page, so that links to it are not outside sources.
    pub page_host: Option<&'a str>,
    /// The sentence is its block's only sentence.
    pub whole_block: bool,
    /// The sentence is its block's first.
    pub first_in_block: bool,
    /// The text comes from a web page (with its furniture), not plain text.
    pub from_page: bool,
}

pub struct Classifier {
    lex: Lexicon,
    model: LinearModel,
    /// Makes the learned decision where it is loaded (the linear model then
    /// only gives the hash space of the rules' evidence).
    student: Option<Arc<Student>>,
}

impl Classifier {
    /// The hand rules and the built-in learned model over them.
    pub fn new(lex: Lexicon) -> Classifier {
        Classifier::with_model(lex, LinearModel::english())
    }

    /// With another model; an empty one leaves the rules' decision as it is.
    pub fn with_model(lex: Lexicon, model: LinearModel) -> Classifier {
        Classifier { lex, model, student: None }
    }

    /// With the student making the learned decision, or without one.
    pub fn set_student(&mut self, student: Option<Arc<Student>>) {
        self.student = student;
    }

    pub fn student(&self) -> Option<&Student> {
        self.student.as_deref()
    }

    pub fn buckets(&self) -> u32 {
        self.model.buckets
    }

    /// The student's wordpiece ids of `text` (empty without a student).
    pub fn wordpieces(&self, text: &str) -> Vec<u32> {
        self.student.as_ref().map_or_else(Vec::new, |st| st.read(text).pieces.into_iter().map(|p| p.0).collect())
    }

    pub fn model(&self) -> &LinearModel {
        &self.model
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Classifies one sentence given the previous one in its block.
    pub fn classify(&self, input: &Input, carry: &Carry) -> Decision {
        let (s, open_after) = Sentence::new(input.text, carry.open_quote, &self.lex);
        let has_quote = s.toks.iter().any(|t| t.in_quote);
        let mut d = self.decide(&s, input, carry);
        if let Some(src) = &mut d.source {
            resolve(src, &carry.recent);
            // The reason names the source as resolved (and an unnamed
            // source stays called unnamed).
            if let Some(m) = d.why.parts.first_mut().filter(|m| matches!(m.key, "why_attributed" | "why_unnamed")) {
                if let Some(name) = m.args.first_mut() {
                    *name = src.text.clone();
                }
            }
        }
        d.rule_label = d.label;
        // Only the native linear model reads the hashed words.
        let with_words = cfg!(not(target_arch = "wasm32")) && self.student.is_none();
        d.features = features::features(&s, input, carry, &d, self.model.buckets, with_words);
        // What the next sentence is told is the rules' view, as in training.
        d.carry.open_quote = open_after;
        d.carry.attributed_quote = d.label == Label::Sourced && (has_quote || open_after);
        d.carry.label = Some(d.label);
        d.carry.source = d.source.clone().or_else(|| carry.source.clone());
        d.carry.recent = Rc::clone(&carry.recent);
        if let Some(src) = d.source.clone().filter(|_| d.label == Label::Sourced) {
            let mut recent = (*carry.recent).clone();
            if recent.len() == RECENT {
                recent.remove(0);
            }
            // Only the document words are asked about later.
            let docs = s.norms.iter().filter(|w| DOCUMENT_NOUNS.contains(&w.as_str())).cloned().collect();
            recent.push((src, docs));
            d.carry.recent = Rc::new(recent);
        }
        self.learned(&s, input, carry, &mut d);
        d
    }
}

#[cfg(test)]
mod tests;
