//! The learned decision: a multinomial logistic regression over hashed
//! features of each sentence (the rule classifier's evidence plus its
//! words). The weights are a data file compiled in (`en.model`), written by
//! `sourcelight train`; [`train`] holds the trainer, which only the native
//! build uses.

use crate::error::Error;
use crate::model::Label;

#[cfg(not(target_arch = "wasm32"))]
pub mod train;

const EN_MODEL: &[u8] = include_bytes!("en.model");

/// The file's first bytes, which also say its layout's version.
const MAGIC: &[u8; 4] = b"SLM2";
/// Numbers before the biases: buckets, scale, temperature, margin.
const HEADER: usize = 4;
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

/// The weights of a linear model over [`FeatureId`]s, as stored: 8-bit
/// weights with one scale, a bias per class, and the temperature that
/// calibrates its probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    pub buckets: u32,
    pub scale: f32,
    pub temperature: f32,
    /// How much more likely than the rules' label the model's must be to
    /// replace it: the rules stand where the model is unsure.
    pub margin: f32,
    pub bias: [f32; CLASSES],
    /// `weights[f * CLASSES + c]`.
    pub weights: Vec<i8>,
}

/// What the model says of one sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub label: Label,
    /// Calibrated probability of each class, in [`Label::ALL`] order.
    pub probs: [f32; CLASSES],
}

impl Prediction {
    pub fn confidence(&self) -> f32 {
        self.probs[class_of(self.label)]
    }
}

pub fn class_of(l: Label) -> usize {
    Label::ALL.iter().position(|&x| x == l).unwrap_or(0)
}

impl LinearModel {
    /// The built-in English model.
    pub fn english() -> LinearModel {
        // The file is ours and checked by a test; a broken one is a build bug.
        LinearModel::from_bytes(EN_MODEL).unwrap_or_else(|_| LinearModel::empty(1))
    }

    /// A model that knows nothing: every class scores zero.
    pub fn empty(buckets: u32) -> LinearModel {
        LinearModel {
            buckets: buckets.max(1),
            scale: 1.0,
            temperature: 1.0,
            margin: 0.0,
            bias: [0.0; CLASSES],
            weights: vec![0; buckets.max(1) as usize * CLASSES],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.weights.iter().all(|&w| w == 0)
    }

    pub fn from_bytes(b: &[u8]) -> Result<LinearModel, Error> {
        let bad = |why: &str| Error::Model(why.to_string());
        if b.len() < 4 + 4 * (HEADER + CLASSES) || &b[..4] != MAGIC {
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
        let body = &b[4 + 4 * (HEADER + CLASSES)..];
        let sane = temperature > 0.0 && scale.is_finite() && (0.0..1.0).contains(&margin);
        if buckets == 0 || body.len() != buckets as usize * CLASSES || !sane {
            return Err(bad("model file has the wrong size or values"));
        }
        let weights = body.iter().map(|&x| x as i8).collect();
        Ok(LinearModel { buckets, scale, temperature, margin, bias, weights })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend(self.buckets.to_le_bytes());
        out.extend(self.scale.to_le_bytes());
        out.extend(self.temperature.to_le_bytes());
        out.extend(self.margin.to_le_bytes());
        for v in self.bias {
            out.extend(v.to_le_bytes());
        }
        out.extend(self.weights.iter().map(|&w| w as u8));
        out
    }

    /// The weight of feature `f` for class `c`.
    pub fn weight(&self, f: FeatureId, c: usize) -> f32 {
        f32::from(self.weights[f.0 as usize * CLASSES + c]) * self.scale
    }

    /// Uncalibrated class scores.
    pub fn logits(&self, features: &[FeatureId]) -> [f32; CLASSES] {
        let mut z = self.bias;
        for &f in features {
            let row = &self.weights[f.0 as usize * CLASSES..f.0 as usize * CLASSES + CLASSES];
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
        Prediction { label: decide(&probs, rules, self.margin), probs }
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
        let m = LinearModel::from_bytes(EN_MODEL).expect("en.model is a model file");
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
