#!/usr/bin/env python3
"""Reads a day's files the way its Glue Data Catalog entry describes them, run by the suite
(GlueCatalogTest.java) on files downloaded from the registered location.

  check_catalog.py --table TABLE.json --rows N FILE...

TABLE.json is the Table (or Partition) object of Glue's GetTable (GetPartition) answer. The
SerDe decides the reader: OpenCSVSerde -> DuckDB read_csv with the SerDe's separatorChar,
quoteChar and escapeChar and a header when skip.header.line.count is 1; the OpenX JSON SerDe ->
DuckDB read_json (newline-delimited) with the catalog's columns; ParquetHiveSerDe (and Delta's
day files) -> pyarrow. Every file must yield the catalog's columns, in order, in the catalog's
types, and all files together N rows. Exit 0 when all hold, 1 with the reason when not.
"""
import argparse
import json
import sys

import duckdb
import pyarrow.parquet as pq

# Hive type (as Glue stores it) -> DuckDB type, for the types the job registers.
DUCK = {"tinyint": "TINYINT", "smallint": "SMALLINT", "int": "INTEGER", "bigint": "BIGINT", "float": "FLOAT",
        "double": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR", "date": "DATE", "timestamp": "TIMESTAMP",
        "binary": "BLOB"}
# Hive type -> the prefix of pyarrow's type name in Parquet files Spark wrote.
ARROW = {"tinyint": "int8", "smallint": "int16", "int": "int32", "bigint": "int64", "float": "float",
         "double": "double", "boolean": "bool", "string": "string", "date": "date32", "timestamp": "timestamp",
         "binary": "binary"}


def duck_type(hive):
    return hive.upper() if hive.startswith("decimal(") else DUCK[hive]


def arrow_type(hive):
    return hive.replace("decimal(", "decimal128(").replace(",", ", ") if hive.startswith("decimal(") else ARROW[hive]


def check_csv(files, columns, serde, table_parameters):
    params = serde.get("Parameters", {})
    header = table_parameters.get("skip.header.line.count") == "1"
    quote = params.get("quoteChar", '"')
    escape = params.get("escapeChar", quote)
    rows = 0
    for path in files:
        spec = "{" + ", ".join(f"'{c['Name']}': '{duck_type(c['Type'])}'" for c in columns) + "}"
        relation = duckdb.sql(
            f"SELECT * FROM read_csv(?, header = {str(header).lower()}, delim = ?, quote = ?, escape = ?, "
            f"columns = {spec}, strict_mode = true, null_padding = false)",
            params=[path, params.get("separatorChar", ","), quote, escape])
        if header:
            first = duckdb.sql("SELECT * FROM read_csv(?, header = false, delim = ?, quote = ?, escape = ?, "
                               "all_varchar = true) LIMIT 1",
                               params=[path, params.get("separatorChar", ","), quote, escape]).fetchone()
            names = [str(v).lower() for v in first]
            if names != [c["Name"] for c in columns]:
                raise AssertionError(f"{path}: header {names} != catalog columns {[c['Name'] for c in columns]}")
        rows += len(relation.fetchall())
    return rows


def check_json(files, columns):
    rows = 0
    spec = "{" + ", ".join(f"'{c['Name']}': '{duck_type(c['Type'])}'" for c in columns) + "}"
    for path in files:
        relation = duckdb.sql(f"SELECT * FROM read_json(?, format = 'newline_delimited', columns = {spec})",
                              params=[path])
        if [c.lower() for c in relation.columns] != [c["Name"] for c in columns]:
            raise AssertionError(f"{path}: columns {relation.columns} != catalog columns")
        rows += len(relation.fetchall())
    return rows


def check_parquet(files, columns):
    rows = 0
    for path in files:
        schema = pq.read_schema(path)
        actual = [(f.name.lower(), str(f.type)) for f in schema]
        for (name, arrow), column in zip(actual, columns):
            if name != column["Name"] or not arrow.startswith(arrow_type(column["Type"])):
                raise AssertionError(f"{path}: column {name} {arrow} != catalog {column['Name']} {column['Type']}")
        if len(actual) != len(columns):
            raise AssertionError(f"{path}: {len(actual)} columns, catalog {len(columns)}")
        rows += pq.read_metadata(path).num_rows
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--table", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    with open(args.table, encoding="utf-8") as f:
        table = json.load(f)
    sd = table["StorageDescriptor"]
    library = sd["SerdeInfo"]["SerializationLibrary"]
    # Delta's day folders hold Parquet without the partition column (it is in the path).
    columns = [c for c in sd["Columns"] if c["Name"] != "snapshot_date"]
    try:
        if library.endswith("OpenCSVSerde"):
            rows = check_csv(args.files, columns, sd["SerdeInfo"], table.get("Parameters", {}))
        elif library.endswith("JsonSerDe"):
            rows = check_json(args.files, columns)
        else:
            rows = check_parquet(args.files, columns)
        if rows != args.rows:
            raise AssertionError(f"{rows} rows in {len(args.files)} file(s), expected {args.rows}")
    except Exception as e:  # every failure is a finding, reported with its reason
        print(f"{library} check failed: {e}", file=sys.stderr)
        return 1
    print(f"{library}: {rows} rows in {len(args.files)} file(s) read as the catalog describes them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
