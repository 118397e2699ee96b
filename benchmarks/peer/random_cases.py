#!/usr/bin/env python3
"""Deterministic, varied MODEL-V1 cases for cross-checking Seula against the peer scorer.

    python3 random_cases.py --n N --seed S [-o OUT] [--bad-rate R]

Valid cases follow the MODEL-V1 input contract (no hetu: with no pseudonym key configured
a hetu is refused).  Values near the thresholds are common: coping scores near 20/40/60/80,
risk points 8-11, ages at the criteria's edges, counts at bin edges.  With --bad-rate R a
fraction R of the lines is replaced by a malformed line of one of many kinds (including
blank lines, which get no answer).  Same --n/--seed/--bad-rate -> byte-identical output.
"""
from __future__ import annotations

import argparse
import random
import sys

import orjson

COPING_ITEMS = [
    "household_chores", "self_care", "paying_bills", "keeping_home", "errands_eservices",
    "concentration_memory", "mood_anxiety", "substance_gambling", "sleep_rhythm",
    "getting_out", "close_conflicts", "no_one_to_help", "loneliness", "work_study",
    "unsafe_at_home", "sudden_crisis",
]
FLAGS = [
    "immediate_danger", "homeless_tonight", "violence_close_relationship",
    "unaccompanied_minor", "came_as_unaccompanied_minor", "trafficking_victim", "undocumented",
    "care_leaver", "immigrated_within_3y", "disability", "mental_health_rehabilitee",
    "substance_rehabilitee", "kela_basic_support_decision", "sudden_income_drop",
    "child_special_support",
]
HOUSING = ["stable", "supported", "arrears_or_eviction", "homeless", "long_term_homeless"]
DEBT = ["none", "payment_default", "enforcement"]
PSYCH = ["none", "outpatient", "inpatient"]
EDGE_AGES = [17, 18, 24, 25, 29, 30, 34, 35, 64, 65]
MUNICIPALITIES = ["Vantaa", "Kerava", "Turku", "Helsinki", "Espoo", "Salo"]
LANGUAGES = ["fi", "sv", "en", "ru", "so", "ar"]

# risk indicators: (name, values to draw from (bin edges first), points for each value)
def _pts(bins):
    def f(v):
        p = 0
        for lo, pt in bins:
            if v >= lo:
                p = pt
        return p
    return f

INC_P = _pts([(1, 1), (6, 2), (10, 3)])
UNE_P = _pts([(1, 1), (12, 2), (24, 3)])
SUB_P = _pts([(1, 1), (4, 2)])
EMG_P = _pts([(2, 1), (6, 2)])
SVC_P = _pts([(2, 1), (4, 2)])
INDICATORS = [
    ("income_support_months_12m", [0, 1, 5, 6, 9, 10, 11, 12], INC_P),
    ("unemployment_months", [0, 1, 11, 12, 23, 24, 36, 120, 5000], UNE_P),
    ("housing", HOUSING, HOUSING.index),
    ("debt", DEBT, DEBT.index),
    ("substance_service_contacts_12m", [0, 1, 3, 4, 9, 52, 100000], SUB_P),
    ("psychiatric_care_12m", PSYCH, PSYCH.index),
    ("emergency_visits_12m", [0, 1, 2, 5, 6, 12, 400], EMG_P),
    ("child_welfare_household", [False, True], lambda v: 2 * v),
    ("service_types_in_use", [0, 1, 2, 3, 4, 5, 9, 30], SVC_P),
    ("released_from_prison_12m", [False, True], lambda v: 2 * v),
    ("long_sick_leave_or_disability_benefit", [False, True], lambda v: int(v)),
    ("no_secondary_qualification", [False, True], lambda v: int(v)),
]


def gen_age(r):
    u = r.random()
    if u < 0.35:
        return r.choice(EDGE_AGES)
    if u < 0.75:
        return r.randint(18, 70)
    return r.randint(0, 120)


def gen_coping(r):
    """A dict of items (some null or absent), or None / absent for the whole object."""
    u = r.random()
    if u < 0.02:
        return "absent"
    if u < 0.03:
        return None
    # how many unanswered: mostly 0, sometimes 1-3 (still valid), sometimes >= 4 (undetermined)
    v = r.random()
    n_missing = 0 if v < 0.6 else r.randint(1, 3) if v < 0.85 else r.randint(4, 16)
    # target score: near a threshold most of the time
    if r.random() < 0.7:
        target = r.choice([20, 40, 60, 80]) + r.uniform(-6, 6)
    else:
        target = r.uniform(0, 100)
    mean = max(0.0, min(4.0, target / 25))
    answered = 16 - n_missing
    # integer total closest to the target, spread over the answered items
    total = max(0, min(4 * answered, round(mean * answered + r.choice([-1, 0, 0, 1]))))
    vals = [total // answered + (1 if k < total % answered else 0) for k in range(answered)] if answered else []
    # shuffle mass between items to vary the profile, keeping the total
    for _ in range(r.randint(0, 12)):
        if answered < 2:
            break
        a, b = r.randrange(answered), r.randrange(answered)
        if vals[a] > 0 and vals[b] < 4:
            vals[a] -= 1
            vals[b] += 1
    if r.random() < 0.15 and answered:  # a fully random profile now and then
        vals = [r.randint(0, 4) for _ in range(answered)]
    slots = list(range(16))
    r.shuffle(slots)
    missing = set(slots[:n_missing])
    out, it = {}, iter(vals)
    for j, name in enumerate(COPING_ITEMS):
        if j in missing:
            if r.random() < 0.5:
                out[name] = None
            continue
        out[name] = next(it)
    return out


def gen_risk(r, age):
    u = r.random()
    if u < 0.02:
        return "absent"
    if u < 0.03:
        return None
    gap_rate = r.choice([0.0, 0.0, 0.05, 0.15, 0.4])
    vals = {}
    if r.random() < 0.45:
        # build up to a target number of points (8-11 mostly) by raising random indicators
        target = r.choice([8, 9, 10, 11, 8, 9, 10, 11, 7, 12, r.randint(0, 26)])
        idx = {name: 0 for name, _, _ in INDICATORS}
        def points():
            p = 0
            for name, values, f in INDICATORS:
                p += f(values[idx[name]])
            if not (18 <= age <= 24) and idx["no_secondary_qualification"]:
                p -= 1
            return p
        for _ in range(60):
            if points() >= target:
                break
            name, values, _ = r.choice(INDICATORS)
            if idx[name] < len(values) - 1:
                idx[name] += 1
        for name, values, _ in INDICATORS:
            vals[name] = values[idx[name]]
    else:
        intensity = r.random()
        for name, values, _ in INDICATORS:
            vals[name] = r.choice(values) if r.random() < intensity else values[0]
    out = {}
    for name, _, _ in INDICATORS:
        if r.random() < gap_rate:
            if r.random() < 0.5:
                out[name] = None  # a gap given as null; otherwise absent
            continue
        out[name] = vals[name]
    return out


def gen_flags(r, age):
    u = r.random()
    if u < 0.1:
        return "absent"
    if u < 0.12:
        return None
    rate = r.choice([0.0, 0.03, 0.08, 0.2])
    out = {}
    for name in FLAGS:
        p = rate
        if name == "unaccompanied_minor" and age < 18:
            p = max(p, 0.2)
        if name in ("care_leaver", "came_as_unaccompanied_minor") and 17 <= age <= 25:
            p = max(p, 0.2)
        v = r.random()
        if v < p:
            out[name] = True
        elif v < p + 0.3:
            out[name] = False
        elif v < p + 0.35:
            out[name] = None
    if r.random() < 0.03:
        out["some_future_flag"] = True  # unknown: ignored
    return out


def gen_household(r):
    u = r.random()
    if u < 0.3:
        return "absent"
    if u < 0.33:
        return None
    out = {}
    children = r.choice([0, 0, 1, 1, 2, 3, 4])
    if r.random() < 0.9:
        out["children"] = children
    if children and r.random() < 0.8:
        out["youngest_child_age"] = r.randint(0, 17)
    if r.random() < 0.5:
        out["expecting"] = r.random() < 0.3
    if r.random() < 0.5:
        out["single_parent"] = r.random() < 0.4
    return out


def gen_case(r, i, seed):
    age = gen_age(r)
    c = {"id": f"s{seed}-{i}"}
    if r.random() < 0.2:
        c["assessed_on"] = "2025-06-01"
    c["age"] = age
    if r.random() < 0.3:
        c["municipality"] = r.choice(MUNICIPALITIES)
    if r.random() < 0.3:
        c["language"] = r.choice(LANGUAGES)
    for key, v in (("household", gen_household(r)), ("coping", gen_coping(r)),
                   ("risk", gen_risk(r, age)), ("flags", gen_flags(r, age))):
        if v != "absent":
            c[key] = v
    if r.random() < 0.02:
        c["note"] = "unknown fields are ignored"
    if r.random() < 0.3:  # key order must not matter
        keys = list(c)
        r.shuffle(keys)
        c = {k: c[k] for k in keys}
    return c


def dumps(obj):
    return orjson.dumps(obj)


def bad_line(r, i, seed):
    """One malformed line (bytes) of a random kind."""
    base = gen_case(r, i, seed)
    base.pop("hetu", None)
    kind = r.randrange(34)
    c = dict(base)
    coping = dict(c.get("coping") or {})
    risk = dict(c.get("risk") or {})
    item = r.choice(COPING_ITEMS)
    if kind == 0:
        return dumps(c)[:-r.randint(1, 10)]           # truncated JSON
    if kind == 1:
        return b"not json at all"
    if kind == 2:
        return dumps([c])                              # an array
    if kind == 3:
        return r.choice([b"42", b'"a string"', b"null", b"true", b"[]"])
    if kind == 4:
        c.pop("id")
        return dumps(c)
    if kind == 5:
        c["id"] = None
        return dumps(c)
    if kind == 6:
        c["id"] = r.choice([123, True, ["x"], {"a": 1}])
        return dumps(c)
    if kind == 7:
        c["id"] = r.choice(["", "x" * 129])
        return dumps(c)
    if kind == 8:
        c["age"] = 30.0
        return dumps(c)
    if kind == 9:
        c["age"] = r.choice([True, False])
        return dumps(c)
    if kind == 10:
        c["age"] = "30"
        return dumps(c)
    if kind == 11:
        c["age"] = r.choice([121, -1, 1000])
        return dumps(c)
    if kind == 12:
        c.pop("age")
        return dumps(c)
    if kind == 13:
        risk["housing"] = r.choice(["castle", "Stable", ""])
        c["risk"] = risk
        return dumps(c)
    if kind == 14:
        risk["housing"] = 3
        c["risk"] = risk
        return dumps(c)
    if kind == 15:
        coping[item] = r.choice([5, -1, 100])
        c["coping"] = coping
        return dumps(c)
    if kind == 16:
        coping[item] = r.choice(["2", True, 2.0, [2]])
        c["coping"] = coping
        return dumps(c)
    if kind == 17:
        c["coping"] = r.choice([[1, 2, 3], "none", 3])
        return dumps(c)
    if kind == 18:
        c["household"] = {"children": r.choice([-1, 1.5, "2", True])}
        return dumps(c)
    if kind == 19:
        c["household"] = {"children": 1, "youngest_child_age": r.choice([18, -1, 40])}
        return dumps(c)
    if kind == 20:
        c["household"] = {"expecting": r.choice(["yes", 1, 0])}
        return dumps(c)
    if kind == 21:
        c["flags"] = {r.choice(["homeless_tonight", "disability", "child_special_support"]): r.choice(["yes", 1, 0])}
        return dumps(c)
    if kind == 22:
        c["flags"] = r.choice([["homeless_tonight"], True])
        return dumps(c)
    if kind == 23:
        risk["income_support_months_12m"] = r.choice([13, -1, 99])
        c["risk"] = risk
        return dumps(c)
    if kind == 24:
        risk[r.choice(["unemployment_months", "emergency_visits_12m", "service_types_in_use",
                       "substance_service_contacts_12m"])] = r.choice([-1, 2.5, "3"])
        c["risk"] = risk
        return dumps(c)
    if kind == 25:
        risk[r.choice(["debt", "psychiatric_care_12m"])] = r.choice(["lots", "None", 1])
        c["risk"] = risk
        return dumps(c)
    if kind == 26:
        risk[r.choice(["child_welfare_household", "released_from_prison_12m"])] = r.choice([1, "true"])
        c["risk"] = risk
        return dumps(c)
    if kind == 27:
        c["assessed_on"] = r.choice(["2025-13-01", "2025-02-30", "01.06.2025", "2025-6-1", "", 20250601])
        return dumps(c)
    if kind == 28:
        c = {"id": c["id"], "hetu": "131052-308T", **{k: v for k, v in c.items() if k != "id"}}
        return dumps(c)
    if kind == 29:  # several problems: the first in MODEL-V1 field order must be reported
        c["age"] = 121
        coping[item] = 5
        c["coping"] = coping
        c["flags"] = {"disability": "x"}
        keys = list(c)
        r.shuffle(keys)
        return dumps({k: c[k] for k in keys})
    if kind == 30:
        return b""                                      # blank
    if kind == 31:
        return r.choice([b"   ", b"\t", b" \r"])       # whitespace only (blank)
    if kind == 32:
        return b'{"id":"bad-utf8-\xff","age":30}'       # invalid UTF-8
    c["risk"] = r.choice([["housing"], "stable", 0])
    return dumps(c)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Deterministic random MODEL-V1 cases (JSON lines).")
    ap.add_argument("--n", type=int, required=True, help="number of lines")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-rate", type=float, default=0.0, help="fraction of malformed lines")
    ap.add_argument("-o", "--output", help="output file (default stdout)")
    a = ap.parse_args(argv)
    r = random.Random(a.seed)
    out = open(a.output, "wb") if a.output else sys.stdout.buffer
    buf = []
    with out:
        for i in range(a.n):
            if a.bad_rate and r.random() < a.bad_rate:
                buf.append(bad_line(r, i, a.seed))
            else:
                buf.append(dumps(gen_case(r, i, a.seed)))
            if len(buf) >= 10000:
                out.write(b"\n".join(buf) + b"\n")
                buf = []
        if buf:
            out.write(b"\n".join(buf) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
