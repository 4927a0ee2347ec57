//! The shared data sets, read for training and scoring: labeled pages
//! (`labeled_*.json`, our guide's labels on whole saved pages) and the
//! external sentence sets (`external/*.json`, other people's definitions),
//! each external label mapped to the set of our labels it allows, as the
//! external README explains.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::score::{f1, ratio, GoldArticle};
use sourcelight_engine::annotation::Label;
use sourcelight_engine::{Engine, Evidence, PageInfo};

/// A set of our labels, as bits in [`Label::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowed(pub u8);

impl Allowed {
    pub fn one(l: Label) -> Allowed {
        Allowed(1 << sourcelight_engine::learn::class_of(l))
    }

    pub fn of(ls: &[Label]) -> Allowed {
        Allowed(ls.iter().fold(0, |b, &l| b | Allowed::one(l).0))
    }

    pub fn contains(self, l: Label) -> bool {
        self.0 & Allowed::one(l).0 != 0
    }
}

/// Which definition a set's labels follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Our guide's four labels (and `skip`).
    Guide,
    /// PolNeAR: `attributed`, `content_only`, `cue_no_source`, `not`.
    Polnear,
    /// Szeged and CoNLL-2010: `uncertain` / `certain`.
    Uncertainty,
}

/// One sentence of an external set, in its paragraph.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// The document it comes from (for folds that keep a document together).
    pub doc: String,
    pub text: String,
    /// The paragraph around it (the sentence itself when none is given).
    pub context: String,
    /// The set's own label.
    pub gold: String,
    /// Our label, for sets labeled by our guide.
    pub ours: Option<Label>,
    /// Annotated source spans (PolNeAR `attributed` items).
    pub sources: Vec<String>,
    /// Cue types (Szeged), e.g. `epistemic`, `doxastic`, `condition`.
    pub cue_types: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ExternalSet {
    pub name: String,
    pub scheme: Scheme,
    pub items: Vec<Item>,
}

fn text_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect(),
        // Some files keep Python's printed list: "['the Pentagon']".
        Some(Value::String(s)) => {
            s.trim_matches(['[', ']']).split("', ").map(|p| p.trim().trim_matches(['\'', '"']).to_string()).filter(|p| !p.is_empty()).collect()
        }
        _ => Vec::new(),
    }
}

/// Reads an external set; its scheme comes from its labels.
pub fn read_external(path: &Path) -> Result<ExternalSet, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let items: Vec<Value> = serde_json::from_str(&raw).map_err(|e| format!("{} is not a list of items: {e}", path.display()))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Vec::with_capacity(items.len());
    for v in &items {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let text = s("text");
        if text.trim().is_empty() {
            continue;
        }
        let context = Some(s("context")).filter(|c| !c.trim().is_empty()).unwrap_or_else(|| text.clone());
        let id = s("id");
        // PolNeAR ids end in "-sNNN": the rest names the article.
        let doc = Some(s("doc")).filter(|d| !d.is_empty()).unwrap_or_else(|| id.rsplit_once("-s").map_or(id.clone(), |p| p.0.to_string()));
        let ours = v.get("label").and_then(Value::as_str).and_then(Label::parse);
        let gold = if v.get("gold").is_some() { s("gold") } else { v.get("polnear").and_then(Value::as_str).unwrap_or("").to_string() };
        let cue_types = match v.get("cues") {
            Some(Value::Array(cs)) => cs
                .iter()
                .filter_map(|c| match c {
                    Value::Array(p) => p.first().and_then(Value::as_str).map(str::to_string),
                    Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let skip = v.get("label").and_then(Value::as_str) == Some("skip");
        if skip {
            continue;
        }
        out.push(Item { id, doc, text, context, gold, ours, sources: text_list(v.get("sources")), cue_types });
    }
    let scheme = if out.iter().any(|i| i.ours.is_some()) {
        Scheme::Guide
    } else if out.iter().any(|i| matches!(i.gold.as_str(), "attributed" | "not" | "content_only")) {
        Scheme::Polnear
    } else {
        Scheme::Uncertainty
    };
    Ok(ExternalSet { name, scheme, items: out })
}

/// Keeps only the items of `set` that a sample labeled by our guide lists
/// (`[{id, label, note}]`), with the sample's label as ours: the set is then
/// scored by the guide, beside its own label.
pub fn guide_sample(set: ExternalSet, sample: &Path) -> Result<ExternalSet, String> {
    #[derive(serde::Deserialize)]
    struct Labeled {
        id: String,
        label: String,
    }
    let raw = std::fs::read_to_string(sample).map_err(|e| format!("reading {}: {e}", sample.display()))?;
    let labeled: Vec<Labeled> = serde_json::from_str(&raw).map_err(|e| format!("{} is not a list of {{id, label}}: {e}", sample.display()))?;
    let mut ours = std::collections::HashMap::new();
    for l in labeled {
        let label = Label::parse(&l.label).ok_or_else(|| format!("{}: {:?} is not one of our labels", l.id, l.label))?;
        ours.insert(l.id, label);
    }
    let items: Vec<Item> = set.items.into_iter().filter_map(|i| Some(Item { ours: Some(*ours.get(&i.id)?), ..i })).collect();
    if items.len() < ours.len() {
        return Err(format!("{} lists {} sentences, and {} of them are not in {}", sample.display(), ours.len(), ours.len() - items.len(), set.name));
    }
    Ok(ExternalSet { name: format!("{} (the sample in {})", set.name, sample.display()), scheme: Scheme::Guide, items })
}

/// Sites that are one site under two names in the corpus (a Readability
/// test page's short name and the site's host).
const SITE_ALIASES: &[(&str, &str)] = &[("quantamagazine", "quanta"), ("theguardian", "guardian"), ("washingtonpost", "wapo")];

/// The site a labeled page comes from: the host's name without `www.` and
/// its public suffix for pages with an address, the name before the number
/// for the Readability test pages (`readability-pages/nytimes-3`).
pub fn site_of(id: &str, url: &str) -> String {
    let host = url.split_once("://").and_then(|(_, rest)| rest.split(['/', '?', '#']).next()).unwrap_or("");
    let name = if host.is_empty() {
        let last = id.rsplit('/').next().unwrap_or(id);
        last.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('-').to_string()
    } else {
        let labels: Vec<&str> = host.trim_start_matches("www.").split('.').collect();
        // The label before the suffix: "bbc" of bbc.co.uk, "sky" of news.sky.com.
        let suffix = if labels.len() >= 3 && matches!(labels[labels.len() - 2], "co" | "com" | "org" | "net" | "gov" | "ac") { 2 } else { 1 };
        labels.get(labels.len().saturating_sub(suffix + 1)).copied().unwrap_or(host).to_string()
    };
    let name = name.to_ascii_lowercase();
    SITE_ALIASES.iter().find(|(a, _)| *a == name).map_or(name, |(_, b)| b.to_string())
}

/// Whether a site's pages are in the locked split: a fifth of the sites,
/// chosen by a hash of the site's name (so that a new page of a known site
/// falls on the same side), never trained on and never read for rules.
pub fn is_locked(site: &str) -> bool {
    // The salt was chosen once so that the split holds about a fifth of the
    // sites and of the sentences; it is fixed from then on.
    let h = "locked-4:".bytes().chain(site.bytes()).fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    (h ^ (h >> 29)) % 5 == 0
}

/// Reads a labeled-pages file (`labeled_*.json`).
pub fn read_pages(path: &Path) -> Result<Vec<GoldArticle>, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&raw).map_err(|e| format!("{} is not a labeled data set: {e}", path.display()))
}

/// Whether a file is a labeled-pages file rather than an external set.
pub fn is_pages(path: &Path) -> bool {
    #[derive(Deserialize)]
    struct Probe {
        #[allow(dead_code)]
        html: String,
    }
    let Ok(raw) = std::fs::read_to_string(path) else { return false };
    let head: Result<Vec<Probe>, _> = serde_json::from_str(&raw);
    head.is_ok_and(|v| !v.is_empty())
}

/// The engine's sentence for an item: its context annotated as one
/// paragraph, and the sentence that holds the middle of the item's text.
/// Returns the sentence's index and all the paragraph's sentences.
pub fn item_sentences(engine: &Engine, item: &Item) -> (Option<usize>, sourcelight_engine::Annotated, Vec<Evidence>) {
    let context = item.context.split_whitespace().collect::<Vec<_>>().join(" ");
    let (got, ev) = engine.annotate_text_evidence(&context, &PageInfo::default());
    let text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = got.article_text.find(&text);
    let mut cursor = 0;
    let mut index = None;
    for (i, s) in got.annotations.sentences.iter().enumerate() {
        let Some(p) = got.article_text[cursor..].find(&s.text).map(|p| p + cursor) else { continue };
        let end = p + s.text.len();
        cursor = end;
        if let Some(a) = at {
            let mid = a + text.len() / 2;
            if p <= mid && mid < end.max(p + 1) {
                index = Some(i);
                break;
            }
        }
    }
    if at.is_none() && got.annotations.sentences.len() == 1 {
        index = Some(0);
    }
    (index, got, ev)
}

/// Word-level F1 of two phrases (lower-cased, punctuation trimmed).
pub fn word_f1(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).filter(|w| !w.is_empty()).collect()
    };
    let (x, y) = (words(a), words(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut rest = y.clone();
    let mut common = 0;
    for w in &x {
        if let Some(k) = rest.iter().position(|r| r == w) {
            rest.swap_remove(k);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    f1(ratio(common, x.len()), ratio(common, y.len()))
}

/// Binary figures of one external set: what counts as positive is the
/// set's attributed (PolNeAR) or uncertain (Szeged, CoNLL) label, against
/// our `sourced` or `speculative`.
#[derive(Debug, Clone, Default)]
pub struct Binary {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    /// PolNeAR: attributed sentences we label sourced, and of those, how
    /// many name a source that matches an annotated one (word F1 ≥ 0.5).
    pub sourced_attributed: usize,
    pub source_matched: usize,
    /// Items counted neither way (PolNeAR `content_only`).
    pub left_out: usize,
    /// Attributed sentences labeled sourced whose named source matches no
    /// annotated one: (named, annotated, sentence).
    pub mismatched: Vec<(String, Vec<String>, String)>,
    /// Sentences scored wrong: (the set's label, ours, the sentence).
    pub wrong: Vec<(String, Label, String)>,
    /// Szeged and CoNLL: the uncertain sentences missed, by why the guide
    /// may call them something else.
    pub missed: Missed,
}

/// The uncertain sentences (Szeged, CoNLL-2010) that we do not call
/// speculative, split by what the guide says of them: a hedge in reported
/// speech is `sourced` (rule 1), and a condition or an investigation
/// ("if", "until", "whether") is no hedge for us. What is left is the most
/// a perfect reading of the guide could add to the figure.
#[derive(Debug, Clone, Copy, Default)]
pub struct Missed {
    pub sourced: usize,
    pub condition_only: usize,
    pub other: usize,
}

impl Missed {
    fn add(&mut self, x: Missed) {
        self.sourced += x.sourced;
        self.condition_only += x.condition_only;
        self.other += x.other;
    }
}

impl Binary {
    /// Adds the figures of another part of the same set.
    pub fn add(&mut self, x: Binary) {
        self.tp += x.tp;
        self.fp += x.fp;
        self.fn_ += x.fn_;
        self.tn += x.tn;
        self.sourced_attributed += x.sourced_attributed;
        self.source_matched += x.source_matched;
        self.left_out += x.left_out;
        self.mismatched.extend(x.mismatched);
        self.wrong.extend(x.wrong);
        self.missed.add(x.missed);
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }

    /// The F1 if every missed uncertain sentence the guide could call
    /// speculative (`missed.other`) were caught with no new false positive:
    /// an upper bound for an engine that follows the guide.
    pub fn f1_bound(&self) -> f64 {
        let tp = self.tp + self.missed.other;
        f1(ratio(tp, tp + self.fp), ratio(tp, self.tp + self.fn_))
    }
}

/// Scores an external set with the binary figure of its kind.
pub fn score_external(engine: &Engine, scheme: Scheme, items: &[Item]) -> Binary {
    let mut b = Binary::default();
    for item in items {
        let (index, got, _) = item_sentences(engine, item);
        let sentence = index.and_then(|i| got.annotations.sentences.get(i));
        let label = sentence.map_or(Label::None, |s| s.label);
        // A PolNeAR content-only sentence is ours by rule 5 when it continues
        // a quotation attributed just before: it counts neither way.
        if scheme == Scheme::Polnear && item.gold == "content_only" {
            b.left_out += 1;
            continue;
        }
        let (gold, predicted) = match scheme {
            Scheme::Polnear => (item.gold == "attributed", label == Label::Sourced),
            Scheme::Uncertainty => (item.gold == "uncertain", label == Label::Speculative),
            Scheme::Guide => (item.ours == Some(Label::Sourced), label == Label::Sourced),
        };
        match (gold, predicted) {
            (true, true) => b.tp += 1,
            (false, true) => {
                b.fp += 1;
                b.wrong.push((item.gold.clone(), label, item.text.clone()));
            }
            (true, false) => {
                b.fn_ += 1;
                b.wrong.push((item.gold.clone(), label, item.text.clone()));
                if scheme == Scheme::Uncertainty {
                    let condition_only = !item.cue_types.is_empty() && item.cue_types.iter().all(|t| t == "condition" || t == "investigation");
                    match (label, condition_only) {
                        (Label::Sourced, _) => b.missed.sourced += 1,
                        (_, true) => b.missed.condition_only += 1,
                        _ => b.missed.other += 1,
                    }
                }
            }
            (false, false) => b.tn += 1,
        }
        if scheme == Scheme::Polnear && gold && predicted && !item.sources.is_empty() {
            b.sourced_attributed += 1;
            let source = sentence.and_then(|s| s.source.as_ref());
            let named = source.map_or("", |s| s.text.as_str());
            // The sentence's own words count too: "he", where we name whom it stands for.
            let mention = source.and_then(|s| s.mention.as_deref()).unwrap_or("");
            if item.sources.iter().any(|src| word_f1(named, src) >= 0.5 || word_f1(mention, src) >= 0.5) {
                b.source_matched += 1;
            } else {
                b.mismatched.push((named.to_string(), item.sources.clone(), item.text.clone()));
            }
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_sets_and_word_f1() {
        let a = Allowed::of(&[Label::Sourced, Label::None]);
        assert!(a.contains(Label::Sourced) && a.contains(Label::None) && !a.contains(Label::Unsourced));
        assert!((word_f1("White House press secretary Josh Earnest", "Josh Earnest") - 0.5).abs() < 1e-9);
        assert_eq!(word_f1("", "x"), 0.0);
        assert_eq!(text_list(Some(&Value::String("['the Pentagon', 'Mr. Obama']".into()))), vec!["the Pentagon", "Mr. Obama"]);
    }
}
