//! The library's error type. Page and file input is untrusted: every way it
//! can be wrong is a variant here, never a panic.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    /// The page walker sent a snapshot that is not a tree in document order.
    #[error("malformed page snapshot: {0}")]
    Snapshot(String),
    /// More nodes than a 32-bit id can name.
    #[error("page too large: more than 4 billion nodes")]
    TooLarge,
    /// Input bytes that are not UTF-8 text (binary files, other encodings).
    #[error("input is not UTF-8 text (invalid byte at offset {offset})")]
    NotText { offset: usize },
    /// A user-supplied cue list that cannot be used.
    #[error("invalid custom cue \"{cue}\": {why}")]
    Cue { cue: String, why: &'static str },
    /// A model file that cannot be read.
    #[error("invalid model file: {0}")]
    Model(String),
}
