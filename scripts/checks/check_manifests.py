#!/usr/bin/env python3
"""Checks _manifest.json and run reports against the JSON Schemas in the repository.

  check_manifests.py --schemas DIR manifest=FILE... report=FILE...

DIR holds manifest.schema.json and run-report.schema.json (common/src/main/resources/schemas).
Each argument names the schema its file must meet. The suite (ManifestSchemaCheck.java) runs it on
every manifest and run report the tests wrote. jsonschema comes with cfn-lint (a dependency of
it), which requirements-dev.txt pins. Exit 0 when every file is valid, 1 with every problem when
not.
"""
import argparse
import json
import os
import sys

from jsonschema import Draft202012Validator

SCHEMAS = {"manifest": "manifest.schema.json", "report": "run-report.schema.json"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schemas", required=True)
    parser.add_argument("files", nargs="+", help="KIND=FILE, KIND one of " + ", ".join(SCHEMAS))
    args = parser.parse_args()
    validators = {}
    for kind, name in SCHEMAS.items():
        with open(os.path.join(args.schemas, name), encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validators[kind] = Draft202012Validator(schema)
    problems = []
    for argument in args.files:
        kind, _, path = argument.partition("=")
        if kind not in validators:
            parser.error(f"unknown kind {kind!r} in {argument!r}")
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for error in sorted(validators[kind].iter_errors(document), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            problems.append(f"{path}: {SCHEMAS[kind]}: at {where}: {error.message}")
    for problem in problems:
        print(problem)
    print(f"{len(args.files)} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
