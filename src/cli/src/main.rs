//! `sourcelight`: the command-line front end over the same pipeline the
//! extension runs.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use sourcelight_engine::Engine;

use annotate::{annotate_one, batch, print, read_export, read_text, Format};

mod annotate;
mod eval;
mod extract;
mod sentences;
mod train;

/// The sample article printed when no arguments are given (our own text).
const SAMPLE_HTML: &str = include_str!("../samples/harbour.html");

#[derive(Parser)]
#[command(name = "sourcelight", version, about = "Label each sentence of a news article as sourced, unsourced, speculative or none.")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Annotate an HTML page (or plain text with --text); a directory is a batch.
    Annotate {
        /// File to read, `-` for standard input, or a directory of pages.
        #[arg(default_value = "-")]
        input: PathBuf,
        /// The input is plain text: paragraphs separated by blank lines.
        #[arg(long)]
        text: bool,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// The page's address, recorded in the export and used to tell outside links.
        #[arg(long, default_value = "")]
        url: String,
        /// For a directory: where to write one JSON file per page.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Apply the reader's corrections from an exported annotations file
        /// (the extension's or the playground's JSON export).
        #[arg(long, value_name = "FILE.json")]
        corrections: Option<PathBuf>,
        /// The page's language (a BCP 47 tag such as `en` or `fr-CA`), where
        /// its `<html lang>` is missing or wrong.
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
    },
    /// Show what the engine takes as the article of a page (or each page of a
    /// directory) and what it leaves out and why.
    Extract {
        /// HTML files, or directories of pages (`*.html`, or `<id>/source.html`).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = extract::ExtractFormat::Text)]
        format: extract::ExtractFormat,
        /// Score against known article text (`{id: {"articleBody": …}}`, ids
        /// are file names without `.html`) with the benchmark's shingle F1.
        #[arg(long)]
        truth: Option<PathBuf>,
        /// Read each page's whole text, leaving out only what is never text
        /// (to turn an expected article saved as HTML into text).
        #[arg(long, conflicts_with = "truth")]
        whole: bool,
    },
    /// Train the learned model on the shared data: prints cross-validated
    /// figures, the reliability of the confidence and the external dev
    /// splits' figures, and writes the weights.
    Train {
        /// The shared data directory (holding corpus/).
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// Where to write the model (the built-in one is src/engine/src/learn/en.model).
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        #[arg(long, default_value_t = 20261202)]
        seed: u64,
        #[arg(long, default_value_t = 12)]
        epochs: usize,
        /// How many features the stored model keeps.
        #[arg(long, default_value_t = 250)]
        keep: usize,
        /// Also print the learning curve (macro-F1 against training size).
        #[arg(long)]
        curve: bool,
        /// Print each held-out sentence the cross-validation labels wrong.
        #[arg(long)]
        verbose: bool,
    },
    /// Write every sentence of the shared corpus as the engine reads it (its
    /// text, the previous sentence, block kind, the rules' label and
    /// evidence, its wordpieces and any label a data set gives it), one JSON
    /// line each: what `./build.sh train` teaches the teacher and the
    /// student with.
    Sentences {
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// The teacher's vocabulary (one wordpiece a line) to read the
        /// sentences with; the built-in student's when left out.
        #[arg(long)]
        vocab: Option<PathBuf>,
    },
    /// Score the pipeline on a labeled data set (the format of labeled_dev.json,
    /// or any of external/*.json), or with --corrections on pages a reader
    /// corrected in the extension.
    Eval {
        /// The data set; or, with --corrections, exported annotations files.
        #[arg(required = true)]
        dataset: Vec<PathBuf>,
        /// The files are the extension's JSON exports: score the engine against
        /// the reader's labels (corrected, or accepted as the engine gave them).
        #[arg(long)]
        corrections: bool,
        /// Print each sentence whose label differs from the gold one.
        #[arg(long)]
        verbose: bool,
        /// A sample of the external set labeled by our guide (a JSON list of
        /// {id, label, note}, as tests/data/conll2010_wiki_dev_guide.json):
        /// score the engine on those sentences by our labels, and print how
        /// many of the set's positives the guide itself calls ours.
        #[arg(long, value_name = "FILE")]
        guide: Option<PathBuf>,
        /// Which labeled pages to score, by site: all of them, the training
        /// sites, or the locked fifth that nothing is learned or read from
        /// (`--verbose` never prints the locked pages' sentences).
        #[arg(long, value_enum, default_value_t = eval::Split::All)]
        split: eval::Split,
        /// Which decision to score: the student (the engine as shipped), the
        /// linear model over the rules, or the hand rules alone.
        #[arg(long, value_enum, default_value_t = eval::Decider::Student)]
        decider: eval::Decider,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let engine = Engine::default();
    match cli.command {
        None => {
            let a = annotate_one(&engine, SAMPLE_HTML, false, "https://example.org/harbour-tunnel", None)?;
            print(&a, Format::Text)
        }
        Some(Command::Annotate { input, text, format, url, out, corrections, lang }) => {
            if input.is_dir() {
                let Some(out) = out else { bail!("{} is a directory: give --out OUTDIR for the batch", input.display()) };
                if corrections.is_some() {
                    bail!("--corrections is for one page, not a directory");
                }
                return batch(&engine, &input, &out, text);
            }
            let fixes = match &corrections {
                Some(file) => read_export(file)?.corrections(),
                None => Vec::new(),
            };
            let body = read_text(&input)?;
            let mut a = annotate_one(&engine, &body, text, &url, lang.as_deref())?;
            a.annotations.apply_corrections(&fixes);
            if let Some(tag) = &a.annotations.unsupported_language {
                eprintln!(
                    "note: the page is in \"{tag}\", a language Sourcelight has no data for yet: its sentences are labeled by the English rules (the extension does not paint them)"
                );
            }
            print(&a, format)
        }
        Some(Command::Extract { inputs, format, truth, whole }) => extract::run(&inputs, format, truth.as_deref(), whole),
        Some(Command::Eval { dataset, verbose, corrections, guide, split, decider }) => {
            let engine = decider.engine();
            if corrections {
                let exports = dataset.iter().map(|f| Ok((f.display().to_string(), read_export(f)?))).collect::<Result<Vec<_>>>()?;
                return eval::corrections(&engine, &exports, verbose);
            }
            eval::run(&engine, &dataset, guide.as_deref(), split, verbose)
        }
        Some(Command::Sentences { shared, out, vocab }) => sentences::run(&shared, &out, vocab.as_deref()),
        Some(Command::Train { shared, out, folds, seed, epochs, keep, curve, verbose }) => {
            let options = sourcelight_tools::train::Options { seed, epochs, keep, ..Default::default() };
            train::run(&train::Args { shared, out, folds, options, curve, verbose })
        }
    }
}
