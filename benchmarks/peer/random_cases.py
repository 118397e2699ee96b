#!/usr/bin/env python3
"""Deterministic, varied cases (MODEL-V1 / MODEL-V2 input contract) for cross-checking Seula
against the peer scorer and for the benchmarks.

    python3 random_cases.py --n N --seed S [-o OUT] [--bad-rate R]
                            [--assessed-on FROM..TO] [--hetu-rate R]

Valid cases follow the input contract.  Each case's `assessed_on` is a day in FROM..TO
(default 2026-01-01..2026-10-31, so MODEL-V2 decides; give 2025-01-01..2025-12-31 for a
V1-dated caseload); about 8 % of cases leave it out and are built for the day FROM (pass
`--today FROM` to the scorers).  A share `--hetu-rate` (default 0.9) carries a valid `hetu`
whose birth date agrees with `age` on that day; about 4 % of those hetus disagree on purpose
(age off by one or more, a birth date after the assessment day, a birth in the 1800s).

Values near the thresholds are common: coping scores near 20/40/60/80, risk points near the
35 % line, ages at the criteria's edges (minors, 18, 24/25, 29/30, 35, 64/65, 74-76 and
over), counts at bin edges.  V2 is exercised on purpose: severe markers (homeless, long-term
homeless, psychiatric inpatient care, prison release, child-welfare household), sometimes with
4 or more gaps elsewhere; 1-3 and 4+ register gaps; undocumented people with missing
registers; the unaccompanied-minor flag at 18 and over; safety signals (violence,
unsafe_at_home 3-4, sudden_crisis 4); care_allowance_highest; errands_eservices 0-2 or
unanswered.

The lines are written as another program would write them, not as Seula's own generator
does: other key orders (flags and risk first, id last, items in reverse order, some objects
shuffled), a space after every ':' and ',', non-ASCII text (municipalities such as
Jyväskylä, ids with 'ä'; a few lines escape it as \\u00e4), now and then surrounding blanks
or a CRLF line end.

With --bad-rate R a fraction R of the lines is replaced by a malformed line of one of many
kinds (including blank lines, which get no answer, and invalid hetus).  The same arguments
always give byte-identical output.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys

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
    "child_special_support", "care_allowance_highest",
]
HOUSING = ["stable", "supported", "arrears_or_eviction", "homeless", "long_term_homeless"]
DEBT = ["none", "payment_default", "enforcement"]
PSYCH = ["none", "outpatient", "inpatient"]
EDGE_AGES = [0, 5, 16, 17, 18, 19, 24, 25, 29, 30, 34, 35, 64, 65, 74, 75, 76, 85, 99, 120]
MUNICIPALITIES = ["Vantaa", "Kerava", "Turku", "Helsinki", "Espoo", "Salo", "Jyväskylä",
                  "Hämeenlinna", "Mäntsälä", "Seinäjoki", "Pieksämäki", "Närpes", "Kökar",
                  "Ähtäri", "Pälkäne"]
LANGUAGES = ["fi", "sv", "en", "ru", "so", "ar", "et"]
ID_STEMS = ["asiakas-ä", "tapaus-ä", "hakemus-äö", "kääntö"]

# risk indicators: (name, values to draw from (bin edges first), V2 points for each value)
def _pts(bins):
    def f(v):
        p = 0
        for lo, pt in bins:
            if v >= lo:
                p = pt
        return p
    return f

INDICATORS = [
    ("income_support_months_12m", [0, 1, 5, 6, 9, 10, 11, 12], _pts([(1, 1), (6, 2), (10, 3)])),
    ("unemployment_months", [0, 1, 11, 12, 23, 24, 36, 120, 5000], _pts([(1, 1), (12, 2), (24, 3)])),
    ("housing", HOUSING, HOUSING.index),
    ("debt", DEBT, DEBT.index),
    ("substance_service_contacts_12m", [0, 1, 3, 4, 9, 52, 100000], _pts([(1, 1), (4, 2)])),
    ("psychiatric_care_12m", PSYCH, lambda v: [0, 1, 3][PSYCH.index(v)]),
    ("emergency_visits_12m", [0, 1, 2, 5, 6, 12, 400], _pts([(2, 1), (6, 2)])),
    ("child_welfare_household", [False, True], lambda v: 2 * v),
    ("service_types_in_use", [0, 1, 2, 3, 4, 5, 9, 30], _pts([(2, 1), (4, 2)])),
    ("released_from_prison_12m", [False, True], lambda v: 2 * v),
    ("long_sick_leave_or_disability_benefit", [False, True], lambda v: int(v)),
    ("no_secondary_qualification", [False, True], lambda v: int(v)),
]
IND_NAMES = [name for name, _, _ in INDICATORS]
# severe markers (MODEL-V2 section 1): indicator -> values that make the marker hold
MARKERS = [("housing", ["homeless", "long_term_homeless"]), ("psychiatric_care_12m", ["inpatient"]),
           ("released_from_prison_12m", [True]), ("child_welfare_household", [True])]

# ----------------------------------------------------------------------------- hetu
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def years_completed(born, day):
    bm, bd = born.month, born.day
    if bm == 2 and bd == 29 and not _leap(day.year):
        bd = 28  # Laki määräaikojen laskemisesta 4 §
    return day.year - born.year - ((day.month, day.day) < (bm, bd))


def make_hetu(r, born):
    if born.year < 1900:
        sign = "+"
    elif born.year < 2000:
        sign = "-" if r.random() < 0.8 else r.choice("YXWVU")
    else:
        sign = "A" if r.random() < 0.8 else r.choice("BCDEF")
    num = r.randint(2, 899) if r.random() < 0.95 else r.randint(900, 999)
    if r.random() < 0.01:
        num = 2
    body = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"
    h = f"{body}{sign}{num:03d}{HETU_CHECK[int(body + f'{num:03d}') % 31]}"
    return h.lower() if r.random() < 0.01 else h


def _random_day(r, year):
    while True:
        m, d = r.randint(1, 12), r.randint(1, 31)
        try:
            return dt.date(year, m, d)
        except ValueError:
            continue


def birth_for_age(r, age, day):
    """A birth date with `age` whole years completed on `day`."""
    u = r.random()
    if u < 0.05:  # birthday today
        try:
            b = day.replace(year=day.year - age)
            if years_completed(b, day) == age:
                return b
        except ValueError:
            pass
    elif u < 0.10:  # the birthday is tomorrow: still `age`
        t = day + dt.timedelta(days=1)
        try:
            b = t.replace(year=t.year - age - 1)
            if years_completed(b, day) == age:
                return b
        except ValueError:
            pass
    elif u < 0.13:  # born on 29 February
        for y in (day.year - age, day.year - age - 1):
            if _leap(y):
                b = dt.date(y, 2, 29)
                if years_completed(b, day) == age:
                    return b
    for _ in range(100):
        b = _random_day(r, day.year - age - r.randint(0, 1))
        if years_completed(b, day) == age:
            return b
    return _random_day(r, day.year - age)  # unreachable in practice


def gen_hetu(r, age, day):
    """A hetu consistent with age on day, or (about 4 %) deliberately inconsistent."""
    u = r.random()
    if u < 0.04:
        k = r.randrange(5)
        if k == 0 and age < 120:
            return make_hetu(r, birth_for_age(r, age + 1, day))
        if k == 1 and age > 0:
            return make_hetu(r, birth_for_age(r, age - 1, day))
        if k == 2:
            return make_hetu(r, birth_for_age(r, max(0, min(120, age + r.choice([-30, -7, 5, 40]))), day))
        if k == 3:  # born after the assessment day (a 2000s century sign)
            return make_hetu(r, day + dt.timedelta(days=r.choice([1, 2, 40, 365, 3000])))
        return make_hetu(r, dt.date(r.randint(1850, 1899), r.randint(1, 12), r.randint(1, 28)))  # over 120
    return make_hetu(r, birth_for_age(r, age, day))


# ----------------------------------------------------------------------------- case parts
def gen_age(r):
    u = r.random()
    if u < 0.35:
        return r.choice(EDGE_AGES)
    if u < 0.65:
        return r.randint(18, 70)
    if u < 0.75:
        return r.randint(0, 17)
    if u < 0.85:
        return r.randint(71, 100)
    return r.randint(0, 120)


def gen_coping(r):
    """A dict of items (some null or absent), or None / absent for the whole object."""
    u = r.random()
    if u < 0.02:
        return "absent"
    if u < 0.03:
        return None
    v = r.random()
    n_missing = 0 if v < 0.6 else r.randint(1, 3) if v < 0.85 else r.randint(4, 16)
    if r.random() < 0.7:
        target = r.choice([20, 40, 60, 80]) + r.uniform(-6, 6)
    else:
        target = r.uniform(0, 100)
    mean = max(0.0, min(4.0, target / 25))
    answered = 16 - n_missing
    total = max(0, min(4 * answered, round(mean * answered + r.choice([-1, 0, 0, 1]))))
    vals = [total // answered + (1 if k < total % answered else 0) for k in range(answered)] if answered else []
    for _ in range(r.randint(0, 12)):
        if answered < 2:
            break
        a, b = r.randrange(answered), r.randrange(answered)
        if vals[a] > 0 and vals[b] < 4:
            vals[a] -= 1
            vals[b] += 1
    if r.random() < 0.15 and answered:
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
    # safety signals and the items V2 reads alone
    if r.random() < 0.12 and "unsafe_at_home" in out:
        out["unsafe_at_home"] = r.choice([2, 3, 3, 4])
    if r.random() < 0.12 and "sudden_crisis" in out:
        out["sudden_crisis"] = r.choice([3, 4, 4])
    if r.random() < 0.15 and "errands_eservices" in out:
        out["errands_eservices"] = r.choice([0, 1, 1, 2, None])
    if r.random() < 0.05 and "substance_gambling" in out:
        out["substance_gambling"] = r.choice([2, 3, 4])
    return out


def gen_risk(r, age, undocumented):
    u = r.random()
    if u < 0.02 or (undocumented and u < 0.4):
        return "absent"
    if u < 0.03:
        return None
    vals = {}
    if r.random() < 0.45:
        # build up to a target number of V2 points by raising random indicators
        target = r.choice([8, 9, 10, 11, 8, 9, 10, 11, 7, 12, r.randint(0, 27)])
        idx = {name: 0 for name in IND_NAMES}
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
    # keep the severe markers apart from the score now and then: clear them, or set exactly one
    keep = None
    v = r.random()
    if v < 0.5:
        for name, hold in MARKERS:
            if vals[name] in hold:
                vals[name] = {"housing": r.choice(["stable", "supported", "arrears_or_eviction"]),
                              "psychiatric_care_12m": r.choice(["none", "outpatient"])}.get(name, False)
    elif v < 0.65:
        keep, hold = r.choice(MARKERS)
        vals[keep] = r.choice(hold)
    # gaps: none, 1-3 (scored over the known ones) or 4+ (undetermined unless a marker holds)
    g = r.random()
    n_gaps = 0 if g < 0.55 else r.randint(1, 3) if g < 0.8 else r.randint(4, 12)
    if undocumented and r.random() < 0.6:
        n_gaps = max(n_gaps, r.randint(4, 12))
    names = [n for n in IND_NAMES if n != keep]
    r.shuffle(names)
    gaps = set(names[:n_gaps])
    out = {}
    for name in IND_NAMES:
        if name in gaps:
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
    rate = r.choice([0.0, 0.02, 0.05, 0.15])
    out = {}
    for name in FLAGS:
        p = rate
        if name == "unaccompanied_minor":
            p = max(p, 0.2) if age < 18 else max(p, 0.02)
        if name in ("care_leaver", "came_as_unaccompanied_minor") and 17 <= age <= 25:
            p = max(p, 0.2)
        if name == "care_allowance_highest" and age >= 65:
            p = max(p, 0.15)
        if name == "violence_close_relationship":
            p = max(p, 0.04)
        if name == "undocumented":
            p = max(p, 0.03)
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


class Days:
    """Assessment days: uniform over FROM..TO, with extra weight on the ends and on the days
    around 28/29 February and 1 March."""
    def __init__(self, lo, hi):
        self.lo, self.span = lo, (hi - lo).days
        special = [lo, hi]
        for y in range(lo.year, hi.year + 1):
            for m, d in ((2, 28), (2, 29), (3, 1), (12, 31), (1, 1)):
                try:
                    s = dt.date(y, m, d)
                except ValueError:
                    continue
                if lo <= s <= hi:
                    special.append(s)
        self.special = sorted(set(special))

    def draw(self, r):
        if r.random() < 0.08:
            return r.choice(self.special)
        return self.lo + dt.timedelta(days=r.randint(0, self.span))


def gen_case(r, i, seed, days, hetu_rate):
    age = gen_age(r)
    stem = ID_STEMS[i % len(ID_STEMS)] if r.random() < 0.2 else "p"
    c = {"id": f"{stem}{seed}-{i}"}
    if r.random() < 0.92:
        day = days.draw(r)
        c["assessed_on"] = day.isoformat()
    else:
        day = days.lo  # built for --today FROM
    if r.random() < hetu_rate:
        c["hetu"] = gen_hetu(r, age, day)
    c["age"] = age
    if r.random() < 0.4:
        c["municipality"] = r.choice(MUNICIPALITIES)
    if r.random() < 0.3:
        c["language"] = r.choice(LANGUAGES)
    flags = gen_flags(r, age)
    undocumented = isinstance(flags, dict) and flags.get("undocumented") is True
    for key, v in (("household", gen_household(r)), ("coping", gen_coping(r)),
                   ("risk", gen_risk(r, age, undocumented)), ("flags", flags)):
        if v != "absent":
            c[key] = v
    if r.random() < 0.02:
        c["note"] = "tuntematon kenttä: ohitetaan"
    return c


# ----------------------------------------------------------------------------- writing
# Not Seula's generator's layout: its lines are compact, in contract order (id, assessed_on,
# age, ... flags), items in file order.  These put flags and risk first and id last, items in
# reverse order, a space after ':' and ','.
TOP_ORDER = ["flags", "risk", "coping", "household", "language", "municipality", "age", "hetu",
             "assessed_on", "note", "id"]


def _reorder(c, r):
    shuffle = r.random() < 0.25
    def inner(d):
        if not isinstance(d, dict):
            return d
        keys = list(d)
        if shuffle:
            r.shuffle(keys)
        else:
            keys.reverse()
        return {k: d[k] for k in keys}
    keys = [k for k in TOP_ORDER if k in c] + [k for k in c if k not in TOP_ORDER]
    if shuffle:
        r.shuffle(keys)
    return {k: inner(c[k]) for k in keys}


def render(c, r):
    s = json.dumps(_reorder(c, r), ensure_ascii=r.random() < 0.1, separators=(", ", ": "))
    u = r.random()
    if u < 0.02:
        s = "  " + s + " "
    elif u < 0.03:
        s = s + "\r"
    return s.encode("utf-8")


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")


def bdumps(obj):
    """A malformed case in this program's layout (TOP_ORDER, inner objects reversed)."""
    if isinstance(obj, dict):
        keys = [k for k in TOP_ORDER if k in obj] + [k for k in obj if k not in TOP_ORDER]
        obj = {k: ({kk: obj[k][kk] for kk in reversed(list(obj[k]))} if isinstance(obj[k], dict) else obj[k])
               for k in keys}
    return dumps(obj)


def bad_line(r, i, seed, days, hetu_rate):
    """One malformed line (bytes) of a random kind."""
    base = gen_case(r, i, seed, days, hetu_rate)
    base.pop("hetu", None)
    kind = r.randrange(42)
    c = dict(base)
    coping = dict(c.get("coping") or {})
    risk = dict(c.get("risk") or {})
    item = r.choice(COPING_ITEMS)
    if kind == 0:
        return bdumps(c)[:-r.randint(1, 10)]           # truncated JSON
    if kind == 1:
        return b"not json at all"
    if kind == 2:
        return bdumps([c])                              # an array
    if kind == 3:
        return r.choice([b"42", b'"a string"', b"null", b"true", b"[]"])
    if kind == 4:
        c.pop("id")
        return bdumps(c)
    if kind == 5:
        c["id"] = None
        return bdumps(c)
    if kind == 6:
        c["id"] = r.choice([123, True, ["x"], {"a": 1}])
        return bdumps(c)
    if kind == 7:
        c["id"] = r.choice(["", "x" * 129, "ä" * 129])
        return bdumps(c)
    if kind == 8:
        c["age"] = 30.0
        return bdumps(c)
    if kind == 9:
        c["age"] = r.choice([True, False])
        return bdumps(c)
    if kind == 10:
        c["age"] = "30"
        return bdumps(c)
    if kind == 11:
        c["age"] = r.choice([121, -1, 1000])
        return bdumps(c)
    if kind == 12:
        c.pop("age")
        return bdumps(c)
    if kind == 13:
        risk["housing"] = r.choice(["castle", "Stable", "", "asunnoton-ä"])
        c["risk"] = risk
        return bdumps(c)
    if kind == 14:
        risk["housing"] = 3
        c["risk"] = risk
        return bdumps(c)
    if kind == 15:
        coping[item] = r.choice([5, -1, 100])
        c["coping"] = coping
        return bdumps(c)
    if kind == 16:
        coping[item] = r.choice(["2", True, 2.0, [2]])
        c["coping"] = coping
        return bdumps(c)
    if kind == 17:
        c["coping"] = r.choice([[1, 2, 3], "none", 3])
        return bdumps(c)
    if kind == 18:
        c["household"] = {"children": r.choice([-1, 1.5, "2", True])}
        return bdumps(c)
    if kind == 19:
        c["household"] = {"children": 1, "youngest_child_age": r.choice([18, -1, 40])}
        return bdumps(c)
    if kind == 20:
        c["household"] = {"expecting": r.choice(["yes", 1, 0])}
        return bdumps(c)
    if kind == 21:
        c["flags"] = {r.choice(["homeless_tonight", "disability", "child_special_support"]): r.choice(["yes", 1, 0])}
        return bdumps(c)
    if kind == 22:
        c["flags"] = r.choice([["homeless_tonight"], True])
        return bdumps(c)
    if kind == 23:
        risk["income_support_months_12m"] = r.choice([13, -1, 99])
        c["risk"] = risk
        return bdumps(c)
    if kind == 24:
        risk[r.choice(["unemployment_months", "emergency_visits_12m", "service_types_in_use",
                       "substance_service_contacts_12m"])] = r.choice([-1, 2.5, "3"])
        c["risk"] = risk
        return bdumps(c)
    if kind == 25:
        risk[r.choice(["debt", "psychiatric_care_12m"])] = r.choice(["lots", "None", 1])
        c["risk"] = risk
        return bdumps(c)
    if kind == 26:
        risk[r.choice(["child_welfare_household", "released_from_prison_12m"])] = r.choice([1, "true"])
        c["risk"] = risk
        return bdumps(c)
    if kind == 27:
        c["assessed_on"] = r.choice(["2025-13-01", "2025-02-30", "01.06.2025", "2025-6-1", "", 20250601,
                                     "2022-12-31", "1999-01-01", "2026-02-29"])
        return bdumps(c)
    if kind == 28:  # an invalid hetu
        good = make_hetu(r, dt.date(1980, 5, 17))
        c["hetu"] = r.choice([
            good[:-1] + ("X" if good[-1] != "X" else "Y"),   # check character
            good[:6] + "G" + good[7:],                        # century sign
            "310280-123" + HETU_CHECK[int("310280123") % 31],  # 31 February
            "290200-123" + HETU_CHECK[int("290200123") % 31],  # 29.2.1900 did not exist
            "010180-000" + HETU_CHECK[int("010180000") % 31],  # individual number 000
            good + " ", good[:10], "", "ääääää-ääää", 13105230, ["131052-308T"],
        ])
        return bdumps(c)
    if kind == 29:  # several problems: the first in field order must be reported
        c["age"] = 121
        coping[item] = 5
        c["coping"] = coping
        c["flags"] = {"disability": "x"}
        if r.random() < 0.5:
            c["hetu"] = "131052-308X"
        keys = list(c)
        r.shuffle(keys)
        return dumps({k: c[k] for k in keys})
    if kind == 30:
        return b""                                      # blank
    if kind == 31:
        return r.choice([b"   ", b"\t", b" \r"])       # whitespace only (blank)
    if kind == 32:
        return b'{"id": "bad-utf8-\xc3\xa4\xff", "age": 30}'  # invalid UTF-8
    if kind == 33:  # a flag V2 knows (an unknown field for a V1-dated case) of the wrong type
        c["flags"] = {"care_allowance_highest": r.choice(["yes", 1, None, True])}
        return bdumps(c)
    if kind == 34:  # a valid hetu with an invalid age: age is reported
        c["hetu"] = "131052-308T"
        c["age"] = r.choice([121, "30", None])
        return bdumps(c)
    c["risk"] = r.choice([["housing"], "stable", 0])
    return bdumps(c)


def parse_range(s):
    try:
        a, b = s.split("..")
        lo, hi = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    except ValueError:
        raise SystemExit(f"random_cases.py: --assessed-on must be FROM..TO (YYYY-MM-DD..YYYY-MM-DD), got {s!r}")
    if hi < lo:
        raise SystemExit("random_cases.py: --assessed-on: TO is before FROM")
    return lo, hi


def main(argv=None):
    ap = argparse.ArgumentParser(description="Deterministic random cases (JSON lines) for Seula and its peer.")
    ap.add_argument("--n", type=int, required=True, help="number of lines")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-rate", type=float, default=0.0, help="fraction of malformed lines")
    ap.add_argument("--assessed-on", default="2026-01-01..2026-10-31",
                    help="FROM..TO: the days assessed_on is drawn from (default 2026-01-01..2026-10-31); "
                         "cases without assessed_on are built for FROM")
    ap.add_argument("--hetu-rate", type=float, default=0.9, help="share of cases with a hetu (default 0.9)")
    ap.add_argument("-o", "--output", help="output file (default stdout)")
    a = ap.parse_args(argv)
    days = Days(*parse_range(a.assessed_on))
    r = random.Random(a.seed)
    out = open(a.output, "wb") if a.output else sys.stdout.buffer
    buf = []
    with out:
        for i in range(a.n):
            if a.bad_rate and r.random() < a.bad_rate:
                buf.append(bad_line(r, i, a.seed, days, a.hetu_rate))
            else:
                buf.append(render(gen_case(r, i, a.seed, days, a.hetu_rate), r))
            if len(buf) >= 10000:
                out.write(b"\n".join(buf) + b"\n")
                buf = []
        if buf:
            out.write(b"\n".join(buf) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
