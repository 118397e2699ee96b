#!/usr/bin/env python3
"""Cross-check Seula against the independent peer (benchmarks/peer/peer.py) on generated cases.

Both read the same JSON lines (benchmarks/peer/random_cases.py), with the same --today and the
same SEULA_PSEUDONYM_KEY; every answer is compared field by field on what both produce:
ok, id, segment, scores (coping value/band/answered; risk value/points/max/gaps and, for V2,
known and high_by), margins, outcome (level, computed, override rules, V2 automatable),
urgency, services (order, provision, home_based, automatable, urgency, V2 need), referrals,
review, pseudonym; for errors the code and path (and line). Prints a count of differences by
field (split by the criteria version Seula used) and the first few examples.

    python3 benchmarks/crosscheck.py --n 100000 --seed 5 [--bad-rate 0.05] \
        [--assessed-on 2026-01-01..2026-10-31] [--hetu-rate 0.9] [--today YYYY-MM-DD] \
        [--seula .build/release/seula] [--dump DIFFS.jsonl]

--assessed-on 2025-01-01..2025-12-31 gives a V1-dated caseload. --today defaults to the
range's first day (the day random_cases.py builds cases without assessed_on for).
"""
import argparse, collections, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def project(a):
    """An answer -> {field: comparable value}."""
    if not a.get("ok"):
        e = a.get("error", {})
        # Seula recovers the id of a line that is not valid JSON (PROTOCOL: "id if recoverable");
        # the peer does not try, so ids are compared only where the line parsed.
        id_ = a.get("id") if e.get("code") != "invalid_json" else None
        return {"ok": False, "id": id_, "line": a.get("line"), "error.code": e.get("code"), "error.path": e.get("path")}
    sc, mg, oc = a["scores"], a["margins"], a["outcome"]
    rk, cp = sc["risk"], sc["coping"]
    p = {
        "ok": True, "id": a["id"], "segment": a["segment"],
        "coping.value": cp.get("value"), "coping.band": cp.get("band"), "coping.answered": cp.get("answered"),
        "risk.value": rk.get("value"), "risk.points": rk.get("points"), "risk.max": rk.get("max"),
        "risk.gaps": rk.get("gaps"),
        "margins.coping": mg.get("coping"), "margins.risk": mg.get("risk"),
        "outcome.level": oc["level"], "outcome.computed": oc["computed"],
        "outcome.overrides": [o["rule"] for o in oc["overrides"]],
        "urgency": a["urgency"],
        "services.order": [s["product"] for s in a["services"]],
        "services.rank": [s["rank"] for s in a["services"]],
        "referrals": [r["to"] for r in a["referrals"]],
        "review.reasons": a["review"]["reasons"], "review.required": a["review"]["required"],
        "pseudonym": a.get("pseudonym"),
    }
    for attr in ("provision", "home_based", "automatable", "urgency", "need"):
        p["services." + attr] = {s["product"]: s.get(attr, "<absent>") for s in a["services"]}
    # V2 members: compared whenever either side writes them (a missing one is a difference)
    for name, val in (("risk.known", rk.get("known", "<absent>")), ("risk.high_by", rk.get("high_by", "<absent>")),
                      ("outcome.automatable", oc.get("automatable", "<absent>"))):
        p[name] = val
    return p


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bad-rate", type=float, default=0.0)
    p.add_argument("--assessed-on", default="2026-01-01..2026-10-31", help="FROM..TO for random_cases.py")
    p.add_argument("--hetu-rate", type=float, default=0.9)
    p.add_argument("--today", help="the day for cases without assessed_on (default: FROM)")
    p.add_argument("--key", default="crosscheck-pseudonym-key", help="SEULA_PSEUDONYM_KEY for both ('' for none)")
    p.add_argument("--seula", default=os.path.join(root, ".build", "release", "seula"))
    p.add_argument("--show", type=int, default=5)
    p.add_argument("--dump", help="write every differing case with both answers here (JSON lines)")
    args = p.parse_args()
    today = args.today or args.assessed_on.split("..")[0]
    env = dict(os.environ, SEULA_PSEUDONYM_KEY=args.key)
    if not args.key:  # --key '': no key for either side (every hetu is refused)
        env.pop("SEULA_PSEUDONYM_KEY")
    with tempfile.TemporaryDirectory() as d:
        cases = os.path.join(d, "cases.jsonl")
        subprocess.run([sys.executable, os.path.join(here, "peer", "random_cases.py"), "--n", str(args.n),
                        "--seed", str(args.seed), "--bad-rate", str(args.bad_rate),
                        "--assessed-on", args.assessed_on, "--hetu-rate", str(args.hetu_rate), "-o", cases],
                       check=True)
        with open(cases, "rb") as f:
            ours = subprocess.run([args.seula, "serve", "--today", today], stdin=f, capture_output=True,
                                  check=True, env=env, cwd=root).stdout
        theirs = subprocess.run([sys.executable, os.path.join(here, "peer", "peer.py"), cases, "--today", today],
                                capture_output=True, check=True, env=env).stdout
        inputs = open(cases, "rb").read().split(b"\n")
    ours, theirs = ours.splitlines(), theirs.splitlines()
    if len(ours) != len(theirs):
        print(f"answer counts differ: seula {len(ours)}, peer {len(theirs)}")
    diffs = collections.Counter()
    examples = collections.defaultdict(list)
    versions = collections.Counter()
    nonblank = [l for l in inputs if l.strip()]
    dump = open(args.dump, "w") if args.dump else None
    for i, (a, b) in enumerate(zip(ours, theirs)):
        ja, jb = json.loads(a), json.loads(b)
        ver = ja.get("model", {}).get("version", "error") if ja.get("ok") else "error"
        versions[ver] += 1
        pa, pb = project(ja), project(jb)
        fields = [k for k in sorted(set(pa) | set(pb)) if pa.get(k) != pb.get(k)]
        for k in fields:
            diffs[(k, ver)] += 1
            if len(examples[k]) < args.show:
                examples[k].append((nonblank[i][:600].decode("utf-8", "replace") if i < len(nonblank) else "?",
                                    pa.get(k), pb.get(k)))
        if dump and fields:
            dump.write(json.dumps({"fields": fields, "case": nonblank[i].decode("utf-8", "replace") if i < len(nonblank) else None,
                                   "seula": ja, "peer": jb}, ensure_ascii=False) + "\n")
    total = min(len(ours), len(theirs))
    print(f"{total} answers compared (assessed_on {args.assessed_on}, today {today}, hetu rate {args.hetu_rate}); "
          f"by Seula's criteria version: " + ", ".join(f"{v} {n}" for v, n in sorted(versions.items())))
    if not diffs:
        print("no differences")
        return 0
    by_field = collections.Counter()
    for (k, ver), n in diffs.items():
        by_field[k] += n
    for k, n in by_field.most_common():
        split = ", ".join(f"{ver}: {m}" for (kk, ver), m in sorted(diffs.items()) if kk == k)
        print(f"\n{k}: {n} differences ({split})")
        for inp, x, y in examples[k]:
            print(f"  case: {inp}\n    seula: {x}\n    peer:  {y}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
