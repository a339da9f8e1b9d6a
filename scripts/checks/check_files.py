#!/usr/bin/env python3
"""Strict checks of exported files, run by the test suite (OutputCheck.java) on downloaded files.

  check_files.py csv     --rows N --columns '["a","b"]' FILE...
  check_files.py json    --rows N --columns '["a","b"]' FILE...
  check_files.py parquet --rows N --columns '["a","b"]' [--types '{"a": "int16"}'] FILE...

CSV: Python's csv module with strict=True and DuckDB's read_csv (strict mode), each file with a
header equal to --columns; JSON Lines: every line an object parsed by json.loads that rejects
NaN and Infinity, keys equal to --columns; Parquet: pyarrow, column names and (given) types.
The row count over all files must equal --rows. Exit 0 when all hold, 1 with the reasons when not.
"""
import argparse
import csv
import json
import sys

import duckdb
import pyarrow.parquet as pq


def reject_constant(name):
    raise ValueError(f"bare {name} is not JSON")


def check_csv(files, columns):
    rows = 0
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f, strict=True, doublequote=True, quotechar='"', delimiter=",")
            header = next(reader)
            if header != columns:
                raise AssertionError(f"{path}: header {header!r} != {columns!r}")
            count = 0
            for record in reader:
                if len(record) != len(columns):
                    raise AssertionError(f"{path}: record {count + 1} has {len(record)} fields, not {len(columns)}")
                count += 1
        duck = duckdb.sql(
            "SELECT count(*) FROM read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
            "all_varchar = true, strict_mode = true, max_line_size = 10000000)", params=[path]).fetchone()[0]
        if duck != count:
            raise AssertionError(f"{path}: DuckDB read {duck} rows, Python's csv {count}")
        rows += count
    return rows


def check_json(files, columns):
    rows = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                value = json.loads(line, parse_constant=reject_constant)
                if not isinstance(value, dict) or list(value.keys()) != columns:
                    raise AssertionError(f"{path}:{number}: keys {list(value)!r} != {columns!r}")
                rows += 1
    return rows


def check_parquet(files, columns, types):
    rows = 0
    for path in files:
        table = pq.read_table(path)
        if table.column_names != columns:
            raise AssertionError(f"{path}: columns {table.column_names!r} != {columns!r}")
        for name, expected in types.items():
            actual = str(table.schema.field(name).type)
            if actual != expected:
                raise AssertionError(f"{path}: column {name!r} has type {actual}, documented {expected}")
        rows += table.num_rows
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("format", choices=["csv", "json", "parquet"])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--columns", required=True)
    parser.add_argument("--types", default="{}")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    columns = json.loads(args.columns)
    try:
        if args.format == "csv":
            rows = check_csv(args.files, columns)
        elif args.format == "json":
            rows = check_json(args.files, columns)
        else:
            rows = check_parquet(args.files, columns, json.loads(args.types))
        if rows != args.rows:
            raise AssertionError(f"{rows} rows in {len(args.files)} file(s), expected {args.rows}")
    except Exception as e:  # every failure is a finding, reported with its reason
        print(f"{args.format} check failed: {e}", file=sys.stderr)
        return 1
    print(f"{args.format}: {rows} rows in {len(args.files)} file(s) passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
