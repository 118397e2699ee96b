#!/usr/bin/env python3
"""Makes the evaluators' test fixtures, once. The Swift tests read the files this writes and
never need Python.

  labelled-400.csv        a labelled caseload (CSV with label.* columns): latent coping and
                          risk levels generate the answers and indicators; the "caseworker"
                          labels come from the same latent levels with noise; a few rows are
                          invalid on purpose (one per error code the tests count).
  sklearn-reference.json  metric values computed with scikit-learn on seeded arrays, and a
                          logistic regression on a simulated one-hot design; per-segment and
                          macro figures with labels= leaving the undetermined class out; ROC
                          points (roc_curve, drop_intermediate=False); reliability bins
                          (calibration_curve, strategy='uniform') with Wilson intervals
                          (scipy.stats.binomtest(...).proportion_ci(method='wilson')).

Run with: python3 make_fixtures.py   (from this directory)
Versions used for the committed files: Python 3.11.7, numpy 2.4.6, scikit-learn 1.9.1,
scipy 1.17.1 (pip install scikit-learn).
"""
import csv, json, math, random

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from scipy.stats import binomtest
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, brier_score_loss, cohen_kappa_score,
                             confusion_matrix, f1_score, precision_score, recall_score, roc_auc_score, roc_curve)

ITEMS = ["household_chores", "self_care", "paying_bills", "keeping_home", "errands_eservices", "concentration_memory",
         "mood_anxiety", "substance_gambling", "sleep_rhythm", "getting_out", "close_conflicts", "no_one_to_help",
         "loneliness", "work_study", "unsafe_at_home", "sudden_crisis"]
HOUSING = ["stable", "supported", "arrears_or_eviction", "homeless", "long_term_homeless"]
DEBT = ["none", "payment_default", "enforcement"]
PSY = ["none", "outpatient", "inpatient"]
DEFAULT_OUTCOME = {"parjaaja": "reception", "tuki": "guided", "yhteistyo": "named_worker", "huolenpito": "multiprofessional"}
LEVELS = ["complete_screening", "reception", "guided", "named_worker", "multiprofessional", "immediate"]


def labelled_caseload(path, n=400, seed=7):
    rnd = random.Random(seed)
    header = (["id", "age", "municipality", "language", "household.children"] + ["coping." + i for i in ITEMS]
              + ["risk.income_support_months_12m", "risk.unemployment_months", "risk.housing", "risk.debt",
                 "risk.substance_service_contacts_12m", "risk.psychiatric_care_12m", "risk.emergency_visits_12m",
                 "risk.child_welfare_household", "risk.service_types_in_use", "risk.released_from_prison_12m",
                 "risk.long_sick_leave_or_disability_benefit", "risk.no_secondary_qualification",
                 "flags.immediate_danger", "flags.child_special_support",
                 "label.segment", "label.outcome", "label.services", "label.outcome_12m", "label.gender"])
    rows = []
    for k in range(n):
        gender = "f" if rnd.random() < 0.5 else "m"
        coping_level = rnd.betavariate(2.0, 2.4)
        risk_level = rnd.betavariate(2.0, 2.8)
        answers = [max(0, min(4, round(4 * coping_level + rnd.gauss(0, 0.8)))) for _ in ITEMS]
        missing = 5 if rnd.random() < 0.03 else 0
        for i in rnd.sample(range(16), missing):
            answers[i] = ""
        for i in range(16):
            if answers[i] != "" and rnd.random() < 0.02:
                answers[i] = ""
        r = lambda s: max(0.0, risk_level + rnd.gauss(0, s))
        risk = [min(12, round(13 * r(0.15))), round(40 * r(0.15)), HOUSING[min(4, int(5 * r(0.2)))],
                DEBT[min(2, int(3 * r(0.25)))], round(6 * r(0.2)), PSY[min(2, int(3 * r(0.25)))], round(9 * r(0.2)),
                "true" if rnd.random() < 0.35 * risk_level else "false", round(5 * r(0.15)),
                "true" if rnd.random() < 0.12 * risk_level else "false",
                "true" if rnd.random() < 0.5 * risk_level else "false", "true" if rnd.random() < 0.3 else "false"]
        for i in range(len(risk)):
            if rnd.random() < 0.04:
                risk[i] = ""
        # The caseworker sees the latent levels with noise; men are placed on the hard side a
        # little later (a built-in disparity for the fairness report to find).
        hard = coping_level + rnd.gauss(0, 0.07) > (0.45 if gender == "m" else 0.41)
        high = risk_level + rnd.gauss(0, 0.07) > 0.36
        segment = {(False, False): "parjaaja", (True, False): "tuki", (False, True): "yhteistyo", (True, True): "huolenpito"}[(hard, high)]
        outcome = DEFAULT_OUTCOME[segment]
        if rnd.random() < 0.1:
            outcome = LEVELS[min(5, LEVELS.index(outcome) + 1)]
        services = ["neuvonta-ohjaus"]
        if segment == "tuki" or hard:
            services.append("sosiaaliohjaus")
        if segment != "parjaaja":
            services.append("palvelutarpeen-arviointi")
        if LEVELS.index(outcome) >= 3:
            services.append("sosiaalityo-omatyontekija")
        if rnd.random() < 0.15:
            services.append("ehkaiseva-toimeentulotuki")
        age = rnd.choice([19, 22, 24, 27, 31, 38, 44, 52, 58, 63, 67, 74])
        outcome_12m = 1 if rnd.random() < 1 / (1 + math.exp(-(-3.2 + 5.5 * risk_level))) else 0
        row = ([f"e-{k + 1:04d}", age, rnd.choice(["Turku", "Turku", "Vantaa", "Kerava", "Salo"]),
                rnd.choice(["fi"] * 8 + ["sv", "en"]), rnd.choice([0, 0, 0, 1, 2])]
               + answers + risk + ["true" if rnd.random() < 0.02 else "false", "true" if rnd.random() < 0.05 else "false",
                                  segment, outcome, ";".join(services), outcome_12m, gender])
        rows.append(row)
    # Invalid rows, one per code: invalid_type, out_of_range (twice), missing_field, invalid_label, missing_label.
    rows[10][1] = "forty"                                     # age: invalid_type
    rows[20][header.index("coping.paying_bills")] = 7          # out_of_range
    rows[30][0] = ""                                          # id absent: missing_field
    rows[40][header.index("risk.housing")] = "castle"         # out_of_range
    rows[50][header.index("label.segment")] = "tuk"           # invalid_label
    rows[60][header.index("label.segment")] = ""              # missing_label
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def references(path):
    rng = np.random.default_rng(20251125)
    out = {"versions": {"python": "3.11.7", "numpy": np.__version__, "scikit-learn": sklearn.__version__}}
    # Segments: 5 classes (4 quadrants + undetermined), correlated labels.
    t = rng.integers(0, 5, 200)
    p = np.where(rng.random(200) < 0.7, t, rng.integers(0, 5, 200))
    labels = list(range(5))
    out["segments"] = {
        "truth": t.tolist(), "predicted": p.tolist(),
        "confusion": confusion_matrix(t, p, labels=labels).tolist(),
        "accuracy": accuracy_score(t, p), "kappa": cohen_kappa_score(t, p),
        "balanced_accuracy": balanced_accuracy_score(t, p), "macro_f1": f1_score(t, p, average="macro"),
        "precision": precision_score(t, p, labels=labels, average=None, zero_division=0).tolist(),
        "recall": recall_score(t, p, labels=labels, average=None, zero_division=0).tolist(),
        "f1": f1_score(t, p, labels=labels, average=None, zero_division=0).tolist(),
    }
    # Outcome levels 0..5 (ordinal); level 0 never occurs, so labels=range(6) matters.
    ot = rng.integers(1, 6, 150)
    op = np.clip(ot + rng.integers(-1, 2, 150) * (rng.random(150) < 0.4), 1, 5)
    out["outcomes"] = {"truth": ot.tolist(), "predicted": op.tolist(),
                       "quadratic_kappa": cohen_kappa_score(ot, op, weights="quadratic", labels=list(range(6))),
                       "kappa": cohen_kappa_score(ot, op, labels=list(range(6)))}
    # Risk scores with many ties (points 0..26 → 100·points/26) against a 0/1 outcome.
    points = rng.integers(0, 27, 300)
    y = (rng.random(300) < 1 / (1 + np.exp(-(-2.5 + 0.2 * points)))).astype(int)
    score = 100.0 * points / 26
    out["risk"] = {"points": points.tolist(), "outcome": y.tolist(),
                   "auc": roc_auc_score(y, score), "brier": brier_score_loss(y, score / 100)}
    # Logistic regression on a one-hot design: 3 indicators with 3, 2 and 3 categories.
    n = 2000
    a = rng.integers(0, 3, n); b = rng.integers(0, 2, n); c = rng.integers(0, 3, n)
    X = np.column_stack([a == 1, a == 2, b == 1, c == 1, c == 2]).astype(float)
    beta = np.array([0.4, 1.1, 0.8, -0.3, 0.6])
    yy = (rng.random(n) < 1 / (1 + np.exp(-(-1.0 + X @ beta)))).astype(int)
    mle = LogisticRegression(C=np.inf, solver="newton-cg", tol=1e-12, max_iter=10000).fit(X, yy)
    ridge = LogisticRegression(C=1 / 5.0, l1_ratio=0, solver="newton-cg", tol=1e-12, max_iter=10000).fit(X, yy)
    out["logistic"] = {"categories": [a.tolist(), b.tolist(), c.tolist()], "y": yy.tolist(),
                       "mle": [mle.intercept_[0]] + mle.coef_[0].tolist(),
                       "ridge_lambda": 5.0, "ridge": [ridge.intercept_[0]] + ridge.coef_[0].tolist()}
    evaluator_references(out)
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


def evaluator_references(out):
    """The evaluators' figures as scikit-learn computes them (a second generator, so the
    blocks above keep their values)."""
    rng = np.random.default_rng(20260101)
    quadrants = [0, 1, 2, 3]            # the segment domain is the four quadrants, then undetermined (4)
    n = 600
    # Caseworkers label the quadrants (and, rarely, undetermined); Seula agrees 70 % of the time
    # and leaves 8 % undetermined.
    t = np.where(rng.random(n) < 0.02, 4, rng.integers(0, 4, n))
    p = np.where(rng.random(n) < 0.7, t, rng.integers(0, 4, n))
    p = np.where(rng.random(n) < 0.08, 4, p)
    mask = t != 4
    out["segments_labels"] = {
        "truth": t.tolist(), "predicted": p.tolist(), "labels": quadrants,
        "accuracy": accuracy_score(t, p), "kappa": cohen_kappa_score(t, p),
        "macro_f1": f1_score(t, p, labels=quadrants, average="macro", zero_division=0),
        "macro_f1_all_classes": f1_score(t, p, average="macro", zero_division=0),
        "balanced_accuracy": balanced_accuracy_score(t[mask], p[mask]),
        "macro_recall_labels": recall_score(t, p, labels=quadrants, average="macro", zero_division=0),
        "precision": precision_score(t, p, labels=quadrants, average=None, zero_division=0).tolist(),
        "recall": recall_score(t, p, labels=quadrants, average=None, zero_division=0).tolist(),
        "f1": f1_score(t, p, labels=quadrants, average=None, zero_division=0).tolist(),
    }
    # Risk scores as the V2 scorecard gives them: 100 * points / (maximum points of the known
    # indicators), so many ties and some probabilities exactly on a bin edge (0.3, 0.5, …).
    m = 400
    maxima = rng.choice([27, 24, 20, 10], m, p=[0.7, 0.15, 0.1, 0.05])
    points = np.minimum(rng.binomial(maxima, 0.25), maxima)
    score = 100.0 * points / maxima
    prob = score / 100
    y = (rng.random(m) < 1 / (1 + np.exp(-(-2.6 + 6.0 * prob)))).astype(int)
    fpr, tpr, thresholds = roc_curve(y, score, drop_intermediate=False)
    out["roc"] = {"points": points.tolist(), "maxima": maxima.tolist(), "outcome": y.tolist(),
                  "auc": roc_auc_score(y, score), "fpr": fpr.tolist(), "tpr": tpr.tolist(),
                  "thresholds": thresholds[1:].tolist()}
    prob_true, prob_pred = calibration_curve(y, prob, n_bins=10, strategy="uniform")
    bins = np.linspace(0.0, 1.0, 11)
    binids = np.searchsorted(bins[1:-1], prob)
    total = np.bincount(binids, minlength=10)
    events = np.bincount(binids, weights=y, minlength=10).astype(int)
    nonzero = total != 0
    wilson = []
    for k, nn in zip(events[nonzero], total[nonzero]):
        ci = binomtest(int(k), int(nn)).proportion_ci(confidence_level=0.95, method="wilson")
        wilson.append([ci.low, ci.high])
    out["reliability"] = {"prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist(),
                          "cases": total[nonzero].tolist(), "events": events[nonzero].tolist(), "wilson": wilson}
    out["wilson"] = []
    for k, nn in [(0, 10), (3, 10), (10, 10), (1, 1000), (517, 1000), (41, 137)]:
        ci = binomtest(k, nn).proportion_ci(confidence_level=0.95, method="wilson")
        out["wilson"].append({"k": k, "n": nn, "low": ci.low, "high": ci.high})
    out["versions"]["scipy"] = __import__("scipy").__version__


if __name__ == "__main__":
    labelled_caseload("labelled-400.csv")
    references("sklearn-reference.json")
