#!/usr/bin/env bash
# Do two builds of the CLI give the same output on every shared page? For
# refactors that must not change what the engine says:
#   tests/same_output.sh OLD/sourcelight target/release/sourcelight
# Compares `annotate` in json, w3c and csv on every page of
# ../shared/corpus/readability-pages and news-pages (the time stamps set
# aside), `eval` on four labeled sets, `extract` on both corpora and the
# bundled sample; prints each difference and a count.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 2; }
A=$1 B=$2
SHARED=${SOURCELIGHT_SHARED:-$(dirname "$0")/../../shared}
[[ -d $SHARED/corpus ]] || { echo "the shared corpus is missing at $SHARED" >&2; exit 2; }
n=0 bad=0
same() { n=$((n + 1)); cmp -s <("$A" "$@" 2>&1 | norm) <("$B" "$@" 2>&1 | norm) || { bad=$((bad + 1)); echo "differs: $*"; }; }
norm() { sed -E 's/"generated_at": "[^"]*"/"generated_at": ""/; s/"generated": "[^"]*"/"generated": ""/'; }
for f in "$SHARED"/corpus/readability-pages/*/source.html "$SHARED"/corpus/news-pages/*.html; do
  for fmt in json w3c csv; do same annotate --format "$fmt" --url https://example.org/x "$f"; done
done
for d in labeled_real_dev.json labeled_seed.json labeled_dev.json external/polnear_news_dev.json; do same eval "$SHARED/corpus/$d"; done
same eval --split locked "$SHARED/corpus/labeled_real_dev.json" "$SHARED/corpus/labeled_real_more.json"
same extract "$SHARED/corpus/news-pages" --truth "$SHARED/corpus/news-pages/ground-truth.json"
same extract "$SHARED/corpus/readability-pages" --format json
n=$((n + 1)); cmp -s <("$A" 2>&1) <("$B" 2>&1) || { bad=$((bad + 1)); echo "differs: the sample"; }
echo "$n compared, $bad differ"
[[ $bad -eq 0 ]]
