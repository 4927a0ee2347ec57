//! Bad input never panics and never aborts a batch: empty, binary, huge,
//! deeply nested, unpunctuated, mixed-script and right-to-left input.

use std::process::Command;

use sourcelight_engine::annotation::Label;
use sourcelight_engine::{annotate_html, Engine, PageInfo};

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sourcelight"))
}

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sourcelight-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every anchor of every sentence points at a real text node and offset.
fn check_anchors(html: &str) -> usize {
    let doc = sourcelight_engine::html::parse_html(html, "").unwrap();
    let a = Engine::default().annotate_doc(&doc, "");
    for (s, anchor) in a.annotations.sentences.iter().zip(&a.anchors) {
        let anchor = anchor.expect("every sentence of a page has an anchor");
        for p in [anchor.start, anchor.end] {
            let text = doc.node(p.node).text().expect("anchors point at text nodes");
            assert!(p.offset as usize <= text.encode_utf16().count(), "offset past the end of {text:?}");
        }
        assert!(s.start <= s.end);
    }
    a.annotations.sentences.len()
}

#[test]
fn empty_and_whitespace_pages_have_no_sentences() {
    for html in ["", " ", "<html></html>", "<body>\n\t </body>", "<p></p><p> </p>"] {
        let a = annotate_html(html, "", "").unwrap();
        assert!(a.annotations.sentences.is_empty(), "{html:?}");
        assert_eq!(a.annotations.summary.sourced_share, 0.0);
    }
    let t = Engine::default().annotate_text("", &PageInfo::default());
    assert!(t.annotations.sentences.is_empty());
}

#[test]
fn malformed_html_is_read_as_browsers_read_it() {
    let n = check_anchors("<p>Unclosed <b>bold <i>and italic.</p><p>Second paragraph said nothing</div></span>");
    assert!(n >= 2);
    check_anchors("<<<>>><p <p>>text.</p></p></p><![CDATA[x]]><!-- unclosed comment");
}

#[test]
fn ten_thousand_deep_nesting() {
    let html = format!("{}The mayor said the vote was close.{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
    assert_eq!(check_anchors(&html), 1);
    let nested_spans = format!("<p>{}Deep inline text, officials said.{}</p>", "<span>".repeat(10_000), "</span>".repeat(10_000));
    assert_eq!(check_anchors(&nested_spans), 1);
}

#[test]
fn twenty_megabyte_page() {
    let para =
        "<p>The council voted on Tuesday. Officials said the plan would change, according to the minutes. The plan may fail. Will it pass?</p>\n";
    let html = format!("<html><body><article><h1>Big</h1>{}</article></body></html>", para.repeat(20_000_000 / para.len()));
    assert!(html.len() >= 19_000_000);
    let a = annotate_html(&html, "", "").unwrap();
    assert!(a.annotations.sentences.len() > 100_000);
    assert!(a.annotations.sentences.iter().any(|s| s.label == Label::Speculative));
}

#[test]
fn text_without_punctuation_mixed_scripts_emoji_and_rtl() {
    let cases = [
        "no punctuation at all in this long line of words that just keeps going and going without any stop",
        "Смешанный текст 混合文本 with emoji 😀👍🏽 and 🇺🇦 flags. Второе предложение! 第三句。第四句？",
        "المتحدث باسم الوزارة قال إن الخطة قد تفشل. هذه جملة ثانية.",
        "שלום עולם. זה משפט שני.",
        "\u{200f}mixed \u{202e}bidi\u{202c} controls\u{200b}zero width. Next one.",
        "a\u{0301}\u{0302}\u{0303} combining marks. Ünïcödé ǅ titlecase.",
    ];
    let engine = Engine::default();
    for text in cases {
        let a = engine.annotate_text(text, &PageInfo::default());
        assert!(!a.annotations.sentences.is_empty(), "{text}");
        let units = a.article_text.encode_utf16().count() as u32;
        for s in &a.annotations.sentences {
            assert!(s.end <= units && s.start < s.end, "{text}: {}..{} of {units}", s.start, s.end);
        }
        check_anchors(&format!("<p dir=\"rtl\">{text}</p>"));
    }
}

#[test]
fn hostile_markup_stays_text() {
    let html = r#"<article><p>The page says &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt;, officials said.</p>
        <p>A <a href="javascript:alert(1)">link</a> that is not a source.</p></article>"#;
    let a = annotate_html(html, "https://news.example/a", "").unwrap();
    let first = &a.annotations.sentences[0];
    assert!(first.text.contains("<script>alert(1)</script>"));
    assert_eq!(first.label, Label::Sourced);
    assert!(a.annotations.sentences.iter().all(|s| s.source.as_ref().is_none_or(|src| src.href.as_deref() != Some("javascript:alert(1)"))));
}

#[test]
fn cli_rejects_binary_input_naming_the_file() {
    let dir = tmpdir("binary");
    let f = dir.join("photo.jpg.html");
    std::fs::write(&f, [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0xfe]).unwrap();
    let out = cli().args(["annotate"]).arg(&f).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("photo.jpg.html") && err.contains("not UTF-8"), "{err}");
}

#[test]
fn cli_batch_skips_bad_files_and_keeps_going() {
    let dir = tmpdir("batch");
    let pages = dir.join("pages");
    std::fs::create_dir_all(pages.join("sub")).unwrap();
    std::fs::write(pages.join("a.html"), "<p>The mayor said the bridge will close.</p>").unwrap();
    std::fs::write(pages.join("sub/b.html"), "<p>Prices may rise.</p>").unwrap();
    std::fs::write(pages.join("bad.html"), [0xc3, 0x28, 0xa0, 0xa1]).unwrap();
    std::fs::write(pages.join("empty.html"), "").unwrap();
    let out_dir = dir.join("out");
    let out = cli().args(["annotate"]).arg(&pages).arg("--out").arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("3 pages annotated, 1 skipped"), "{stdout}");
    assert!(stderr.contains("bad.html"), "{stderr}");
    let written: Vec<_> = std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(written.len(), 3, "{written:?}");
    let a: serde_json::Value = serde_json::from_slice(&std::fs::read(out_dir.join("a.html.json")).unwrap()).unwrap();
    assert_eq!(a["schema"], "sourcelight/annotations@2");
    assert_eq!(a["sentences"][0]["label"], "sourced");
}

#[test]
fn cli_formats_and_sample() {
    let sample = cli().output().unwrap();
    assert!(sample.status.success());
    let text = String::from_utf8_lossy(&sample.stdout);
    for label in ["[sourced", "[unsourced", "[speculative", "[none"] {
        assert!(text.contains(label), "sample shows {label}: {text}");
    }
    let dir = tmpdir("formats");
    let f = dir.join("p.html");
    std::fs::write(&f, "<article><p>Rain fell, the agency said. It may snow.</p></article>").unwrap();
    let w3c = cli().args(["annotate", "--format", "w3c", "--url", "https://n.example/x"]).arg(&f).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&w3c.stdout).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    let item = &v["first"]["items"][0];
    assert_eq!(item["target"]["source"], "https://n.example/x");
    assert_eq!(item["target"]["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(item["target"]["selector"][0]["exact"], "Rain fell, the agency said.");
    assert_eq!(item["target"]["selector"][1]["type"], "TextPositionSelector");
}

#[test]
fn cli_applies_scores_and_refuses_corrections() {
    let dir = tmpdir("corrections");
    let page = dir.join("p.html");
    std::fs::write(&page, "<article><p>Rain fell, the agency said. It may snow. The roads are closed.</p></article>").unwrap();
    let url = "https://n.example/x";
    let out = cli().args(["annotate", "--url", url]).arg(&page).output().unwrap();
    let mut export: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let roads = &mut export["sentences"][2];
    assert_eq!((roads["label"].as_str(), roads["engine_label"].as_str()), (Some("unsourced"), Some("unsourced")));
    roads["label"] = "speculative".into();
    roads["correction"] = serde_json::json!({ "label": "speculative", "comment": "=a guess", "at": "2026-12-02T10:00:00Z" });
    let file = dir.join("corrected.json");
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();

    // Applied: the same labels and summary the extension would export.
    let out = cli().args(["annotate", "--url", url, "--corrections"]).arg(&file).arg(&page).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["sentences"][2]["label"], "speculative");
    assert_eq!(got["sentences"][2]["engine_label"], "unsourced");
    assert_eq!(got["summary"]["corrected"], 1);
    // CSV: the reader's and the engine's labels; a comment like a formula defused.
    let csv = cli().args(["annotate", "--format", "csv", "--url", url, "--corrections"]).arg(&file).arg(&page).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}id,label,engine_label,confidence,source,anonymous,start,end,text,comment\r\n"), "{csv}");
    assert!(csv.contains(",speculative,unsourced,") && csv.ends_with(",The roads are closed.,\"'=a guess\"\r\n"), "{csv}");

    // Scored: the reader's labels are the gold.
    let out = cli().args(["eval", "--corrections"]).arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("1 sentences corrected by the reader; the engine now gives the reader's label to 0"), "{report}");

    // Not an export: a clear error naming the file.
    let out = cli().args(["annotate", "--corrections"]).arg(&page).arg(&page).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("p.html is not an annotations export") && err.contains("not JSON"), "{err}");
}
