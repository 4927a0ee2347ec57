//! Throughput of the core on the corpus text: the article text of every page
//! in ../shared/corpus/readability-pages, as the extractor finds it, joined
//! into one document. The same text is written to target/bench/corpus.txt so
//! that `tests/benches/pysbd_bench.py` (run by `./build.sh bench`) can time
//! pysbd on exactly the same input. A second group times article extraction
//! alone, on the parsed pages of the readability corpus and the news pages.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sourcelight_engine::{dom::Doc, extract::extract, html::parse_html, Engine, PageInfo};

fn corpus_text() -> Option<String> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus/readability-pages");
    let mut pages: Vec<_> = std::fs::read_dir(&dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    pages.sort();
    let engine = Engine::default();
    let mut out = String::new();
    for p in pages {
        let Ok(html) = std::fs::read_to_string(p.join("source.html")) else { continue };
        let Ok(doc) = parse_html(&html, "") else { continue };
        let a = engine.annotate_doc(&doc, "");
        out.push_str(&a.article_text);
        out.push_str("\n\n");
    }
    Some(out)
}

/// Every page of both corpora, parsed, with the size of its HTML.
fn parsed_pages() -> Vec<(Doc, usize)> {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("../shared/corpus");
    let mut files: Vec<PathBuf> = Vec::new();
    for (dir, nested) in [("readability-pages", true), ("news-pages", false)] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else { continue };
        for e in entries.filter_map(|e| e.ok()) {
            let p = e.path();
            if nested {
                files.push(p.join("source.html"));
            } else if p.extension().is_some_and(|x| x == "html") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.iter().filter_map(|f| std::fs::read_to_string(f).ok()).filter_map(|html| parse_html(&html, "").ok().map(|d| (d, html.len()))).collect()
}

fn bench_extract(c: &mut Criterion) {
    let pages = parsed_pages();
    if pages.is_empty() {
        eprintln!("../shared/corpus is missing: no pages to extract");
        return;
    }
    let bytes: usize = pages.iter().map(|p| p.1).sum();
    let mut g = c.benchmark_group("pages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("extract", |b| b.iter(|| pages.iter().map(|(d, _)| extract(d).blocks.len()).sum::<usize>()));
    g.finish();
    eprintln!("pages: {} parsed pages, {bytes} bytes of HTML", pages.len());
}

fn bench(c: &mut Criterion) {
    let Some(text) = corpus_text() else {
        eprintln!("../shared/corpus/readability-pages is missing: no corpus to benchmark");
        return;
    };
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("target/bench");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("corpus.txt"), &text);
    let engine = Engine::default();
    let paragraphs: Vec<String> = text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("segment", |b| b.iter(|| paragraphs.iter().map(|p| engine.segmenter().split(p).len()).sum::<usize>()));
    g.bench_function("segment+classify", |b| b.iter(|| engine.annotate_text(&text, &PageInfo::default()).annotations.sentences.len()));
    g.finish();
    let sentences = engine.annotate_text(&text, &PageInfo::default()).annotations.sentences.len();
    eprintln!("corpus: {} bytes, {} paragraphs, {sentences} sentences (target/bench/corpus.txt)", text.len(), paragraphs.len());
}

/// The engine's construction (the lexicons' sets and the model), which every
/// page pays once on the in-page route, where each press starts afresh.
fn bench_engine(c: &mut Criterion) {
    c.bench_function("engine construction", |b| b.iter(Engine::default));
}

criterion_group!(benches, bench, bench_extract, bench_engine);
criterion_main!(benches);
