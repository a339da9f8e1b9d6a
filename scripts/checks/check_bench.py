"""Checks a benchmark result directory written by bench/run (the test suite's smoke run): every
contender ran at every size and succeeded, the steady state and the memory run are reported, the
many-tables scenario ran every contender on every set and judged each target, and the Markdown
table carries the machine facts. Usage: check_bench.py RESULTS_DIR"""
import glob
import json
import os
import sys

MANY_CONTENDERS = ["psql \\copy loop, one session (floor)", "spark jdbc loop, one session, csv",
                   "snapshot-sync csv, all tables", "snapshot-sync csv, one table"]
CONTENDERS = ["psql \\copy csv (ceiling)", "spark jdbc plain, parquet", "spark jdbc tuned, parquet",
              "snapshot-sync parquet"]


def main(results):
    reports = sorted(glob.glob(os.path.join(results, "*.json")))
    if not reports:
        sys.exit(f"check_bench: no result JSON under {results}")
    report = json.load(open(reports[-1]))
    problems = []
    for size in report["sizes"]:
        for label in CONTENDERS:
            rows = [s for s in report["summary"] if s["label"] == label and s["rows"] == size]
            if not rows or rows[0]["failed"] or not rows[0]["wall_s"] or not rows[0]["rows_per_s"]:
                problems.append(f"{label} at {size:,} rows: {rows[0] if rows else 'missing'}")
    # At smoke sizes the larger run can finish first (noise), and then there is no steady rate to
    # report for that contender; with two sizes or more the section itself must be there (checked
    # in the Markdown below). The suite's smoke run uses one size: the steady rate needs two.
    if not isinstance(report.get("steady"), list):
        problems.append("no steady-state section in the report")
    memory = [m for m in report.get("memory", []) if m["label"].startswith("snapshot-sync")]
    if not memory or memory[0]["exit"] != 0 or memory[0]["rows"] != sum(report["sizes"]):
        problems.append(f"memory run of snapshot-sync: {memory}")
    problems += many_tables_problems(report.get("many_tables"))
    markdown = open(reports[-1][:-len(".json")] + ".md").read()
    needles = ["Machine: ", " cores", "Spark ", "PostgreSQL ", "| run | rows | wall s", "Memory run", "## Many tables",
               "| set | run | tables |", "Targets (issue 14):"]
    if len(report["sizes"]) > 1:
        needles.append("steady rows/s")
    for needle in needles:
        if needle not in markdown:
            problems.append(f"the Markdown report lacks {needle!r}")
    if problems:
        sys.exit("check_bench: " + "\n  ".join(["the benchmark report is incomplete:"] + problems))
    print(f"check_bench: {reports[-1]}: {len(report['summary'])} results, steady state, memory run and "
          f"{len(report['many_tables']['targets'])} many-tables targets present")


def many_tables_problems(section):
    """Every contender on every set succeeded; both kinds of speed target and the memory target judged."""
    if not section:
        return ["no many-tables section in the report"]
    problems = []
    for name in section["sets"]:
        for label in MANY_CONTENDERS:
            rows = [s for s in section["summary"] if s["set"] == name and s["label"] == label]
            if not rows or rows[0]["failed"] or not rows[0].get("wall_s"):
                problems.append(f"many tables {name}, {label}: {rows[0] if rows else 'missing'}")
    kinds = {t.get("kind") for t in section["targets"]}
    for kind in ("fixed cost", "speed-up", "memory"):
        if kind not in kinds:
            problems.append(f"many tables: no target of kind {kind!r} in {section['targets']}")
    for t in section["targets"]:
        if not isinstance(t.get("met"), bool) or not t.get("by") or t.get("actual") is None:
            problems.append(f"many tables: target not judged: {t}")
    memory = section.get("memory") or {}
    if memory.get("exit") != 0 or memory.get("out_of_memory") or not memory.get("peak_rss_mb"):
        problems.append(f"many tables memory run: {memory}")
    return problems


if __name__ == "__main__":
    main(sys.argv[1])
