"""Times pysbd on the corpus text that `cargo bench --bench pipeline` wrote,
paragraph by paragraph (the unit Sourcelight segments), and prints its
throughput. Usage: python3 tests/benches/pysbd_bench.py target/bench/corpus.txt"""
import sys
import time

import pysbd

text = open(sys.argv[1], encoding="utf-8").read()
paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
paragraphs = [p for p in paragraphs if p]
seg = pysbd.Segmenter(language="en", clean=False)
best = None
for _ in range(3):
    t0 = time.perf_counter()
    n = sum(len(seg.segment(p)) for p in paragraphs)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
mb = len(text.encode("utf-8")) / 1e6
print(f"pysbd {pysbd.__version__}: {n} sentences, {mb:.2f} MB in {best:.2f} s (best of 3) = {mb / best:.3f} MB/s")
