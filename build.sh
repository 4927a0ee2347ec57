#!/usr/bin/env bash
# Sourcelight: the one entry point.
#   ./build.sh          install what is missing, build the wasm, package both
#                       extensions into dist/, show the annotated sample
#   ./build.sh test     all of the above, then every test (core + real browsers)
#   ./build.sh serve    serve the playground (www/) on 127.0.0.1
#   ./build.sh bench    benchmarks (native; see BENCHMARKS.md)
#   ./build.sh train    retrain the teacher and the student (PyTorch, CPU,
#                       about an hour on 2 cores) and the linear model; writes
#                       src/engine/src/learn/en.student and src/engine/src/learn/en.model
# Every step skips what is already installed or built.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
DIST=$ROOT/dist
SHARED=${SOURCELIGHT_SHARED:-$ROOT/../shared}
PORT=${PORT:-8787}

if [[ -t 1 ]]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; RESET=$'\e[0m'; else BOLD=; RED=; GREEN=; RESET=; fi
step() { printf '%s==> %s%s\n' "$BOLD" "$*" "$RESET"; }
die() { printf '%serror:%s %s\n' "$RED" "$RESET" "$*" >&2; exit 1; }
trap 'die "step failed at line $LINENO: $BASH_COMMAND"' ERR

# ---- installing what is missing ------------------------------------------

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi; }

APT_UPDATED=
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  step "installing Debian packages: ${missing[*]}"
  if [[ -z $APT_UPDATED ]]; then as_root apt-get update -qq || die "apt-get update failed"; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# cargo install at an exact version; falls back to unlocked resolution when a
# locked transitive version is missing from the registry.
cargo_install() {
  local crate=$1 version=$2 bin=$3
  if command -v "$bin" >/dev/null && [[ -z $version || $("$bin" --version 2>/dev/null) == *" $version"* ]]; then return 0; fi
  step "installing $crate ${version:-latest} from crates.io"
  local args=(install "$crate")
  [[ -n $version ]] && args+=(--version "$version")
  cargo "${args[@]}" --locked >/dev/null 2>&1 || cargo "${args[@]}" || die "cargo install $crate failed"
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

install_build_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || {
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown >/dev/null
  }
  [[ -f Cargo.lock ]] || cargo generate-lockfile
  local v
  v=$(wasm_bindgen_version)
  [[ -n $v ]] || die "no wasm-bindgen in Cargo.lock"
  cargo_install wasm-bindgen-cli "$v" wasm-bindgen
  command -v python3 >/dev/null || apt_install python3
  install_npm_tools
}

# npm tools, each set pinned by its package-lock.json: the build's own
# (src/build: wasm-opt, eslint) and the tests' (web-ext, the browser
# drivers' clients, the benchmarks' peers).
install_npm_tools() {
  command -v npm >/dev/null || apt_install nodejs npm
  local dir
  for dir in src/build tests; do
    if [[ ! -d $dir/node_modules ]] || [[ $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
      step "installing npm tools ($dir/package-lock.json)"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $dir failed"
    fi
  done
}

install_test_tools() {
  apt_install chromium chromium-driver firefox-esr
  cargo_install geckodriver "" geckodriver
}

# ---- building -------------------------------------------------------------

build_wasm() {
  step "building the wasm engine"
  # opt-level "z" (Cargo.toml's wasm profile) and binaryen's -Oz: inside the
  # size budget with the in-page layer's DOM bindings compiled in
  # (BENCHMARKS.md, "WebAssembly size").
  cargo build --profile wasm -p sourcelight-web --lib --target wasm32-unknown-unknown --quiet
  mkdir -p "$DIST/pkg"
  wasm-bindgen --target web --out-dir "$DIST/pkg" --out-name sourcelight \
    target/wasm32-unknown-unknown/wasm/sourcelight_web.wasm
  # wasm-opt from npm's binaryen: Debian's (108) predates the reference-typed
  # tables wasm-bindgen emits and produces modules browsers reject.
  # -Oz: binaryen's size passes, a little slower than -O3 in the engine step
  # (BENCHMARKS.md, "WebAssembly size"). --converge repeats them until
  # nothing changes. --low-memory-unused lets it
  # fold constant offsets into loads: Rust puts the stack first and its
  # bottom kilobyte is only reached a kilobyte before a stack overflow,
  # which on wasm corrupts memory silently anyway.
  src/build/node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers \
    "$DIST/pkg/sourcelight_bg.wasm" -o "$DIST/pkg/sourcelight_bg.wasm"
  rm -f "$DIST/pkg/"*.d.ts "$DIST/pkg/package.json"
  # The language's data ships beside the module, loaded once per engine
  # start (loadLanguage): the cue lexicon and the student's weights.
  # The language's words in one file: its cues and page furniture, then
  # its abbreviations (Lexicon::parse reads both files' sections).
  cat src/engine/src/lexicon/en.txt src/engine/src/lexicon/abbreviations_en.txt > "$DIST/pkg/en.lexicon.txt"
  cp src/engine/src/learn/en.student "$DIST/pkg/en.student"
}

# Copies the one extension source tree into dist/<browser>, merging the
# Firefox manifest override, and zips it.
package() {
  local browser=$1 out=$DIST/$1
  rm -rf "$out"
  mkdir -p "$out/pkg"
  cp -r extension/. "$out/"
  rm -f "$out/manifest.firefox.json"
  cp "$DIST/pkg/sourcelight.js" "$DIST/pkg/sourcelight_bg.wasm" "$DIST/pkg/en.lexicon.txt" "$DIST/pkg/en.student" "$out/pkg/"
  python3 - "$out/manifest.json" "$browser" <<'PY'
import json, sys
path, browser = sys.argv[1], sys.argv[2]
m = json.load(open(path))
if browser == "firefox":
    def merge(a, b):
        for k, v in b.items():
            if v is None:
                a.pop(k, None)
            elif k == "background" or not isinstance(v, dict) or not isinstance(a.get(k), dict):
                a[k] = v
            else:
                merge(a[k], v)
    merge(m, json.load(open("extension/manifest.firefox.json")))
json.dump(m, open(path, "w"), indent=2, ensure_ascii=False)
PY
  local archive=$DIST/sourcelight-chrome.zip
  [[ $browser == firefox ]] && archive=$DIST/sourcelight-firefox.xpi
  python3 - "$out" "$archive" <<'PY'
import os, sys, zipfile
src, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, _, files in sorted(os.walk(src)):
        for f in sorted(files):
            p = os.path.join(dirpath, f)
            z.write(p, os.path.relpath(p, src))
PY
}

# The playground: www/ plus the extension's own walker, tooltip, export
# helpers, styles and strings (one copy of each in the repository), and the
# samples. The seed article is read from ../shared at build time, never
# committed; without ../shared the playground simply lacks that sample.
build_www() {
  rm -rf "$DIST/www"
  mkdir -p "$DIST/www/pkg" "$DIST/www/samples" "$DIST/www/_locales/en"
  cp -r www/. "$DIST/www/"
  cp extension/{names.js,walker.js,corrections.js,tooltip.js,export.js,highlight.css,ui.css} "$DIST/www/"
  cp extension/_locales/en/messages.json "$DIST/www/_locales/en/"
  cp src/cli/samples/harbour.html "$DIST/www/samples/"
  if [[ -f $SHARED/corpus/seed-article.txt ]]; then
    cp "$SHARED/corpus/seed-article.txt" "$DIST/www/samples/"
  else
    echo "note: $SHARED/corpus/seed-article.txt not found; the playground will lack the seed sample"
  fi
  cp "$DIST/pkg/sourcelight.js" "$DIST/pkg/sourcelight_bg.wasm" "$DIST/pkg/en.lexicon.txt" "$DIST/pkg/en.student" "$DIST/www/pkg/"
}

build_all() {
  install_build_tools
  build_wasm
  step "packaging dist/chrome and dist/firefox"
  package chrome
  package firefox
  build_www
  step "building the command-line tool"
  cargo build --release --quiet
}

show_sample() {
  step "the bundled sample article, annotated (target/release/sourcelight)"
  ./target/release/sourcelight
  local raw gz
  raw=$(wc -c <"$DIST/pkg/sourcelight_bg.wasm")
  gz=$(gzip -9c "$DIST/pkg/sourcelight_bg.wasm" | wc -c)
  cat <<EOF

${GREEN}Built.${RESET} Engine: dist/pkg/sourcelight_bg.wasm ($raw bytes, $gz gzipped)

Load it in Chromium / Chrome:
  1. open chrome://extensions and switch on "Developer mode"
  2. "Load unpacked" and choose $DIST/chrome
     (or drag $DIST/sourcelight-chrome.zip onto the page)
Load it in Firefox:
  1. open about:debugging#/runtime/this-firefox
  2. "Load Temporary Add-on…" and choose $DIST/firefox/manifest.json
     (or $DIST/sourcelight-firefox.xpi)
Then open a news article and click the Sourcelight button (or press Alt+Shift+S).
EOF
}

# The house rules, enforced: rustfmt (.rustfmt.toml), clippy with warnings
# as errors for the native and the wasm32 builds, eslint (pinned in
# src/build/package-lock.json; src/build/eslint.config.mjs) over all our JavaScript.
house_rules() {
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || { step "adding rustfmt"; rustup component add rustfmt >/dev/null; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || { step "adding clippy"; rustup component add clippy >/dev/null; }
  step "cargo fmt --check"
  cargo fmt --check >/dev/null || die "cargo fmt --check: the code is not formatted (run cargo fmt)"
  step "cargo clippy -D warnings (native, all targets; wasm32, the library)"
  cargo clippy --release --quiet --workspace --all-targets -- -D warnings || die "clippy (native) reported warnings"
  cargo clippy --release --quiet -p sourcelight-engine -p sourcelight-export -p sourcelight-web --lib --target wasm32-unknown-unknown -- -D warnings || die "clippy (wasm32) reported warnings"
  step "eslint (extension/, www/, tests/)"
  src/build/node_modules/.bin/eslint -c src/build/eslint.config.mjs extension www tests || die "eslint reported problems"
}

# ---- commands ---------------------------------------------------------------

run_tests() {
  build_all
  install_test_tools
  house_rules
  step "core tests (cargo test)"
  # The pipeline's own status (pipefail) is cargo's: a filter that `|| true`
  # followed would hide it, as it once did.
  if ! cargo test --release --quiet --no-fail-fast 2>&1 | tee "$DIST/cargo-test.log" \
    | { grep -E "^(test result|running|error|failures|---- )|panicked|FAILED" || true; }; then
    die "cargo test failed (see $DIST/cargo-test.log)"
  fi
  step "web-ext lint (dist/firefox)"
  (cd tests && npx --no-install web-ext lint --source-dir "$DIST/firefox" --self-hosted --output json) >"$DIST/web-ext-lint.json" || true
  python3 - "$DIST/web-ext-lint.json" <<'PY' || die "web-ext lint reported errors"
import json, sys
r = json.load(open(sys.argv[1]))
s = r.get("summary", {})
for kind in ("errors", "warnings", "notices"):
    for m in r.get(kind, []):
        print(f"  {kind[:-1]}: {m.get('code')}: {m.get('message')} ({m.get('file', '')})")
print(f"web-ext lint: {s.get('errors', '?')} errors, {s.get('warnings', '?')} warnings, {s.get('notices', '?')} notices")
sys.exit(1 if s.get("errors", 1) else 0)
PY
  step "browser tests (headless Chromium and Firefox ESR)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node --test --test-concurrency=1 tests/browser/ || die "browser tests failed"
  # The in-page route is what a later pass takes on a small page; the
  # hostile pages again with every pass forced there (the corpus pages
  # on that route: SOURCELIGHT_ROUTE=page node --test browser/hostile.test.mjs).
  step "browser tests: the hostile pages with the engine in the page (SOURCELIGHT_ROUTE=page)"
  SOURCELIGHT_ROUTE=page SOURCELIGHT_HOSTILE_ONLY=1 SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED \
    node --test --test-concurrency=1 tests/browser/hostile.test.mjs
}

# SOURCELIGHT_NO_BUILD=1 serves what dist/www holds (the tests, right after
# a build); PORT=0 picks a free port (python prints it).
serve() {
  [[ -n ${SOURCELIGHT_NO_BUILD:-} ]] || build_all
  [[ -f $DIST/www/index.html ]] || die "dist/www is not built: run ./build.sh first"
  step "serving the playground (static files in dist/www)"
  [[ $PORT == 0 ]] || echo "Playground: http://127.0.0.1:$PORT/"
  exec python3 -u -m http.server "$PORT" --bind 127.0.0.1 --directory "$DIST/www"
}

bench() {
  build_all
  install_test_tools
  [[ -d $SHARED/corpus ]] || die "the shared corpus is missing at $SHARED: nothing to benchmark"
  mkdir -p target/bench
  step "core throughput (cargo bench --bench pipeline)"
  cargo bench -p sourcelight-engine --bench pipeline -- --noplot 2>&1 | grep -E "^corpus|^pages|time:|thrpt:" || die "cargo bench failed"
  step "pysbd on the same text (PyPI, in target/bench/venv)"
  [[ -x target/bench/venv/bin/python ]] || python3 -m venv target/bench/venv
  target/bench/venv/bin/python -c 'import pysbd' 2>/dev/null || target/bench/venv/bin/pip install --quiet pysbd==0.3.4
  target/bench/venv/bin/python tests/benches/pysbd_bench.py target/bench/corpus.txt
  step "npm sbd on the same text"
  node tests/benches/sbd_bench.mjs target/bench/corpus.txt
  step "article extraction: shingle F1, ours beside @mozilla/readability on the same pages (tests/benches/extraction.mjs)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/extraction.mjs
  step "in the browser: the extension against @mozilla/readability + sbd, all corpus pages"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/browser.mjs
  step "a trace of one activation: the median page, a p95 page, the slowest (tests/benches/trace.mjs)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/trace.mjs
  step "toggling on a long article: does it restyle the page? (tests/benches/toggle.mjs)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/toggle.mjs
  step "the first press after the background starts: module, student and warm-up cold (tests/benches/first_press.mjs)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/first_press.mjs
  step "the engine step alone (Node, snapshots taken by the walker in Chromium)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/engine_step.mjs
  step "the hostile suite's 5 MB page"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/big_page.mjs
  step "the playground: pasting 1 MB"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/playground_paste.mjs
  step "a reader's correction: saved to painted, and to the pass that applies it (tests/benches/correction.mjs)"
  SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/correction.mjs
  step "wasm size"
  local raw gz
  raw=$(wc -c <"$DIST/pkg/sourcelight_bg.wasm")
  gz=$(gzip -9c "$DIST/pkg/sourcelight_bg.wasm" | wc -c)
  echo "dist/pkg/sourcelight_bg.wasm: $raw bytes, $gz gzip -9 (budget 300 KB raw, 130 KB gzip)"
  raw=$(wc -c <"$DIST/pkg/en.student")
  gz=$(gzip -9c "$DIST/pkg/en.student" | wc -c)
  echo "dist/pkg/en.student: $raw bytes, $gz gzip -9 (budget 3 MB raw, 2 MB gzip)"
  raw=$(wc -c <"$DIST/pkg/en.lexicon.txt")
  gz=$(gzip -9c "$DIST/pkg/en.lexicon.txt" | wc -c)
  echo "dist/pkg/en.lexicon.txt: $raw bytes, $gz gzip -9 (the language's data beside the student)"
  cargo_install twiggy "" twiggy
  # Largest contributors, named: twiggy reads the names from a build that
  # keeps them (wasm-bindgen output before wasm-opt strips them).
  wasm-bindgen --target web --keep-debug --out-dir target/bench/named --out-name sourcelight \
    target/wasm32-unknown-unknown/wasm/sourcelight_web.wasm
  twiggy top -n 15 target/bench/named/sourcelight_bg.wasm
  step "the in-page route's own costs, cold and warm, with a profile of each (tests/benches/in_page.mjs)"
  # The shipped optimisation with the names kept (-g), for the profile.
  src/build/node_modules/.bin/wasm-opt -Oz -g --converge --low-memory-unused \
    target/bench/named/sourcelight_bg.wasm -o target/bench/named/sourcelight_bg.wasm
  cp "$DIST/pkg/en.lexicon.txt" "$DIST/pkg/en.student" target/bench/named/
  PROFILE=1 PROFILE_PKG=target/bench/named SOURCELIGHT_DIST=$DIST SOURCELIGHT_SHARED=$SHARED node tests/benches/in_page.mjs
}

# The learned models, from ../shared: the teacher (all-MiniLM-L6-v2 from
# PyPI, fine-tuned), its labels over gold and silver text, the student
# distilled from it, and the linear model of the native fallback. Seeded;
# never part of ./build.sh test. WORK (default target/distil) keeps the
# teacher, so STUDENT_ONLY=1 retrains only the student.
train() {
  [[ -d $SHARED/corpus ]] || die "the shared corpus is missing at $SHARED: nothing to train on"
  local work=${WORK:-$ROOT/target/distil} venv=$ROOT/target/distil-venv
  mkdir -p "$work"
  step "Python packages for training (target/distil-venv: PyTorch, transformers, the pretrained model)"
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import torch, transformers, all_minilm_l6_v2' 2>/dev/null || "$venv/bin/pip" install --quiet -r src/distil/requirements.txt
  cargo build --release --quiet
  step "the teacher's vocabulary, and every corpus sentence as the engine reads it"
  "$venv/bin/python" src/distil/vocab.py "$work"
  target/release/sourcelight sentences --shared "$SHARED" --vocab "$work/vocab.txt" --out "$work/sentences.jsonl"
  if [[ -z ${STUDENT_ONLY:-} || ! -f $work/teacher_logits.json ]]; then
    step "the teacher: fine-tuning all-MiniLM-L6-v2, then labeling every sentence (src/distil/teacher.py)"
    "$venv/bin/python" src/distil/teacher.py "$work/sentences.jsonl" "$work" --epochs 3 --seed 1
  fi
  step "the student: distilled, trained on gold and silver, quantised (src/distil/student.py)"
  "$venv/bin/python" src/distil/student.py "$work/sentences.jsonl" "$work" src/engine/src/learn/en.student \
    --dim 48 --epochs 5 --batch 128 --rate 3e-3 --emb-rate 3e-3 --seed 1 ${CURVE:+--curve}
  step "the linear model (the native build's fallback without a student)"
  cargo build --release --quiet
  target/release/sourcelight train --shared "$SHARED" --out src/engine/src/learn/en.model
}

case "${1:-build}" in
  build) build_all; show_sample ;;
  test) run_tests ;;
  serve) serve ;;
  bench) bench ;;
  train) train ;;
  -h|--help|help) sed -n '2,11p' "$0" ;;
  *) die "unknown command '$1' (try: build, test, serve, bench, train)" ;;
esac
