//! The learned decision: a multinomial logistic regression over hashed
//! features of each sentence (the rule classifier's evidence plus its
//! words). The weights are a data file compiled in (`en.model`), written by
//! `sourcelight train`, whose trainer is in the tools crate
//! (`sourcelight_tools::train`).

use crate::annotation::Label;
use crate::error::Error;

pub mod student;
pub mod wordpiece;

use crate::language::{Language, ENGLISH};

/// The file's first bytes, which also say its layout's version.
const MAGIC: &[u8; 4] = b"SLM4";
/// Numbers before the biases: buckets, scale, temperature, margin.
const HEADER: usize = 4;
/// The hash space of the features: the built-in model's, and the one the
/// student's evidence ids are taken in.
pub const BUCKETS: u32 = 1 << 18;
/// Confidence bins of the calibration table, each a tenth wide.
pub const BINS: usize = 10;
/// The classes, in the order of [`Label::ALL`].
pub const CLASSES: usize = 4;

/// Feature ids: a hash of the feature's name, taken modulo the bucket count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeatureId(pub u32);

/// One feature hash: FNV-1a over the namespace and the feature's parts, so
/// that no string is built per feature.
#[derive(Clone, Copy)]
pub struct Hash(u64);

impl Hash {
    pub fn new(namespace: &str) -> Hash {
        Hash(0xcbf2_9ce4_8422_2325).bytes(namespace.as_bytes())
    }

    pub fn bytes(mut self, b: &[u8]) -> Hash {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        }
        self
    }

    /// Adds a separator and a part.
    pub fn part(self, s: &str) -> Hash {
        self.bytes(&[0x1f]).bytes(s.as_bytes())
    }

    pub fn id(self, buckets: u32) -> FeatureId {
        // Fold the high bits in: FNV's low bits alone mix poorly.
        FeatureId(((self.0 ^ (self.0 >> 29)) % u64::from(buckets)) as u32)
    }

    /// The id among the buckets from `from` on: words are hashed apart from
    /// the rules' evidence, so that the two never share a weight and can be
    /// regularised apart.
    pub fn id_from(self, from: u32, buckets: u32) -> FeatureId {
        FeatureId(from + self.id(buckets - from).0)
    }
}

/// The share of the buckets given to the rules' evidence; the words get the rest.
pub fn word_buckets_from(buckets: u32) -> u32 {
    buckets / 8
}

/// The weights of a linear model over [`FeatureId`]s, as stored: only the
/// features that matter (sorted ids, delta-coded in the file), 8-bit weights
/// with one scale, a bias per class, and the temperature that calibrates
/// its probabilities. A feature not stored weighs nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// The hash space features are taken modulo.
    pub buckets: u32,
    pub scale: f32,
    pub temperature: f32,
    /// How much more likely than the rules' label the model's must be to
    /// replace it: the rules stand where the model is unsure.
    pub margin: f32,
    pub bias: [f32; CLASSES],
    /// How often a label given with a probability in each tenth was right on
    /// held-out pages: the confidence shown.
    pub calibration: [f32; BINS],
    /// The stored features, ascending.
    pub ids: Vec<u32>,
    /// `weights[k * CLASSES + c]` for feature `ids[k]`.
    pub weights: Vec<i8>,
}

/// What the model says of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub label: Label,
    /// Probability of each class (temperature-scaled), in [`Label::ALL`] order.
    pub probs: [f32; CLASSES],
    /// How likely the label is right, read off the calibration table.
    pub confidence: f32,
}

/// The calibration bin of a probability.
pub fn bin_of(p: f32) -> usize {
    ((p * BINS as f32) as usize).min(BINS - 1)
}

pub fn class_of(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

impl LinearModel {
    /// The built-in English model.
    pub fn english() -> LinearModel {
        LinearModel::of(&ENGLISH)
    }

    /// A language's built-in model.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn of(language: &Language) -> LinearModel {
        // The file is ours and checked by a test; a broken one is a build bug.
        LinearModel::from_bytes(language.model).unwrap_or_else(|_| LinearModel::empty(BUCKETS))
    }

    /// The wasm's: none, only the hash space (the student decides).
    #[cfg(target_arch = "wasm32")]
    pub fn of(_language: &Language) -> LinearModel {
        LinearModel::empty(BUCKETS)
    }

    /// A model that knows nothing: the rules decide.
    pub fn empty(buckets: u32) -> LinearModel {
        let calibration = std::array::from_fn(|k| (k as f32 + 0.5) / BINS as f32);
        LinearModel {
            buckets: buckets.max(1),
            scale: 1.0,
            temperature: 1.0,
            margin: 0.0,
            bias: [0.0; CLASSES],
            calibration,
            ids: vec![],
            weights: vec![],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn from_bytes(b: &[u8]) -> Result<LinearModel, Error> {
        let bad = |why: &str| Error::Model(why.to_string());
        let head = 4 + 4 * (HEADER + CLASSES + BINS);
        if b.len() < head + 4 || &b[..4] != MAGIC {
            return Err(bad("not a Sourcelight model file"));
        }
        let word = |i: usize| -> [u8; 4] { [b[4 + 4 * i], b[5 + 4 * i], b[6 + 4 * i], b[7 + 4 * i]] };
        let buckets = u32::from_le_bytes(word(0));
        let scale = f32::from_le_bytes(word(1));
        let temperature = f32::from_le_bytes(word(2));
        let margin = f32::from_le_bytes(word(3));
        let mut bias = [0f32; CLASSES];
        for (c, v) in bias.iter_mut().enumerate() {
            *v = f32::from_le_bytes(word(HEADER + c));
        }
        let mut calibration = [0f32; BINS];
        for (k, v) in calibration.iter_mut().enumerate() {
            *v = f32::from_le_bytes(word(HEADER + CLASSES + k));
        }
        let n = u32::from_le_bytes([b[head], b[head + 1], b[head + 2], b[head + 3]]) as usize;
        let mut at = head + 4;
        let mut ids = Vec::with_capacity(n);
        let mut last = 0u32;
        for _ in 0..n {
            let (mut v, mut shift) = (0u32, 0u32);
            loop {
                let Some(&x) = b.get(at) else { return Err(bad("model file ends early")) };
                at += 1;
                v |= u32::from(x & 0x7f).checked_shl(shift).ok_or_else(|| bad("bad feature id"))?;
                shift += 7;
                if x < 0x80 {
                    break;
                }
            }
            last = last.checked_add(v).ok_or_else(|| bad("bad feature id"))?;
            ids.push(last);
        }
        let body = &b[at..];
        let sane = temperature > 0.0 && scale.is_finite() && (0.0..1.0).contains(&margin) && calibration.iter().all(|c| (0.0..=1.0).contains(c));
        let ascending = ids.windows(2).all(|w| w[0] < w[1]) && ids.last().is_none_or(|&l| l < buckets);
        if buckets == 0 || body.len() != n * CLASSES || !sane || !ascending {
            return Err(bad("model file has the wrong size or values"));
        }
        let weights = body.iter().map(|&x| x as i8).collect();
        Ok(LinearModel { buckets, scale, temperature, margin, bias, calibration, ids, weights })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend(self.buckets.to_le_bytes());
        out.extend(self.scale.to_le_bytes());
        out.extend(self.temperature.to_le_bytes());
        out.extend(self.margin.to_le_bytes());
        for v in self.bias.iter().chain(&self.calibration) {
            out.extend(v.to_le_bytes());
        }
        out.extend((self.ids.len() as u32).to_le_bytes());
        let mut last = 0;
        for &id in &self.ids {
            varint(&mut out, id - last);
            last = id;
        }
        out.extend(self.weights.iter().map(|&w| w as u8));
        out
    }

    fn row(&self, f: FeatureId) -> Option<&[i8]> {
        let k = self.ids.binary_search(&f.0).ok()?;
        self.weights.get(k * CLASSES..k * CLASSES + CLASSES)
    }

    /// The weight of feature `f` for class `c`.
    pub fn weight(&self, f: FeatureId, c: usize) -> f32 {
        self.row(f).map_or(0.0, |r| f32::from(r[c]) * self.scale)
    }

    /// Uncalibrated class scores.
    pub fn logits(&self, features: &[FeatureId]) -> [f32; CLASSES] {
        let mut z = self.bias;
        for row in features.iter().filter_map(|&f| self.row(f)) {
            for c in 0..CLASSES {
                z[c] += f32::from(row[c]) * self.scale;
            }
        }
        z
    }

    /// The model's label, unless it is not [`LinearModel::margin`] more
    /// likely than the rules' own.
    pub fn predict(&self, features: &[FeatureId], rules: Label) -> Prediction {
        let probs = softmax(self.logits(features), self.temperature);
        let label = decide(&probs, rules, self.margin);
        let confidence = self.calibration[bin_of(probs[class_of(label)])];
        Prediction { label, probs, confidence }
    }
}

/// The label for class probabilities `p`, given the rules' label and the margin.
pub fn decide(p: &[f32; CLASSES], rules: Label, margin: f32) -> Label {
    let best = (0..CLASSES).fold(0, |b, c| if p[c] > p[b] { c } else { b });
    if p[best] - p[class_of(rules)] < margin {
        rules
    } else {
        Label::ALL[best]
    }
}

pub fn softmax(z: [f32; CLASSES], temperature: f32) -> [f32; CLASSES] {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut e = [0f32; CLASSES];
    let mut sum = 0.0;
    for c in 0..CLASSES {
        e[c] = ((z[c] - m) / temperature).exp();
        sum += e[c];
    }
    for v in &mut e {
        *v /= sum;
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_loads_and_round_trips() {
        let m = LinearModel::from_bytes(ENGLISH.model).expect("en.model is a model file");
        let fresh = LinearModel::empty(4);
        assert_eq!(LinearModel::from_bytes(&fresh.to_bytes()).ok(), Some(fresh));
        assert!(!m.is_empty(), "en.model holds trained weights");
        assert_eq!(LinearModel::from_bytes(&m.to_bytes()).ok(), Some(m.clone()));
        assert!(LinearModel::from_bytes(b"SLM1").is_err());
        assert!(LinearModel::from_bytes(&m.to_bytes()[..100]).is_err());
    }

    #[test]
    fn probabilities_sum_to_one() {
        let p = softmax([1.0, -2.0, 0.5, 3.0], 1.5);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[3] > p[0] && p[0] > p[2] && p[2] > p[1]);
    }
}
