#!/usr/bin/env python3
"""Interactive latency of `seula serve`: one case at a time, stdin kept open.

Starts `seula serve`, keeps its stdin open, and sends N cases strictly one after the other:
write one case line, wait until its answer line has arrived, then send the next. Each round
trip (write → complete answer line read) is timed with perf_counter_ns and the distribution is
reported in microseconds: p50, p90, p99, p99.9, max (nearest-rank percentiles).

    python3 benchmarks/latency_client.py --cases benchmarks/data/caseload-100k-s1.jsonl \
        [--n 10000] [--warmup 200] [--seula .build/release/seula] [--json OUT.json]

- The first --warmup round trips are not counted (page faults, lazy initialisation); the
  daemon's start-up (spawn → answer to {"op":"ping"}) is reported separately.
- Every answer is checked: one line, `"ok":true` and the case's own id.
- `--baseline` (on by default) runs the same loop against `cat` (an echo, no work) to show what
  the client and the pipes cost by themselves; Seula's figures include that cost.
- The daemon's peak RSS (VmHWM, summed over the supervisor and its worker process) and its
  CPU time (both processes) are read from /proc before stdin is closed.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def percentile(sorted_values, q):
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(k, len(sorted_values)) - 1]


def load_cases(path, count):
    """The first `count` non-blank lines of `path` (cycled when the file is shorter), with ids."""
    lines = []
    with open(path, "rb") as f:
        for raw in f:
            if raw.strip():
                lines.append(raw if raw.endswith(b"\n") else raw + b"\n")
                if len(lines) >= count:
                    break
    if not lines:
        raise SystemExit(f"latency_client: no cases in {path}")
    while len(lines) < count:
        lines.extend(lines[: count - len(lines)])
    ids = []
    for raw in lines:
        try:
            obj = json.loads(raw)
            ids.append(obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None)
        except ValueError:
            ids.append(None)
    return lines, ids


def tail(f, limit=600):
    """The last `limit` bytes a process wrote to the temporary file `f`, as text."""
    try:
        f.flush()
        size = f.seek(0, os.SEEK_END)
        f.seek(max(0, size - limit))
        return f.read().decode("utf-8", "replace").strip()
    except (OSError, ValueError):
        return ""


def cpu_busy_seconds():
    """CPU seconds the whole machine has spent busy (all cores, /proc/stat)."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return (sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def process_cpu_seconds(pid):
    """utime + stime of a process (/proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def family(pid):
    """pid and its descendants (seula serve runs its work in a supervised child process)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def family_cpu_seconds(pid):
    vals = [process_cpu_seconds(p) for p in family(pid)]
    return None if None in vals else sum(vals)


def family_status_kb(pid, key):
    """The sum of a /proc status figure (kB) over the process and its descendants."""
    vals = [proc_status(p, key) for p in family(pid)]
    vals = [v for v in vals if v is not None]
    return sum(vals) if vals else None


def write_all(fd, data):
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def proc_status(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])  # kB
    except OSError:
        pass
    return None


def round_trips(cmd, lines, ids, warmup, check, ping=False, cwd=None):
    """Run the loop against `cmd`; returns a dict of timings (µs) and checks."""
    stderr = tempfile.TemporaryFile()
    t_spawn = time.perf_counter_ns()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                            bufsize=0, cwd=cwd)
    wfd = proc.stdin.fileno()
    reader = io.open(proc.stdout.fileno(), "rb", buffering=1 << 16, closefd=False)
    startup_us = None
    try:
        if ping:
            write_all(wfd, b'{"op":"ping","req":0}\n')
            answer = reader.readline()
            startup_us = (time.perf_counter_ns() - t_spawn) / 1000.0
            if not answer.endswith(b"\n"):
                raise RuntimeError(f"no answer to ping (exit {proc.wait(timeout=10)}): {tail(stderr)}")
        samples = []
        bad = []
        gc.disable()
        busy0, peer0, self0 = cpu_busy_seconds(), family_cpu_seconds(proc.pid), sum(os.times()[:2])
        t_loop = time.perf_counter()
        try:
            clock = time.perf_counter_ns
            for i, line in enumerate(lines):
                t0 = clock()
                write_all(wfd, line)
                answer = reader.readline()
                t1 = clock()
                if not answer.endswith(b"\n"):
                    raise RuntimeError(f"the answer stream ended after {i} answers "
                                       f"(exit {proc.wait(timeout=10)}): {tail(stderr)}")
                if i >= warmup:
                    samples.append(t1 - t0)
                if check:
                    want = ids[i]
                    if not answer.startswith(b"{") or b'"ok":true' not in answer or (
                            want is not None and b'"id":' + json.dumps(want).encode() not in answer):
                        if len(bad) < 5:
                            bad.append({"index": i, "answer": answer[:300].decode("utf-8", "replace")})
                        else:
                            bad.append(None)
        finally:
            gc.enable()
        elapsed = time.perf_counter() - t_loop
        busy1, peer1, self1 = cpu_busy_seconds(), family_cpu_seconds(proc.pid), sum(os.times()[:2])
        background = None
        if None not in (busy0, busy1, peer0, peer1) and elapsed > 0:
            # cores kept busy by everything but this client and the daemon, during the timed loop
            background = max(0.0, (busy1 - busy0 - (peer1 - peer0) - (self1 - self0)) / elapsed)
        # The daemon's memory is its supervisor's plus its worker's.
        hwm = family_status_kb(proc.pid, "VmHWM")
        rss = family_status_kb(proc.pid, "VmRSS")
    finally:
        try:
            proc.stdin.close()
        except OSError:
            pass
        rest = reader.read()
        rc = proc.wait(timeout=60)
        err_tail = tail(stderr)
        stderr.close()
    samples.sort()
    us = [s / 1000.0 for s in samples]
    result = {
        "command": cmd, "round_trips": len(us), "warmup": warmup,
        "p50_us": percentile(us, 50), "p90_us": percentile(us, 90), "p99_us": percentile(us, 99),
        "p99_9_us": percentile(us, 99.9), "max_us": us[-1] if us else float("nan"),
        "mean_us": sum(us) / len(us) if us else float("nan"), "min_us": us[0] if us else float("nan"),
        "exit_code": rc, "unexpected_trailing_output_bytes": len(rest),
        "peak_rss_kb": hwm, "rss_at_end_kb": rss, "stderr_tail": err_tail,
        "background_cores": background,
    }
    if ping:
        result["startup_to_first_answer_us"] = startup_us
    if check:
        result["bad_answers"] = len(bad)
        result["bad_examples"] = [b for b in bad if b][:5]
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", required=True, help="JSON-lines caseload to take cases from (e.g. from seula generate)")
    ap.add_argument("--n", type=int, default=10_000, help="timed round trips (default 10000)")
    ap.add_argument("--warmup", type=int, default=200, help="untimed round trips first (default 200)")
    ap.add_argument("--seula", default=os.path.join(ROOT, ".build", "release", "seula"))
    ap.add_argument("--today", default="2025-06-01", help="passed to seula serve --today")
    ap.add_argument("--serve-arg", action="append", default=[],
                    help="an extra argument for seula serve (repeatable), e.g. --serve-arg=--no-supervisor")
    ap.add_argument("--no-baseline", action="store_true", help="skip the `cat` echo baseline")
    ap.add_argument("--json", help="write the results as JSON to this file")
    a = ap.parse_args(argv)

    lines, ids = load_cases(a.cases, a.n + a.warmup)
    out = {"cases_file": os.path.abspath(a.cases), "n": a.n, "warmup": a.warmup}
    out["serve"] = round_trips([a.seula, "serve", "--today", a.today, *a.serve_arg], lines, ids, a.warmup,
                               check=True, ping=True, cwd=ROOT)
    if not a.no_baseline:
        out["baseline_cat"] = round_trips(["cat"], lines, ids, a.warmup, check=False)

    s = out["serve"]
    print(f"seula serve, {s['round_trips']} sequential round trips (after {a.warmup} warm-up), µs:")
    print(f"  p50 {s['p50_us']:.1f}  p90 {s['p90_us']:.1f}  p99 {s['p99_us']:.1f}  "
          f"p99.9 {s['p99_9_us']:.1f}  max {s['max_us']:.1f}  (mean {s['mean_us']:.1f})")
    print(f"  start-up to first answer {s['startup_to_first_answer_us'] / 1000:.1f} ms; "
          f"daemon peak RSS {s['peak_rss_kb'] / 1024:.1f} MiB; bad answers {s['bad_answers']}; exit {s['exit_code']}"
          if s["peak_rss_kb"] else f"  bad answers {s['bad_answers']}; exit {s['exit_code']}")
    if s.get("background_cores") is not None:
        print(f"  other load on the machine during the loop: {s['background_cores']:.2f} cores")
    if "baseline_cat" in out:
        b = out["baseline_cat"]
        print(f"baseline (cat echo, client + pipes only): p50 {b['p50_us']:.1f}  p99 {b['p99_us']:.1f}  "
              f"max {b['max_us']:.1f} µs")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    ok = s["exit_code"] == 0 and s["bad_answers"] == 0 and s["unexpected_trailing_output_bytes"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
