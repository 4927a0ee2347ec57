// Times npm `sbd` on the corpus text that `cargo bench --bench pipeline`
// wrote, paragraph by paragraph like pysbd_bench.py, best of 3.
// Usage: node tests/benches/sbd_bench.mjs target/bench/corpus.txt
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));
const sbd = require('sbd');
const { version } = require('sbd/package.json');
const text = fs.readFileSync(process.argv[2], 'utf8');
const paragraphs = text.split('\n\n').map((p) => p.split(/\s+/).join(' ').trim()).filter(Boolean);
let best = Infinity;
let n = 0;
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  n = 0;
  for (const p of paragraphs) n += sbd.sentences(p).length;
  best = Math.min(best, (performance.now() - t0) / 1000);
}
const mb = Buffer.byteLength(text) / 1e6;
console.log(`sbd ${version} (node ${process.versions.node}): ${n} sentences, ${mb.toFixed(2)} MB in ${best.toFixed(2)} s (best of 3) = ${(mb / best).toFixed(3)} MB/s`);
