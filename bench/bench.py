#!/usr/bin/env python3
"""Runs the side-by-side benchmark (see bench/run) and writes bench/results/*.{md,json}.

Every contender is a process of its own, timed from start to exit; os.wait4 gives its CPU time
and peak RSS. The local S3 server's and PostgreSQL's CPU seconds are read from /proc around each
run (PostgreSQL's backends are children of the postmaster, so their time lands in its cutime once
they exit). Standard library only, so it runs on a fresh machine without the project's venv.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import many_tables

DATE = "2026-01-01"
TABLE_VERSION = "v1"
CLK_TCK = os.sysconf("SC_CLK_TCK")
NCPU = os.cpu_count()

# Orders: bigint key, integer foreign key, short status, numeric(12,2), timestamptz, and a 20-80
# character note with commas, quotes and (every 37th row) a newline. Deterministic in g.
CREATE_TABLE = """
SET synchronous_commit = off;
SET client_min_messages = warning;
DROP TABLE IF EXISTS {t};
CREATE TABLE {t} (id bigint NOT NULL, customer_id integer NOT NULL, status text NOT NULL,
  amount numeric(12,2) NOT NULL, ordered_at timestamptz NOT NULL, note text NOT NULL);
INSERT INTO {t}
SELECT g, (1 + (g * 7919) % 250000)::int,
  (ARRAY['open','paid','shipped','delivered','returned','cancelled'])[1 + (g % 6)::int],
  ((g * 104729) % 10000000) / 100.0,
  timestamptz '2025-01-01 00:00:00+00' + g * interval '1.5 second',
  left(CASE WHEN g % 37 = 0 THEN E'gift wrap,\\nleave at door ' ELSE 'customer said "deliver after 5pm", ok ' END
       || repeat(md5(g::text), 2), 20 + ((g * 31) % 61)::int)
FROM generate_series(1::bigint, {n}) g;
ALTER TABLE {t} ADD PRIMARY KEY (id);
ANALYZE {t};
COMMENT ON TABLE {t} IS '{marker}';
"""


def props(path):
    values = {}
    with open(path) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value
    return values


class Bench:
    def __init__(self, args):
        self.args = args
        self.env = props(args.env)
        self.root = args.root
        self.work = args.work
        self.classpath = open(args.classpath_file).read().strip()
        self.jvm_args = open(args.classpath_file.replace("launcher-classpath.txt", "launcher-jvm-args.txt")).read().split()
        # Extra options for every JVM the harness starts, contenders alike (the test suite's small run
        # uses C1 alone: its figures are not kept, and its JVMs share the cores with a build).
        self.extra_jvm_args = os.environ.get("BENCH_JVM_OPTS", "").split()
        self.pg_password = self.env["pg.admin.password"]
        self.series = []

    # ---- servers -------------------------------------------------------------------------------
    def libpq(self, database):
        return (f"host={self.env['pg.host']} port={self.env['pg.port']} dbname={database} "
                f"user={self.env['pg.admin.user']} sslmode=verify-full sslrootcert={self.env['pg.ca']}")

    def psql(self, database, sql, **kw):
        env = dict(os.environ, PGPASSWORD=self.pg_password)
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", self.libpq(database), "-c", sql],
                              env=env, check=True, capture_output=True, text=True, **kw).stdout.strip()

    def psql_script(self, database, script):
        env = dict(os.environ, PGPASSWORD=self.pg_password)
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.libpq(database)], input=script, env=env,
                       check=True, text=True, stdout=subprocess.DEVNULL)

    def jdbc_url(self):
        return (f"jdbc:postgresql://{self.env['pg.host']}:{self.env['pg.port']}/bench?sslmode=verify-full"
                f"&sslrootcert={self.env['pg.ca']}")

    def ensure_database(self):
        if not self.psql(self.env["pg.database"], "SELECT 1 FROM pg_database WHERE datname = 'bench'"):
            self.psql(self.env["pg.database"], "CREATE DATABASE bench")

    def ensure_table(self, rows):
        self.ensure_database()
        table = f"orders_{rows}"
        marker = f"snapshot-sync bench {TABLE_VERSION}: {rows} rows"
        found = self.psql("bench", f"SELECT obj_description(to_regclass('public.{table}'), 'pg_class')")
        if found == marker:
            log(f"reusing table {table}")
            return table
        log(f"creating table {table} ({rows:,} rows)")
        started = time.monotonic()
        self.psql_script("bench", CREATE_TABLE.format(t=table, n=rows, marker=marker))
        log(f"created {table} in {time.monotonic() - started:.0f} s")
        return table

    def csv_bytes(self, table):
        """The ceiling's output size, measured once outside the timed runs."""
        cache = os.path.join(self.work, f"{table}.csv-bytes")
        if not os.path.exists(cache):
            env = dict(os.environ, PGPASSWORD=self.pg_password)
            copy = subprocess.Popen(self.psql_copy(table), env=env, stdout=subprocess.PIPE)
            size = sum(len(chunk) for chunk in iter(lambda: copy.stdout.read(1 << 20), b""))
            copy.wait()
            with open(cache, "w") as f:
                f.write(str(size))
        return int(open(cache).read())

    def server_cpu(self):
        """CPU seconds so far of the S3 server and of PostgreSQL (postmaster and reaped backends)."""
        s3 = cpu_of(int(open(os.path.join(os.path.dirname(self.args.env), "s3mock.pid")).read().split()[0]), False)
        postmaster = int(open(os.path.join(self.env["pg.data"], "postmaster.pid")).readline())
        return s3, cpu_of(postmaster, True)

    # ---- contenders ----------------------------------------------------------------------------
    def psql_copy(self, table):
        return ["psql", "-X", "-q", self.libpq("bench"), "-c",
                f"\\copy (select * from {table}) to stdout with (format csv, header)"]

    def java_cmd(self, heap):
        return ["java", f"-Xmx{heap}", *self.extra_jvm_args, *self.jvm_args, "-Dspark.master=local[*]", "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1",
                f"-Dlog4j2.configurationFile={self.root}/conf/log4j2.properties"]

    def plain_cmd(self, mode, table, rows, heap, out):
        url = self.jdbc_url()
        extra = ["4", "1", str(rows + 1)] if mode == "tuned" else []
        return [*self.java_cmd(heap), "-cp", f"{self.work}/classes:{self.classpath}", "PlainJdbcExport", mode,
                url, table, out, *extra]

    def export_config(self, tables):
        # One file per table list: the many-tables scenario builds several commands before running any.
        path = os.path.join(self.work, f"bench-{hashlib.sha1(','.join(tables).encode()).hexdigest()[:10]}.conf")
        entries = ", ".join(f"{t} {{}}" for t in tables)
        https = self.args.profile == "spark35"  # SDK v1 refuses SSE-KMS over plain HTTP
        endpoint = self.env["s3.https.endpoint" if https else "s3.http.endpoint"]
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write(f"""snapshot-sync {{
  source {{ host = "{self.env['pg.host']}", port = {self.env['pg.port']}, database = bench,
           user = "{self.env['pg.admin.user']}", password = "{self.pg_password}", ssl.root-cert = "{self.env['pg.ca']}" }}
  target {{
    uri = "s3a://test-bucket/bench"
    encryption.kms-key-id = "{self.env['s3.kms.key']}"
    s3 {{ endpoint = "{endpoint}", region = "{self.env['s3.region']}", path-style-access = true,
          access-key = "{self.env['s3.access.key']}", secret-key = "{self.env['s3.secret.key']}" }}
  }}
  tables {{ {entries} }}
}}
""")
        return path

    def export_env(self, heap, jfr=None):
        opts = [f"-Xmx{heap}", *self.extra_jvm_args,
                # S3Mock drops the SSE attributes of objects completed by multipart upload (a mock
                # bug, see DESIGN.md), so each part file goes up in one PUT here; real S3 needs nothing.
                "-Dspark.hadoop.fs.s3a.multipart.size=2047M", "-Dspark.hadoop.fs.s3a.multipart.threshold=2047M"]
        if self.args.profile == "spark35":
            opts += [f"-Djavax.net.ssl.trustStore={self.env['s3.truststore']}",
                     f"-Djavax.net.ssl.trustStorePassword={self.env['s3.truststore.password']}"]
        if jfr:
            opts.append(f"-XX:StartFlightRecording=filename={jfr},settings=profile")
        return {"SNAPSHOT_SYNC_JAVA_OPTS": " ".join(opts), "SNAPSHOT_SYNC_PROFILE": self.args.profile}

    def ensure_cds_archive(self):
        """Builds bin/snapshot-sync's class data sharing archive for this jar if it has none, before
        any timed run, so that no snapshot-sync run pays for the training run. Only snapshot-sync's
        runs use it (bin/snapshot-sync uses it when fresh); the plain jobs start as users start them."""
        if os.environ.get("SNAPSHOT_SYNC_CDS") == "off":
            return False
        env = dict(os.environ, SNAPSHOT_SYNC_PROFILE=self.args.profile, SNAPSHOT_SYNC_CDS="build")
        subprocess.run([f"{self.root}/bin/snapshot-sync", "--version"], env=env, stdout=subprocess.DEVNULL, check=True)
        return os.path.exists(os.path.join(self.root, "job", "target", self.args.profile,
                                           f"snapshot-sync-{self.args.profile}.jsa"))

    def export_cmd(self, fmt, table_names):
        return [f"{self.root}/bin/snapshot-sync", "export", "--config", self.export_config(table_names),
                "--date", DATE, "--tables", ",".join(table_names), "--set", f"target.format={fmt}",
                *[arg for kv in self.args.export_set for arg in ("--set", kv)]]

    def s3_day_bytes(self, table):
        endpoint = self.env["s3.http.endpoint"]
        prefix = urllib.parse.quote(f"bench/{table}/snapshot_date={DATE}/")
        with urllib.request.urlopen(f"{endpoint}/test-bucket?list-type=2&prefix={prefix}", timeout=30) as r:
            tree = ET.fromstring(r.read())
        return sum(int(e.text) for e in tree.iter() if e.tag.endswith("Size"))

    def contenders(self, table, rows):
        out = os.path.join(self.work, "out")
        heap = self.args.heap
        plain = lambda mode: dict(cmd=self.plain_cmd(mode, table, rows, heap, f"{out}/{mode}"),
                                  env={"PGUSER": self.env["pg.admin.user"], "PGPASSWORD": self.pg_password},
                                  size=lambda: dir_bytes(f"{out}/{mode}"))
        runs = {"psql \\copy csv (ceiling)": dict(cmd=self.psql_copy(table), env={"PGPASSWORD": self.pg_password},
                                                 size=lambda: self.csv_bytes(table)),
                "spark jdbc plain, parquet": plain("plain"),
                "spark jdbc tuned, parquet": plain("tuned")}
        for fmt in self.args.formats.split(","):
            # csv-safe: headered CSV with the csv-safe sanitize profile on every text column.
            # <format>-local: to local disk (file://, no encryption), where the plain jobs write too.
            base = fmt.removesuffix("-local")
            cmd = self.export_cmd("csv" if base == "csv-safe" else base, [table])
            if base == "csv-safe":
                cmd += ["--set", "table-defaults.sanitize=csv-safe"]
            size = lambda: self.s3_day_bytes(table)
            if fmt.endswith("-local"):
                root = os.path.join(out, "snapshot-sync")
                cmd += ["--set", f"target.uri=file://{root}", "--set", "target.encryption.mode=none"]
                size = (lambda day: lambda: dir_bytes(day))(os.path.join(root, table, f"snapshot_date={DATE}"))
            runs[f"snapshot-sync {fmt}"] = dict(cmd=cmd, env=self.export_env(heap), size=size)
        return runs

    # ---- running -------------------------------------------------------------------------------
    def measure(self, label, spec, rows, logname):
        s3_before, pg_before = self.server_cpu()
        result = run_process(spec["cmd"], spec["env"], os.path.join(self.work, "logs", logname))
        time.sleep(0.3)  # let the postmaster reap the run's backends
        s3_after, pg_after = self.server_cpu()
        result.update(label=label, rows=rows,
                      s3_cpu_s=round(s3_after - s3_before, 2), pg_cpu_s=round(pg_after - pg_before, 2))
        result["output_bytes"] = spec["size"]() if result["exit"] == 0 else None
        log(f"  {label:28} {rows:>11,} rows  {result['wall_s']:7.1f} s  exit {result['exit']}  "
            f"rss {result['peak_rss_mb']:,} MB  s3 cpu {result['s3_cpu_s']} s")
        return result

    def run_series(self):
        tables = {rows: self.ensure_table(rows) for rows in self.args.rows}
        for rows, table in tables.items():
            self.csv_bytes(table)
        for rep in range(1, self.args.reps + 1):
            for rows, table in tables.items():
                log(f"repetition {rep}/{self.args.reps}, {rows:,} rows")
                # Alternating: every contender runs once per size before any runs again.
                for label, spec in self.contenders(table, rows).items():
                    r = self.measure(label, spec, rows, f"{slug(label)}-{rows}-{rep}.log")
                    r["rep"] = rep
                    self.series.append(r)
        return tables

    def memory_run(self, tables):
        heap = self.args.memory_heap
        names = list(tables.values())
        log(f"memory run: heap {heap}, snapshot-sync exporting {', '.join(names)} in one run; plain jobs per table")
        results = [self.measure(f"snapshot-sync csv, {heap} heap",
                                dict(cmd=self.export_cmd("csv", names), env=self.export_env(heap),
                                     size=lambda: sum(self.s3_day_bytes(t) for t in names)),
                                sum(tables), f"memory-snapshot-sync-{heap}.log")]
        for rows, table in tables.items():
            for mode in ("plain", "tuned"):
                out = os.path.join(self.work, "out", f"memory-{mode}")
                spec = dict(cmd=self.plain_cmd(mode, table, rows, heap, out),
                            env={"PGUSER": self.env["pg.admin.user"], "PGPASSWORD": self.pg_password},
                            size=lambda: dir_bytes(out))
                results.append(self.measure(f"spark jdbc {mode}, {heap} heap", spec, rows,
                                            f"memory-{mode}-{rows}.log"))
        return results

    def jfr_profile(self, tables):
        rows = max(tables)
        jfr = os.path.join(self.work, f"snapshot-sync-parquet-{rows}.jfr")
        log(f"profiling snapshot-sync parquet at {rows:,} rows with JFR")
        spec = dict(cmd=self.export_cmd("parquet", [tables[rows]]), env=self.export_env(self.args.heap, jfr),
                    size=lambda: self.s3_day_bytes(tables[rows]))
        self.measure("snapshot-sync parquet (JFR)", spec, rows, f"jfr-{rows}.log")
        return {"rows": rows, "file": os.path.relpath(jfr, self.root), "categories": jfr_categories(jfr)}


# ---- helpers -----------------------------------------------------------------------------------
def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cpu_of(pid, with_children):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if with_children else 0)
    return ticks / CLK_TCK


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files
               if f.startswith("part-"))


def run_process(cmd, extra_env, logfile):
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    with open(logfile, "w") as err:
        started_epoch = time.time()
        started = time.monotonic()
        process = subprocess.Popen(cmd, env=dict(os.environ, **extra_env), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    text = open(logfile, errors="replace").read()
    return {"exit": process.returncode, "wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": usage.ru_maxrss // 1024, "out_of_memory": "OutOfMemoryError" in text,
            "phases": phases(text, started_epoch), "log": os.path.relpath(logfile)}


# Log lines of snapshot-sync that end a phase of its run (bin/snapshot-sync logs whole seconds).
PHASES = [("spark session up", "INFO  SparkSessions: "), ("run started", ": exporting "),
          ("locks, snapshot, catalog, plan", ": partition plan: "),
          ("rows read and written to staging", " rows written to "), ("encryption verified", "verified SSE-KMS"),
          ("counted and published", " finished: ")]


def phases(text, started_epoch):
    """Seconds from process start to the log line that ends each phase, where the log has it."""
    found = {}
    for line in text.splitlines():
        stamp = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ", line)
        for name, marker in PHASES:
            if stamp and marker in line:
                at = datetime.datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S").replace(
                    tzinfo=datetime.timezone.utc).timestamp()
                found[name] = round(at - started_epoch, 1)
    return found


JFR_CATEGORIES = [
    ("binary COPY decoding (snapshot-sync)", ("dev.snapshotsync",)),
    ("parquet encoding", ("org.apache.parquet", "shaded.parquet", "org.xerial.snappy", "org.apache.spark.sql.execution.datasources.parquet")),
    ("csv/json encoding", ("com.univocity", "com.fasterxml.jackson", "org.apache.spark.sql.catalyst.json", "org.apache.spark.sql.catalyst.csv", "org.apache.spark.sql.execution.datasources.csv", "org.apache.spark.sql.execution.datasources.json")),
    ("tls/crypto", ("sun.security", "com.sun.crypto", "javax.crypto", "java.security")),
    ("pgjdbc (protocol, decoding)", ("org.postgresql",)),
    ("spark jdbc row conversion", ("org.apache.spark.sql.execution.datasources.jdbc",)),
    ("s3a/http upload", ("org.apache.hadoop.fs.s3a", "software.amazon", "com.amazonaws", "org.apache.http")),
    ("class loading, reflection, start-up", ("java.lang.ClassLoader", "jdk.internal.loader", "java.util.zip", "java.util.jar", "java.lang.invoke", "jdk.internal.reflect", "java.lang.Class")),
    ("spark task execution (generated code, rows, iterators)", ("org.apache.spark.sql.catalyst", "org.apache.spark.unsafe", "org.apache.spark.sql.execution", "org.apache.spark.", "scala.")),
    ("socket and file i/o", ("sun.nio", "java.io", "java.net", "sun.net", "java.nio")),
]


def jfr_categories(jfr):
    """Share of execution samples by the first frame (from the top) that falls into a category."""
    printed = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", jfr],
                             capture_output=True, text=True, check=True).stdout
    counts, total = {}, 0
    for sample in printed.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$]+)\.[\w$<>]+\(", sample, re.M)
        if not frames:
            continue
        total += 1
        category = "other"
        for frame in frames:
            hit = next((name for name, prefixes in JFR_CATEGORIES if frame.startswith(prefixes)), None)
            if hit:
                category = hit
                break
        counts[category] = counts.get(category, 0) + 1
    return {k: round(100.0 * v / total, 1) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])} if total else {}


def machine_facts(bench):
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    spark = re.search(r"spark-core_([\d.]+)-([\d.]+)\.jar", bench.classpath)
    return {"cores": NCPU, "cpu": cpu, "memory_gib": round(mem_kb / 1048576, 1), "java": java,
            "spark": f"{spark.group(2)} (Scala {spark.group(1)})" if spark else "?", "profile": bench.args.profile,
            "postgresql": bench.psql("bench", "SHOW server_version"), "kernel": platform.release()}


def summarize(series, sizes):
    """Median per contender and size; ratios to the ceiling; steady rows/s between two sizes."""
    rows_out = []
    by_key = {}
    for r in series:
        by_key.setdefault((r["label"], r["rows"]), []).append(r)
    ceiling = {}
    for (label, rows), runs in by_key.items():
        ok = [r for r in runs if r["exit"] == 0]
        entry = {"label": label, "rows": rows, "runs": len(runs), "failed": len(runs) - len(ok),
                 "out_of_memory": sum(r["out_of_memory"] for r in runs)}
        if ok:
            wall = statistics.median(r["wall_s"] for r in ok)
            out = statistics.median(r["output_bytes"] for r in ok)
            entry.update(wall_s=round(wall, 2), wall_min_s=min(r["wall_s"] for r in ok),
                         wall_max_s=max(r["wall_s"] for r in ok), rows_per_s=round(rows / wall),
                         output_mb=round(out / 1e6, 1), output_mb_per_s=round(out / 1e6 / wall, 1),
                         peak_rss_mb=max(r["peak_rss_mb"] for r in ok),
                         cpu_s=round(statistics.median(r["cpu_s"] for r in ok), 1),
                         s3_cpu_share=round(statistics.median(r["s3_cpu_s"] / (r["wall_s"] * NCPU) for r in ok), 3),
                         pg_cpu_share=round(statistics.median(r["pg_cpu_s"] / (r["wall_s"] * NCPU) for r in ok), 3))
            names = [n for n, _ in PHASES if all(n in r["phases"] for r in ok)]
            if names:
                entry["phases_s"] = {n: statistics.median(r["phases"][n] for r in ok) for n in names}
            if label.endswith("(ceiling)"):
                ceiling[rows] = wall
        rows_out.append(entry)
    for entry in rows_out:
        if "wall_s" in entry and entry["rows"] in ceiling:
            entry["vs_ceiling"] = round(ceiling[entry["rows"]] / entry["wall_s"], 2)
    steady = []
    if len(sizes) >= 2:
        small, large = min(sizes), max(sizes)
        walls = {(e["label"], e["rows"]): e.get("wall_s") for e in rows_out}
        labels = [e["label"] for e in rows_out if e["rows"] == small]
        base = None
        for label in labels:
            a, b = walls.get((label, small)), walls.get((label, large))
            if a and b and b > a:
                rate = (large - small) / (b - a)
                intercept = a - small / rate
                item = {"label": label, "steady_rows_per_s": round(rate), "intercept_s": round(intercept, 1)}
                if label.endswith("(ceiling)"):
                    base = rate
                steady.append(item)
        for item in steady:
            if base:
                item["vs_ceiling"] = round(item["steady_rows_per_s"] / base, 2)
    return rows_out, steady


def markdown(report):
    m = report["machine"]
    lines = [f"# snapshot-sync benchmark, {report['finished']}", "",
             f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['java']}, Spark {m['spark']} "
             f"(profile {m['profile']}), PostgreSQL {m['postgresql']} on the same cores over TLS "
             f"(verify-full), S3Mock on the same cores; load average at start {m['load_average_at_start']}.",
             f"Sizes {', '.join(f'{r:,}' for r in report['sizes'])} rows; {report['reps']} repetitions, alternating; "
             f"medians; heap {report['heap']} for every JVM; `{report['command']}`. The plain jobs write to local "
             "disk; snapshot-sync to the local S3 (S3Mock) with SSE-KMS (`<format>-local`: to local disk, "
             "unencrypted), then verifies and publishes. snapshot-sync runs "
             + ("with bin/snapshot-sync's class data sharing archive" if m.get("cds") else "without a class data "
                "sharing archive") + "; the plain jobs without one."
             + (f" Every JVM also ran with `{m['extra_jvm_options']}` (BENCH_JVM_OPTS)." if m.get("extra_jvm_options") else ""), "",
             "| run | rows | wall s (min-max) | rows/s | output MB | MB/s | peak RSS MB | CPU s | vs ceiling | S3 mock CPU | PostgreSQL CPU |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in report["summary"]:
        if "wall_s" not in e:
            lines.append(f"| {e['label']} | {e['rows']:,} | {many_tables.wall_cell(e)} | | | | | | | | |")
            continue
        lines.append(f"| {e['label']} | {e['rows']:,} | {many_tables.wall_cell(e)} | "
                     f"{e['rows_per_s']:,} | {e['output_mb']:,} | {e['output_mb_per_s']} | {e['peak_rss_mb']:,} | "
                     f"{e['cpu_s']} | {e.get('vs_ceiling', '')} | {e['s3_cpu_share']:.0%} | {e['pg_cpu_share']:.0%} |")
    lines += ["", "CPU shares are of the whole machine (CPU seconds / (wall x cores)) during the run."]
    if report["steady"]:
        lines += ["", f"Steady state, (rows({max(report['sizes']):,}) - rows({min(report['sizes']):,})) / "
                      "(wall(large) - wall(small)); intercept = the fixed cost:", "",
                  "| run | steady rows/s | vs ceiling | intercept s |", "|---|---:|---:|---:|"]
        for s in report["steady"]:
            lines.append(f"| {s['label']} | {s['steady_rows_per_s']:,} | {s.get('vs_ceiling', '')} | {s['intercept_s']} |")
    timed = [e for e in report["summary"] if e.get("phases_s")]
    if timed:
        lines += ["", "Where snapshot-sync's wall time goes: seconds from process start to the end of each phase "
                      "(medians; the log has whole seconds, so +-1 s):", "",
                  "| run | rows | " + " | ".join(n for n, _ in PHASES) + " | wall s |", "|---|---:|" + "---:|" * (len(PHASES) + 1)]
        for e in timed:
            lines.append(f"| {e['label']} | {e['rows']:,} | " + " | ".join(str(e['phases_s'].get(n, '')) for n, _ in PHASES)
                         + f" | {e['wall_s']} |")
    if report.get("memory"):
        lines += ["", f"Memory run (every JVM capped at {report['memory_heap']} heap):", "",
                  "| run | rows | exit | wall s | peak RSS MB | OutOfMemoryError |", "|---|---:|---:|---:|---:|---|"]
        for r in report["memory"]:
            lines.append(f"| {r['label']} | {r['rows']:,} | {r['exit']} | {r['wall_s']} | {r['peak_rss_mb']:,} | "
                         f"{'yes' if r['out_of_memory'] else 'no'} |")
    if report.get("many_tables"):
        lines += many_tables.markdown(report["many_tables"])
    if report.get("jfr"):
        lines += ["", f"JFR execution samples of snapshot-sync parquet at {report['jfr']['rows']:,} rows, by the "
                      "topmost frame in a known area:", ""]
        lines += [f"- {k}: {v} %" for k, v in report["jfr"]["categories"].items()]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--env", required=True)
    parser.add_argument("--profile", required=True)
    parser.add_argument("--classpath-file", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--memory-heap", default="1g")
    parser.add_argument("--no-memory-run", action="store_true")
    parser.add_argument("--formats", default="csv,csv-safe,json,parquet")
    parser.add_argument("--profile-jfr", action="store_true")
    parser.add_argument("--prepare-only", action="store_true", help="create the tables, run nothing")
    parser.add_argument("--results", help="where the result files go (default bench/results)")
    parser.add_argument("--export-set", action="append", default=[],
                        help="key=value passed to every snapshot-sync run as --set (to measure a lever)")
    parser.add_argument("--many-tables", action="append", metavar="COUNTxROWS",
                        help="a set of the many-tables scenario (default: 200x1000 and 20x200000)")
    parser.add_argument("--many-memory", default="1000x100", metavar="COUNTxROWS",
                        help="the many-tables set exported in the --memory-heap heap (default 1000x100)")
    parser.add_argument("--no-many-tables", action="store_true", help="skip the many-tables scenario")
    parser.add_argument("--many-tables-only", action="store_true", help="only the many-tables scenario")
    args = parser.parse_args()
    args.rows = [] if args.many_tables_only else sorted(set(args.rows or [5_000_000, 20_000_000]))
    many_sets = [] if args.no_many_tables else [many_tables.parse_set(s) for s in args.many_tables or ["200x1000", "20x200000"]]
    many_memory = None if args.no_many_tables else many_tables.parse_set(args.many_memory)
    bench = Bench(args)
    many = many_tables.ManyTables(bench, log)
    bench.ensure_database()
    started = datetime.datetime.now(datetime.timezone.utc)
    if args.prepare_only:
        for rows in args.rows:
            bench.csv_bytes(bench.ensure_table(rows))
        for count, rows in many_sets + ([many_memory] if many_memory else []):
            many.ensure_tables(count, rows)
        return
    cds = bench.ensure_cds_archive()
    load_at_start = os.getloadavg()
    tables = bench.run_series()
    many_series = many.run(many_sets, args.reps)
    machine = dict(machine_facts(bench), load_average_at_start=[round(x, 2) for x in load_at_start], cds=cds,
                   extra_jvm_options=" ".join(bench.extra_jvm_args))
    summary, steady = summarize(bench.series, args.rows)
    report = {"started": started.isoformat(timespec="seconds"), "sizes": args.rows, "reps": args.reps,
              "heap": args.heap, "memory_heap": args.memory_heap, "machine": machine,
              "command": "bench/run " + " ".join(sys.argv[sys.argv.index("--work") + 2:]),
              "summary": summary, "steady": steady, "runs": bench.series}
    if not args.no_memory_run and tables:
        report["memory"] = bench.memory_run(tables)
    if many_sets:
        many_summary = many_tables.summarize(many_series, many_sets)
        memory = many.memory_run(*many_memory)
        report["many_tables"] = {"sets": [many_tables.set_name(*s) for s in many_sets], "reps": args.reps,
                                 "summary": many_summary, "memory": memory,
                                 "targets": many_tables.targets(many_summary, many_sets, memory), "runs": many_series}
    if args.profile_jfr and tables:
        report["jfr"] = bench.jfr_profile(tables)
    report["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    results = args.results or os.path.join(args.root, "bench", "results")
    os.makedirs(results, exist_ok=True)
    name = "-".join([started.strftime("%Y%m%dT%H%M%SZ"), *(f"{r}" for r in args.rows),
                     *(f"many-{many_tables.set_name(*m)}" for m in many_sets)])
    with open(os.path.join(results, name + ".json"), "w") as f:
        json.dump(report, f, indent=2)
    text = markdown(report)
    for target in (name + ".md", "latest.md"):
        with open(os.path.join(results, target), "w") as f:
            f.write(text)
    shutil.rmtree(os.path.join(args.work, "out"), ignore_errors=True)
    print(text)


if __name__ == "__main__":
    main()
