#!/usr/bin/env python3
"""The evaluators' agreement tally, computed by Spark from Seula's decision records.

    spark-submit [--master …] contrib/spark/seula_tally.py LABELLED RECORDS OUT.json

LABELLED is the labelled caseload the records were scored from (JSON lines with a "label"
object, as `seula generate --labels` writes; a path or any Hadoop filesystem URL). RECORDS is
the output directory of `seula_spark.py … --line-numbers` ("N<TAB>record" lines). The two are
joined on the line number — never on "id", which a caseload need not keep unique — and every
decided case with a caseworker's label.segment is counted in the cell (criteria version,
caseworker's segment, Seula's segment). Error answers and decisions without a label.segment are
counted apart, never silently dropped.

All of it runs in Spark SQL (from_json, a join, a group-by): no Python touches a record, so the
evaluator's side scales with the cluster as the scoring does.

OUT.json (written on the driver) holds, per criteria version (id and version from each record's
"model" block), the cells as {"caseworker", "seula", "cases"} sorted by both names, and the
totals. `seula evaluate --json` gives the same matrix as "segments"."confusion" (rows: the
caseworker's segment, columns: Seula's, in "segments"."labels" order) for the cases that version
decided; `check.py` compares the two cell by cell.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seula_spark  # noqa: E402  (Lines and spark_session, shared with the scoring job)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    labelled, records, out = argv
    from pyspark.sql import functions as F

    spark = seula_spark.spark_session("seula tally " + os.path.basename(labelled))
    cases = seula_spark.Lines(spark, labelled).numbered()
    labels = cases.select(
        "line", F.from_json(F.col("value").cast("string"), "label struct<segment: string>").alias("c")
    ).select("line", F.col("c.label.segment").alias("caseworker"))

    parts = F.split(F.col("value"), "\t", 2)
    decisions = (spark.read.text(records)
                 .select(parts[0].cast("long").alias("line"),
                         F.from_json(parts[1], "segment string, model struct<id: string, version: string>, "
                                               "error struct<code: string>").alias("r"))
                 .select("line", F.col("r.segment").alias("seula"), F.col("r.model.id").alias("model_id"),
                         F.col("r.model.version").alias("version"), F.col("r.error.code").alias("error")))
    rows = (decisions.join(labels, "line", "left")
            .groupBy("error", "model_id", "version", "caseworker", "seula").count()
            .collect())

    errors = sum(r["count"] for r in rows if r["error"] is not None)
    unlabelled = sum(r["count"] for r in rows if r["error"] is None and (r["caseworker"] is None or r["seula"] is None))
    cells = [r for r in rows if r["error"] is None and r["caseworker"] is not None and r["seula"] is not None]
    versions = {}
    for r in sorted(cells, key=lambda r: (str(r["model_id"]), str(r["version"]), r["caseworker"], r["seula"])):
        v = versions.setdefault((r["model_id"], r["version"]),
                                {"model": {"id": r["model_id"], "version": r["version"]}, "cases": 0, "cells": []})
        v["cells"].append({"caseworker": r["caseworker"], "seula": r["seula"], "cases": r["count"]})
        v["cases"] += r["count"]
    result = {"labelled": labelled, "records": records, "error_answers": errors,
              "decided_without_label": unlabelled, "versions": list(versions.values())}
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    total = sum(v["cases"] for v in result["versions"])
    print("seula_tally: %d labelled decisions in %d cells (%d error answers, %d decisions without a label) → %s"
          % (total, len(cells), errors, unlabelled, out), file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
