#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# SPDX-FileCopyrightText: 2026 WeChatLogin developers
"""Validates JSON documents, one per line on stdin, against a JSON Schema (draft 2020-12).

    validate_json.py docs/schema/status.schema.json < output

Exit 0 when every line is valid; 1 with each problem on stderr. Fields named *_time must
also be ISO 8601 date-times with a UTC offset (jsonschema checks "format" only when
optional packages are installed, so it is checked here)."""
import datetime
import json
import sys

import jsonschema


def times(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_time") and isinstance(item, str):
                yield f"{path}/{key}", item
            yield from times(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from times(item, f"{path}/{index}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    lines = [line for line in sys.stdin.read().splitlines() if line.strip()]
    if not lines:
        problems.append("no document on stdin")
    for number, line in enumerate(lines, 1):
        try:
            document = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: not JSON: {e}")
            continue
        for error in validator.iter_errors(document):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"line {number}: /{where}: {error.message}")
        for where, text in times(document):
            try:
                parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
                if parsed.tzinfo is None:
                    problems.append(f"line {number}: {where}: no UTC offset in {text!r}")
            except ValueError:
                problems.append(f"line {number}: {where}: not an ISO 8601 date-time: {text!r}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
