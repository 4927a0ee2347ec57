//! The student: a small network distilled from the fine-tuned teacher
//! (`src/distil/`), which makes the learned decision when it is loaded.
//!
//! A sentence is read as its wordpieces ([`super::wordpiece`]), each a row
//! of a static embedding table distilled from the teacher and then trained
//! on the teacher's labels; the mean and the maximum of its rows, and the
//! mean of the previous sentence's, go through one hidden layer together
//! with the hand rules' evidence (the same feature ids the linear model
//! reads), and a linear head gives the four classes.
//!
//! The weights are a data file (`en.student`, written by
//! `src/distil/student.py`): named tensors, so that the file says what it
//! holds and a newer layout is refused rather than misread.

use std::ops::Range;

use super::wordpiece::Vocab;
use super::{bin_of, class_of, decide, softmax, FeatureId, Prediction, BINS, CLASSES};
use crate::annotation::Label;
use crate::error::Error;

const MAGIC: &[u8; 4] = b"SLS1";

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

fn bad(why: &'static str) -> Error {
    Error::Model(format!("student file: {why}"))
}

fn f32s(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| bad("it ends early"))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<usize, Error> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
    }

    /// The next tensor, which must be `name` of `kind` (0 f32, 1 8-bit rows
    /// with a scale each, 2 u32, 3 text): its dimensions and its bytes (for
    /// 8-bit rows, the scales then the values).
    fn next(&mut self, name: &str, kind: u8) -> Result<(Vec<usize>, &'a [u8]), Error> {
        let n = self.take(1)?[0] as usize;
        let head = self.take(n + 2)?;
        if &head[..n] != name.as_bytes() || head[n] != kind {
            return Err(bad("the tensors are not the ones this engine reads"));
        }
        let dims: Vec<usize> = (0..head[n + 1]).map(|_| self.u32()).collect::<Result<_, _>>()?;
        let count = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d)).ok_or_else(|| bad("a tensor is too large"))?;
        let bytes = match kind {
            0 | 2 => count.checked_mul(4),
            1 => dims.first().and_then(|r| r.checked_mul(4)).and_then(|s| s.checked_add(count)),
            _ => Some(count),
        };
        let data = self.take(bytes.ok_or_else(|| bad("a tensor is too large"))?)?;
        Ok((dims, data))
    }

    fn f32s(&mut self, name: &str, want: &[usize]) -> Result<Vec<f32>, Error> {
        let (dims, data) = self.next(name, 0)?;
        if dims != want {
            return Err(bad("a tensor has the wrong shape"));
        }
        Ok(f32s(data))
    }

    fn rows8(&mut self, name: &str, rows: usize) -> Result<Rows8, Error> {
        let (dims, data) = self.next(name, 1)?;
        if dims.len() != 2 || dims[0] != rows {
            return Err(bad("a tensor has the wrong shape"));
        }
        let (scales, values) = data.split_at(4 * rows);
        Ok(Rows8 { width: dims[1], scales: f32s(scales), values: values.to_vec() })
    }
}

/// A table of 8-bit rows with a scale each.
#[derive(Debug, Clone, PartialEq)]
struct Rows8 {
    width: usize,
    scales: Vec<f32>,
    /// Two's-complement bytes, read as `i8` where used.
    values: Vec<u8>,
}

impl Rows8 {
    fn len(&self) -> usize {
        self.scales.len()
    }

    /// Adds row `r` times `k` into `out`.
    fn add_row(&self, r: usize, k: f32, out: &mut [f32]) {
        let s = self.scales[r] * k;
        for (o, &v) in out.iter_mut().zip(&self.values[r * self.width..(r + 1) * self.width]) {
            *o += f32::from(v as i8) * s;
        }
    }

    fn max_row(&self, r: usize, out: &mut [f32]) {
        let s = self.scales[r];
        for (o, &v) in out.iter_mut().zip(&self.values[r * self.width..(r + 1) * self.width]) {
            *o = o.max(f32::from(v as i8) * s);
        }
    }
}

/// The student's weights.
#[derive(Debug, Clone)]
pub struct Student {
    pub vocab: Vocab,
    /// The embedding of each wordpiece.
    embedding: Rows8,
    /// Hidden layer: `w1[i * hidden + j]` from input `i` (mean, max,
    /// previous mean) to unit `j`.
    w1: Vec<f32>,
    b1: Vec<f32>,
    /// The rules' evidence: stored feature ids, ascending, each with a row
    /// into the hidden layer and one into the classes.
    ev_ids: Vec<u32>,
    ev_hidden: Rows8,
    ev_out: Vec<f32>,
    w2: Vec<f32>,
    b2: [f32; CLASSES],
    pub temperature: f32,
    pub margin: f32,
    pub calibration: [f32; BINS],
}

/// A sentence as the student reads it: its pieces, their pooled
/// embeddings, and the word each piece is part of.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub pieces: Vec<(u32, Range<usize>)>,
    /// The mean of the pieces' embeddings: what the next sentence is told.
    pub mean: Vec<f32>,
    max: Vec<f32>,
}

impl Student {
    pub fn from_bytes(b: &[u8]) -> Result<Student, Error> {
        if b.len() < 8 || &b[..4] != MAGIC {
            return Err(bad("not a Sourcelight student file"));
        }
        let mut r = Reader { b, at: 8 };
        let (_, text) = r.next("vocab", 3)?;
        let vocab = Vocab::from_lines(std::str::from_utf8(text).map_err(|_| bad("the vocabulary is not text"))?)?;
        let embedding = r.rows8("embedding", vocab.len())?;
        let dim = embedding.width;
        let (w1_dims, w1) = r.next("w1", 0)?;
        let hidden = w1_dims.get(1).copied().unwrap_or(0);
        if w1_dims != [3 * dim, hidden] {
            return Err(bad("a tensor has the wrong shape"));
        }
        let w1 = f32s(w1);
        let b1 = r.f32s("b1", &[hidden])?;
        let (ev_dims, ev) = r.next("ev_ids", 2)?;
        let ev_ids: Vec<u32> = ev.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let n_ev = ev_dims.first().copied().unwrap_or(0);
        let ev_hidden = r.rows8("ev_hidden", n_ev)?;
        let ev_out = r.f32s("ev_out", &[n_ev, CLASSES])?;
        let w2 = r.f32s("w2", &[hidden, CLASSES])?;
        let b2v = r.f32s("b2", &[CLASSES])?;
        let meta = r.f32s("meta", &[2 + BINS])?;
        let mut b2 = [0f32; CLASSES];
        b2.copy_from_slice(&b2v);
        let mut calibration = [0f32; BINS];
        calibration.copy_from_slice(&meta[2..]);
        let (temperature, margin) = (meta[0], meta[1]);
        let sane = temperature > 0.0 && (0.0..1.0).contains(&margin) && calibration.iter().all(|c| (0.0..=1.0).contains(c));
        let ascending = ev_ids.windows(2).all(|w| w[0] < w[1]);
        if r.at != b.len() || !sane || !ascending || ev_hidden.width != hidden || dim == 0 || hidden == 0 {
            return Err(bad("wrong values"));
        }
        Ok(Student { vocab, embedding, w1, b1, ev_ids, ev_hidden, ev_out, w2, b2, temperature, margin, calibration })
    }

    pub fn dim(&self) -> usize {
        self.embedding.width
    }

    /// Reads a sentence: its pieces and their pooled embeddings.
    pub fn read(&self, text: &str) -> Reading {
        let mut r = Reading { pieces: Vec::new(), mean: vec![0.0; self.dim()], max: Vec::new() };
        self.vocab.pieces(text, &mut r.pieces);
        self.pool(&r.pieces, &mut r.mean, &mut r.max);
        r
    }

    /// Mean and maximum of the pieces' rows (zeros for none).
    fn pool(&self, pieces: &[(u32, Range<usize>)], mean: &mut Vec<f32>, max: &mut Vec<f32>) {
        let d = self.dim();
        mean.clear();
        mean.resize(d, 0.0);
        max.clear();
        let kept: Vec<u32> = pieces.iter().map(|p| p.0).collect();
        if kept.is_empty() {
            max.resize(d, 0.0);
            return;
        }
        max.resize(d, f32::NEG_INFINITY);
        let k = 1.0 / kept.len() as f32;
        for &id in &kept {
            let id = (id as usize).min(self.embedding.len() - 1);
            self.embedding.add_row(id, k, mean);
            self.embedding.max_row(id, max);
        }
    }

    /// The hidden layer before its activation, and the evidence's direct
    /// share of the classes.
    fn hidden(&self, mean: &[f32], max: &[f32], prev: Option<&[f32]>, evidence: &[FeatureId]) -> (Vec<f32>, [f32; CLASSES]) {
        let d = self.dim();
        let hidden = self.b1.len();
        let mut h = self.b1.clone();
        let mut z = self.b2;
        for f in evidence {
            if let Ok(k) = self.ev_ids.binary_search(&f.0) {
                self.ev_hidden.add_row(k, 1.0, &mut h);
                for (zc, &w) in z.iter_mut().zip(&self.ev_out[k * CLASSES..(k + 1) * CLASSES]) {
                    *zc += w;
                }
            }
        }
        let parts: [&[f32]; 3] = [mean, max, prev.unwrap_or(&[])];
        for (part, x) in parts.iter().enumerate() {
            for (i, &v) in x.iter().enumerate() {
                self.add_input(part * d + i, v, &mut h);
            }
        }
        debug_assert_eq!(h.len(), hidden);
        (h, z)
    }

    /// Adds input `i` at value `v` into the hidden layer.
    fn add_input(&self, i: usize, v: f32, h: &mut [f32]) {
        if v != 0.0 {
            let hidden = h.len();
            for (hj, &w) in h.iter_mut().zip(&self.w1[i * hidden..(i + 1) * hidden]) {
                *hj += v * w;
            }
        }
    }

    fn head(&self, h: &[f32], mut z: [f32; CLASSES]) -> [f32; CLASSES] {
        for (j, &hj) in h.iter().enumerate() {
            if hj > 0.0 {
                for (zc, &w) in z.iter_mut().zip(&self.w2[j * CLASSES..(j + 1) * CLASSES]) {
                    *zc += hj * w;
                }
            }
        }
        z
    }

    fn logits(&self, mean: &[f32], max: &[f32], prev: Option<&[f32]>, evidence: &[FeatureId]) -> [f32; CLASSES] {
        let (h, z) = self.hidden(mean, max, prev, evidence);
        self.head(&h, z)
    }

    /// The student's label for a sentence, unless it is not
    /// [`Student::margin`] more likely than the rules' own.
    pub fn predict(&self, s: &Reading, prev: Option<&[f32]>, evidence: &[FeatureId], rules: Label) -> Prediction {
        let probs = softmax(self.logits(&s.mean, &s.max, prev, evidence), self.temperature);
        let label = decide(&probs, rules, self.margin);
        let confidence = self.calibration[bin_of(probs[class_of(label)])];
        Prediction { label, probs, confidence }
    }

    /// How much each word of the sentence pulls toward class `new` rather
    /// than `old`: to first order, what leaving its pieces out of the mean
    /// and the maximum takes from their logits' difference (the gradient of
    /// that difference times the change in the pooled inputs). Words that
    /// pull that way, with their byte ranges. Linear in the sentence's
    /// length, where leaving each word out exactly would cost a pass of
    /// the hidden layer per word.
    pub fn pulls(&self, s: &Reading, prev: Option<&[f32]>, evidence: &[FeatureId], new: usize, old: usize) -> Vec<(f32, Range<usize>)> {
        let d = self.dim();
        let (h0, _) = self.hidden(&s.mean, &s.max, prev, evidence);
        let hidden = h0.len();
        // d(difference)/d(input i), through the units that are on.
        let mut grad = vec![0f32; 2 * d];
        for (j, &hj) in h0.iter().enumerate() {
            if hj > 0.0 {
                let g = self.w2[j * CLASSES + new] - self.w2[j * CLASSES + old];
                for (i, gi) in grad.iter_mut().enumerate() {
                    *gi += g * self.w1[i * hidden + j];
                }
            }
        }
        // Each piece's word, in order (a word's pieces are next to each other).
        let mut words: Vec<Range<usize>> = Vec::new();
        let mut word_of = Vec::with_capacity(s.pieces.len());
        for (_, r) in &s.pieces {
            if words.last() != Some(r) {
                words.push(r.clone());
            }
            word_of.push(words.len() - 1);
        }
        let n = s.pieces.len();
        let row = |p: usize, j: usize| {
            let id = (s.pieces[p].0 as usize).min(self.embedding.len() - 1);
            f32::from(self.embedding.values[id * d + j] as i8) * self.embedding.scales[id]
        };
        // Per dimension: the word that holds the maximum, and the maximum of
        // the other words' pieces.
        let mut top_word = vec![usize::MAX; d];
        let mut other = vec![f32::NEG_INFINITY; d];
        for j in 0..d {
            let best = (0..n).fold(None, |b: Option<(f32, usize)>, p| match b {
                Some((v, _)) if v >= row(p, j) => b,
                _ => Some((row(p, j), word_of[p])),
            });
            if let Some((_, w)) = best {
                top_word[j] = w;
                other[j] = (0..n).filter(|&p| word_of[p] != w).map(|p| row(p, j)).fold(f32::NEG_INFINITY, f32::max);
            }
        }
        let mut out = Vec::with_capacity(words.len());
        for (w, range) in words.iter().enumerate() {
            let mine = word_of.iter().filter(|&&x| x == w).count();
            let rest = (n - mine) as f32;
            let mut change = 0.0;
            for j in 0..d {
                let sum: f32 = (0..n).filter(|&p| word_of[p] == w).map(|p| row(p, j)).sum();
                let mean = if rest > 0.0 { (s.mean[j] * n as f32 - sum) / rest } else { 0.0 };
                change += grad[j] * (mean - s.mean[j]);
                if top_word[j] == w {
                    let max = if rest > 0.0 { other[j] } else { 0.0 };
                    change += grad[d + j] * (max - s.max[j]);
                }
            }
            if -change > 0.0 {
                out.push((-change, range.clone()));
            }
        }
        out
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::language::ENGLISH;

    #[test]
    fn the_built_in_student_loads_and_reads_a_sentence() {
        let st = Student::from_bytes(ENGLISH.student).expect("en.student is a student file");
        assert_eq!(st.vocab.piece(0), "[PAD]");
        let r = st.read("The minister said the bridge would reopen.");
        assert!(r.pieces.len() >= 8, "{:?}", r.pieces);
        assert_eq!(r.mean.len(), st.dim());
        let p = st.predict(&r, None, &[], Label::Unsourced);
        assert!((p.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert!((0.0..=1.0).contains(&p.confidence));
    }

    #[test]
    fn a_damaged_student_file_is_an_error() {
        let b = ENGLISH.student;
        assert!(Student::from_bytes(b"SLS1").is_err());
        assert!(Student::from_bytes(&b[..b.len() / 2]).is_err(), "cut short");
        assert!(Student::from_bytes(&b[..b.len() - 1]).is_err(), "one byte short");
        let mut more = b.to_vec();
        more.push(0);
        assert!(Student::from_bytes(&more).is_err(), "a byte too many");
        let mut renamed = b.to_vec();
        renamed[9] ^= 0x20;
        assert!(Student::from_bytes(&renamed).is_err(), "a tensor this engine does not read");
        assert!(Student::from_bytes(b"").is_err());
    }

    /// The first-order pulls pick the word whose leaving out moves the call
    /// most, as leaving each out in turn does.
    #[test]
    fn pulls_name_the_word_that_leaving_out_moves_most() {
        let st = Student::from_bytes(ENGLISH.student).expect("en.student");
        let r = st.read("Analysts argued that the merger, unusually, would probably fail quickly.");
        let prev = st.read("The board met on Monday.").mean;
        let got = st.pulls(&r, Some(&prev), &[], 2, 1);
        assert!(!got.is_empty());
        let z = st.logits(&r.mean, &r.max, Some(&prev), &[]);
        let exact = |range: &Range<usize>| {
            let kept: Vec<(u32, Range<usize>)> = r.pieces.iter().filter(|p| &p.1 != range).cloned().collect();
            let (mut mean, mut max) = (Vec::new(), Vec::new());
            st.pool(&kept, &mut mean, &mut max);
            let zw = st.logits(&mean, &max, Some(&prev), &[]);
            (z[2] - z[1]) - (zw[2] - zw[1])
        };
        let top = |v: Vec<(f32, Range<usize>)>| {
            v.into_iter().fold(None, |b: Option<(f32, Range<usize>)>, x| if b.as_ref().is_some_and(|b| b.0 >= x.0) { b } else { Some(x) })
        };
        let words: Vec<Range<usize>> = r.pieces.iter().map(|p| p.1.clone()).collect();
        let best_exact = top(words.iter().map(|w| (exact(w), w.clone())).collect()).map(|b| b.1);
        assert_eq!(top(got).map(|b| b.1), best_exact);
    }

    #[test]
    fn an_empty_sentence_reads_as_zeros() {
        let st = Student::from_bytes(ENGLISH.student).expect("en.student");
        let r = st.read("");
        assert!(r.pieces.is_empty() && r.mean.iter().all(|&v| v == 0.0));
        assert!(st.pulls(&r, None, &[], 0, 1).is_empty());
    }
}
