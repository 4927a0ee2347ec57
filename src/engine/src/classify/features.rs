//! A sentence's features for the learned decision: the rule classifier's
//! evidence (its label, the kinds and words of its cues, the source it
//! found), the sentence's shape and place (block kind, position, quotation,
//! links, length, end mark), what the previous sentence was, and its words.

use std::ops::Range;

use super::{Carry, Decision, Input, Sentence, TokKind};
use crate::annotation::CueKind;
use crate::block::BlockKind;
use crate::learn::{FeatureId, Hash};

/// A sentence's feature ids, each with the words it stands for (to name
/// them in the tooltip when they decide), if any.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub ids: Vec<FeatureId>,
    pub spans: Vec<Option<Range<usize>>>,
    /// Adding the sentence's words (hashed apart from the evidence).
    words: bool,
}

impl Features {
    fn add(&mut self, h: Hash, buckets: u32, span: Option<Range<usize>>) {
        // Evidence has spans only where it names cue words; words always do.
        let words_from = crate::learn::word_buckets_from(buckets);
        let id = if span.is_some() && self.words { h.id_from(words_from, buckets) } else { h.id(words_from.max(1)) };
        // A word said twice counts twice, in training as here.
        self.ids.push(id);
        self.spans.push(span);
    }
}

/// A cue's name in feature names: its export name, but for four the model
/// was trained with shorter ones (feature ids are hashes of these names).
fn cue_name(k: CueKind) -> &'static str {
    match k {
        CueKind::DataAttribution => "data",
        CueKind::AnonymousSource => "anonymous",
        CueKind::VagueAttribution => "vague",
        CueKind::CallToAction => "cta",
        k => k.as_str(),
    }
}

fn block_name(k: BlockKind) -> &'static str {
    k.name()
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "him", "her", "them", "who", "this", "that"];

fn bucket(n: usize, edges: &[usize]) -> &'static str {
    const NAMES: [&str; 8] = ["0", "1", "2", "3", "4", "5", "6", "7"];
    NAMES[edges.iter().take_while(|&&e| n >= e).count().min(7)]
}

/// Features of a sentence, hashed into `buckets`.
/// `with_words`: the sentence's hashed words too (the linear model reads
/// them; the student reads the words itself).
pub(super) fn features(s: &Sentence, input: &Input, carry: &Carry, d: &Decision, buckets: u32, with_words: bool) -> Features {
    let room = 24 + 3 * s.norms.len();
    let mut f = Features { ids: Vec::with_capacity(room), spans: Vec::with_capacity(room), words: false };
    let mut add = |h: Hash, span: Option<Range<usize>>| f.add(h, buckets, span);
    add(Hash::new("bias"), None);
    add(Hash::new("rule").part(d.label.as_str()), None);
    add(Hash::new("block").part(block_name(input.kind)), None);
    add(Hash::new("block+rule").part(block_name(input.kind)).part(d.label.as_str()), None);
    // Plain text has no page furniture: fewer of its lines are not claims.
    let from = if input.from_page { "page" } else { "text" };
    add(Hash::new("from").part(from), None);
    if input.whole_block {
        add(Hash::new("whole_block"), None);
        add(Hash::new("whole_block+from").part(from), None);
    }
    if input.first_in_block {
        add(Hash::new("first_in_block"), None);
    }
    // The rule's evidence: each cue's kind, and its first words.
    for c in &d.cues {
        let kind = cue_name(c.kind);
        add(Hash::new("cue").part(kind), Some(c.range.clone()));
        let words: Vec<&str> = s.text[c.range.clone()].split_whitespace().take(2).collect();
        if c.kind != CueKind::Heading && c.kind != CueKind::Fragment && !words.is_empty() {
            let w = crate::lexicon::norm_word(words[0]);
            add(Hash::new("cue_word").part(kind).part(&w), Some(c.range.clone()));
        }
    }
    if let Some(src) = &d.source {
        let head = src.text.split_whitespace().next().map(crate::lexicon::norm_word).unwrap_or_default();
        let shape = if src.text.split_whitespace().count() == 1 && PRONOUNS.contains(&head.as_str()) {
            "pronoun"
        } else if src.text.chars().next().is_some_and(char::is_uppercase) {
            "capital"
        } else {
            "lower"
        };
        add(Hash::new("source").part(shape), None);
        let words = src.text.split_whitespace().count();
        add(Hash::new("source_words").part(bucket(words, &[2, 3, 5, 8])), None);
        if src.anonymous {
            add(Hash::new("source_anonymous"), None);
        }
    }
    // The previous sentence, as the rules saw it.
    let prev = carry.label.map_or("start", |l| l.as_str());
    add(Hash::new("prev").part(prev), None);
    if carry.attributed_quote {
        add(Hash::new("prev_attributed_quote"), None);
    }
    if carry.open_quote {
        add(Hash::new("open_quote"), None);
    }
    // Shape: quotation, length, end mark, links.
    let quoted = s.toks.iter().filter(|t| t.kind == TokKind::Word && t.in_quote).count();
    let words = s.norms.len();
    if quoted > 0 {
        add(Hash::new("quoted").part(bucket(quoted * 4 / words.max(1), &[1, 2, 3, 4])), None);
    }
    if s.toks.first().is_some_and(|t| t.kind == TokKind::OpenQuote) || carry.open_quote {
        add(Hash::new("starts_quoted"), None);
    }
    add(Hash::new("words").part(bucket(words, &[3, 5, 8, 13, 21, 34, 55])), None);
    let end = s.text.trim_end().chars().next_back().map_or(' ', |c| c);
    let end_class = match end {
        '.' | '。' => ".",
        '!' => "!",
        '?' => "?",
        ':' => ":",
        '"' | '”' | '’' | '\'' | '»' => "quote",
        ')' | ']' => ")",
        c if c.is_alphanumeric() => "word",
        _ => "other",
    };
    add(Hash::new("end").part(end_class), None);
    // A one-sentence block that ends like a sentence is not a heading.
    add(Hash::new("end+whole").part(end_class).part(if input.whole_block { "whole" } else { "part" }), None);
    add(Hash::new("end+rule").part(end_class).part(d.label.as_str()), None);
    if !input.links.is_empty() {
        let linked: usize = input.links.iter().map(|(r, _)| r.len()).sum();
        let share = bucket(linked * 4 / s.text.len().max(1), &[1, 2, 3]);
        add(Hash::new("linked").part(share), None);
        let outside = input.links.iter().any(|(_, h)| super::host_of(h).is_some_and(|host| input.page_host.is_none_or(|p| p != host)));
        if outside {
            add(Hash::new("outside_link"), None);
        }
    }
    if s.text.bytes().any(|b| b.is_ascii_digit()) {
        add(Hash::new("digits"), None);
    }
    if !with_words {
        return f;
    }
    f.words = true;
    let mut add = |h: Hash, span: Option<Range<usize>>| f.add(h, buckets, span);
    // Words: outside quotation by themselves and in pairs, inside as a bag
    // of their own; the first two words, and the last.
    let mut prev_word: Option<usize> = None;
    for (w, &t) in s.words.iter().enumerate() {
        let tok = &s.toks[t];
        let norm = s.norms[w].as_str();
        if tok.in_quote {
            add(Hash::new("qw").part(norm), Some(tok.range.clone()));
            prev_word = None;
            continue;
        }
        add(Hash::new("w").part(norm), Some(tok.range.clone()));
        if let Some(p) = prev_word {
            let start = s.toks[s.words[p]].range.start;
            add(Hash::new("ww").part(&s.norms[p]).part(norm), Some(start..tok.range.end));
        }
        // A pair does not cross punctuation.
        prev_word = s.toks.get(t + 1).is_some_and(|n| n.kind == TokKind::Word).then_some(w);
    }
    let word_at = |w: usize| s.toks[s.words[w]].range.clone();
    if let Some(first) = s.norms.first() {
        add(Hash::new("w0").part(first), Some(word_at(0)));
        if let Some(second) = s.norms.get(1) {
            add(Hash::new("w01").part(first).part(second), Some(word_at(0).start..word_at(1).end));
        }
    }
    if let Some(last) = s.norms.last() {
        add(Hash::new("wlast").part(last), Some(word_at(s.norms.len() - 1)));
    }
    f
}
