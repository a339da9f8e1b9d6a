"""Reading what snapshot-sync wrote, from a local folder or any S3 endpoint, for the notebooks.

Only reading: the layout (README, "Output layout") is
    <root>/<table>/snapshot_date=YYYY-MM-DD/part-*  _manifest.json  _SUCCESS
    <root>/<table>/_diffs/from=D1/to=D2/part-*.parquet  _summary.json
and a day counts only once its _SUCCESS exists. Comparing days is the library's job
(`snapshot-sync diff`); this module just opens files.
"""
import json
import os

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.fs as pa_fs
import pyarrow.json as pa_json
import pyarrow.parquet as pq

DAY_PREFIX = "snapshot_date="


def open_root(root, endpoint="", region=""):
    """The filesystem and base path of ROOT: s3://bucket/prefix, s3a://..., file:///path or a path.

    Credentials for S3 come from the usual AWS chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
    AWS_PROFILE, an instance or notebook role); ENDPOINT (http://host:port or https://...) points at
    an S3-compatible server instead of AWS.
    """
    if root.startswith(("s3://", "s3a://")):
        options = {"region": region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"}
        if endpoint:
            scheme, _, host = endpoint.partition("://")
            options.update(endpoint_override=host.rstrip("/"), scheme=scheme)
        return pa_fs.S3FileSystem(**options), root.split("://", 1)[1].rstrip("/")
    path = root[len("file://"):] if root.startswith("file://") else root
    return pa_fs.LocalFileSystem(), os.path.abspath(path)


class Snapshots:
    """The tables and days under one root."""

    def __init__(self, root, endpoint="", region=""):
        self.fs, self.base = open_root(root, endpoint, region)

    def _exists(self, path):
        return self.fs.get_file_info(path).type != pa_fs.FileType.NotFound

    def _children(self, path):
        return self.fs.get_file_info(pa_fs.FileSelector(path, allow_not_found=True))

    def day_path(self, table, day):
        return f"{self.base}/{table}/{DAY_PREFIX}{day}"

    def published_days(self, table):
        """Days with _SUCCESS, oldest first."""
        days = []
        for info in self._children(f"{self.base}/{table}"):
            if info.type == pa_fs.FileType.Directory and info.base_name.startswith(DAY_PREFIX):
                if self._exists(f"{info.path}/_SUCCESS"):
                    days.append(info.base_name[len(DAY_PREFIX):])
        return sorted(days)

    def read_json(self, path):
        """A JSON object file, or None when it does not exist."""
        if not self._exists(path):
            return None
        with self.fs.open_input_stream(path) as stream:
            return json.loads(stream.read().decode("utf-8"))

    def manifest(self, table, day):
        return self.read_json(f"{self.day_path(table, day)}/_manifest.json")

    def data_files(self, table, day):
        """The day's data files: those its manifest lists (the only way to read a Delta day right),
        else every file of the folder except _-prefixed and .-prefixed ones, as Spark does."""
        manifest = self.manifest(table, day) or {}
        listed = [f["key"] for f in manifest.get("files") or [] if f.get("key")]
        if listed:
            bucket = self.base.split("/", 1)[0]
            return [k if k.startswith(bucket + "/") or k.startswith("/") else f"{bucket}/{k}" for k in listed]
        return sorted(info.path for info in self._children(self.day_path(table, day))
                      if info.type == pa_fs.FileType.File and not info.base_name.startswith(("_", ".")))

    def read_day(self, table, day):
        """One published day as an Arrow table (CSV and JSON Lines with types inferred by pyarrow)."""
        return pa.concat_tables([self._read_file(path) for path in self.data_files(table, day)],
                                promote_options="permissive")

    def row_count(self, table, day):
        """From the manifest when it records one, else by reading the day."""
        rows = (self.manifest(table, day) or {}).get("rows") or {}
        if "written" in rows:
            return rows["written"]
        return self.read_day(table, day).num_rows

    def _read_file(self, path):
        name = path.rsplit("/", 1)[-1]
        if ".parquet" in name:
            return pq.read_table(path, filesystem=self.fs)
        compression = "gzip" if name.endswith(".gz") else None
        with self.fs.open_input_stream(path, compression=compression) as stream:
            if ".csv" in name:
                # As the writer wrote it: quoted values may hold line breaks; an unquoted empty
                # field is NULL and a quoted one ("") the empty string.
                return pa_csv.read_csv(stream, parse_options=pa_csv.ParseOptions(newlines_in_values=True),
                                       convert_options=pa_csv.ConvertOptions(
                                           strings_can_be_null=True, quoted_strings_can_be_null=False))
            if ".json" in name:
                return pa_json.read_json(stream)
        raise ValueError(f"not a data file snapshot-sync writes: {path}")

    def diff_path(self, table, day_from, day_to):
        return f"{self.base}/{table}/_diffs/from={day_from}/to={day_to}"

    def diff(self, table, day_from, day_to):
        """(summary, changed rows) written by `snapshot-sync diff`, or (None, None) when there is none."""
        path = self.diff_path(table, day_from, day_to)
        summary = self.read_json(f"{path}/_summary.json")
        if summary is None:
            return None, None
        files = [info.path for info in self._children(path)
                 if info.type == pa_fs.FileType.File and info.base_name.endswith(".parquet")]
        return summary, pa.concat_tables([pq.read_table(f, filesystem=self.fs) for f in sorted(files)])
