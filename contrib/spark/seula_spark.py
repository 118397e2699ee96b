#!/usr/bin/env python3
"""Seula under Apache Spark: every partition of a caseload piped through `seula serve`, unchanged.

    spark-submit [--master …] contrib/spark/seula_spark.py INPUT OUTPUT \
        --model models/seula-v1.json --model models/seula-v2.json [--today YYYY-MM-DD] \
        [--seula /opt/seula/bin/seula | --ship-seula .build/release/seula] [--line-numbers]

INPUT is one caseload, JSON lines or CSV (by extension, or --input-format), as a local path or
any Hadoop filesystem URL (hdfs://, s3a://, abfs://, file://). OUTPUT is a directory of part
files (Spark's saveAsTextFile): the decision records, one per non-blank input line, in input
order (part-00000 holds the first lines) — the bytes `seula serve` and `seula score` write for
the same cases. With --line-numbers each output line is "N<TAB>record", N the input file's line
number (1-based, blank lines counted, as Seula counts them); `seula_tally.py` needs that form.

How a partition is scored (see README.md beside this file):
  * the input is read as raw bytes with "\n" as the only line delimiter (Seula's rule; Hadoop
    would also split at a lone "\r"), and every line is paired with its 0-based index in the
    file before it goes anywhere near Seula (class Lines);
  * each partition starts one `seula serve` process (`seula score /dev/stdin` for CSV, with the
    header row sent first), writes the partition's lines to it from a thread and reads the
    answers in the main thread. Seula answers every non-blank line exactly once, in order, and
    nothing else, so the k-th answer belongs to the k-th non-blank line written: the line
    numbers wait in a FIFO and are popped as the answers arrive. The pairing never passes
    through Seula, and Seula's bytes are never re-encoded;
  * an error answer carries Seula's own line number ("line":N), which Seula counts from the
    start of its stdin, i.e. of the partition. The job checks that it is the partition line it
    expects (a pairing check) and writes the file's line number in its place, so the record is
    the one `seula score` writes for the whole file;
  * a missing or extra answer, or a non-zero exit, fails the task (and Spark retries it).

The criteria files are shipped with SparkFiles; the pseudonym key for hetus reaches executors
only through their environment (spark.executorEnv.SEULA_PSEUDONYM_KEY), taken from this driver's
SEULA_PSEUDONYM_KEY or --pseudonym-key-file, never from a command line.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import threading
import time

KEY_ENV = "SEULA_PSEUDONYM_KEY"
EXECUTOR_KEY_CONF = "spark.executorEnv." + KEY_ENV
# Seula's blank line: only JSON whitespace (LineSplitter.isBlank). It gets no answer.
BLANK = re.compile(rb"[ \t\r\n]*\Z")
# An error answer's line number. `"line":` can only be a key: inside a JSON string every `"` is
# escaped, so `line"` never occurs there.
LINE_MEMBER = re.compile(rb'"line":(\d+)')


def parse_args(argv):
    p = argparse.ArgumentParser(prog="seula_spark.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="caseload: JSON lines or CSV; a path or a Hadoop filesystem URL")
    p.add_argument("output", help="output directory (must not exist)")
    p.add_argument("--model", action="append", default=[], metavar="FILE",
                   help="criteria file, shipped to executors with SparkFiles; repeat for each version "
                        "(assessed_on picks one). Default: models/seula-v1.json and models/seula-v2.json")
    p.add_argument("--seula", default="seula", metavar="PATH",
                   help="the seula executable on every executor (default: seula on PATH)")
    p.add_argument("--ship-seula", metavar="FILE",
                   help="ship this seula binary with SparkFiles and run that copy (executors need its "
                        "shared libraries: libssl3, libblas3, liblapack3, and the Swift runtime unless "
                        "it was built with --static-swift-stdlib)")
    p.add_argument("--today", metavar="YYYY-MM-DD",
                   help="date for cases without assessed_on (default: Seula's, today in Europe/Helsinki "
                        "on each executor — pin it for reproducible runs)")
    p.add_argument("--strict", action="store_true", help="reject unknown fields (seula --strict)")
    p.add_argument("--input-format", choices=["jsonl", "csv"], help="default: by INPUT's extension")
    p.add_argument("--output-format", choices=["jsonl", "csv"], default="jsonl",
                   help="jsonl: decision records (default); csv: the --fields columns of `seula score`, "
                        "a header row at the top of every part file (none with --line-numbers)")
    p.add_argument("--fields", help="CSV columns (seula score --fields); 'line' is refused: use --line-numbers")
    p.add_argument("--line-numbers", action="store_true",
                   help="write 'N<TAB>answer' lines, N the input line number (needed by seula_tally.py)")
    p.add_argument("--split-mb", type=float,
                   help="largest input split in MB, i.e. the partition size (sets spark.sql.files."
                        "maxPartitionBytes; default 128 MB, less when the file is small for the cores)")
    p.add_argument("--workers", type=int,
                   help="threads per seula process (default: spark.task.cpus, so one process per "
                        "task never competes with the executor's other tasks)")
    p.add_argument("--no-supervisor", action="store_true",
                   help="seula serve --no-supervisor: one process per partition instead of two; a "
                        "Seula bug then fails the task instead of answering `internal`")
    p.add_argument("--pseudonym-key-file", metavar="FILE",
                   help="read the hetu pseudonym key here on the driver (default: $SEULA_PSEUDONYM_KEY)")
    p.add_argument("--timings", metavar="FILE",
                   help="write per-partition timings (JSON lines: lines, answers, seconds to the first "
                        "answer, seconds in all) to this local file on the driver")
    a = p.parse_args(argv)
    if a.fields and a.output_format != "csv":
        p.error("--fields applies to --output-format csv")
    if a.fields and "line" in [f.strip() for f in a.fields.split(",")]:
        p.error("the 'line' column would count from the start of each partition; use --line-numbers")
    if a.input_format is None:
        a.input_format = "csv" if a.input.lower().endswith(".csv") else "jsonl"
    if not a.model:
        here = os.path.dirname(os.path.abspath(__file__))
        a.model = [os.path.join(here, "..", "..", "models", n) for n in ("seula-v1.json", "seula-v2.json")]
    return a


# ---------------------------------------------------------------------------------------------
# Reading: lines split at "\n" only, each with its 0-based index in the file.

class Lines:
    """One caseload file as Spark reads it: its lines as raw bytes, in file order, and where each
    partition starts in the file.

    The lines come from Spark SQL's text source split at "\\n" only (Seula's rule: a trailing
    "\\r" stays and Seula trims it; Hadoop's default would also split at a lone "\\r"). That
    source keeps each line's bytes unchecked in a string column, and the cast to binary hands
    them to Python untouched; the RDD text readers (sc.textFile, newAPIHadoopFile) decode to a Java
    String first and would turn a bad byte into U+FFFD, so that Seula would answer a different
    line than `seula score` reads.

    Line numbers: the splits of one file are read in offset order, so partition i holds the lines
    after those of partitions 0 … i-1. One job in the JVM (no Python) counts the lines of every
    partition; a line's 0-based index in the file is its partition's offset plus its place in
    the partition (what zipWithIndex gives, without running the Python side twice). Every
    partition checks, as it is read, that it holds the number of lines counted."""

    def __init__(self, spark, path, split_mb=None):
        from pyspark.sql.functions import col, spark_partition_id
        if split_mb:
            spark.conf.set("spark.sql.files.maxPartitionBytes", str(int(split_mb * 1024 * 1024)))
        self.df = spark.read.option("lineSep", "\n").text(path).select(col("value").cast("binary"))
        self.partitions = self.df.rdd.getNumPartitions()
        counted = dict(self.df.groupBy(spark_partition_id().alias("p")).count().collect())
        self.counts = [counted.get(p, 0) for p in range(self.partitions)]
        self.offsets = [sum(self.counts[:p]) for p in range(self.partitions)]
        self.total = sum(self.counts)

    def rdd(self):
        """An RDD of (line bytes, 0-based index in the file), in file order."""
        offsets, counts = self.offsets, self.counts

        def number(p, rows):
            i = offsets[p]
            for row in rows:
                yield bytes(row[0]), i
                i += 1
            if i - offsets[p] != counts[p]:
                raise RuntimeError("partition %d holds %d lines, %d when counted: the input changed while it was read"
                                   % (p, i - offsets[p], counts[p]))
        return self.df.rdd.mapPartitionsWithIndex(number, preservesPartitioning=True)

    def numbered(self):
        """A DataFrame (line: the 1-based line number, value: the line's bytes), for Spark SQL."""
        from pyspark.sql.functions import array, col, lit, monotonically_increasing_id, spark_partition_id
        # monotonically_increasing_id(): the partition id in the upper 31 bits, the row's place in
        # its partition in the lower 33 (documented).
        offsets = array(*[lit(o) for o in self.offsets]) if self.offsets else array(lit(0))
        place = monotonically_increasing_id().bitwiseAND(lit((1 << 33) - 1))
        return self.df.select((offsets[spark_partition_id()] + place + lit(1)).alias("line"), col("value"))


# ---------------------------------------------------------------------------------------------
# Executors: one Seula process per partition.

class SeulaPipe:
    """What an executor needs to pipe a partition through Seula; pickled with the task."""

    def __init__(self, seula, shipped_seula, models, options, csv_header=None, csv_output=False, line_numbers=False,
                 timings=None):
        self.seula = seula                  # a path on the executor, or None when shipped
        self.shipped_seula = shipped_seula  # a SparkFiles name, or None
        self.models = models                # SparkFiles names of the criteria files
        self.options = options              # further seula arguments
        self.csv_header = csv_header        # the CSV header row (CSV input), else None
        self.csv_output = csv_output
        self.line_numbers = line_numbers
        self.timings = timings              # an accumulator of per-partition timings, or None

    def command(self):
        from pyspark import SparkFiles
        exe = SparkFiles.get(self.shipped_seula) if self.shipped_seula else self.seula
        if self.shipped_seula and not os.access(exe, os.X_OK):
            os.chmod(exe, 0o755)
        models = []
        for m in self.models:
            models += ["--model", SparkFiles.get(m)]
        if self.csv_header is None and not self.csv_output:
            return [exe, "serve"] + models + self.options
        fmt = ["--format", "csv" if self.csv_header is not None else "jsonl", "--no-progress"]
        if self.csv_output:
            fmt += ["--csv", "comma"]
        return [exe, "score", "-"] + fmt + models + self.options

    def _answers(self, proc, pending, partition, started):
        """Yields the answers, paired and renumbered; returns (answers, seconds to the first)."""
        answers = 0
        first_answer = None
        stdout = proc.stdout
        if self.csv_output:
            csv_head = stdout.readline().rstrip(b"\n")
            if self.line_numbers is False and csv_head:
                yield csv_head
        for raw in stdout:
            if first_answer is None:
                first_answer = time.monotonic() - started
            answer = raw[:-1] if raw.endswith(b"\n") else raw
            if not pending:
                # Never expected: the FIFO is filled before a line is written.
                raise RuntimeError("seula gave an answer for no line (partition %d, answer %d)" % (partition, answers + 1))
            index, local = pending.popleft()
            answers += 1
            if not self.csv_output and answer.startswith(b'{"error"'):
                m = LINE_MEMBER.search(answer)
                if m:
                    if int(m.group(1)) != local:
                        raise RuntimeError("pairing check failed in partition %d: seula numbered a line %s, expected %d"
                                           % (partition, m.group(1), local))
                    answer = answer[:m.start(1)] + b"%d" % (index + 1) + answer[m.end(1):]
            # bytes: saveAsTextFile writes them as they are
            yield (b"%d\t%s" % (index + 1, answer)) if self.line_numbers else answer
        return answers, first_answer

    def __call__(self, partition, rows):
        """rows: (line, index) in file order → answers in the same order (with line numbers)."""
        started = time.monotonic()
        proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                env=dict(os.environ), bufsize=1 << 20)
        pending = collections.deque()   # file indices of the non-blank lines written, in order
        failure = []
        written = [0]
        header = self.csv_header
        # Seula's own numbering of what it reads: the header row (CSV input) is its line 1.
        first_local = 2 if header is not None else 1

        def feed():
            try:
                out = proc.stdin
                if header is not None:
                    out.write(header + b"\n")
                for line, index in rows:
                    if header is not None and index == 0:
                        continue        # the file's own header row, in the first partition
                    if not BLANK.match(line):
                        pending.append((index, first_local + written[0]))
                    written[0] += 1
                    out.write(line + b"\n")
                out.close()
            except BrokenPipeError:
                failure.append("seula closed its input early")
            except BaseException as e:  # noqa: BLE001 — reported in the task
                failure.append("feeding seula: %r" % (e,))
                try:
                    proc.stdin.close()
                except OSError:
                    pass

        writer = threading.Thread(target=feed, name="seula-feed-%d" % partition, daemon=True)
        writer.start()
        completed = False
        try:
            answers, first_answer = yield from self._answers(proc, pending, partition, started)
            completed = True
        finally:
            if not completed and proc.poll() is None:
                proc.kill()     # a check failed, or the consumer stopped early (first(), take())
        writer.join()
        code = proc.wait()
        if failure:
            raise RuntimeError("partition %d: %s" % (partition, failure[0]))
        if code != 0:
            raise RuntimeError("partition %d: %s exited with %d" % (partition, " ".join(self.command()[:2]), code))
        if pending:
            raise RuntimeError("partition %d: seula answered %d lines, %d non-blank lines went unanswered"
                               % (partition, answers, len(pending)))
        if self.timings is not None:
            self.timings.add([(partition, written[0], answers, first_answer, time.monotonic() - started)])


class ListAccumulator:
    """AccumulatorParam for a list of tuples."""

    @staticmethod
    def zero(v):
        return []

    @staticmethod
    def addInPlace(a, b):
        a.extend(b)
        return a


# ---------------------------------------------------------------------------------------------
# The driver.

def spark_session(app_name, key=None):
    """A SparkSession whose executors get the pseudonym key in their environment (and whose UI
    redacts it). The key comes from `key`, else this process's SEULA_PSEUDONYM_KEY."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession
    conf = SparkConf().setAppName(app_name)
    key = key if key is not None else os.environ.get(KEY_ENV)
    if key and not conf.contains(EXECUTOR_KEY_CONF):
        conf.set(EXECUTOR_KEY_CONF, key)
    redact = conf.get("spark.redaction.regex", r"(?i)secret|password|token|access[.]?key")
    if "pseudonym" not in redact.lower():
        conf.set("spark.redaction.regex", redact + "|(?i)pseudonym")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def main(argv):
    a = parse_args(argv)
    key = None
    if a.pseudonym_key_file:
        with open(a.pseudonym_key_file, "rb") as f:
            key = f.read().rstrip(b"\n").decode("utf-8")
    spark = spark_session("seula score " + os.path.basename(a.input), key)
    sc = spark.sparkContext
    if not sc.getConf().contains(EXECUTOR_KEY_CONF):
        print("seula_spark: no pseudonym key: a case with a hetu gets no_pseudonym_key", file=sys.stderr)

    for m in a.model:
        sc.addFile(m)
    shipped = None
    if a.ship_seula:
        sc.addFile(a.ship_seula)
        shipped = os.path.basename(a.ship_seula)
    options = []
    if a.today:
        options += ["--today", a.today]
    if a.strict:
        options.append("--strict")
    workers = a.workers or int(sc.getConf().get("spark.task.cpus", "1"))
    options += ["--workers", str(workers)]
    csv_input = a.input_format == "csv"
    if a.no_supervisor and not csv_input and a.output_format == "jsonl":
        options.append("--no-supervisor")
    if a.output_format == "csv":
        options += ["--fields", a.fields] if a.fields else []
    timings = sc.accumulator([], ListAccumulator()) if a.timings else None

    started = time.monotonic()
    source = Lines(spark, a.input, a.split_mb)
    lines = source.rdd()
    header = None
    if csv_input:
        header = lines.first()[0]
    pipe = SeulaPipe(a.seula, shipped, [os.path.basename(m) for m in a.model], options,
                     csv_header=header, csv_output=a.output_format == "csv", line_numbers=a.line_numbers,
                     timings=timings)
    answers = lines.mapPartitionsWithIndex(pipe, preservesPartitioning=True)
    answers.saveAsTextFile(a.output)
    elapsed = time.monotonic() - started
    print("seula_spark: %d partitions scored into %s in %.2f s" % (answers.getNumPartitions(), a.output, elapsed),
          file=sys.stderr)
    if timings is not None:
        with open(a.timings, "w") as f:
            for part, written, answered, first, total in sorted(timings.value):
                f.write(json.dumps({"partition": part, "lines": written, "answers": answered,
                                    "first_answer_s": first, "seconds": total}) + "\n")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
