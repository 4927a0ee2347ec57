"""What the teacher and the student share: the labels, the sentence rows
that `sourcelight sentences` writes, and which rows each may learn from."""

import json
import random

LABELS = ["sourced", "unsourced", "speculative", "none"]
LABEL_ID = {l: i for i, l in enumerate(LABELS)}

# The sets whose labels follow our guide (gold); real pages weigh most.
GOLD_SETS = {"labeled_real_dev": 1.0, "labeled_real_more": 1.0, "polnear_train_guide": 1.0, "labeled_dev": 0.5, "labeled_seed": 0.5}
# Text nobody labeled by the guide: the teacher labels it (silver).
SILVER_SETS = {"polnear_news_train", "unlabeled", "labeled_real_dev", "labeled_real_more"}
DEV_SETS = {"polnear_news_dev", "szeged_factbank_news_dev", "conll2010_wiki_dev"}


def read_rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def is_gold_train(r):
    """A sentence with our label that training may use: never a locked site's."""
    return r["set"] in GOLD_SETS and r["gold"] is not None and not r["locked"]


def is_silver(r):
    """A sentence the teacher labels for the student: no gold label, not locked,
    and no dev split of an external set."""
    return r["set"] in SILVER_SETS and r["gold"] is None and not r["locked"]


def is_locked_gold(r):
    return r["locked"] and r["gold"] is not None


def page_folds(rows, k, seed):
    """Folds by page of the gold training rows: {page: fold}."""
    pages = sorted({r["page"] for r in rows if is_gold_train(r)})
    random.Random(seed).shuffle(pages)
    return {p: i % k for i, p in enumerate(pages)}


def macro_f1(gold, pred, n=4):
    """Per-label F1 and their mean, over label ids."""
    f1s = []
    for c in range(n):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(f1s) / n, f1s


def polnear_binary(rows, pred):
    """PolNeAR's figure: its attributed sentences against our `sourced`
    (content-only sentences count neither way)."""
    tp = fp = fn = 0
    for r, p in zip(rows, pred):
        if r["ext"] == "content_only":
            continue
        att, ours = r["ext"] == "attributed", p == LABEL_ID["sourced"]
        tp += att and ours
        fp += (not att) and ours
        fn += att and not ours
    prec = tp / max(1, tp + fp)
    rec = tp / max(1, tp + fn)
    return prec, rec


def uncertainty_f1(rows, pred):
    """Szeged's and CoNLL's figure: their uncertain sentences against our `speculative`."""
    tp = fp = fn = 0
    for r, p in zip(rows, pred):
        unc, ours = r["ext"] == "uncertain", p == LABEL_ID["speculative"]
        tp += unc and ours
        fp += (not unc) and ours
        fn += unc and not ours
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def report(name, rows, pred):
    """One line of figures for a set of rows and predicted label ids."""
    if not rows:
        return f"{name}: no rows"
    s = rows[0]["set"]
    if s == "polnear_news_dev":
        p, r = polnear_binary(rows, pred)
        return f"{name}: attributed recall {r:.3f} at precision {p:.3f} ({len(rows)} sentences)"
    if s in ("szeged_factbank_news_dev", "conll2010_wiki_dev"):
        return f"{name}: uncertain F1 {uncertainty_f1(rows, pred):.3f} ({len(rows)} sentences)"
    gold = [LABEL_ID[r["gold"]] for r in rows]
    m, f1s = macro_f1(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    per = ", ".join(f"{l} {f:.3f}" for l, f in zip(LABELS, f1s))
    return f"{name}: macro-F1 {m:.3f} ({per}; accuracy {acc:.3f}, {len(rows)} sentences)"
