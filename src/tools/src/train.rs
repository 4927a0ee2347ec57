//! Training the linear model: seeded, reproducible AdaGrad on the softmax
//! loss, with partial labels for the external sets (an example may allow
//! several of our labels, and its loss is that of their summed
//! probability), then 8-bit weights and a temperature fitted on held-out
//! predictions.

use crate::corpus::Allowed;
use crate::score::{score_article, GoldArticle, Outcome, Report};
use sourcelight_engine::annotation::Label;
use sourcelight_engine::learn::{self, softmax, FeatureId, LinearModel, CLASSES};
use sourcelight_engine::{html, Engine, Evidence};

/// What a training sentence's label says.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// One of our labels.
    Exact(Label),
    /// One of these, which one unknown (the loss is their summed probability's).
    Among(Allowed),
    /// A distribution over our labels (an external label read through the
    /// bridge set that carries both definitions).
    Soft([f32; CLASSES]),
}

/// One training sentence.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<FeatureId>,
    pub target: Target,
    pub weight: f32,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub buckets: u32,
    pub epochs: usize,
    pub seed: u64,
    /// L2 penalty per example seen, on the rules' evidence.
    pub l2: f32,
    /// The same, on the words (weaker evidence, and many more of them).
    pub l2_words: f32,
    pub rate: f32,
    /// How far the classes of exactly labeled examples are evened out
    /// (0: not at all, 1: inverse frequency).
    pub balance: f32,
    /// How many features the stored model keeps (the strongest ones, refit).
    pub keep: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { buckets: learn::BUCKETS, epochs: 12, seed: 20261202, l2: 1e-5, l2_words: 0.03, rate: 0.01, balance: 1.0, keep: 250 }
    }
}

/// A labeled page as the engine read it: each sentence's evidence, and for
/// each gold sentence the engine's sentence that counts for it.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub evidence: Vec<Evidence>,
    pub outcomes: Vec<Outcome>,
}

/// Reads labeled pages with `engine` (whose model does not matter: the
/// features are the rules' evidence).
pub fn read_pages(engine: &Engine, articles: &[GoldArticle]) -> Vec<Page> {
    articles
        .iter()
        .filter_map(|a| {
            let doc = html::parse_html(&a.html, "").ok()?;
            let (got, evidence) = engine.annotate_doc_evidence(&doc, "");
            let outcomes = score_article(&a.id, &a.sentences, &got);
            Some(Page { id: a.id.clone(), evidence, outcomes })
        })
        .collect()
}

impl Page {
    /// The page's gold sentences that the engine output, as examples.
    pub fn examples(&self, weight: f32) -> Vec<Example> {
        self.outcomes
            .iter()
            .filter_map(|o| {
                let (gold, i) = (o.gold?, o.index?);
                Some(Example { features: self.evidence[i].features.clone(), target: Target::Exact(gold), weight })
            })
            .collect()
    }

    /// The page scored with `model`: a gold sentence the engine did not
    /// output counts as `none`, as in `sourcelight eval`.
    pub fn outcomes_with(&self, model: &LinearModel) -> Vec<(Outcome, Option<Scored>)> {
        self.outcomes
            .iter()
            .map(|o| {
                let mut o = o.clone();
                let p = o.index.map(|i| (model.predict(&self.evidence[i].features, self.evidence[i].rule_label), self.evidence[i].rule_label));
                o.predicted = p.map_or(Label::None, |p| p.0.label);
                (o, p.map(|p| (p.0.probs, p.1)))
            })
            .collect()
    }
}

/// A sentence's class probabilities and the rules' label for it.
pub type Scored = ([f32; CLASSES], Label);

/// A small seeded generator (xorshift64*), so that training needs no crate
/// and gives the same model on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains a model on `examples`, keeps its [`Options::keep`] strongest
/// features and fits those again alone; its temperature is 1 until
/// [`fit_temperature`] sets it.
pub fn fit(examples: &[&Example], o: &Options) -> LinearModel {
    let w = fit_dense(examples, o, None);
    let mut strength: Vec<(f32, u32)> = (0..o.buckets)
        .map(|f| {
            let row = &w[f as usize * CLASSES..f as usize * CLASSES + CLASSES];
            (row.iter().fold(0f32, |m, x| m.max(x.abs())), f)
        })
        .filter(|p| p.0 > 0.0)
        .collect();
    strength.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut kept: Vec<u32> = strength.iter().take(o.keep).map(|p| p.1).collect();
    kept.sort_unstable();
    let mut mask = vec![false; o.buckets as usize];
    for &f in &kept {
        mask[f as usize] = true;
    }
    let w = fit_dense(examples, o, Some(&mask));
    quantize(&w, &kept, o.buckets)
}

fn fit_dense(examples: &[&Example], o: &Options, only: Option<&[bool]>) -> Vec<f32> {
    let n = o.buckets as usize * CLASSES;
    let (mut w, mut g2) = (vec![0f32; n], vec![1e-6f32; n]);
    // Class weights for exactly labeled examples.
    let mut count = [0f32; CLASSES];
    for e in examples {
        if let Target::Exact(l) = e.target {
            count[learn::class_of(l)] += e.weight;
        }
    }
    let total: f32 = count.iter().sum();
    let class_weight: Vec<f32> = count.iter().map(|&c| if c > 0.0 { (total / (CLASSES as f32 * c)).powf(o.balance) } else { 1.0 }).collect();
    let words_from = learn::word_buckets_from(o.buckets) as usize * CLASSES;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(o.seed.max(1));
    for _ in 0..o.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let e = examples[k];
            let used = |f: &&FeatureId| only.is_none_or(|m| m.get(f.0 as usize).copied().unwrap_or(false));
            let mut z = [0f32; CLASSES];
            for f in e.features.iter().filter(used) {
                let row = f.0 as usize * CLASSES;
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc += w[row + c];
                }
            }
            let p = softmax(z, 1.0);
            let (q, weight) = match e.target {
                Target::Exact(l) => {
                    let mut q = [0f32; CLASSES];
                    q[learn::class_of(l)] = 1.0;
                    (q, e.weight * class_weight[learn::class_of(l)])
                }
                Target::Among(a) => {
                    let mass: f32 = (0..CLASSES).filter(|&c| a.0 & (1 << c) != 0).map(|c| p[c]).sum();
                    let q = std::array::from_fn(|c| if a.0 & (1 << c) != 0 { p[c] / mass.max(1e-12) } else { 0.0 });
                    (q, e.weight)
                }
                Target::Soft(q) => (q, e.weight),
            };
            let g: [f32; CLASSES] = std::array::from_fn(|c| weight * (p[c] - q[c]));
            for f in e.features.iter().filter(used) {
                let row = f.0 as usize * CLASSES;
                for (c, gc) in g.iter().enumerate() {
                    let i = row + c;
                    let l2 = if i >= words_from { o.l2_words } else { o.l2 };
                    let grad = gc + l2 * w[i];
                    g2[i] += grad * grad;
                    w[i] -= o.rate * grad / g2[i].sqrt();
                }
            }
        }
    }
    w
}

/// The kept features' weights, 8 bits with one scale.
fn quantize(w: &[f32], kept: &[u32], buckets: u32) -> LinearModel {
    let rows = || kept.iter().flat_map(|&f| w[f as usize * CLASSES..f as usize * CLASSES + CLASSES].iter().copied());
    let max = rows().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let weights = rows().map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8).collect();
    LinearModel { ids: kept.to_vec(), weights, scale, ..LinearModel::empty(buckets) }
}

/// A held-out prediction: the probabilities at temperature 1, the rules'
/// label and the gold label.
#[derive(Debug, Clone, Copy)]
pub struct HeldOut {
    /// The page's index (for fitting on some pages and checking on others).
    pub page: usize,
    pub probs: [f32; CLASSES],
    pub rules: Label,
    pub gold: Label,
}

pub type Held = Vec<HeldOut>;

/// Cross-validation by page: `folds` models, each trained on `always` and
/// the other folds' pages, each scoring its own fold's pages.
pub fn cross_validate(pages: &[Page], always: &[Example], folds: usize, page_weight: f32, o: &Options) -> (Report, Held) {
    cross_validate_split(pages, pages, always, folds, page_weight, o)
}

/// [`cross_validate`], scoring `pages` but training on `train`: the same
/// pages in the same order, with fewer of their sentences labeled (for a
/// learning curve).
pub fn cross_validate_split(pages: &[Page], train: &[Page], always: &[Example], folds: usize, page_weight: f32, o: &Options) -> (Report, Held) {
    let mut ids: Vec<usize> = (0..pages.len()).collect();
    Rng(o.seed ^ 0x5eed).shuffle(&mut ids);
    let fold_of: Vec<usize> = {
        let mut f = vec![0; pages.len()];
        for (k, &i) in ids.iter().enumerate() {
            f[i] = k % folds.max(1);
        }
        f
    };
    let mut report = Report::default();
    let mut held = Held::new();
    for fold in 0..folds.max(1) {
        let examples: Vec<Example> =
            train.iter().enumerate().filter(|(i, _)| fold_of[*i] != fold).flat_map(|(_, p)| p.examples(page_weight)).collect();
        let all: Vec<&Example> = always.iter().chain(&examples).collect();
        let model = fit(&all, o);
        for (page, p) in pages.iter().enumerate().filter(|(i, _)| fold_of[*i] == fold) {
            for (outcome, probs) in p.outcomes_with(&model) {
                if let (Some((probs, rules)), Some(gold)) = (probs, outcome.gold) {
                    held.push(HeldOut { page, probs, rules, gold });
                }
                report.outcomes.push(outcome);
            }
        }
    }
    (report, held)
}

fn nll(held: &Held, t: f32) -> f64 {
    held.iter()
        .map(|h| {
            let p = at_temperature(&h.probs, t);
            -f64::from(p[learn::class_of(h.gold)].max(1e-9)).ln()
        })
        .sum::<f64>()
}

/// The temperature that minimises the held-out log loss.
pub fn fit_temperature(held: &Held) -> f32 {
    let mut best = (f64::INFINITY, 1.0f32);
    let mut t = 0.3f32;
    while t <= 4.0 {
        let l = nll(held, t);
        if l < best.0 {
            best = (l, t);
        }
        t += 0.05;
    }
    best.1
}

/// One row of a reliability table: predictions whose confidence falls in
/// `lo..hi`, their mean confidence and how often they were right.
#[derive(Debug, Clone)]
pub struct Bin {
    pub lo: f32,
    pub hi: f32,
    pub count: usize,
    pub confidence: f64,
    pub accuracy: f64,
}

/// Probabilities given at temperature 1, at temperature `t` (their logs
/// are logits).
fn at_temperature(p: &[f32; CLASSES], t: f32) -> [f32; CLASSES] {
    softmax(p.map(|x| x.max(1e-9).ln()), t)
}

/// The margin (see [`LinearModel::margin`]) that scores best on held-out
/// predictions, by macro-F1 over the labels.
pub fn fit_margin(held: &Held) -> f32 {
    let mut best = (f64::NEG_INFINITY, 0.0f32);
    for k in 0..10 {
        let m = k as f32 * 0.05;
        let f = macro_f1_at(held, m);
        if f > best.0 + 1e-9 {
            best = (f, m);
        }
    }
    best.1
}

/// Macro-F1 of held-out predictions decided with `margin` (over the gold
/// sentences the engine output).
pub fn macro_f1_at(held: &Held, margin: f32) -> f64 {
    let mut r = Report::default();
    for h in held {
        let predicted = learn::decide(&h.probs, h.rules, margin);
        r.outcomes.push(Outcome { article: String::new(), text: String::new(), gold: Some(h.gold), predicted, exact: true, index: None });
    }
    r.macro_f1()
}

/// The calibration table: per tenth of the label's probability (at
/// temperature `t`), how often it was right, smoothed toward the bin's
/// middle and made non-decreasing (pool-adjacent-violators).
pub fn fit_calibration(held: &[&HeldOut], t: f32, margin: f32) -> [f32; learn::BINS] {
    use learn::BINS;
    // Two pseudo-counts at each bin's middle keep sparse bins sane.
    let mut right: [f64; BINS] = std::array::from_fn(|k| 2.0 * (k as f64 + 0.5) / BINS as f64);
    let mut count = [2.0f64; BINS];
    for h in held {
        let p = at_temperature(&h.probs, t);
        let label = learn::decide(&p, h.rules, margin);
        let k = learn::bin_of(p[learn::class_of(label)]);
        count[k] += 1.0;
        right[k] += f64::from(u8::from(label == h.gold));
    }
    // Pool adjacent bins while a lower one is more often right.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for k in 0..BINS {
        blocks.push((right[k], count[k], 1));
        while blocks.len() > 1 {
            let n = blocks.len();
            let (a, b) = (blocks[n - 2], blocks[n - 1]);
            if a.0 / a.1 <= b.0 / b.1 {
                break;
            }
            blocks.truncate(n - 2);
            blocks.push((a.0 + b.0, a.1 + b.1, a.2 + b.2));
        }
    }
    let mut out = [0f32; BINS];
    let mut k = 0;
    for (r, c, width) in blocks {
        for _ in 0..width {
            out[k] = (r / c) as f32;
            k += 1;
        }
    }
    out
}

/// Reliability of the calibrated confidence, each page's confidence read
/// from a table fitted on the other half of the pages (so that the table is
/// not scored on what it was fitted to).
pub fn reliability_calibrated(held: &Held, t: f32, margin: f32) -> Vec<Bin> {
    let half = |odd: bool| -> Vec<&HeldOut> { held.iter().filter(|h| (h.page % 2 == 1) == odd).collect() };
    let tables = [fit_calibration(&half(true), t, margin), fit_calibration(&half(false), t, margin)];
    bins_of(held.iter().map(|h| {
        let p = at_temperature(&h.probs, t);
        let label = learn::decide(&p, h.rules, margin);
        // Even pages read the table fitted on the odd ones, and back.
        let conf = tables[h.page % 2][learn::bin_of(p[learn::class_of(label)])];
        (conf, label == h.gold)
    }))
}

fn bins_of(points: impl Iterator<Item = (f32, bool)>) -> Vec<Bin> {
    let edges = [0.0f32, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01];
    let mut bins: Vec<Bin> = edges.windows(2).map(|e| Bin { lo: e[0], hi: e[1].min(1.0), count: 0, confidence: 0.0, accuracy: 0.0 }).collect();
    for (conf, right) in points {
        let k = edges.windows(2).position(|e| conf >= e[0] && conf < e[1]).unwrap_or(bins.len() - 1);
        bins[k].count += 1;
        bins[k].confidence += f64::from(conf);
        bins[k].accuracy += f64::from(u8::from(right));
    }
    for b in &mut bins {
        if b.count > 0 {
            b.confidence /= b.count as f64;
            b.accuracy /= b.count as f64;
        }
    }
    bins
}

/// Reliability of the label's probability itself (temperature `t`).
pub fn reliability(held: &Held, t: f32, margin: f32) -> Vec<Bin> {
    bins_of(held.iter().map(|h| {
        let p = at_temperature(&h.probs, t);
        let label = learn::decide(&p, h.rules, margin);
        (p[learn::class_of(label)], label == h.gold)
    }))
}

/// Expected calibration error: the count-weighted gap between confidence
/// and accuracy over the bins.
pub fn calibration_error(bins: &[Bin]) -> f64 {
    let n: usize = bins.iter().map(|b| b.count).sum();
    bins.iter().map(|b| b.count as f64 * (b.confidence - b.accuracy).abs()).sum::<f64>() / n.max(1) as f64
}

/// External items, each with the evidence of its sentence as the engine
/// found it in its paragraph (items it cannot find are left out).
pub fn set_evidence<'a>(engine: &Engine, items: &'a [crate::corpus::Item]) -> Vec<(&'a crate::corpus::Item, Evidence)> {
    items
        .iter()
        .filter_map(|item| {
            let (index, _, evidence) = crate::corpus::item_sentences(engine, item);
            Some((item, evidence.into_iter().nth(index?)?))
        })
        .collect()
}
