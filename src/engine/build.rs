//! Copies the lexicons (`src/lexicon/*.txt`) into the build's output
//! directory without their comment and blank lines, which the parser skips
//! anyway (`lexicon::sections`): the engine compiles them in, and in the
//! wasm every byte of a comment is a byte the page downloads.
//!
//! Also writes each language's reason messages (the `why_*` entries of
//! `extension/_locales/<lang>/messages.json`, the one file of UI strings)
//! as `reasons/<lang>.txt`, one `key<TAB>message` a line with the
//! placeholders resolved to `$1`, `$2`, …, for the native build to compile
//! in (`reason::Reasons`).

use std::fs;
use std::path::Path;

fn main() {
    reasons();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lexicon");
    fs::create_dir_all(&out).expect("creating the lexicon output directory");
    println!("cargo:rerun-if-changed=src/lexicon");
    let mut files: Vec<_> = fs::read_dir("src/lexicon").expect("reading src/lexicon").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "txt")) {
        let text = fs::read_to_string(file).expect("a lexicon is UTF-8 text");
        // Each section's lines sorted: the order of a section's phrases
        // carries no meaning (`PhraseSet::match_at` gives the longest match's
        // length), and sorted words compress better in the wasm.
        let mut kept = String::new();
        let mut section: Vec<&str> = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).chain(["[]"]) {
            if line.starts_with('[') {
                section.sort_unstable();
                section.drain(..).chain([line]).filter(|l| *l != "[]").for_each(|l| {
                    kept.push_str(l);
                    kept.push('\n');
                });
            } else {
                section.push(line);
            }
        }
        let name = file.file_name().expect("a file name");
        fs::write(out.join(name), kept).expect("writing the stripped lexicon");
        println!("cargo:rerun-if-changed={}", file.display());
    }
}

fn reasons() {
    let locales = Path::new("../../extension/_locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("reasons");
    fs::create_dir_all(&out).expect("creating the reasons output directory");
    let mut langs: Vec<_> = fs::read_dir(locales).expect("reading extension/_locales").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    langs.sort();
    for dir in langs {
        let file = dir.join("messages.json");
        println!("cargo:rerun-if-changed={}", file.display());
        let text = fs::read_to_string(&file).expect("messages.json is UTF-8 text");
        let all: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("messages.json is a JSON object");
        let mut table = String::new();
        for (key, entry) in all.iter().filter(|(k, _)| k.starts_with("why_")) {
            let mut message = entry["message"].as_str().expect("a message is text").to_string();
            if let Some(places) = entry.get("placeholders").and_then(|p| p.as_object()) {
                for (name, place) in places {
                    let content = place["content"].as_str().expect("a placeholder's content is text");
                    message = message.replace(&format!("${name}$"), content);
                }
            }
            assert!(!message.contains('\t') && !message.contains('\n'), "{key}: a reason is one line");
            table.push_str(&format!("{key}\t{message}\n"));
        }
        let lang = dir.file_name().expect("a language directory").to_string_lossy().to_string();
        fs::write(out.join(format!("{lang}.txt")), table).expect("writing the reasons");
    }
}
