//! The tools that measure and train the engine, above it and never in the
//! wasm: the shared corpus's data sets ([`corpus`]), scoring labels against
//! gold ([`score`]) and extraction against ground-truth text ([`shingles`]),
//! and the linear model's trainer ([`train`]).

pub mod corpus;
pub mod score;
pub mod shingles;
pub mod train;
