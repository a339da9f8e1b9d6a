"""The many-tables scenario of the benchmark (issue 14): sets of small tables of mixed types, each
set exported whole by the psql \\copy loop (the floor), a plain Spark JDBC loop in one session
(what users write) and snapshot-sync, plus snapshot-sync on one table of the same shape (the fixed
cost of a run); alternating, medians. Then one large set in a small heap (RSS reported). The
issue's targets are reported as met or missed, by how much. Standard library only, like bench.py.
"""
import os
import re
import statistics

TABLE_VERSION = "v1"
# Tables of up to this many rows are "small": the targets for 200 x 1,000 apply to them
# (at most 3x a one-table run, at least 5x faster than the plain loop); larger tables take the
# 20 x 200,000 target (at least 1.5x faster than the plain loop). The smoke run's tiny sets are
# judged by the same rule, so its report has both kinds.
SMALL_TABLE_ROWS = 10_000
ONE_TABLE_LIMIT = 3.0
SMALL_SPEEDUP = 5.0
LARGE_SPEEDUP = 1.5

# Ten columns of the common types, NULLs in some, commas and quotes in text. Deterministic in g:
# every table of a size holds the same rows, copied from this template.
TEMPLATE = """
SET synchronous_commit = off;
SET client_min_messages = warning;
DROP TABLE IF EXISTS {t};
CREATE TABLE {t} (id integer PRIMARY KEY, code bigint NOT NULL, name text, amount numeric(12,2),
  ratio double precision, active boolean, created_at timestamptz, born date, ref uuid, attrs jsonb);
INSERT INTO {t}
SELECT g, g * 1000003::bigint,
  CASE WHEN g % 13 = 0 THEN NULL ELSE 'item ' || g || CASE WHEN g % 11 = 0 THEN ', "boxed"' ELSE '' END END,
  ((g::bigint * 104729) % 10000000) / 100.0, g / 7.0, g % 3 = 0,
  timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute', date '1950-01-01' + (g % 25000),
  md5(g::text)::uuid, jsonb_build_object('g', g, 'tag', 't' || (g % 5))
FROM generate_series(1, {n}) g;
"""
COPY_OF_TEMPLATE = """DROP TABLE IF EXISTS {t};
CREATE TABLE {t} (LIKE {template} INCLUDING ALL);
INSERT INTO {t} SELECT * FROM {template};
ANALYZE {t};
COMMENT ON TABLE {t} IS '{marker}';
"""


def parse_set(text):
    """'200x1000' -> (200, 1000): that many tables of that many rows."""
    match = re.fullmatch(r"(\d+)x(\d+)", text.replace(",", "").replace("_", ""))
    if not match or int(match.group(1)) < 1 or int(match.group(2)) < 1:
        raise ValueError(f"a table set is COUNTxROWS, such as 200x1000, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def set_name(count, rows):
    return f"{count}x{rows}"


class ManyTables:
    def __init__(self, bench, log):
        self.bench = bench
        self.log = log

    def ensure_tables(self, count, rows):
        """many_<rows>r_0001 ... : created once, reused by later runs and by other sets of that size."""
        names = [f"many_{rows}r_{i:04d}" for i in range(1, count + 1)]
        marker = f"snapshot-sync bench many {TABLE_VERSION}: {rows} rows"
        existing = set(self.bench.psql("bench", f"""SELECT relname FROM pg_class WHERE relname LIKE 'many\\_{rows}r\\_%'
            AND obj_description(oid, 'pg_class') = '{marker}'""").split())
        missing = [n for n in names if n not in existing]
        if missing:
            self.log(f"creating {len(missing)} tables of {rows:,} rows of mixed types")
            template = f"many_{rows}r_template"
            script = TEMPLATE.format(t=template, n=rows) + "".join(
                COPY_OF_TEMPLATE.format(t=n, template=template, marker=marker) for n in missing)
            self.bench.psql_script("bench", script)
        return names

    def tables_file(self, names):
        path = os.path.join(self.bench.work, f"many-{len(names)}-tables.txt")
        with open(path, "w") as f:
            f.write("\n".join(names) + "\n")
        return path

    def contenders(self, names):
        bench = self.bench
        script = os.path.join(bench.work, f"many-{len(names)}-copy.psql")
        with open(script, "w") as f:
            f.writelines(f"\\copy (select * from {n}) to stdout with (format csv, header)\n" for n in names)
        out = os.path.join(bench.work, "out", "many-loop")
        loop = [*bench.java_cmd(bench.args.heap), "-cp", f"{bench.work}/classes:{bench.classpath}", "PlainJdbcExport",
                "loop", bench.jdbc_url(), self.tables_file(names), out]
        return {
            "psql \\copy loop, one session (floor)": dict(cmd=["psql", "-X", "-q", bench.libpq("bench"), "-f", script],
                                                         env={"PGPASSWORD": bench.pg_password}),
            "spark jdbc loop, one session, csv": dict(cmd=loop, env={"PGUSER": bench.env["pg.admin.user"],
                                                                      "PGPASSWORD": bench.pg_password}),
            "snapshot-sync csv, all tables": dict(cmd=bench.export_cmd("csv", names), env=bench.export_env(bench.args.heap)),
            "snapshot-sync csv, one table": dict(cmd=bench.export_cmd("csv", names[:1]),
                                                 env=bench.export_env(bench.args.heap)),
        }

    def run(self, sets, reps):
        named = {set_name(c, r): self.ensure_tables(c, r) for c, r in sets}
        series = []
        for rep in range(1, reps + 1):
            for (count, rows), (name, names) in zip(sets, named.items()):
                self.log(f"many tables, repetition {rep}/{reps}, {count} tables x {rows:,} rows")
                for label, spec in self.contenders(names).items():
                    spec["size"] = lambda: None
                    n = 1 if label.endswith("one table") else count
                    r = self.bench.measure(label, spec, n * rows, f"many-{slugify(label)}-{name}-{rep}.log")
                    r.update(rep=rep, set=name, tables=n, rows_per_table=rows)
                    series.append(r)
        return series

    def memory_run(self, count, rows):
        heap = self.bench.args.memory_heap
        names = self.ensure_tables(count, rows)
        self.log(f"many tables in a {heap} heap: snapshot-sync exporting {count} tables x {rows:,} rows")
        spec = dict(cmd=self.bench.export_cmd("csv", names), env=self.bench.export_env(heap), size=lambda: None)
        r = self.bench.measure(f"snapshot-sync csv, {heap} heap", spec, count * rows,
                               f"many-memory-{set_name(count, rows)}.log")
        r.update(set=set_name(count, rows), tables=count, rows_per_table=rows, heap=heap)
        return r


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def summarize(series, sets):
    """Medians per set and contender, ratios to the floor and to the plain loop, and the targets."""
    summary = []
    for count, rows in sets:
        name = set_name(count, rows)
        walls = {}
        for label in dict.fromkeys(r["label"] for r in series if r["set"] == name):
            runs = [r for r in series if r["set"] == name and r["label"] == label]
            ok = [r for r in runs if r["exit"] == 0]
            entry = {"set": name, "label": label, "tables": runs[0]["tables"], "rows_per_table": rows,
                     "runs": len(runs), "failed": len(runs) - len(ok), "out_of_memory": sum(r["out_of_memory"] for r in runs)}
            if ok:
                wall = statistics.median(r["wall_s"] for r in ok)
                walls[label] = wall
                entry.update(wall_s=round(wall, 2), wall_min_s=min(r["wall_s"] for r in ok),
                             wall_max_s=max(r["wall_s"] for r in ok), s_per_table=round(wall / entry["tables"], 3),
                             cpu_s=round(statistics.median(r["cpu_s"] for r in ok), 1),
                             peak_rss_mb=max(r["peak_rss_mb"] for r in ok))
                phases = [n for n in ok[0]["phases"] if all(n in r["phases"] for r in ok)]
                if phases:
                    entry["phases_s"] = {n: statistics.median(r["phases"][n] for r in ok) for n in phases}
            summary.append(entry)
        floor = walls.get("psql \\copy loop, one session (floor)")
        for entry in summary:
            if entry["set"] == name and "wall_s" in entry and floor:
                entry["vs_floor"] = round(floor / entry["wall_s"], 3)
    return summary


def targets(summary, sets, memory):
    """The issue's targets, each met or missed and by how much (a ratio against its limit)."""
    found = []
    for count, rows in sets:
        name = set_name(count, rows)
        wall = {e["label"]: e.get("wall_s") for e in summary if e["set"] == name}
        whole, one = wall.get("snapshot-sync csv, all tables"), wall.get("snapshot-sync csv, one table")
        loop = wall.get("spark jdbc loop, one session, csv")
        if rows <= SMALL_TABLE_ROWS:
            found.append(target(name, "fixed cost", f"whole run at most {ONE_TABLE_LIMIT:g}x a one-table run",
                                whole / one if whole and one else None, ONE_TABLE_LIMIT, "at most"))
            found.append(target(name, "speed-up", f"at least {SMALL_SPEEDUP:g}x faster than the plain Spark loop",
                                loop / whole if whole and loop else None, SMALL_SPEEDUP, "at least"))
        else:
            found.append(target(name, "speed-up", f"at least {LARGE_SPEEDUP:g}x faster than the plain Spark loop",
                                loop / whole if whole and loop else None, LARGE_SPEEDUP, "at least"))
    if memory:
        ok = memory["exit"] == 0 and not memory["out_of_memory"]
        found.append({"set": memory["set"], "kind": "memory", "target": f"completes in a {memory['heap']} heap, no OutOfMemoryError",
                      "actual": memory["peak_rss_mb"], "unit": "MB peak RSS", "met": ok,
                      "by": f"exit {memory['exit']}, peak RSS {memory['peak_rss_mb']:,} MB"
                            + (", OutOfMemoryError" if memory["out_of_memory"] else "")})
    return found


def target(name, kind, text, actual, limit, bound):
    if actual is None:
        return {"set": name, "kind": kind, "target": text, "actual": None, "limit": limit, "met": False,
                "by": "not measured (a run failed)"}
    met = actual <= limit if bound == "at most" else actual >= limit
    if bound == "at most":
        by = f"{actual:.2f}x, {abs(limit - actual) / limit:.0%} {'under' if met else 'over'} the limit"
    else:
        by = f"{actual:.2f}x, {abs(actual - limit) / limit:.0%} {'above' if met else 'short of'} the target"
    return {"set": name, "kind": kind, "target": text, "actual": round(actual, 3), "limit": limit, "met": met, "by": by}


def wall_cell(e):
    """A summary entry's wall time as a table cell: the median (min-max), or how many runs failed."""
    if "wall_s" not in e:
        return f"failed {e['failed']}/{e['runs']}{' (OutOfMemoryError)' if e['out_of_memory'] else ''}"
    fail = f", {e['failed']} failed" if e["failed"] else ""
    return f"{e['wall_s']} ({e['wall_min_s']}-{e['wall_max_s']}{fail})"


def markdown(section):
    lines = ["", "## Many tables", "",
             "Sets of tables of mixed types (integer key, bigint, text with NULLs, commas and quotes, "
             "numeric, double, boolean, timestamptz, date, uuid, jsonb), each exported whole: the psql "
             "`\\copy` loop in one session (the floor, to /dev/null), a plain Spark JDBC loop in one session "
             "(headered CSV to local disk), snapshot-sync (CSV to the local S3 with SSE-KMS, verified and "
             "published) and snapshot-sync on one table of the set (the fixed cost of a run). "
             f"{section['reps']} repetition{'' if section['reps'] == 1 else 's'}, alternating; medians.", "",
             "| set | run | tables | wall s (min-max) | s per table | CPU s | peak RSS MB | vs floor |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for e in section["summary"]:
        row = f"| {e['set']} | {e['label']} | {e['tables']} | {wall_cell(e)} |"
        lines.append(row + (" | | | |" if "wall_s" not in e else
                            f" {e['s_per_table']} | {e['cpu_s']} | {e['peak_rss_mb']:,} | {e.get('vs_floor', '')} |"))
    timed = [e for e in section["summary"] if e.get("phases_s")]
    if timed:
        names = list(dict.fromkeys(n for e in timed for n in e["phases_s"]))
        lines += ["", "snapshot-sync, seconds from process start to the end of each phase (medians, +-1 s):", "",
                  "| set | run | " + " | ".join(names) + " |", "|---|---|" + "---:|" * len(names)]
        for e in timed:
            lines.append(f"| {e['set']} | {e['label']} | " + " | ".join(str(e["phases_s"].get(n, "")) for n in names) + " |")
    lines += ["", "Targets (issue 14):", ""]
    for t in section["targets"]:
        lines.append(f"- {t['set']}: {t['target']}: **{'met' if t['met'] else 'missed'}** ({t['by']})")
    return lines
