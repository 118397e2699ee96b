#!/usr/bin/env python3
"""Cross-check Seula against the independent peer (benchmarks/peer/peer.py) on generated cases.

Both read the same JSON lines; every answer is compared field by field on what both produce:
ok, id, segment, scores, margins, outcome (level, computed, override rules), urgency, services
(product, rank, provision, home_based, automatable, urgency), referrals, review; for errors the
code and path (and line). Prints a count of differences by field and the first few examples.

    python3 benchmarks/crosscheck.py --n 100000 --seed 5 [--bad-rate 0.1] [--seula .build/release/seula]
"""
import argparse, collections, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))

def project(a):
    if not a.get("ok"):
        e = a.get("error", {})
        # Seula recovers the id of a line that is not valid JSON (PROTOCOL: "id if recoverable");
        # the peer does not try, so ids are compared only where the line parsed.
        id_ = a.get("id") if e.get("code") != "invalid_json" else None
        return {"ok": False, "id": id_, "line": a.get("line"), "code": e.get("code"), "path": e.get("path")}
    return {
        "ok": True, "id": a["id"], "segment": a["segment"],
        "coping": a["scores"]["coping"], "risk": a["scores"]["risk"], "margins": a["margins"],
        "outcome.level": a["outcome"]["level"], "outcome.computed": a["outcome"]["computed"],
        "outcome.overrides": [o["rule"] for o in a["outcome"]["overrides"]],
        "urgency": a["urgency"],
        "services": [(s["product"], s["rank"], s["provision"], s["home_based"], s["automatable"], s.get("urgency")) for s in a["services"]],
        "referrals": [r["to"] for r in a["referrals"]],
        "review": a["review"],
    }

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bad-rate", type=float, default=0.0)
    p.add_argument("--seula", default=os.path.join(here, "..", ".build", "release", "seula"))
    p.add_argument("--show", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        cases = os.path.join(d, "cases.jsonl")
        subprocess.run([sys.executable, os.path.join(here, "peer", "random_cases.py"), "--n", str(args.n), "--seed", str(args.seed),
                        "--bad-rate", str(args.bad_rate), "-o", cases], check=True)
        with open(cases, "rb") as f:
            ours = subprocess.run([args.seula, "serve", "--today", "2025-06-01"], stdin=f, capture_output=True, check=True).stdout
        theirs = subprocess.run([sys.executable, os.path.join(here, "peer", "peer.py"), cases, "--today", "2025-06-01"],
                                capture_output=True, check=True).stdout
        inputs = open(cases, "rb").read().split(b"\n")
    ours, theirs = ours.splitlines(), theirs.splitlines()
    if len(ours) != len(theirs):
        print(f"answer counts differ: seula {len(ours)}, peer {len(theirs)}")
    diffs = collections.Counter()
    examples = collections.defaultdict(list)
    nonblank = [l for l in inputs if l.strip()]
    for i, (a, b) in enumerate(zip(ours, theirs)):
        pa, pb = project(json.loads(a)), project(json.loads(b))
        for k in sorted(set(pa) | set(pb)):
            if pa.get(k) != pb.get(k):
                diffs[k] += 1
                if len(examples[k]) < args.show:
                    examples[k].append((nonblank[i][:400].decode("utf-8", "replace") if i < len(nonblank) else "?", pa.get(k), pb.get(k)))
    total = min(len(ours), len(theirs))
    scored = sum(1 for a in ours if b'"ok":true' in a)
    print(f"{total} answers compared; {scored} scored by seula")
    if not diffs:
        print("no differences")
        return 0
    for k, n in diffs.most_common():
        print(f"\n{k}: {n} differences")
        for inp, x, y in examples[k]:
            print(f"  case: {inp}\n    seula: {x}\n    peer:  {y}")
    return 1

if __name__ == "__main__":
    sys.exit(main())
