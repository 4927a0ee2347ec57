//! Fuzzing, time-bounded: random hostile HTML through the whole pipeline,
//! random page snapshots through the wasm entry path, and random text through
//! the segmenter. No panic, and every offset must be valid.
//!
//! cargo-fuzz needs a nightly compiler (`-Zsanitizer`), and this project
//! builds with the one stable toolchain, so these run proptest's generators
//! and shrinking in a loop for a fixed time instead:
//!
//!   cargo test --release --test fuzz                      # 10 s per target
//!   SOURCELIGHT_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture
//!   SOURCELIGHT_FUZZ_SEED=1234 ...                        # replay a reported seed
//!
//! A failure prints the seed and the shrunk input.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use sourcelight_engine::dom::{Doc, SnapNode, Snapshot};
use sourcelight_engine::{html::parse_html, snapshot, Annotated, Engine, PageInfo};

fn engine() -> &'static Engine {
    static E: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    E.get_or_init(Engine::default)
}

fn budget() -> Duration {
    let secs = std::env::var("SOURCELIGHT_FUZZ_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(10u64);
    Duration::from_secs(secs)
}

/// Runs `check` on inputs from `strategy` until the time budget is spent,
/// in batches with fresh seeds; shrinks and reports the seed on failure.
fn fuzz<S: Strategy>(name: &str, strategy: S, check: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let fixed: Option<u64> = std::env::var("SOURCELIGHT_FUZZ_SEED").ok().and_then(|v| v.parse().ok());
    let start = Instant::now();
    let cases = std::cell::Cell::new(0u64);
    let slowest = std::cell::Cell::new(Duration::ZERO);
    let mut batch = 0u64;
    while batch == 0 || (fixed.is_none() && start.elapsed() < budget()) {
        let seed = fixed.unwrap_or_else(|| {
            let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
            t ^ batch.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        });
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
        let mut runner = TestRunner::new_with_rng(Config { cases: 64, failure_persistence: None, ..Config::default() }, rng);
        let result = runner.run(&strategy, |input| {
            let t0 = Instant::now();
            let r = check(input);
            slowest.set(slowest.get().max(t0.elapsed()));
            cases.set(cases.get() + 1);
            r
        });
        if let Err(e) = result {
            panic!("{name}: failed with SOURCELIGHT_FUZZ_SEED={seed}: {e}");
        }
        batch += 1;
    }
    println!(
        "fuzz {name}: {} cases in {:.1} s, slowest case {:.1} ms, no failure",
        cases.get(),
        start.elapsed().as_secs_f64(),
        slowest.get().as_secs_f64() * 1e3
    );
}

// ---- generators ---------------------------------------------------------------

fn junk_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z ,.;:!?'\"()0-9-]{0,60}",
        1 => any::<String>(),
        1 => prop::sample::select(vec![
            "&amp;", "&lt;script&gt;", "&#0;", "&#xD800;", "&#x10FFFF;", "&nbsp;", "&bogus;", "\u{0}", "\u{FEFF}",
            "\u{202E}", "\u{200B}", "？", "。", "…", "“", "”", "said", "according to", "allegedly", "may", "Dr.", "U.S.",
            "javascript:alert(1)", "<", ">", "</", "]]>", "-->", "\r\n", "\t",
        ])
        .prop_map(str::to_string),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    let tags = prop::sample::select(vec![
        "p",
        "div",
        "span",
        "a",
        "article",
        "main",
        "section",
        "aside",
        "nav",
        "header",
        "footer",
        "h1",
        "h2",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "blockquote",
        "q",
        "em",
        "figure",
        "figcaption",
        "pre",
        "code",
        "br",
        "hr",
        "img",
        "script",
        "style",
        "noscript",
        "template",
        "textarea",
        "title",
        "select",
        "option",
        "iframe",
        "svg",
        "text",
        "math",
        "html",
        "head",
        "body",
        "frameset",
        "xmp",
        "plaintext",
        "time",
        "button",
        "form",
        "input",
    ]);
    let attrs = prop::sample::select(vec![
        "",
        " hidden",
        " style=\"display:none\"",
        " aria-hidden=\"true\"",
        " class=\"article-body\"",
        " class=\"comment\"",
        " class=\"sidebar share\"",
        " role=\"main\"",
        " id=\"content\"",
        " contenteditable",
        " href=\"https://ex.example/a\"",
        " href=\"javascript:alert(1)\"",
        " itemprop=\"articleBody\"",
        " rel=\"author\"",
        " class=\"byline\"",
        " style=\"visibility:hidden\"",
        " dir=\"rtl\"",
    ]);
    prop_oneof![
        4 => junk_text(),
        3 => (tags.clone(), attrs).prop_map(|(t, a)| format!("<{t}{a}>")),
        2 => tags.prop_map(|t| format!("</{t}>")),
        1 => junk_text().prop_map(|t| format!("<!--{t}-->")),
        1 => (1usize..400).prop_map(|n| "<div>".repeat(n)),
        1 => Just("<!doctype html>".to_string()),
        1 => Just("<![CDATA[ x ]]>".to_string()),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..120).prop_map(|v| v.concat())
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    let node = (
        -3i64..60,
        prop::sample::select(vec!["#text", "p", "div", "article", "a", "script", "h1", "li", "span", "", "#comment", "html"]),
        prop::option::of(junk_text()),
        prop::collection::vec(
            prop::sample::select(vec!["class", "article", "hidden", "", "href", "https://x.example", "style", "display:none"]),
            0..5,
        ),
    )
        .prop_map(|(p, t, x, a)| SnapNode { p, t: t.to_string(), x, a: a.into_iter().map(str::to_string).collect() });
    (prop::collection::vec(node, 0..60), junk_text(), junk_text(), junk_text()).prop_map(|(nodes, url, title, lang)| Snapshot {
        url,
        title,
        lang,
        nodes,
    })
}

// ---- invariants -----------------------------------------------------------------

fn check_annotated(a: &Annotated) -> Result<(), TestCaseError> {
    let units: Vec<u16> = a.article_text.encode_utf16().collect();
    let mut last = 0;
    prop_assert_eq!(a.anchors.len(), a.annotations.sentences.len());
    for s in &a.annotations.sentences {
        prop_assert!(s.start >= last && s.start < s.end && s.end as usize <= units.len(), "sentence {}..{} after {last}", s.start, s.end);
        prop_assert_eq!(String::from_utf16_lossy(&units[s.start as usize..s.end as usize]), s.text.clone());
        prop_assert!((0.0..=1.0).contains(&s.confidence));
        for c in &s.cues {
            prop_assert!(s.start <= c.start && c.start <= c.end && c.end <= s.end);
            // The answer to the page leaves texts out and readAnswer cuts them
            // back out of the article text (src/web/src/answer.rs): they must be equal.
            prop_assert_eq!(String::from_utf16_lossy(&units[c.start as usize..c.end as usize]), c.text.clone());
        }
        last = s.end;
    }
    // Both exports serialise.
    prop_assert!(serde_json::to_string(&a.annotations).is_ok());
    prop_assert!(serde_json::to_string(&sourcelight_export::w3c::of(a)).is_ok());
    Ok(())
}

fn check_anchors(doc: &Doc, a: &Annotated) -> Result<(), TestCaseError> {
    for anchor in a.anchors.iter().flatten() {
        prop_assert!(anchor.start.node <= anchor.end.node);
        for p in [anchor.start, anchor.end] {
            let text = doc.node(p.node).text();
            prop_assert!(text.is_some_and(|t| p.offset as usize <= t.encode_utf16().count()), "anchor {:?}", p);
        }
    }
    Ok(())
}

// ---- targets ------------------------------------------------------------------

#[test]
fn fuzz_html_pipeline() {
    fuzz("html → annotations", soup(), |html| {
        let doc = parse_html(&html, "https://news.example/a").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let a = engine().annotate_doc(&doc, "");
        check_annotated(&a)?;
        check_anchors(&doc, &a)
    });
}

#[test]
fn fuzz_snapshot_path() {
    // What the wasm entry point does with a page's snapshot: a bad one is an
    // error, never a panic.
    fuzz("snapshot → annotations", snapshot(), |snap| {
        if let Ok(doc) = Doc::from_snapshot(snap) {
            let a = engine().annotate_doc(&doc, "");
            check_annotated(&a)?;
            check_anchors(&doc, &a)?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_wire_reader() {
    // The snapshot text comes from the page: a damaged one (cut short, or
    // with junk spliced in) is an error or a document, never a panic.
    let damaged = (snapshot(), any::<prop::sample::Index>(), junk_text(), any::<bool>()).prop_map(|(snap, at, junk, cut)| {
        let mut text = snapshot::encode(&snap).unwrap_or_else(|_| snapshot::MAGIC.to_string());
        let mut at = at.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if cut {
            text.truncate(at);
        } else {
            text.insert_str(at, &junk);
        }
        text
    });
    fuzz("wire text → annotations", damaged, |text| {
        if let Ok(doc) = snapshot::decode(&text) {
            let a = engine().annotate_doc(&doc, "");
            check_annotated(&a)?;
            check_anchors(&doc, &a)?;
        }
        Ok(())
    });
}

#[test]
fn fuzz_segmenter() {
    let text = prop::collection::vec(junk_text(), 0..60).prop_map(|v| v.join(" "));
    fuzz("segmenter", text, |t| {
        let ranges = engine().segmenter().split(&t);
        let mut last = 0;
        for r in &ranges {
            prop_assert!(r.start >= last && r.start < r.end && r.end <= t.len());
            prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
            last = r.end;
        }
        let a = engine().annotate_text(&t, &PageInfo::default());
        check_annotated(&a)
    });
}
