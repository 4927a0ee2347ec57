//! `sourcelight eval`: reads a labeled data set in any of the shared
//! formats and prints the scores: labeled pages (`labeled_*.json`) with the
//! per-label figures and the confusion matrix; external sentence sets
//! (`external/*.json`) with the binary figure of their kind, and the
//! per-label figures too where the set carries our labels.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;
use sourcelight_engine::annotation::Label;
use sourcelight_engine::correction::Export;
use sourcelight_engine::learn::LinearModel;
use sourcelight_engine::lexicon::Lexicon;
use sourcelight_engine::{html, Engine, PageInfo};
use sourcelight_tools::corpus::{self, item_sentences, read_external, score_external, ExternalSet, Scheme};
use sourcelight_tools::score::{f1, score_article, GoldArticle, GoldSentence, Outcome, Report};

/// Which labeled pages `eval` scores.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Split {
    All,
    Training,
    Locked,
}

/// Which decision `eval` scores.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Decider {
    /// The student over the rules' evidence: the engine as shipped.
    Student,
    /// The linear model over the rules' evidence and the words.
    Linear,
    /// The hand rules alone.
    Rules,
}

impl Decider {
    pub fn engine(self) -> Engine {
        match self {
            Decider::Student => Engine::default(),
            Decider::Linear => Engine::default().with_student(None),
            Decider::Rules => Engine::with_model(Lexicon::english(), LinearModel::empty(1)),
        }
    }
}

pub fn run(engine: &Engine, datasets: &[PathBuf], guide: Option<&Path>, split: Split, verbose: bool) -> Result<()> {
    let [dataset, ..] = datasets else { anyhow::bail!("give a data set") };
    if !corpus::is_pages(dataset) {
        if datasets.len() > 1 {
            anyhow::bail!("give one external set at a time (several files only of labeled pages)");
        }
        let mut set = read_external(dataset).map_err(anyhow::Error::msg)?;
        if let Some(sample) = guide {
            set = corpus::guide_sample(set, sample).map_err(anyhow::Error::msg)?;
        }
        return external(engine, &set, verbose);
    }
    if guide.is_some() {
        anyhow::bail!("--guide is for an external set: labeled pages carry our labels already");
    }
    let mut articles: Vec<GoldArticle> = Vec::new();
    for dataset in datasets {
        let raw = std::fs::read_to_string(dataset).with_context(|| format!("reading {}", dataset.display()))?;
        let more: Vec<GoldArticle> = serde_json::from_str(&raw).with_context(|| format!("{} is not a labeled data set", dataset.display()))?;
        articles.extend(more);
    }
    let locked = |a: &GoldArticle| corpus::is_locked(&corpus::site_of(&a.id, &a.url));
    articles.retain(|a| match split {
        Split::All => true,
        Split::Training => !locked(a),
        Split::Locked => locked(a),
    });
    let mut report = Report::default();
    let mut readable = Report::default();
    for a in &articles {
        let doc = html::parse_html(&a.html, "")?;
        let got = engine.annotate_doc(&doc, "");
        let outcomes = score_article(&a.id, &a.sentences, &got);
        if !locked(a) {
            readable.outcomes.extend(outcomes.iter().cloned());
        }
        report.outcomes.extend(outcomes);
    }
    if verbose {
        // The locked pages are scored, never read.
        print_wrong(&readable);
        let hidden = articles.iter().filter(|a| locked(a)).count();
        if hidden > 0 {
            println!("({hidden} pages of the locked split scored but not printed)\n");
        }
    }
    println!("{} articles", articles.len());
    print!("{}", report.render());
    Ok(())
}

pub fn print_wrong(report: &Report) {
    for o in &report.outcomes {
        let wrong = o.gold.is_some_and(|g| g != o.predicted);
        if wrong || !o.exact {
            let gold = o.gold.map_or("skip", |g| g.as_str());
            let mark = if o.exact { "" } else { " [boundary]" };
            println!("{}: gold {gold} got {}{mark}: {}", o.article, o.predicted.as_str(), o.text);
        }
    }
    println!();
}

fn external(engine: &Engine, set: &ExternalSet, verbose: bool) -> Result<()> {
    if set.scheme == Scheme::Guide {
        let outcomes: Vec<Outcome> = set
            .items
            .par_iter()
            .map(|item| {
                let (index, got, _) = item_sentences(engine, item);
                let predicted = index.and_then(|i| got.annotations.sentences.get(i)).map_or(Label::None, |s| s.label);
                Outcome { article: item.id.clone(), text: item.text.clone(), gold: item.ours, predicted, exact: index.is_some(), index }
            })
            .collect();
        let report = Report { outcomes };
        if verbose {
            print_wrong(&report);
        }
        println!("{}: {} sentences labeled by our guide", set.name, set.items.len());
        print!("{}", report.render());
        print_bridge(set, &report);
    }
    let b = print_binary(&set.name, set, engine);
    if verbose {
        for (gold, got, text) in &b.wrong {
            println!("{gold} got {}: {text}", got.as_str());
        }
        for (named, annotated, text) in &b.mismatched {
            println!("source {named:?}, annotated {annotated:?}: {text}");
        }
    }
    Ok(())
}

/// Prints one external set's binary figures.
pub fn print_binary(name: &str, set: &ExternalSet, engine: &Engine) -> sourcelight_tools::corpus::Binary {
    let bs: Vec<_> = set.items.par_chunks(128).map(|items| score_external(engine, set.scheme, items)).collect();
    let mut b = sourcelight_tools::corpus::Binary::default();
    for x in bs {
        b.add(x);
    }
    let what = match set.scheme {
        Scheme::Polnear => "attributed → sourced",
        Scheme::Uncertainty => "uncertain → speculative",
        Scheme::Guide => "sourced",
    };
    println!("  {name}: {} sentences; {what}: precision {:.3}, recall {:.3}, F1 {:.3}", set.items.len(), b.precision(), b.recall(), b.f1());
    if b.left_out > 0 {
        println!("    {} content-only sentences counted neither way (rule 5 makes some of them sourced for us)", b.left_out);
    }
    if set.scheme == Scheme::Polnear && b.sourced_attributed > 0 {
        println!(
            "    source named matches an annotated source (word F1 ≥ 0.5): {:.3} of {} attributed sentences labeled sourced",
            b.source_matched as f64 / b.sourced_attributed as f64,
            b.sourced_attributed
        );
    }
    if set.scheme == Scheme::Uncertainty && b.tp + b.fn_ > 0 {
        let m = b.missed;
        println!(
            "    {} uncertain sentences missed: {} labeled sourced (a hedge in reported speech is sourced by rule 1), {} whose only cues are conditions or investigations (no hedge for the guide), {} others",
            b.fn_, m.sourced, m.condition_only, m.other
        );
        println!("    F1 if every one of those {} others were caught with no new false positive: {:.3}", m.other, b.f1_bound());
    }
    b
}

/// For a set labeled by our guide beside its own definition's label
/// (PolNeAR's attributed, Szeged's or CoNLL's uncertain): how many of those
/// positives the guide calls ours (sourced, speculative). That share is the
/// recall an engine following the guide exactly would score on sentences
/// like these, whatever its precision.
fn print_bridge(set: &ExternalSet, report: &Report) {
    for (theirs, label) in [("attributed", Label::Sourced), ("uncertain", Label::Speculative)] {
        let positives: Vec<&Outcome> = report.outcomes.iter().zip(&set.items).filter(|(_, i)| i.gold == theirs).map(|(o, _)| o).collect();
        if positives.is_empty() {
            continue;
        }
        let n = positives.len() as f64;
        let ours = positives.iter().filter(|o| o.gold == Some(label)).count();
        let predicted = positives.iter().filter(|o| o.predicted == label).count();
        let right = positives.iter().filter(|o| o.predicted == label && o.gold == Some(label)).count();
        let (name, share) = (label.as_str(), ours as f64 / n);
        let (low, high) = wilson(ours, positives.len());
        println!(
            "  of its {} {theirs} sentences the guide calls {ours} {name} ({share:.3}, 95% interval {low:.3}–{high:.3}): the {theirs} → {name} recall of an engine that follows the guide exactly; its F1 is at most {:.3} at precision 1 ({:.3} at the interval's top)",
            positives.len(),
            f1(1.0, share),
            f1(1.0, high)
        );
        println!("    the engine labels {predicted} of them {name} ({:.3}), {right} rightly", predicted as f64 / n);
    }
}

/// Wilson's 95% score interval for a share of `k` in `n`: a sample's share
/// is an estimate, and a small sample's a loose one.
fn wilson(k: usize, n: usize) -> (f64, f64) {
    let (n, p, z) = (n as f64, k as f64 / n as f64, 1.96f64);
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    (centre - half, centre + half)
}

/// `eval --corrections`: scores the engine against pages a reader went
/// through in the extension. Each export's sentences, with the reader's
/// labels (their corrections, and the engine's labels they left), are the
/// gold; the engine reads the page's text again (rebuilt from the
/// sentences: the export holds no HTML), so the figures are for the engine
/// as it is now, not as it was when the reader looked.
pub fn corrections(engine: &Engine, exports: &[(String, Export)], verbose: bool) -> Result<()> {
    let mut report = Report::default();
    let (mut corrected, mut agree) = (0usize, 0usize);
    for (name, e) in exports {
        let gold: Vec<GoldSentence> =
            e.sentences.iter().map(|s| GoldSentence { text: s.text.clone(), label: s.label.as_str().to_string(), anonymous: None }).collect();
        let id = if e.url.is_empty() { name.as_str() } else { e.url.as_str() };
        let got = engine.annotate_text(&e.plain_text(), &PageInfo { url: &e.url, title: &e.title, generated_at: "" });
        let outcomes = score_article(id, &gold, &got);
        for (o, s) in outcomes.iter().zip(&e.sentences) {
            if let Some(c) = &s.correction {
                corrected += 1;
                agree += usize::from(o.predicted == c.label);
            }
        }
        report.outcomes.extend(outcomes);
    }
    if verbose {
        print_wrong(&report);
    }
    println!("{} corrected pages; the reader's labels are the gold", exports.len());
    print!("{}", report.render());
    println!("{corrected} sentences corrected by the reader; the engine now gives the reader's label to {agree}");
    Ok(())
}
