#!/usr/bin/env python3
"""Cross-checks `seula evaluate --json` against scikit-learn on a whole labelled caseload.

Decides every case with `seula score` (the records carry the segment, the final outcome and the
risk score), reads the labels from the caseload, computes the figures with scikit-learn, and
compares them with what `seula evaluate --json` reports (to 6 decimals, as it prints them).

  python3 benchmarks/evaluate_vs_sklearn.py SEULA CASELOAD.jsonl MODEL.json [TODAY]

The caseload's assessed_on dates (and TODAY, for cases without one) must lie in MODEL's in-force
period: score picks the criteria by date, evaluate judges the one file on every case. Needs numpy
and scikit-learn.
"""
import json, subprocess, sys, tempfile

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, brier_score_loss, cohen_kappa_score,
                             f1_score, precision_score, recall_score, roc_auc_score)


def main(seula, caseload, model, today=None):
    m = json.load(open(model))
    segments = [q["id"] for q in m["segments"]["quadrants"]] + [m["segments"]["undetermined"]["id"]]
    levels = m["outcomes"]["levels"]
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as out:
        subprocess.run([seula, "score", caseload, "--model", model, "-o", out.name] + (["--today", today] if today else []),
                       check=True, stderr=subprocess.DEVNULL)
        records = [json.loads(l) for l in open(out.name)]
    cases = [json.loads(l) for l in open(caseload) if l.strip()]
    assert len(records) == len(cases)
    t, p, ot, op, y, score = [], [], [], [], [], []
    for c, r in zip(cases, records):
        t.append(segments.index(c["label"]["segment"]))
        p.append(segments.index(r["segment"]))
        ot.append(levels.index(c["label"]["outcome"]))
        op.append(levels.index(r["outcome"]["level"]))
        v = r["scores"]["risk"]["value"]
        if v is not None and c["label"].get("outcome_12m") is not None:
            y.append(c["label"]["outcome_12m"])
            score.append(v)
    t, p = np.array(t), np.array(p)
    q = list(range(len(segments) - 1))
    mask = t != len(segments) - 1
    ours = json.loads(subprocess.run([seula, "evaluate", caseload, "--model", model, "--json", "--bootstrap", "0"],
                                     check=True, capture_output=True).stdout)
    # The record rounds the risk score to one decimal; evaluate uses the unrounded score, so AUC and
    # Brier are compared at a tolerance that rounding explains (it can change ties).
    reference = {
        "accuracy": (accuracy_score(t, p), 1e-6), "kappa": (cohen_kappa_score(t, p), 1e-6),
        "macro_f1": (f1_score(t, p, labels=q, average="macro", zero_division=0), 1e-6),
        "balanced_accuracy": (balanced_accuracy_score(t[mask], p[mask]), 1e-6),
        "outcome_weighted_kappa": (cohen_kappa_score(ot, op, weights="quadratic", labels=list(range(len(levels)))), 1e-6),
        "auc": (roc_auc_score(y, score), 2e-3), "brier": (brier_score_loss(y, np.array(score) / 100), 1e-3),
    }
    worst = 0
    for name, (value, tol) in reference.items():
        mine = ours["headline"][name]["value"]
        ok = abs(mine - value) <= tol
        worst = max(worst, 0 if ok else 1)
        print(f"{name:24s} seula {mine:.6f}  scikit-learn {value:.6f}  {'ok' if ok else 'DIFFERS'}")
    for k, s in enumerate(q):
        row = ours["segments"]["per_segment"][k]
        for fig, fn in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:
            v = fn(t, p, labels=[s], average=None, zero_division=0)[0]
            ok = abs(row[fig]["value"] - v) <= 1e-6
            worst = max(worst, 0 if ok else 1)
            if not ok:
                print(f"{segments[s]} {fig}: seula {row[fig]['value']} scikit-learn {v}")
    print("per-segment precision/recall/F1 (labels= the four segments):", "ok" if worst == 0 else "see above")
    sys.exit(worst)


if __name__ == "__main__":
    main(*sys.argv[1:5])
