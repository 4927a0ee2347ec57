//! Copies the lexicons (`src/lexicon/*.txt`) into the build's output
//! directory without their comment and blank lines, which the parser skips
//! anyway (`lexicon::sections`): the engine compiles them in, and in the
//! wasm every byte of a comment is a byte the page downloads.

use std::fs;
use std::path::Path;

fn main() {
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
