//! `sourcelight train`: trains the learned model on the shared data, reports
//! its cross-validated figures on the real pages and its figures on the
//! external sets' dev splits (not trained on), and writes the weights.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use sourcelight_engine::annotation::Label;
use sourcelight_engine::learn::{class_of, LinearModel};
use sourcelight_engine::lexicon::Lexicon;
use sourcelight_engine::Engine;
use sourcelight_engine::Evidence;
use sourcelight_tools::corpus::{is_locked, read_external, read_pages, site_of, Allowed, ExternalSet, Item};
use sourcelight_tools::score::Report;
use sourcelight_tools::train::{self, calibration_error, cross_validate, fit, fit_temperature, reliability, Example, Options, Page, Target};

pub struct Args {
    pub shared: PathBuf,
    pub out: Option<PathBuf>,
    pub folds: usize,
    pub options: Options,
    pub curve: bool,
    /// Print the held-out sentences the cross-validation labels wrong.
    pub verbose: bool,
}

/// How much each set counts, by how well its definition matches the guide:
/// our own labels fully; PolNeAR's and Szeged's, mapped to the labels they
/// allow, a little (they are many, and looser).
const REAL_PAGES: f32 = 1.0;
const SYNTHETIC_PAGES: f32 = 0.5;
const GUIDE_LABELED: f32 = 1.0;
const POLNEAR: f32 = 0.1;
const WIKI_UNCERTAINTY: f32 = 0.1;

const SYNTHETIC: &[&str] = &["labeled_dev.json", "labeled_seed.json"];
/// Scored, never trained on.
pub const DEV_SETS: &[&str] = &["external/polnear_news_dev.json", "external/szeged_factbank_news_dev.json", "external/conll2010_wiki_dev.json"];

fn corpus(shared: &Path, rel: &str) -> Result<PathBuf> {
    let p = shared.join("corpus").join(rel);
    if !p.exists() {
        bail!("{} is missing: training reads the shared corpus (--shared DIR)", p.display());
    }
    Ok(p)
}

/// The labeled pages of a file; with `keep`, only those of the training
/// sites or only those of the locked split.
fn pages(engine: &Engine, path: &Path) -> Result<Vec<Page>> {
    pages_of(engine, path, None)
}

fn pages_of(engine: &Engine, path: &Path, locked: Option<bool>) -> Result<Vec<Page>> {
    let mut articles = read_pages(path).map_err(anyhow::Error::msg)?;
    if let Some(want) = locked {
        articles.retain(|a| is_locked(&site_of(&a.id, &a.url)) == want);
    }
    let chunks: Vec<Vec<Page>> = articles.par_chunks(1).map(|a| train::read_pages(engine, a)).collect();
    Ok(chunks.into_iter().flatten().collect())
}

fn evidence_of<'a>(engine: &Engine, set: &'a ExternalSet) -> Vec<(&'a Item, Evidence)> {
    let chunks: Vec<Vec<(&Item, Evidence)>> = set.items.par_chunks(256).map(|items| train::set_evidence(engine, items)).collect();
    chunks.into_iter().flatten().collect()
}

fn polnear_class(gold: &str) -> usize {
    match gold {
        "attributed" => 0,
        "content_only" => 1,
        "cue_no_source" => 2,
        _ => 3,
    }
}

/// P(our label | PolNeAR's label, the rules' label), counted on the sample
/// of PolNeAR that carries both labels, smoothed.
type Bridge = [[[f32; 4]; 4]; 4];

fn bridge_of(guide: &[(&Item, Evidence)]) -> Bridge {
    let mut b = [[[0.5f32; 4]; 4]; 4];
    for (item, ev) in guide {
        if let Some(ours) = item.ours {
            b[polnear_class(&item.gold)][class_of(ev.rule_label)][class_of(ours)] += 1.0;
        }
    }
    for row in b.iter_mut().flatten() {
        let sum: f32 = row.iter().sum();
        row.iter_mut().for_each(|v| *v /= sum);
    }
    b
}

/// What an uncertainty label (Szeged) tells of ours, as the external README
/// says: a hedge may sit in reported speech (then `sourced`); conditions,
/// investigations and beliefs are not always hedges for us; a certain
/// sentence is not speculative.
fn uncertainty_target(item: &Item, rule: Label) -> Target {
    use Label::*;
    if item.gold != "uncertain" {
        return Target::Among(Allowed::of(&[Sourced, Unsourced, None]));
    }
    let epistemic = item.cue_types.iter().any(|t| t.starts_with("epistemic") || t == "weasel" || t == "hedge");
    match (epistemic, rule) {
        (_, Sourced) => Target::Among(Allowed::of(&[Speculative, Sourced])),
        (true, _) => Target::Exact(Speculative),
        (false, _) => Target::Among(Allowed::of(&[Speculative, Unsourced])),
    }
}

/// Adds an external set's sentences with the targets `target` gives them;
/// returns the line for the report.
fn add_set(
    always: &mut Vec<Example>,
    reader: &Engine,
    set: &ExternalSet,
    weight: f32,
    how: &str,
    target: impl Fn(&Item, &Evidence) -> Target,
) -> (String, usize) {
    let before = always.len();
    always.extend(evidence_of(reader, set).into_iter().map(|(it, ev)| Example { target: target(it, &ev), features: ev.features, weight }));
    (format!("external/{}.json, {how} (weight {weight})", set.name), always.len() - before)
}

pub fn run(args: &Args) -> Result<()> {
    let o = args.options;
    let reader = Engine::with_model(Lexicon::english(), LinearModel::empty(o.buckets));
    // The real pages of the training sites; the locked sites' pages are
    // only scored, at the end, and never printed.
    let mut real = pages_of(&reader, &corpus(&args.shared, "labeled_real_dev.json")?, Some(false))?;
    real.extend(pages_of(&reader, &corpus(&args.shared, "labeled_real_more.json")?, Some(false))?);
    let mut locked = pages_of(&reader, &corpus(&args.shared, "labeled_real_dev.json")?, Some(true))?;
    locked.extend(pages_of(&reader, &corpus(&args.shared, "labeled_real_more.json")?, Some(true))?);
    let mut always: Vec<Example> = Vec::new();
    for rel in SYNTHETIC {
        for p in pages(&reader, &corpus(&args.shared, rel)?)? {
            always.extend(p.examples(SYNTHETIC_PAGES));
        }
    }
    let mut counts = vec![(
        "labeled_real_dev.json and labeled_real_more.json, training sites (real pages)".to_string(),
        real.iter().map(|p| p.examples(1.0).len()).sum::<usize>(),
    )];
    counts.push(("synthetic and seed pages".to_string(), always.len()));
    let guide = read_external(&corpus(&args.shared, "external/polnear_train_guide.json")?).map_err(anyhow::Error::msg)?;
    let guide_ev = evidence_of(&reader, &guide);
    let bridge = bridge_of(&guide_ev);
    let w_guide = GUIDE_LABELED;
    let before = always.len();
    always.extend(
        guide_ev.iter().filter_map(|(it, ev)| Some(Example { features: ev.features.clone(), target: Target::Exact(it.ours?), weight: w_guide })),
    );
    counts.push((format!("external/polnear_train_guide.json, our labels (weight {w_guide})"), always.len() - before));
    // PolNeAR's own labels, read through the bridge; Szeged's, mapped.
    let polnear = read_external(&corpus(&args.shared, "external/polnear_news_train.json")?).map_err(anyhow::Error::msg)?;
    let through_bridge = |it: &Item, ev: &Evidence| Target::Soft(bridge[polnear_class(&it.gold)][class_of(ev.rule_label)]);
    counts.push(add_set(&mut always, &reader, &polnear, POLNEAR, "through the bridge", through_bridge));
    let wiki = read_external(&corpus(&args.shared, "external/szeged_wikiweasel_dev.json")?).map_err(anyhow::Error::msg)?;
    counts.push(add_set(&mut always, &reader, &wiki, WIKI_UNCERTAINTY, "mapped", |it, ev| uncertainty_target(it, ev.rule_label)));
    println!("training sentences:");
    for (name, n) in &counts {
        println!("  {n:>6}  {name}");
    }

    let rules = Report {
        outcomes: real
            .iter()
            .flat_map(|p| {
                p.outcomes.iter().cloned().map(|mut o| {
                    o.predicted = o.index.map_or(Label::None, |i| p.evidence[i].rule_label);
                    o
                })
            })
            .collect(),
    };
    println!("\nthe hand rules alone on the training sites' real pages: macro-F1 {:.3}", rules.macro_f1());
    let (report, held) = cross_validate(&real, &always, args.folds, REAL_PAGES, &o);
    let t = fit_temperature(&held);
    let margin = train::fit_margin(&held);
    if args.verbose {
        crate::eval::print_wrong(&report);
    }
    println!("\n{}-fold cross-validation by page on the training sites' real pages", args.folds);
    print!("{}", report.render());
    let at_margin = train::macro_f1_at(&held, margin);
    println!("the rules keep their label unless the model's is {margin:.2} more likely: macro-F1 {at_margin:.3} on the same held-out predictions (chosen on them, so a little optimistic)");
    let bins = train::reliability_calibrated(&held, t, margin);
    println!(
        "\nreliability of the confidence shown (held-out folds; each page's confidence read from a table fitted on the other half of the pages)"
    );
    println!("confidence   sentences   mean confidence   right");
    for b in &bins {
        if b.count > 0 {
            println!("{:.1}–{:.1}   {:>9}   {:>15.3}   {:>5.3}", b.lo, b.hi, b.count, b.confidence, b.accuracy);
        }
    }
    println!(
        "expected calibration error: {:.3} (the probability itself: {:.3} at temperature {t:.2}, {:.3} at temperature 1)",
        calibration_error(&bins),
        calibration_error(&reliability(&held, t, margin)),
        calibration_error(&reliability(&held, 1.0, margin))
    );

    if args.curve {
        println!(
            "\nlearning curve: cross-validated macro-F1 against the share of each training page's labeled sentences kept (the other sets always in)"
        );
        for share in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
            let kept: Vec<Page> = real.iter().map(|p| thin(p, share)).collect();
            let (r, _) = train::cross_validate_split(&real, &kept, &always, args.folds, REAL_PAGES, &o);
            println!("  {:>4.0}%  macro-F1 {:.3}", share * 100.0, r.macro_f1());
        }
    }

    let train_all: Vec<Example> = real.iter().flat_map(|p| p.examples(REAL_PAGES)).collect();
    let all: Vec<&Example> = always.iter().chain(&train_all).collect();
    let mut model = fit(&all, &o);
    model.temperature = t;
    model.margin = margin;
    model.calibration = train::fit_calibration(&held.iter().collect::<Vec<_>>(), t, margin);
    let bytes = model.to_bytes();
    println!("\nmodel: {} features of a {}-bucket hash space × 4 classes, {} bytes", model.ids.len(), model.buckets, bytes.len());

    // The locked split: scored, never printed sentence by sentence.
    let locked_report =
        |predict: &dyn Fn(&Page) -> Vec<sourcelight_tools::score::Outcome>| Report { outcomes: locked.iter().flat_map(predict).collect() };
    let linear = locked_report(&|p| p.outcomes_with(&model).into_iter().map(|(o, _)| o).collect());
    let rules_locked = locked_report(&|p| {
        p.outcomes
            .iter()
            .cloned()
            .map(|mut o| {
                o.predicted = o.index.map_or(Label::None, |i| p.evidence[i].rule_label);
                o
            })
            .collect()
    });
    println!(
        "\nthe locked split ({} pages, never trained on): the linear model macro-F1 {:.3}, the hand rules alone {:.3}",
        locked.len(),
        linear.macro_f1(),
        rules_locked.macro_f1()
    );
    println!("  (the shipped engine, with its student: sourcelight eval --split locked ../shared/corpus/labeled_real_dev.json ../shared/corpus/labeled_real_more.json)");

    let engine = Engine::with_model(Lexicon::english(), model);
    println!("\nexternal dev splits (not trained on), the final model:");
    for rel in DEV_SETS {
        let set = read_external(&corpus(&args.shared, rel)?).map_err(anyhow::Error::msg)?;
        crate::eval::print_binary(rel, &set, &engine);
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
        println!("\nwrote {}", out.display());
    }
    Ok(())
}

/// A page with only the first `share` of its labeled sentences kept for
/// training (the scoring still uses all of them).
fn thin(p: &Page, share: f32) -> Page {
    let keep = (p.outcomes.len() as f32 * share).round() as usize;
    let mut q = p.clone();
    for o in q.outcomes.iter_mut().skip(keep) {
        o.gold = None;
    }
    q
}
