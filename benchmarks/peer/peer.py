#!/usr/bin/env python3
"""Peer scorer for Seula's default criteria sets MODEL-V1 and MODEL-V2.

The straightforward numpy + orjson scorer an analyst would write, written from
/work/shared/design/MODEL-V1.md and MODEL-V2.md (with their Clarifications), PROTOCOL.md,
the V2 format notes, and the readings R1-R26 in the "documentation" of
models/seula-v1.json and models/seula-v2.json.  It is an independent cross-check and a
benchmark baseline; it does not compute reasons, because-lists (except scores.risk.high_by)
or counterfactuals.

    python3 peer.py IN.jsonl [-o OUT.jsonl] [--today YYYY-MM-DD]

A case's assessed_on (default --today, itself defaulting to today in Europe/Helsinki) picks
the criteria: V1 from 2023-01-01 to 2025-12-31, V2 from 2026-01-01 on.  A hetu is validated
and pseudonymised with HMAC-SHA256 under the key in $SEULA_PSEUDONYM_KEY.

One JSON line out per non-blank input line, in input order.  Cases are processed in
chunks: each chunk is parsed with orjson and validated row by row into numpy arrays,
scored with column operations (boolean masks), one batch per criteria version, then
written with orjson.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import hmac
import os
import re
import sys
from itertools import chain

import numpy as np
import orjson

# --------------------------------------------------------------------------- criteria
COPING_ITEMS = [
    "household_chores", "self_care", "paying_bills", "keeping_home", "errands_eservices",
    "concentration_memory", "mood_anxiety", "substance_gambling", "sleep_rhythm",
    "getting_out", "close_conflicts", "no_one_to_help", "loneliness", "work_study",
    "unsafe_at_home", "sudden_crisis",
]
CI = {name: j for j, name in enumerate(COPING_ITEMS)}
COPING_MIN_ANSWERED = 13

HOUSING = ["stable", "supported", "arrears_or_eviction", "homeless", "long_term_homeless"]
DEBT = ["none", "payment_default", "enforcement"]
PSYCH = ["none", "outpatient", "inpatient"]

# (name, kind, arg): kind "int" -> (min, max or None); "enum" -> value list; "bool"
RISK = [
    ("income_support_months_12m", "int", (0, 12)),
    ("unemployment_months", "int", (0, None)),
    ("housing", "enum", HOUSING),
    ("debt", "enum", DEBT),
    ("substance_service_contacts_12m", "int", (0, None)),
    ("psychiatric_care_12m", "enum", PSYCH),
    ("emergency_visits_12m", "int", (0, None)),
    ("child_welfare_household", "bool", None),
    ("service_types_in_use", "int", (0, None)),
    ("released_from_prison_12m", "bool", None),
    ("long_sick_leave_or_disability_benefit", "bool", None),
    ("no_secondary_qualification", "bool", None),
]
RISK_NAMES = [r[0] for r in RISK]
RISK_MAX = 26
COUNT_CAP = 1_000_000_000  # counts without a maximum are clipped here before numpy (only thresholds matter)
(R_INC, R_UNE, R_HOU, R_DEBT, R_SUB, R_PSY, R_EMG, R_CWH, R_SVC, R_PRIS, R_SICK, R_NSQ) = range(12)

FLAGS = [
    "immediate_danger", "homeless_tonight", "violence_close_relationship",
    "unaccompanied_minor", "came_as_unaccompanied_minor", "trafficking_victim", "undocumented",
    "care_leaver", "immigrated_within_3y", "disability", "mental_health_rehabilitee",
    "substance_rehabilitee", "kela_basic_support_decision", "sudden_income_drop",
    "child_special_support",
]
FI = {name: j for j, name in enumerate(FLAGS)}

COPING_T, RISK_T, NEAR = 40, 35, 5  # thresholds and the near-threshold distance

SEGMENTS = ["parjaaja", "tuki", "yhteistyo", "huolenpito", "undetermined"]
S_PAR, S_TUKI, S_YHT, S_HUO, S_UND = range(5)
LEVELS = ["complete_screening", "reception", "guided", "named_worker", "multiprofessional", "immediate"]
L_CS, L_REC, L_GUI, L_NW, L_MP, L_IMM = range(6)
SEG_LEVEL = np.array([L_REC, L_GUI, L_NW, L_MP, L_CS], dtype=np.int8)
URGENCY = ["immediate", "within_7_working_days", "normal"]
U_IMM, U_7D, U_NORM = range(3)
BANDS = ["none", "mild", "moderate", "severe"]

OVERRIDES = [  # (rule id, target level, basis) in MODEL-V1 order
    ("immediate-need", L_IMM, "SHL 11 § 1, SHL 12 §"),
    ("unaccompanied-minor", L_IMM, "Kotoutumislaki 681/2023"),
    ("children-coping", L_NW, "SHL 36 §"),
    ("many-services", L_MP, "SHL 41 §"),
    ("trafficking-undocumented", L_NW, "SHL 12 §"),
]

PRODUCTS = [
    "neuvonta-ohjaus", "sosiaaliohjaus", "sosiaalityo-omatyontekija", "palvelutarpeen-arviointi",
    "monialainen-arviointi", "sosiaalinen-kuntoutus-koti", "sosiaalinen-kuntoutus-ryhma",
    "tyo-ja-paivatoiminta", "jalkihuolto", "sosiaalinen-luototus", "taydentava-toimeentulotuki",
    "ehkaiseva-toimeentulotuki", "valitystili", "kotouttava-jalkihuolto", "kotoutumisen-ohjaus",
    "kotoutumisen-sosiaalityo", "perheryhmakoti", "ihmiskaupan-uhrit", "paperittomat",
    "avoin-olohuone", "tilapainen-asuminen", "kriisimajoitus", "arvioiva-asuminen",
    "tuettu-asuminen-koti", "tuettu-asuminen-nuoret", "tuettu-asuminen-asunnottomat",
    "yhteisollinen-asuminen", "palveluasuminen-24h", "kuntouttava-tyotoiminta",
    "vammaisten-paivatoiminta", "vammaisten-tyovalmennus", "vammaisten-tyotoiminta",
    "perhetyo-varhainen", "perhetyo-erityinen", "perhetyo-tehostettu",
    "lapsiperheiden-kotipalvelu", "tukihenkilo-lapselle", "omananny",
]
PI = {name: j for j, name in enumerate(PRODUCTS)}
NP = len(PRODUCTS)
PROVISIONS = ["own", "tendered", "separate", "digital"]  # rank order; partner would rank with digital
P_OWN, P_TEND, P_SEP, P_DIG = range(4)
TENDERED = ["tyo-ja-paivatoiminta", "kriisimajoitus", "arvioiva-asuminen", "tuettu-asuminen-nuoret",
            "tuettu-asuminen-asunnottomat", "yhteisollinen-asuminen", "palveluasuminen-24h"]
MOVING = ["arvioiva-asuminen", "yhteisollinen-asuminen", "palveluasuminen-24h"]
AUTOMATABLE = ["neuvonta-ohjaus", "omananny", "palvelutarpeen-arviointi"]
FAMILY = ["perhetyo-varhainen", "perhetyo-erityinen", "perhetyo-tehostettu",
          "lapsiperheiden-kotipalvelu", "tukihenkilo-lapselle", "omananny"]

BASE_PROVISION = np.array([P_TEND if p in TENDERED else P_DIG if p == "omananny" else P_OWN
                           for p in PRODUCTS], dtype=np.int64)
MOVING_MASK = np.array([p in MOVING for p in PRODUCTS])
AUTO_MASK = np.array([p in AUTOMATABLE for p in PRODUCTS])
FAMILY_MASK = np.array([p in FAMILY for p in PRODUCTS])

REFERRALS = ["child_welfare", "older_people_services", "mental_health_substance",
             "employment_services", "debt_counselling", "shelter",
             "emergency_social_services", "kela"]
REVIEW_REASONS = ["near_threshold:coping", "near_threshold:risk", "insufficient_screening",
                  "register_gaps"]
GAPS_FOR_REVIEW = 4

MAX_LINE = 1 << 20  # PROTOCOL: line_too_long above 1 MiB
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")



# --------------------------------------------------------------------------- criteria, V2 delta
V1_FROM, V1_TO, V2_FROM = dt.date(2023, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 1)

FLAGS_V2 = FLAGS + ["care_allowance_highest"]  # V2: 16 flags; in V1 this one is an unknown field
FI_V2 = {name: j for j, name in enumerate(FLAGS_V2)}

# maximum points of each indicator (psychiatric inpatient care is 3 in V2): the denominator
# of the V2 score is the sum over the *known* indicators
RISK_MAXPTS_V2 = np.array([3, 3, 4, 2, 2, 3, 2, 2, 2, 2, 1, 1], dtype=np.int64)
PSY_POINTS_V2 = np.array([0, 1, 3], dtype=np.int64)
UNDETERMINED_AT_GAPS = 4
MARKER_TEXTS = [  # because texts of the severe markers, MODEL-V2 section 1 order
    None,  # housing: "risk.housing <value> in [homeless, long_term_homeless]"
    "risk.psychiatric_care_12m = inpatient",
    "risk.released_from_prison_12m = true",
    "risk.child_welfare_household = true",
]

OVERRIDES_V2 = [  # (rule id, target level, basis) in MODEL-V2 section 2 order
    ("immediate-need", L_IMM, "SHL 12 §, 29 §"),
    ("unaccompanied-minor", L_IMM, "Kotoutumislaki 681/2023"),
    ("minor", L_NW, "LSL 13 b §"),
    ("safety-signal", L_NW, "SHL 36 §, SHL 42 §"),
    ("children-coping", L_NW, "SHL 42 §"),
    ("many-services", L_MP, "SHL 41 §"),
    ("trafficking-undocumented", L_NW, "SHL 12 §"),
]
N_IMM_OVERRIDES = 2  # the first two escalate to the emergency level

NEEDS = ["safety", "housing", "assessment", "children_family", "livelihood",
         "rehabilitation", "work_activity", "integration", "guidance"]
NEED_OF = {
    "kriisimajoitus": 0, "ihmiskaupan-uhrit": 0,
    "tilapainen-asuminen": 1, "arvioiva-asuminen": 1, "tuettu-asuminen-koti": 1,
    "tuettu-asuminen-nuoret": 1, "tuettu-asuminen-asunnottomat": 1, "yhteisollinen-asuminen": 1,
    "palveluasuminen-24h": 1, "perheryhmakoti": 1,
    "palvelutarpeen-arviointi": 2, "monialainen-arviointi": 2, "sosiaalityo-omatyontekija": 2,
    "perhetyo-varhainen": 3, "perhetyo-erityinen": 3, "perhetyo-tehostettu": 3,
    "lapsiperheiden-kotipalvelu": 3, "tukihenkilo-lapselle": 3, "omananny": 3,
    "sosiaalinen-luototus": 4, "taydentava-toimeentulotuki": 4, "ehkaiseva-toimeentulotuki": 4,
    "valitystili": 4,
    "sosiaalinen-kuntoutus-koti": 5, "sosiaalinen-kuntoutus-ryhma": 5, "avoin-olohuone": 5,
    "jalkihuolto": 5,
    "tyo-ja-paivatoiminta": 6, "kuntouttava-tyotoiminta": 6, "vammaisten-paivatoiminta": 6,
    "vammaisten-tyovalmennus": 6, "vammaisten-tyotoiminta": 6,
    "kotouttava-jalkihuolto": 7, "kotoutumisen-ohjaus": 7, "kotoutumisen-sosiaalityo": 7,
    "neuvonta-ohjaus": 8, "sosiaaliohjaus": 8, "paperittomat": 8,
}
NEED_V2 = np.array([NEED_OF[p] for p in PRODUCTS], dtype=np.int64)
MOVING_V2 = MOVING + ["tilapainen-asuminen", "kriisimajoitus", "tuettu-asuminen-nuoret",
                      "tuettu-asuminen-asunnottomat", "perheryhmakoti"]
MOVING_MASK_V2 = np.array([p in MOVING_V2 for p in PRODUCTS])
# scope: products that remain for a minor (any age < 18) and for an undocumented person
MINOR_KEEP = FAMILY_MASK | np.array([p in ("perheryhmakoti", "palvelutarpeen-arviointi") for p in PRODUCTS])
UNDOC_KEEP = FAMILY_MASK | np.array([p in (
    "neuvonta-ohjaus", "palvelutarpeen-arviointi", "sosiaalityo-omatyontekija", "paperittomat",
    "ihmiskaupan-uhrit", "tilapainen-asuminen", "kriisimajoitus", "perheryhmakoti") for p in PRODUCTS])
REVIEW_REASONS_V2 = REVIEW_REASONS + ["safety_signal", "intake_flag", "minor", "inconsistent_input"]

# hetu: DDMMYY, century sign, individual number, check character
HETU_RE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})([-+YXWVUABCDEF])([0-9]{3})([0-9A-Y])")
HETU_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
                "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}
HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"

# --------------------------------------------------------------------------- validation
class Bad(Exception):
    def __init__(self, code, path, message):
        super().__init__(message)
        self.code, self.path, self.message = code, path, message


def _int(v, path, lo, hi):
    if type(v) is not int:  # bool, float (30.0), str ... are not JSON integers
        raise Bad("invalid_type", path, f"{path} must be an integer")
    if v < lo or (hi is not None and v > hi):
        rng = f"{lo}-{hi}" if hi is not None else f">= {lo}"
        raise Bad("out_of_range", path, f"{path} must be {rng}")
    return v if v <= COUNT_CAP else COUNT_CAP


def _bool(v, path):
    if type(v) is not bool:
        raise Bad("invalid_type", path, f"{path} must be a boolean")
    return v


def _obj(o, key):
    v = o.get(key)
    if v is None:
        return None
    if type(v) is not dict:
        raise Bad("invalid_type", key, f"{key} must be an object")
    return v


def _date(s):
    if not DATE_RE.fullmatch(s):
        return None
    try:
        return dt.date(int(s[:4]), int(s[5:7]), int(s[8:10]))
    except ValueError:
        return None


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def check_hetu(h):
    """A valid hetu -> its birth date; else raise Bad(invalid_hetu)."""
    if len(h) != 11 or not h.isascii():
        raise Bad("invalid_hetu", "hetu", "a personal identity code has 11 characters (DDMMYYCNNNT)")
    m = HETU_RE.fullmatch(h.upper())
    if m is None:
        raise Bad("invalid_hetu", "hetu", "not of the form DDMMYYCNNNT with a century sign + - Y X W V U A B C D E F")
    dd, mm, yy, sign, num, chk = m.groups()
    try:
        born = dt.date(HETU_CENTURY[sign] + int(yy), int(mm), int(dd))
    except ValueError:
        raise Bad("invalid_hetu", "hetu", "the birth date in the code does not exist") from None
    if int(num) < 2:
        raise Bad("invalid_hetu", "hetu", "the individual number must be 002-999")
    if HETU_CHECK[int(dd + mm + yy + num) % 31] != chk:
        raise Bad("invalid_hetu", "hetu", "the check character does not match")
    return born


def years_completed(born, day):
    """Whole years completed on `day` since `born`; a 29 February birthday completes a year on
    28 February in a common year (negative when born after day)."""
    bm, bd = born.month, born.day
    if bm == 2 and bd == 29 and not _leap(day.year):
        bd = 28
    return day.year - born.year - ((day.month, day.day) < (bm, bd))


def extract(o, cfg):
    """Validate one case in MODEL-V1 field order; return the row for the arrays or raise Bad."""
    cid = o.get("id")
    if cid is None:
        raise Bad("missing_field", "id", "id is required")
    if type(cid) is not str:
        raise Bad("invalid_type", "id", "id must be a string")
    if not 1 <= len(cid) <= 128:
        raise Bad("out_of_range", "id", "id must be 1-128 characters")

    hetu = o.get("hetu")
    pseudonym = born = None
    if hetu is not None:
        if type(hetu) is not str:
            raise Bad("invalid_type", "hetu", "hetu must be a string")
        born = check_hetu(hetu)
        if cfg.key is None:
            raise Bad("no_pseudonym_key", "hetu", "a hetu was given but no pseudonym key is configured")
        pseudonym = hmac.new(cfg.key, hetu.upper().encode("ascii"), hashlib.sha256).hexdigest()

    when = o.get("assessed_on")
    if when is not None:
        if type(when) is not str:
            raise Bad("invalid_type", "assessed_on", "assessed_on must be a string YYYY-MM-DD")
        day = _date(when)
        if day is None:
            raise Bad("out_of_range", "assessed_on", "assessed_on is not a valid YYYY-MM-DD date")
    else:
        day = cfg.today
    if (cfg.eff_from and day < cfg.eff_from) or (cfg.eff_to and day > cfg.eff_to):
        raise Bad("out_of_range", "assessed_on", f"no criteria in force on {day.isoformat()}")
    v2 = day >= V2_FROM
    hetu_age = years_completed(born, day) if born is not None else None

    age = o.get("age")
    if age is None:
        raise Bad("missing_field", "age", "age is required")
    age = _int(age, "age", 0, 120)

    children, expecting = 0, False
    hh = _obj(o, "household")
    if hh is not None:
        v = hh.get("children")
        if v is not None:
            children = _int(v, "household.children", 0, None)
        v = hh.get("youngest_child_age")
        if v is not None:
            _int(v, "household.youngest_child_age", 0, 17)
        v = hh.get("expecting")
        if v is not None:
            expecting = _bool(v, "household.expecting")
        v = hh.get("single_parent")
        if v is not None:
            _bool(v, "household.single_parent")

    items = [-1] * 16
    cop = _obj(o, "coping")
    if cop is not None:
        for j, name in enumerate(COPING_ITEMS):
            v = cop.get(name)
            if v is not None:
                items[j] = v if (type(v) is int and 0 <= v <= 4) else _int(v, "coping." + name, 0, 4)

    rvals = [0] * 12
    gaps = [True] * 12
    risk = _obj(o, "risk")
    if risk is not None:
        for j, (name, kind, arg) in enumerate(RISK):
            v = risk.get(name)
            if v is None:
                continue
            path = "risk." + name
            if kind == "int":
                rvals[j] = _int(v, path, arg[0], arg[1])
            elif kind == "bool":
                rvals[j] = 1 if v is True else 0 if v is False else _bool(v, path)
            else:
                if type(v) is not str:
                    raise Bad("invalid_type", path, f"{path} must be a string")
                try:
                    rvals[j] = arg.index(v)
                except ValueError:
                    raise Bad("out_of_range", path, f"{path} must be one of {', '.join(arg)}") from None
            gaps[j] = False

    flag_names = FLAGS_V2 if v2 else FLAGS
    flags = [False] * len(flag_names)
    fl = _obj(o, "flags")
    if fl is not None:
        for j, name in enumerate(flag_names):
            v = fl.get(name)
            if v is not None:
                flags[j] = v if type(v) is bool else _bool(v, "flags." + name)

    return cid, age, children, expecting, items, rvals, gaps, flags, v2, pseudonym, hetu_age


def error_record(cid, line, code, path, message):
    return orjson.dumps({"ok": False, "id": cid if type(cid) is str else None, "line": line,
                         "error": {"code": code, "path": path, "message": message}},
                        option=orjson.OPT_SORT_KEYS)


# --------------------------------------------------------------------------- scoring
def round1(num, den):
    """Round num/den (integer arrays, den > 0) half away from zero to an integer (tenths in, tenths out)."""
    a = np.abs(num)
    return np.sign(num) * ((2 * a + den) // (2 * den))


def score_v1(rows):
    """MODEL-V1. rows: list of extract() tuples -> list of output lines (bytes)."""
    n = len(rows)
    ids = [r[0] for r in rows]
    age = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    children = np.fromiter((r[2] for r in rows), dtype=np.int64, count=n)
    expecting = np.fromiter((r[3] for r in rows), dtype=bool, count=n)
    def matrix(k, width, dtype):
        return np.fromiter(chain.from_iterable(r[k] for r in rows), dtype=dtype,
                           count=n * width).reshape(n, width)

    items = matrix(4, 16, np.int64)
    R = matrix(5, 12, np.int64)
    G = matrix(6, 12, bool)
    F = matrix(7, 15, bool)

    def it(name):  # item value, -1 when unanswered (never satisfies an item criterion)
        return items[:, CI[name]]

    def fl(name):
        return F[:, FI[name]]

    # coping: score = 100*S/(4*N) = 25*S/N, compared exactly in integers
    answered = items >= 0
    N = answered.sum(1)
    S = np.where(answered, items, 0).sum(1)
    det = N >= COPING_MIN_ANSWERED
    Nd = np.maximum(N, 1)

    def cop_ge(t):
        return det & (25 * S >= t * N)

    hard, ge20, ge60, ge80 = cop_ge(COPING_T), cop_ge(20), cop_ge(60), cop_ge(80)
    near_c = det & (np.abs(25 * S - COPING_T * N) <= NEAR * N)
    cop10 = round1(250 * S, Nd)
    copm10 = round1(250 * S - 10 * COPING_T * N, Nd)
    band = np.select([ge60, hard, ge20], [3, 2, 1], 0)

    # risk points (a gap reads as its zero value: stored as 0 / stable / none / false)
    inc, une, sub, emg, svc = R[:, R_INC], R[:, R_UNE], R[:, R_SUB], R[:, R_EMG], R[:, R_SVC]
    housing, debt, psych = R[:, R_HOU], R[:, R_DEBT], R[:, R_PSY]
    cwh, prison, sick, nsq = (R[:, k].astype(bool) for k in (R_CWH, R_PRIS, R_SICK, R_NSQ))
    P = (np.select([inc >= 10, inc >= 6, inc >= 1], [3, 2, 1], 0)
         + np.select([une >= 24, une >= 12, une >= 1], [3, 2, 1], 0)
         + housing + debt
         + np.select([sub >= 4, sub >= 1], [2, 1], 0)
         + psych
         + np.select([emg >= 6, emg >= 2], [2, 1], 0)
         + 2 * cwh
         + np.select([svc >= 4, svc >= 2], [2, 1], 0)
         + 2 * prison + sick
         + (nsq & (age >= 18) & (age <= 24)))
    high = 100 * P >= RISK_T * RISK_MAX
    near_r = np.abs(100 * P - RISK_T * RISK_MAX) <= NEAR * RISK_MAX
    risk10 = round1(1000 * P, RISK_MAX)
    riskm10 = round1(1000 * P - 10 * RISK_T * RISK_MAX, RISK_MAX)
    ngaps = G.sum(1)

    # segment and outcome
    seg = np.where(~det, S_UND, np.where(hard, np.where(high, S_HUO, S_TUKI),
                                         np.where(high, S_YHT, S_PAR)))
    computed = SEG_LEVEL[seg].astype(np.int64)
    has_children = children >= 1
    fires = np.stack([
        fl("immediate_danger") | fl("homeless_tonight"),
        fl("unaccompanied_minor"),
        has_children & hard,
        svc >= 4,
        fl("trafficking_victim") | fl("undocumented"),
    ], axis=1)
    targets = np.array([o[1] for o in OVERRIDES])
    listed = fires & (targets[None, :] > computed[:, None])
    raised = np.where(fires, targets[None, :], 0)
    pre_immediate = np.maximum(computed, raised[:, 2:].max(1))  # "outcome multiprofessional" sees this
    final = np.maximum(pre_immediate, raised[:, :2].max(1))
    shl36 = has_children & hard & fl("child_special_support")
    urgency = np.where(final == L_IMM, U_IMM, np.where(shl36, U_7D, U_NORM))

    # products: boolean column per product, in table order
    parjaaja = seg == S_PAR
    not_parjaaja = ~parjaaja  # true for undetermined
    homeless_any = (housing == 3) | (housing == 4)
    rehab = fl("mental_health_rehabilitee") | fl("substance_rehabilitee")
    a18_24 = (age >= 18) & (age <= 24)
    ch_or_exp = has_children | expecting
    no_cw_client = ~cwh
    ws = it("work_study")
    M = np.zeros((len(rows), NP), dtype=bool)

    def put(name, mask):
        M[:, PI[name]] = mask

    put("neuvonta-ohjaus", age >= 18)
    put("sosiaaliohjaus", (seg == S_TUKI) | hard)
    put("sosiaalityo-omatyontekija", final >= L_NW)
    put("palvelutarpeen-arviointi", not_parjaaja | F.any(1))
    put("monialainen-arviointi", pre_immediate == L_MP)
    put("sosiaalinen-kuntoutus-koti", (it("getting_out") >= 2) | (it("loneliness") >= 2))
    put("sosiaalinen-kuntoutus-ryhma", (it("loneliness") >= 2) & det & ~ge60)
    put("tyo-ja-paivatoiminta", rehab & (ws >= 2))
    put("jalkihuolto", fl("care_leaver") & a18_24)
    put("sosiaalinen-luototus", (debt == 1) & (sub == 0) & (inc < 10))
    put("taydentava-toimeentulotuki", fl("kela_basic_support_decision") & ((inc >= 10) | (it("sudden_crisis") >= 3)))
    put("ehkaiseva-toimeentulotuki", (housing == 2) | (debt != 0) | fl("sudden_income_drop"))
    put("valitystili", (it("paying_bills") >= 3) & ((debt != 0) | (housing == 2)))
    put("kotouttava-jalkihuolto", fl("came_as_unaccompanied_minor") & a18_24)
    put("kotoutumisen-ohjaus", fl("immigrated_within_3y"))
    put("kotoutumisen-sosiaalityo", fl("immigrated_within_3y") & not_parjaaja)
    put("perheryhmakoti", fl("unaccompanied_minor") & (age < 18))
    put("ihmiskaupan-uhrit", fl("trafficking_victim"))
    put("paperittomat", fl("undocumented"))
    put("avoin-olohuone", homeless_any | (it("loneliness") >= 3))
    put("tilapainen-asuminen", fl("homeless_tonight") | (housing == 3))
    put("kriisimajoitus", fl("immediate_danger") | fl("violence_close_relationship"))
    put("arvioiva-asuminen", homeless_any & ge60)
    put("tuettu-asuminen-koti",
        (np.maximum(np.maximum(it("household_chores"), it("self_care")), it("keeping_home")) >= 3)
        & ((housing == 0) | (housing == 2)))
    put("tuettu-asuminen-nuoret", (age >= 18) & (age <= 29) & (it("keeping_home") >= 2) & (housing != 0))
    put("tuettu-asuminen-asunnottomat", housing == 4)
    put("yhteisollinen-asuminen", ge60 & rehab)
    put("palveluasuminen-24h", ge80 & (it("self_care") == 4))
    put("kuntouttava-tyotoiminta", (une >= 12) & (inc >= 1) & (age >= 18) & (age <= 64))
    put("vammaisten-paivatoiminta", fl("disability") & (ws >= 3))
    put("vammaisten-tyovalmennus", fl("disability") & (ws >= 1) & (ws <= 2))
    put("vammaisten-tyotoiminta", fl("disability") & (ws >= 2) & (ws <= 3))
    put("perhetyo-varhainen", ch_or_exp & ge20 & ~ge60 & no_cw_client)  # R2: 20 <= coping < 60
    put("perhetyo-erityinen", has_children & ge60 & no_cw_client)
    put("perhetyo-tehostettu", cwh)
    put("lapsiperheiden-kotipalvelu", ch_or_exp & (np.maximum(np.maximum(
        it("household_chores"), it("self_care")), it("sudden_crisis")) >= 3))
    put("tukihenkilo-lapselle", has_children & fl("child_special_support"))
    put("omananny", has_children & ((seg == S_PAR) | (seg == S_TUKI)))
    # clarification 9: under 18 and not an unaccompanied minor -> family products only
    child_only = (age < 18) & ~fl("unaccompanied_minor")
    M &= ~(child_only[:, None] & ~FAMILY_MASK[None, :])

    prov = np.broadcast_to(BASE_PROVISION, M.shape).copy()
    prov[:, PI["neuvonta-ohjaus"]] = np.where(parjaaja, P_DIG, P_OWN)
    purg = np.full(M.shape, U_NORM, dtype=np.int64)
    purg[:, PI["tilapainen-asuminen"]] = np.where(fl("homeless_tonight"), U_IMM, U_NORM)
    purg[:, PI["kriisimajoitus"]] = np.where(fl("immediate_danger"), U_IMM, U_NORM)
    purg[:, PI["perheryhmakoti"]] = U_IMM
    purg[:, PI["palvelutarpeen-arviointi"]] = np.where(shl36, U_7D, U_NORM)
    # ranking: urgency, home-based before moving, provision, table order
    key = ((purg * 2 + MOVING_MASK[None, :]) * 4 + prov) * 64 + np.arange(NP)[None, :]
    key = np.where(M, key, 1 << 40)
    order = np.argsort(key, axis=1, kind="stable")
    nserv = M.sum(1)

    # referrals, in table order
    Rf = np.stack([
        child_only,
        age >= 65,
        (sub >= 1) | (psych != 0),
        une >= 12,
        debt != 0,
        fl("violence_close_relationship"),
        fl("immediate_danger") | fl("homeless_tonight"),
        (inc >= 1) & ~fl("kela_basic_support_decision"),
    ], axis=1)

    review = np.stack([near_c, near_r, ~det, ngaps >= GAPS_FOR_REVIEW], axis=1)

    # ------------------------------------------------------------ records (per row, orjson)
    def bits(mask2d):
        return (mask2d.astype(np.int64) << np.arange(mask2d.shape[1])[None, :]).sum(1).tolist()

    gap_bits, ref_bits, rev_bits, ovr_bits = bits(G), bits(Rf), bits(review), bits(listed)
    cache_gaps, cache_ref, cache_rev, cache_ovr = {}, {}, {}, {}

    def from_bits(cache, b, build):
        v = cache.get(b)
        if v is None:
            v = cache[b] = build(b)
        return v

    build_gaps = lambda b: [RISK_NAMES[k] for k in range(12) if b >> k & 1]
    build_ref = lambda b: [{"to": REFERRALS[k]} for k in range(8) if b >> k & 1]
    build_ovr = lambda b: [{"rule": OVERRIDES[k][0], "to": LEVELS[OVERRIDES[k][1]], "basis": OVERRIDES[k][2]}
                           for k in range(5) if b >> k & 1]
    build_rev = lambda b: {"required": b != 0, "reasons": [REVIEW_REASONS[k] for k in range(4) if b >> k & 1]}

    det_l, N_l, band_l = det.tolist(), N.tolist(), band.tolist()
    cop10_l, copm10_l = cop10.tolist(), copm10.tolist()
    P_l, risk10_l, riskm10_l = P.tolist(), risk10.tolist(), riskm10.tolist()
    seg_l, comp_l, final_l, urg_l = seg.tolist(), computed.tolist(), final.tolist(), urgency.tolist()
    order_l, nserv_l, prov_l, purg_l = order.tolist(), nserv.tolist(), prov.tolist(), purg.tolist()
    home_l = (~MOVING_MASK).tolist()
    auto_l = AUTO_MASK.tolist()
    pseud = [r[9] for r in rows]
    dumps, opt = orjson.dumps, orjson.OPT_SORT_KEYS

    out = []
    for i in range(n):
        if det_l[i]:
            cval, cband, cmar = cop10_l[i] / 10, BANDS[band_l[i]], copm10_l[i] / 10
        else:
            cval = cband = cmar = None
        services = []
        pv, pu = prov_l[i], purg_l[i]
        for r, j in enumerate(order_l[i][:nserv_l[i]], 1):
            services.append({"product": PRODUCTS[j], "rank": r, "provision": PROVISIONS[pv[j]],
                             "home_based": home_l[j], "automatable": auto_l[j],
                             "urgency": URGENCY[pu[j]]})
        rec = {
            "ok": True,
            "id": ids[i],
            "segment": SEGMENTS[seg_l[i]],
            "scores": {
                "coping": {"value": cval, "band": cband, "answered": N_l[i]},
                "risk": {"value": risk10_l[i] / 10, "points": P_l[i], "max": RISK_MAX,
                         "gaps": from_bits(cache_gaps, gap_bits[i], build_gaps)},
            },
            "margins": {"coping": cmar, "risk": riskm10_l[i] / 10},
            "outcome": {"level": LEVELS[final_l[i]], "computed": LEVELS[comp_l[i]],
                        "overrides": from_bits(cache_ovr, ovr_bits[i], build_ovr)},
            "urgency": URGENCY[urg_l[i]],
            "services": services,
            "referrals": from_bits(cache_ref, ref_bits[i], build_ref),
            "review": from_bits(cache_rev, rev_bits[i], build_rev),
        }
        if pseud[i] is not None:
            rec["pseudonym"] = pseud[i]
        out.append(dumps(rec, option=opt))
    return out


def score_v2(rows):
    """MODEL-V2 (a delta on V1). rows: list of extract() tuples -> list of output lines."""
    n = len(rows)
    ids = [r[0] for r in rows]
    age = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    children = np.fromiter((r[2] for r in rows), dtype=np.int64, count=n)
    expecting = np.fromiter((r[3] for r in rows), dtype=bool, count=n)
    def matrix(k, width, dtype):
        return np.fromiter(chain.from_iterable(r[k] for r in rows), dtype=dtype,
                           count=n * width).reshape(n, width)

    items = matrix(4, 16, np.int64)
    R = matrix(5, 12, np.int64)
    G = matrix(6, 12, bool)
    F = matrix(7, 16, bool)
    # hetu age (only with a valid hetu): -10**6 stands for "no hetu" and is masked by has_hetu
    has_hetu = np.fromiter((r[10] is not None for r in rows), dtype=bool, count=n)
    hetu_age = np.fromiter((-10**6 if r[10] is None else r[10] for r in rows), dtype=np.int64, count=n)

    def it(name):  # item value, -1 when unanswered (never satisfies an item criterion)
        return items[:, CI[name]]

    def fl(name):
        return F[:, FI_V2[name]]

    # coping (unchanged from V1): score = 100*S/(4*N) = 25*S/N, compared exactly in integers
    answered = items >= 0
    N = answered.sum(1)
    S = np.where(answered, items, 0).sum(1)
    det = N >= COPING_MIN_ANSWERED
    Nd = np.maximum(N, 1)

    def cop_ge(t):
        return det & (25 * S >= t * N)

    hard, ge20, ge60, ge80 = cop_ge(COPING_T), cop_ge(20), cop_ge(60), cop_ge(80)
    near_c = det & (np.abs(25 * S - COPING_T * N) <= NEAR * N)
    cop10 = round1(250 * S, Nd)
    copm10 = round1(250 * S - 10 * COPING_T * N, Nd)
    band = np.select([ge60, hard, ge20], [3, 2, 1], 0)

    # risk: points as V1 but inpatient care = 3; score over the known indicators only
    inc, une, sub, emg, svc = R[:, R_INC], R[:, R_UNE], R[:, R_SUB], R[:, R_EMG], R[:, R_SVC]
    housing, debt, psych = R[:, R_HOU], R[:, R_DEBT], R[:, R_PSY]
    cwh, prison, sick, nsq = (R[:, k].astype(bool) for k in (R_CWH, R_PRIS, R_SICK, R_NSQ))
    P = (np.select([inc >= 10, inc >= 6, inc >= 1], [3, 2, 1], 0)
         + np.select([une >= 24, une >= 12, une >= 1], [3, 2, 1], 0)
         + housing + debt
         + np.select([sub >= 4, sub >= 1], [2, 1], 0)
         + PSY_POINTS_V2[psych]
         + np.select([emg >= 6, emg >= 2], [2, 1], 0)
         + 2 * cwh
         + np.select([svc >= 4, svc >= 2], [2, 1], 0)
         + 2 * prison + sick
         + (nsq & (age >= 18) & (age <= 24)))
    known = ~G
    nknown = known.sum(1)
    ngaps = 12 - nknown
    D = (known * RISK_MAXPTS_V2[None, :]).sum(1)  # max: sum of the known indicators' maxima
    Dd = np.maximum(D, 1)                          # nothing known: score 0 (P is 0 then)
    # severe markers (a gap reads as its zero value, so a gap never makes a marker)
    markers = np.stack([housing >= 3, psych == 2, prison, cwh], axis=1)
    marked = markers.any(1)
    risk_und = ~marked & (ngaps >= UNDETERMINED_AT_GAPS)
    by_score = ~marked & ~risk_und
    high = marked | (by_score & (100 * P >= RISK_T * D))
    near_r = by_score & (np.abs(100 * P - RISK_T * D) <= NEAR * D)
    risk10 = round1(1000 * P, Dd)
    riskm10 = round1(1000 * P - 10 * RISK_T * D, Dd)

    # segment and outcome
    seg = np.where(~det | risk_und, S_UND,
                   np.where(hard, np.where(high, S_HUO, S_TUKI), np.where(high, S_YHT, S_PAR)))
    computed = SEG_LEVEL[seg].astype(np.int64)
    has_children = children >= 1
    ch_or_exp = has_children | expecting
    um = fl("unaccompanied_minor")
    minor = (age < 18) & ~um
    safety = (fl("violence_close_relationship") | (it("unsafe_at_home") >= 3)
              | (it("sudden_crisis") == 4))
    fires = np.stack([
        fl("immediate_danger") | fl("homeless_tonight"),
        um & (age < 18),
        minor,
        safety,
        has_children & hard,
        svc >= 4,
        fl("trafficking_victim") | fl("undocumented"),
    ], axis=1)
    targets = np.array([o[1] for o in OVERRIDES_V2])
    listed = fires & (targets[None, :] > computed[:, None])
    raised = np.where(fires, targets[None, :], 0)
    pre_immediate = np.maximum(computed, raised[:, N_IMM_OVERRIDES:].max(1))
    final = np.maximum(pre_immediate, raised[:, :N_IMM_OVERRIDES].max(1))
    seven_days = (age >= 75) | fl("care_allowance_highest") | (has_children & fl("child_special_support")) | safety
    urgency = np.where(final == L_IMM, U_IMM, np.where(seven_days, U_7D, U_NORM))

    # products: boolean column per product, in table order
    parjaaja = seg == S_PAR
    not_parjaaja = ~parjaaja  # true for undetermined
    homeless_any = housing >= 3
    rehab = fl("mental_health_rehabilitee") | fl("substance_rehabilitee")
    a18_24 = (age >= 18) & (age <= 24)
    working_age = age <= 64
    ws = it("work_study")
    M = np.zeros((n, NP), dtype=bool)

    def put(name, mask):
        M[:, PI[name]] = mask

    put("neuvonta-ohjaus", age >= 18)
    put("sosiaaliohjaus", (seg == S_TUKI) | hard)
    put("sosiaalityo-omatyontekija", final >= L_NW)
    put("palvelutarpeen-arviointi", not_parjaaja | F.any(1) | (final >= L_NW) | (urgency != U_NORM))
    put("monialainen-arviointi", pre_immediate == L_MP)
    put("sosiaalinen-kuntoutus-koti", ((it("getting_out") >= 2) | (it("loneliness") >= 2)) & hard)
    put("sosiaalinen-kuntoutus-ryhma", (it("loneliness") >= 2) & ge20 & ~ge60)
    put("tyo-ja-paivatoiminta", rehab & (ws >= 2) & working_age)
    put("jalkihuolto", fl("care_leaver") & a18_24)
    put("sosiaalinen-luototus", (debt == 1) & (inc < 10))
    put("taydentava-toimeentulotuki", fl("kela_basic_support_decision") & ((inc >= 10) | (it("sudden_crisis") >= 3)))
    put("ehkaiseva-toimeentulotuki", (housing == 2) | (debt != 0) | fl("sudden_income_drop"))
    put("valitystili", (it("paying_bills") >= 3) & ((debt != 0) | (housing == 2)))
    put("kotouttava-jalkihuolto", fl("came_as_unaccompanied_minor") & a18_24)
    put("kotoutumisen-ohjaus", fl("immigrated_within_3y"))
    put("kotoutumisen-sosiaalityo", fl("immigrated_within_3y") & not_parjaaja)
    put("perheryhmakoti", um & (age < 18))
    put("ihmiskaupan-uhrit", fl("trafficking_victim"))
    put("paperittomat", fl("undocumented"))
    put("avoin-olohuone", homeless_any | (it("loneliness") >= 3))
    put("tilapainen-asuminen", fl("homeless_tonight") | (housing == 3))
    crisis_flag = fl("immediate_danger") | fl("homeless_tonight")
    put("kriisimajoitus", crisis_flag & (rehab | (sub >= 1) | (psych != 0)))
    put("arvioiva-asuminen", homeless_any & ge60)
    put("tuettu-asuminen-koti",
        (np.maximum(np.maximum(it("household_chores"), it("self_care")), it("keeping_home")) >= 3)
        & ((housing == 0) | (housing == 2)))
    put("tuettu-asuminen-nuoret", (age >= 18) & (age <= 29) & (it("keeping_home") >= 2) & (housing != 0))
    put("tuettu-asuminen-asunnottomat", housing == 4)
    put("yhteisollinen-asuminen", ge60 & rehab)
    put("palveluasuminen-24h", ge80 & (it("self_care") == 4))
    put("kuntouttava-tyotoiminta", (une >= 12) & (inc >= 1) & (age >= 18) & working_age)
    put("vammaisten-paivatoiminta", fl("disability") & (ws == 4))
    put("vammaisten-tyovalmennus", fl("disability") & (ws == 1) & working_age)
    put("vammaisten-tyotoiminta", fl("disability") & (ws >= 2) & (ws <= 3) & working_age)
    put("perhetyo-varhainen", ch_or_exp & ge20 & ~fl("child_special_support") & ~cwh)
    put("perhetyo-erityinen", has_children & fl("child_special_support") & ~cwh)
    put("perhetyo-tehostettu", cwh)
    put("lapsiperheiden-kotipalvelu", ch_or_exp & (np.maximum(np.maximum(
        it("household_chores"), it("self_care")), it("sudden_crisis")) >= 3))
    put("tukihenkilo-lapselle", has_children & fl("child_special_support"))
    put("omananny", has_children & ((seg == S_PAR) | (seg == S_TUKI)))
    # scope: minors (any age < 18) and undocumented people; both hold -> the intersection
    undoc = fl("undocumented")
    M &= ~((age < 18)[:, None] & ~MINOR_KEEP[None, :])
    M &= ~(undoc[:, None] & ~UNDOC_KEEP[None, :])

    errands = it("errands_eservices")
    digital_advice = parjaaja & (final == L_REC) & (errands >= 0) & (errands <= 1) & (age < 75)
    prov = np.broadcast_to(BASE_PROVISION, M.shape).copy()
    prov[:, PI["neuvonta-ohjaus"]] = np.where(digital_advice, P_DIG, P_OWN)
    purg = np.full(M.shape, U_NORM, dtype=np.int64)
    purg[:, PI["tilapainen-asuminen"]] = np.where(fl("homeless_tonight"), U_IMM, U_NORM)
    purg[:, PI["kriisimajoitus"]] = np.where(crisis_flag, U_IMM, U_NORM)
    purg[:, PI["perheryhmakoti"]] = U_IMM
    purg[:, PI["palvelutarpeen-arviointi"]] = urgency
    # ranking: urgency, need, home-based before moving, provision, table order
    key = ((((purg * 9 + NEED_V2[None, :]) * 2 + MOVING_MASK_V2[None, :]) * 4 + prov) * 64
           + np.arange(NP)[None, :])
    key = np.where(M, key, 1 << 40)
    order = np.argsort(key, axis=1, kind="stable")
    nserv = M.sum(1)

    # referrals, in table order
    Rf = np.stack([
        minor | (ch_or_exp & (fl("violence_close_relationship") | (it("unsafe_at_home") >= 3)
                              | (it("substance_gambling") >= 3))),
        age >= 65,
        (sub >= 1) | (psych != 0),
        (une >= 12) & working_age & ~undoc,
        debt != 0,
        fl("violence_close_relationship"),
        crisis_flag,
        (inc >= 1) & ~fl("kela_basic_support_decision") & ~undoc,
    ], axis=1)

    inconsistent = (um & (age >= 18)) | (has_hetu & (hetu_age != age))
    review = np.stack([
        near_c, near_r, ~det, ngaps >= GAPS_FOR_REVIEW,
        safety | fl("immediate_danger"),
        fl("homeless_tonight") | um | fl("trafficking_victim") | undoc,
        minor,
        inconsistent,
    ], axis=1)
    automatable = (final == L_REC) & ~review.any(1) & (urgency == U_NORM) & ~Rf[:, 0]

    # ------------------------------------------------------------ records (per row, orjson)
    def bits(mask2d):
        return (mask2d.astype(np.int64) << np.arange(mask2d.shape[1])[None, :]).sum(1).tolist()

    gap_bits, ref_bits, rev_bits, ovr_bits = bits(G), bits(Rf), bits(review), bits(listed)
    mark_bits = (np.array(bits(markers)) * 8 + housing).tolist()  # the housing text names the value
    cache_gaps, cache_ref, cache_rev, cache_ovr, cache_mark = {}, {}, {}, {}, {}

    def from_bits(cache, b, build):
        v = cache.get(b)
        if v is None:
            v = cache[b] = build(b)
        return v

    build_gaps = lambda b: [RISK_NAMES[k] for k in range(12) if b >> k & 1]
    build_ref = lambda b: [{"to": REFERRALS[k]} for k in range(8) if b >> k & 1]
    build_ovr = lambda b: [{"rule": OVERRIDES_V2[k][0], "to": LEVELS[OVERRIDES_V2[k][1]], "basis": OVERRIDES_V2[k][2]}
                           for k in range(7) if b >> k & 1]
    build_rev = lambda b: {"required": b != 0, "reasons": [REVIEW_REASONS_V2[k] for k in range(8) if b >> k & 1]}

    def build_mark(b):
        h, m = b & 7, b >> 3
        return [(f"risk.housing {HOUSING[h]} in [homeless, long_term_homeless]" if k == 0 else MARKER_TEXTS[k])
                for k in range(4) if m >> k & 1]

    det_l, N_l, band_l = det.tolist(), N.tolist(), band.tolist()
    cop10_l, copm10_l = cop10.tolist(), copm10.tolist()
    P_l, D_l, known_l, und_l = P.tolist(), D.tolist(), nknown.tolist(), risk_und.tolist()
    risk10_l, riskm10_l = risk10.tolist(), riskm10.tolist()
    seg_l, comp_l, final_l, urg_l = seg.tolist(), computed.tolist(), final.tolist(), urgency.tolist()
    auto_case_l = automatable.tolist()
    order_l, nserv_l, prov_l, purg_l = order.tolist(), nserv.tolist(), prov.tolist(), purg.tolist()
    home_l = (~MOVING_MASK_V2).tolist()
    auto_l = AUTO_MASK.tolist()
    need_l = [NEEDS[k] for k in NEED_V2.tolist()]
    pseud = [r[9] for r in rows]
    dumps, opt = orjson.dumps, orjson.OPT_SORT_KEYS

    out = []
    for i in range(n):
        if det_l[i]:
            cval, cband, cmar = cop10_l[i] / 10, BANDS[band_l[i]], copm10_l[i] / 10
        else:
            cval = cband = cmar = None
        if und_l[i]:
            rval = rmar = None
        else:
            rval, rmar = risk10_l[i] / 10, riskm10_l[i] / 10
        services = []
        pv, pu = prov_l[i], purg_l[i]
        for r, j in enumerate(order_l[i][:nserv_l[i]], 1):
            services.append({"product": PRODUCTS[j], "rank": r, "provision": PROVISIONS[pv[j]],
                             "home_based": home_l[j], "automatable": auto_l[j],
                             "urgency": URGENCY[pu[j]], "need": need_l[j]})
        rec = {
            "ok": True,
            "id": ids[i],
            "segment": SEGMENTS[seg_l[i]],
            "scores": {
                "coping": {"value": cval, "band": cband, "answered": N_l[i]},
                "risk": {"value": rval, "points": P_l[i], "max": D_l[i], "known": known_l[i],
                         "gaps": from_bits(cache_gaps, gap_bits[i], build_gaps),
                         "high_by": from_bits(cache_mark, mark_bits[i], build_mark)},
            },
            "margins": {"coping": cmar, "risk": rmar},
            "outcome": {"level": LEVELS[final_l[i]], "computed": LEVELS[comp_l[i]],
                        "overrides": from_bits(cache_ovr, ovr_bits[i], build_ovr),
                        "automatable": auto_case_l[i]},
            "urgency": URGENCY[urg_l[i]],
            "services": services,
            "referrals": from_bits(cache_ref, ref_bits[i], build_ref),
            "review": from_bits(cache_rev, rev_bits[i], build_rev),
        }
        if pseud[i] is not None:
            rec["pseudonym"] = pseud[i]
        out.append(dumps(rec, option=opt))
    return out


# --------------------------------------------------------------------------- driver
class Config:
    def __init__(self, today, eff_from, eff_to, key):
        self.today, self.eff_from, self.eff_to, self.key = today, eff_from, eff_to, key


def process_chunk(chunk, cfg):
    """chunk: list of (line number, raw bytes) for non-blank lines -> list of output lines."""
    slots = []  # bytes (an error answer) or None (a valid case, answered from `rows` in order)
    rows = []
    loads = orjson.loads
    for line_no, raw in chunk:
        if len(raw) > MAX_LINE:
            slots.append(error_record(None, line_no, "line_too_long", "", f"line longer than {MAX_LINE} bytes"))
            continue
        try:
            obj = loads(raw)
        except orjson.JSONDecodeError as e:
            slots.append(error_record(None, line_no, "invalid_json", "", f"not valid JSON: {e}"))
            continue
        if type(obj) is not dict:
            slots.append(error_record(None, line_no, "not_an_object", "", "a case must be a JSON object"))
            continue
        try:
            rows.append(extract(obj, cfg))
            slots.append(None)
        except Bad as b:
            slots.append(error_record(obj.get("id"), line_no, b.code, b.path, b.message))
    # one vectorised batch per criteria version, answered back in input order
    v1_rows = [r for r in rows if not r[8]]
    v2_rows = [r for r in rows if r[8]]
    s1 = iter(score_v1(v1_rows)) if v1_rows else iter(())
    s2 = iter(score_v2(v2_rows)) if v2_rows else iter(())
    which = iter([r[8] for r in rows])
    return [s if s is not None else next(s2 if next(which) else s1) for s in slots]


def helsinki_today():
    try:
        from zoneinfo import ZoneInfo
        return dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    except Exception:  # no time-zone data: the local date
        return dt.date.today()


def parse_day(s, what):
    d = _date(s)
    if d is None:
        raise SystemExit(f"peer.py: {what} must be YYYY-MM-DD, got {s!r}")
    return d


def main(argv=None):
    ap = argparse.ArgumentParser(description="Peer scorer for Seula MODEL-V1 and MODEL-V2 (numpy + orjson). "
                                 "assessed_on (default --today) picks V1 up to 2025-12-31, V2 from 2026-01-01. "
                                 "A hetu needs a pseudonym key in $SEULA_PSEUDONYM_KEY.")
    ap.add_argument("input", help="JSON lines in ('-' for stdin)")
    ap.add_argument("-o", "--output", help="JSON lines out (default stdout)")
    ap.add_argument("--today", help="date used when a case has no assessed_on (default: today in Europe/Helsinki)")
    ap.add_argument("--effective-from", default=V1_FROM.isoformat(),
                    help="first day any criteria are in force (default: V1's effective_from, 2023-01-01)")
    ap.add_argument("--effective-to", help="last day any criteria are in force (default: open, as V2's effective_to)")
    ap.add_argument("--chunk", type=int, default=20_000, help="cases per vectorised batch")
    a = ap.parse_args(argv)
    gc.disable()  # millions of short-lived dicts and lists, no reference cycles: the cyclic GC only costs time
    key = os.environ.get("SEULA_PSEUDONYM_KEY") or None  # unset or empty: no key
    cfg = Config(parse_day(a.today, "--today") if a.today else helsinki_today(),
                 parse_day(a.effective_from, "--effective-from") if a.effective_from else None,
                 parse_day(a.effective_to, "--effective-to") if a.effective_to else None,
                 key.encode("utf-8") if key is not None else None)

    fin = sys.stdin.buffer if a.input == "-" else open(a.input, "rb")
    fout = sys.stdout.buffer if not a.output else open(a.output, "wb")
    chunk = []
    with fin, fout:
        for line_no, raw in enumerate(fin, 1):
            if raw.endswith(b"\n"):
                raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            if not raw.strip():
                continue  # blank: no answer, but it counts in line numbers
            chunk.append((line_no, raw))
            if len(chunk) >= a.chunk:
                fout.write(b"\n".join(process_chunk(chunk, cfg)) + b"\n")
                chunk = []
        if chunk:
            fout.write(b"\n".join(process_chunk(chunk, cfg)) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
