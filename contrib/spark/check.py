#!/usr/bin/env python3
"""make spark-check: Seula under Spark gives `seula score`'s bytes and `seula evaluate`'s tally.

    python contrib/spark/check.py --seula .build/release/seula [--cases 200000] [--dir DIR] [--overhead]

Run with the virtual environment that has pyspark (make spark-check does). Steps:
  1. generate N labelled cases with `seula generate --labels` (with hetus when this generator
     can write them: `--hetu-rate` in its --help); a random pseudonym key in a 0600 file, given
     to `seula score` in SEULA_PSEUDONYM_KEY and to the Spark job as --pseudonym-key-file (read on
     the driver, passed on in spark.executorEnv; spark-submit's own environment has no key);
  2. `seula score` the file (the reference), timed, with /proc/loadavg before and after;
  3. the same file through Spark in local[2]: seula_spark.py with the seula binary and both
     criteria files shipped with SparkFiles, --line-numbers, timed;
  4. the records, sorted by line number and stripped of it, must equal the reference byte for
     byte (and every line number must appear once);
  5. seula_tally.py on the records; for each criteria version that decided cases, `seula evaluate
     --json --bootstrap 0 --model THAT_VERSION` on the labelled lines it decided; its
     segments.confusion must equal the tally cell by cell, and its evaluated count the tally's;
  6. two small inputs in many partitions, against `seula score` again: malformed lines
     (--bad-rate: invalid UTF-8, blank lines, errors whose "line" must be the file's) and CSV
     input (the header row goes to every partition);
  7. per-partition overhead: `seula serve` started on empty input (process, worker, criteria),
     and, with --overhead, the 200 k run again in ~100 partitions: (T_many - T_few) / (P_many - P_few).
Exit 0 when every comparison holds; the figures are printed and written to DIR/figures.json.
"""

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
MODELS = [os.path.join(ROOT, "models", "seula-v1.json"), os.path.join(ROOT, "models", "seula-v2.json")]
TODAY = "2025-06-01"
failures = []
passes = []
figures = {}


def say(msg):
    print("spark-check: " + msg, flush=True)


def ok(msg):
    passes.append(msg)
    say(msg)


def fail(msg):
    failures.append(msg)
    print("spark-check: FAIL: " + msg, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_seconds():
    """User + system CPU seconds of every finished child process (and the children they waited for)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(cmd, env=None, quiet=False, **kw):
    """Runs cmd; returns (seconds, completed process), and sets p.cpu (CPU seconds it and its
    children used). Fails the check on a non-zero exit."""
    t, c = time.monotonic(), cpu_seconds()
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    dt = time.monotonic() - t
    p.cpu = cpu_seconds() - c
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode("utf-8", "replace")[-6000:])
        raise SystemExit("spark-check: FAIL: %s exited with %d" % (" ".join(cmd[:4]), p.returncode))
    if not quiet:
        for line in (p.stdout + p.stderr).decode("utf-8", "replace").splitlines():
            if line.startswith(("seula", "  ")) and " INFO " not in line and " WARN " not in line:
                print("    " + line)
    return dt, p


def spark_submit(args, env, master):
    cmd = [os.path.join(os.path.dirname(sys.executable), "spark-submit"), "--master", master,
           "--conf", "spark.ui.enabled=false", "--driver-memory", "2g"] + args
    dt, p = run(cmd, env=env)
    with open(os.path.join(LOGS, "spark-submit-%d.log" % time.time_ns()), "wb") as f:
        f.write(p.stdout + p.stderr)
    return dt, p


LOGS = "/tmp"


def job_seconds(proc):
    # The Python driver's stderr reaches spark-submit's stdout (PythonRunner merges them).
    m = re.search(rb"partitions scored into .* in ([0-9.]+) s", proc.stdout + proc.stderr)
    return float(m.group(1)) if m else None


def partitions_of(proc):
    m = re.search(rb"seula_spark: (\d+) partitions", proc.stdout + proc.stderr)
    return int(m.group(1)) if m else None


def sorted_records(out_dir):
    """The records of a --line-numbers output, sorted by line number, numbers stripped."""
    rows = []
    for name in sorted(os.listdir(out_dir)):
        if not name.startswith("part-"):
            continue
        with open(os.path.join(out_dir, name), "rb") as f:
            for line in f:
                number, tab, record = line.partition(b"\t")
                if not tab:
                    raise SystemExit("spark-check: FAIL: %s: a line without its line number" % name)
                rows.append((int(number), record))
    rows.sort(key=lambda r: r[0])
    numbers = [n for n, _ in rows]
    if len(set(numbers)) != len(numbers):
        fail("%s: a line number occurs twice" % out_dir)
    return numbers, rows


def compare_records(out_dir, reference, what):
    numbers, rows = sorted_records(out_dir)
    with open(reference, "rb") as f:
        ref = f.read()
    got = b"".join(r for _, r in rows)
    if got == ref:
        ok("%s: %d records, byte-identical to seula score (%d bytes)" % (what, len(rows), len(ref)))
        return numbers
    ref_lines = ref.split(b"\n")
    for i, (n, r) in enumerate(rows):
        if i >= len(ref_lines) or r.rstrip(b"\n") != ref_lines[i]:
            fail("%s: record %d (input line %d) differs from seula score's:\n      spark: %s\n      score: %s"
                 % (what, i + 1, n, r[:300], ref_lines[i][:300] if i < len(ref_lines) else b"(none)"))
            break
    else:
        fail("%s: %d records from Spark, %d from seula score" % (what, len(rows), ref.count(b"\n")))
    return numbers


def model_versions():
    """criteria version → its file."""
    out = {}
    for path in MODELS:
        with open(path) as f:
            m = json.load(f)
        out[(m["id"], m["version"])] = path
    return out


def check_tally(seula, cases, reference, tally_file, d, env):
    with open(tally_file) as f:
        tally = json.load(f)
    files = model_versions()
    # Which version decided each line (from the reference records), to evaluate each version on
    # its own lines — needed only when several did (a generator that dates cases in 2026).
    by_version = {}
    with open(cases, "rb") as cf, open(reference, "rb") as rf:
        answers = iter(rf)
        for line in (cf if len(tally["versions"]) > 1 else []):
            if not line.strip(b" \t\r\n"):
                continue
            rec = json.loads(next(answers))
            if "error" in rec:
                continue
            key = (rec["model"]["id"], rec["model"]["version"])
            by_version.setdefault(key, []).append(line)
    total = 0
    for v in tally["versions"]:
        key = (v["model"]["id"], v["model"]["version"])
        if key not in files:
            fail("tally: records of %s %s, which no file in models/ holds" % key)
            continue
        subset = cases
        if len(by_version) > 1:
            subset = os.path.join(d, "cases-%s.jsonl" % key[1])
            with open(subset, "wb") as f:
                f.writelines(by_version[key])
        _, p = run([seula, "evaluate", subset, "--json", "--bootstrap", "0", "--model", files[key]], env=env, quiet=True)
        ev = json.loads(p.stdout)
        labels = ev["segments"]["labels"]
        matrix = ev["segments"]["confusion"]
        want = {(labels[r], labels[c]): n for r, row in enumerate(matrix) for c, n in enumerate(row) if n}
        got = {(c["caseworker"], c["seula"]): c["cases"] for c in v["cells"]}
        if got != want:
            diff = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            fail("tally for %s %s differs from seula evaluate's confusion matrix at %s"
                 % (key[0], key[1], ", ".join("%s×%s spark %s evaluate %s" % (a, b, got.get((a, b)), want.get((a, b))) for a, b in diff[:6])))
        elif ev["data"]["evaluated"] != v["cases"]:
            fail("tally for %s %s counts %d cases, seula evaluate %d" % (key[0], key[1], v["cases"], ev["data"]["evaluated"]))
        else:
            ok("tally for %s %s: %d cases in %d cells, equal to seula evaluate's confusion matrix (rows: caseworker %s)"
                % (key[0], key[1], v["cases"], len(got), "/".join(labels)))
        total += v["cases"]
    figures["tally_cases"] = total


def serve_startup(seula, env, n=10):
    """Seconds for `seula serve` on empty input: process start, criteria load (supervisor and worker), exit."""
    out = {}
    for name, extra in (("supervised", []), ("no_supervisor", ["--no-supervisor"])):
        times = []
        for _ in range(n):
            t = time.monotonic()
            subprocess.run([seula, "serve", "--model", MODELS[0], "--model", MODELS[1], "--workers", "1"] + extra,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env, check=True)
            times.append(time.monotonic() - t)
        out[name] = statistics.median(times)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seula", required=True)
    ap.add_argument("--generator", help="the seula whose `generate` writes the caseloads (default: --seula)")
    ap.add_argument("--cases", type=int, default=200000)
    ap.add_argument("--seed", default="15")
    ap.add_argument("--dir", default="/tmp/seula-spark-check")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--overhead", action="store_true", help="also run the big file in ~100 partitions")
    ap.add_argument("--keep", action="store_true", help="keep the caseloads and records in --dir (about 1.5 GB)")
    a = ap.parse_args()
    seula = os.path.abspath(a.seula)
    generator = os.path.abspath(a.generator or a.seula)
    d = a.dir
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    global LOGS
    LOGS = d
    job = os.path.join(HERE, "seula_spark.py")
    tally_job = os.path.join(HERE, "seula_tally.py")

    # The pseudonym key: a file only this user reads, and the environment — never an argument.
    key = secrets.token_hex(32)
    key_file = os.path.join(d, "pseudonym.key")
    with open(os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
        f.write(key + "\n")
    env = dict(os.environ, SEULA_PSEUDONYM_KEY=key)
    env.pop("SEULA_MODEL", None)
    # spark-submit and its Python workers: this interpreter (the virtual environment's).
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["PYSPARK_PYTHON"] = env["PYSPARK_DRIVER_PYTHON"] = sys.executable

    cases = os.path.join(d, "cases.jsonl")
    help_text = subprocess.run([generator, "generate", "--help"], stdout=subprocess.PIPE, check=True).stdout.decode()
    hetu = ["--hetu-rate", "0.2"] if "--hetu-rate" in help_text else []
    say("generating %d labelled cases (seed %s%s)" % (a.cases, a.seed, ", 20 % with a hetu" if hetu else
                                                       "; this generator writes no hetu: the key is wired all the same"))
    run([generator, "generate", "--n", str(a.cases), "--seed", a.seed, "--labels", "-o", cases] + hetu, env=env)
    size = os.path.getsize(cases)

    # 2. The reference.
    reference = os.path.join(d, "score.jsonl")
    la0 = loadavg()
    t_score, p = run([seula, "score", cases, "-o", reference, "--today", TODAY, "--no-progress",
                      "--model", MODELS[0], "--model", MODELS[1]], env=env)
    la1 = loadavg()
    cpu_score = p.cpu
    say("seula score: %.2f s, %.0f cases/s, %.1f CPU s (load average %s before, %s after)"
        % (t_score, a.cases / t_score, cpu_score, la0, la1))

    # 3. Spark.
    out = os.path.join(d, "spark-out")
    # Spark gets the key only as a file read on the driver, which puts it in
    # spark.executorEnv.SEULA_PSEUDONYM_KEY: not in spark-submit's environment (in local mode the
    # executors would inherit that), so a pseudonym in the records proves the executorEnv route.
    spark_env = dict(env)
    del spark_env["SEULA_PSEUDONYM_KEY"]
    common = ["--ship-seula", seula, "--model", MODELS[0], "--model", MODELS[1], "--today", TODAY, "--line-numbers",
              "--pseudonym-key-file", key_file]
    la2 = loadavg()
    t_spark, p = spark_submit([job, cases, out, "--timings", os.path.join(d, "timings.jsonl")] + common, spark_env, a.master)
    la3 = loadavg()
    t_job, parts = job_seconds(p), partitions_of(p)
    cpu_spark = p.cpu
    say("spark %s: spark-submit %.2f s (%.1f CPU s, JVM and Python included), the job itself %.2f s in %s partitions: "
        "%.0f cases/s (load average %s before, %s after)" % (a.master, t_spark, cpu_spark, t_job, parts, a.cases / t_job, la2, la3))

    # 4. Byte for byte.
    compare_records(out, reference, "%d generated cases" % a.cases)
    pseudonyms = refused = 0
    records = b""
    for name in os.listdir(out):
        if name.startswith("part-"):
            with open(os.path.join(out, name), "rb") as f:
                records = f.read()
            pseudonyms += records.count(b'"pseudonym":')
            refused += records.count(b'"no_pseudonym_key"')
    del records
    say("pseudonyms in Spark's records: %d; no_pseudonym_key refusals: %d" % (pseudonyms, refused))
    if refused:
        fail("%d cases with a hetu were refused for want of a key: the key did not reach seula" % refused)
    elif pseudonyms:
        ok("%d hetus pseudonymised on the executors, the key reaching them only through spark.executorEnv" % pseudonyms)

    # 5. The evaluators' tally.
    tally_file = os.path.join(d, "tally.json")
    t_tally, _ = spark_submit([tally_job, cases, out, tally_file], spark_env, a.master)
    say("seula_tally.py: %.2f s" % t_tally)
    check_tally(seula, cases, reference, tally_file, d, env)

    # 6. Malformed lines and CSV input, in many small partitions.
    for name, gen, fmt in (("bad", ["--bad-rate", "0.05"], "jsonl"), ("csv", ["--format", "csv"], "csv")):
        small = os.path.join(d, "small-%s.%s" % (name, fmt))
        run([generator, "generate", "--n", "20000", "--seed", "16", "-o", small] + gen + hetu, env=env, quiet=True)
        small_ref = os.path.join(d, "small-%s-score.jsonl" % name)
        run([seula, "score", small, "-o", small_ref, "--today", TODAY, "--no-progress",
             "--model", MODELS[0], "--model", MODELS[1]], env=env, quiet=True)
        small_out = os.path.join(d, "small-%s-out" % name)
        _, p = spark_submit([job, small, small_out, "--split-mb", "1"] + common, spark_env, a.master)
        compare_records(small_out, small_ref, "20000 %s lines in %s partitions" % (
            "JSON (5 % malformed)" if name == "bad" else "CSV", partitions_of(p)))

    # 7. Per-partition overhead.
    startup = serve_startup(seula, env)
    say("seula serve on empty input (process start, worker start, both criteria files loaded): "
        "median %.0f ms supervised, %.0f ms --no-supervisor" % (startup["supervised"] * 1000, startup["no_supervisor"] * 1000))
    timings = [json.loads(l) for l in open(os.path.join(d, "timings.jsonl"))]
    figures.update({
        "cases": a.cases, "input_bytes": size, "master": a.master, "hetu_rate": hetu[1] if hetu else None,
        "score_seconds": t_score, "score_cases_per_s": a.cases / t_score, "loadavg_score": [la0, la1],
        "score_cpu_seconds": cpu_score, "spark_submit_cpu_seconds": cpu_spark,
        "spark_submit_seconds": t_spark, "spark_job_seconds": t_job, "spark_partitions": parts,
        "spark_cases_per_s": a.cases / t_job, "loadavg_spark": [la2, la3],
        "partition_timings": timings, "serve_startup_seconds": startup, "tally_seconds": t_tally,
    })
    if a.overhead:
        out2 = os.path.join(d, "spark-out-many")
        split = max(size / 100 / 1024 / 1024, 0.1)
        la4 = loadavg()
        t_many_submit, p = spark_submit([job, cases, out2, "--split-mb", "%.3f" % split] + common, spark_env, a.master)
        la5 = loadavg()
        figures.update({"many_submit_seconds": t_many_submit, "many_submit_cpu_seconds": p.cpu})
        t_many, parts_many = job_seconds(p), partitions_of(p)
        per = (t_many - t_job) / (parts_many - parts) if parts_many != parts else float("nan")
        say("the same %d cases in %d partitions: %.2f s (load average %s before, %s after): "
            "%.0f ms more per partition" % (a.cases, parts_many, t_many, la4, la5, per * 1000))
        compare_records(out2, reference, "%d cases in %d partitions" % (a.cases, parts_many))
        figures.update({"many_partitions": parts_many, "many_seconds": t_many, "loadavg_many": [la4, la5],
                        "overhead_per_partition_seconds": per})
        # The fixed cost of a job (session, the line count, one partition's process): 100 cases.
        tiny = os.path.join(d, "tiny.jsonl")
        with open(cases, "rb") as src, open(tiny, "wb") as dst:
            for _ in range(100):
                dst.write(src.readline())
        la6 = loadavg()
        t_tiny_submit, p = spark_submit([job, tiny, os.path.join(d, "tiny-out")] + common, spark_env, a.master)
        t_tiny = job_seconds(p)
        say("100 cases: spark-submit %.2f s (%.1f CPU s), the job itself %.2f s (load average %s): the fixed cost of a run"
            % (t_tiny_submit, p.cpu, t_tiny, la6))
        figures.update({"tiny_job_seconds": t_tiny, "tiny_submit_seconds": t_tiny_submit, "tiny_submit_cpu_seconds": p.cpu,
                        "loadavg_tiny": la6})
    with open(os.path.join(d, "figures.json"), "w") as f:
        json.dump(figures, f, indent=1)
    if not failures and not a.keep:
        # The caseloads and records (about 1.5 GB at 200 000 cases); the figures, the tally, the
        # timings and the spark-submit logs stay.
        for name in os.listdir(d):
            path = os.path.join(d, name)
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif (name.endswith((".jsonl", ".csv")) and name != "timings.jsonl") or name == "pseudonym.key":
                os.remove(path)
    print("spark-check: figures in %s" % os.path.join(d, "figures.json"))
    print("spark-check: %d passed, %d failed" % (len(passes), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
