//! Property tests: whatever the text, sentences tile it in order with valid
//! offsets, and nothing panics. PROPTEST_CASES raises the case count for a
//! longer run (the default here keeps `cargo test` quick).

use proptest::prelude::*;
use sourcelight_engine::{html::parse_html, Engine, PageInfo};

fn engine() -> &'static Engine {
    static E: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    E.get_or_init(Engine::default)
}

/// Words and marks that stress the rules: abbreviations, initials, numbers,
/// quotes, ellipses, list markers, other scripts.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{0,8}",
        "[a-z]{1,8}",
        "[0-9]{1,4}(\\.[0-9]{1,2})?",
        prop::sample::select(vec![
            ".",
            "?",
            "!",
            "...",
            "…",
            ". . .",
            ",",
            ";",
            ":",
            "“",
            "”",
            "\"",
            "'",
            "’",
            "(",
            ")",
            "[...]",
            "—",
            "-",
            "Dr.",
            "Mr.",
            "U.S.",
            "a.m.",
            "p.m.",
            "Inc.",
            "St.",
            "No.",
            "Dec.",
            "e.g.",
            "E.",
            "I.",
            "1.",
            "2.)",
            "a.",
            "•",
            "said",
            "according to",
            "allegedly",
            "may",
            "could",
            "if",
            "will",
            "officials",
            "experts",
            "中文。",
            "？",
            "😀",
            "שלום",
            "مرحبا",
            "\u{200b}",
            "\u{00a0}",
        ])
        .prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), prop::sample::select(vec![" ", " ", " ", "", "\n", "\n\n", "  "])), 0..80)
        .prop_map(|v| v.into_iter().map(|(t, s)| t + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn sentences_tile_the_text(t in text()) {
        let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let ranges = engine().segmenter().split(&collapsed);
        let mut last = 0;
        for r in &ranges {
            prop_assert!(r.start >= last && r.start < r.end && r.end <= collapsed.len(), "{:?} after {}", r, last);
            prop_assert!(collapsed.is_char_boundary(r.start) && collapsed.is_char_boundary(r.end));
            let s = &collapsed[r.clone()];
            prop_assert_eq!(s.trim(), s);
            prop_assert!(collapsed[last..r.start].trim().is_empty(), "text dropped: {:?}", &collapsed[last..r.start]);
            last = r.end;
        }
        prop_assert!(collapsed[last..].trim().is_empty());
    }

    #[test]
    fn annotation_offsets_are_valid(t in text()) {
        let a = engine().annotate_text(&t, &PageInfo::default());
        let units: Vec<u16> = a.article_text.encode_utf16().collect();
        let mut last = 0;
        for s in &a.annotations.sentences {
            prop_assert!(s.start >= last && s.start < s.end && s.end as usize <= units.len());
            prop_assert_eq!(String::from_utf16_lossy(&units[s.start as usize..s.end as usize]), s.text.clone());
            prop_assert!((0.0..=1.0).contains(&s.confidence));
            prop_assert!(!s.why.is_empty());
            for c in &s.cues {
                prop_assert!(s.start <= c.start && c.start <= c.end && c.end <= s.end, "cue {:?} outside {}..{}", c, s.start, s.end);
                prop_assert_eq!(String::from_utf16_lossy(&units[c.start as usize..c.end as usize]), c.text.clone());
            }
            last = s.end;
        }
    }

    #[test]
    fn html_pipeline_never_panics_and_anchors_hold(
        parts in prop::collection::vec((prop::sample::select(vec!["p", "div", "h1", "a href=\"https://x.example/\"", "em", "li", "figcaption", "article", "aside", "script", "br", "span hidden", "q"]), text(), any::<bool>()), 0..12)
    ) {
        let mut html = String::new();
        for (tag, body, close) in &parts {
            let name = tag.split(' ').next().unwrap_or("p");
            html += &format!("<{tag}>{}", body.replace('<', "&lt;"));
            if *close { html += &format!("</{name}>"); }
        }
        let doc = parse_html(&html, "https://news.example/").unwrap();
        let a = engine().annotate_doc(&doc, "");
        for anchor in a.anchors.iter().flatten() {
            for p in [anchor.start, anchor.end] {
                let text = doc.node(p.node).text();
                prop_assert!(text.is_some_and(|t| p.offset as usize <= t.encode_utf16().count()));
            }
        }
    }
}
