#!/usr/bin/env python3
"""Validates the generated parameters files against their JSON Schemas with a real JSON Schema validator.

Editors that honour `# yaml-language-server: $schema=parameters.schema.json` check parameters.yaml with the
schema nbship writes beside it. This script proves the pair works the way `nbship params check` does:

- every committed reference package's parameters.yaml is valid against its parameters.schema.json;
- every typical mistake (out of range, a number written as text, an unknown name, a deleted line, a value not in
  the allowed list) is rejected by the schema;
- with --nbship, `nbship params check` gives the same verdict as the schema on every one of those files.

Usage: python3 .ci/check_schemas.py [--nbship .build/debug/nbship]
Needs python3-jsonschema (4.x, draft 2020-12) and python3-yaml; .ci/run installs them.
"""
import argparse
import copy
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCES = ROOT / "Tests" / "NBShipTests" / "References"


def mistakes(values, schema):
    """(description, edited values) pairs the schema must reject."""
    properties = schema.get("properties", {})
    for name, rule in properties.items():
        if "maximum" in rule:
            edited = dict(values)
            edited[name] = rule["maximum"] + 1
            yield f"{name} above its maximum", edited
        if "minimum" in rule:
            edited = dict(values)
            edited[name] = rule["minimum"] - 1
            yield f"{name} below its minimum", edited
        if rule.get("type") in ("number", "integer"):
            edited = dict(values)
            edited[name] = "0,35"
            yield f"{name} written as text", edited
        if "enum" in rule:
            edited = dict(values)
            edited[name] = "no-such-value"
            yield f"{name} not among the allowed values", edited
        if name in schema.get("required", []):
            edited = dict(values)
            del edited[name]
            yield f"{name} deleted", edited
    edited = dict(values)
    edited["treshold"] = 0.5
    yield "an unknown name", edited


def write_yaml(values, path):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("# yaml-language-server: $schema=parameters.schema.json\n")
        for name, value in values.items():
            handle.write(f"{name}: {json.dumps(value)}\n")


def nbship_accepts(nbship, package, values):
    with tempfile.TemporaryDirectory() as work:
        path = pathlib.Path(work) / "parameters.yaml"
        write_yaml(values, path)
        result = subprocess.run(
            [nbship, "params", "check", str(path), "--package", str(package)], capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"nbship params check failed to run ({result.returncode}): {result.stderr}")
        return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nbship", help="also compare with `nbship params check` (path to the binary)")
    arguments = parser.parse_args()
    packages = sorted(path for path in REFERENCES.iterdir() if (path / "parameters.schema.json").exists())
    if not packages:
        raise SystemExit(f"no parameters.schema.json under {REFERENCES}")
    failures = 0
    checked = 0
    for package in packages:
        schema = json.loads((package / "parameters.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        text = (package / "parameters.yaml").read_text(encoding="utf-8")
        if "# yaml-language-server: $schema=parameters.schema.json" not in text.splitlines()[0]:
            print(f"FAIL {package.name}: parameters.yaml does not name its schema on the first line")
            failures += 1
        values = yaml.safe_load(text) or {}
        errors = [error.message for error in validator.iter_errors(values)]
        checked += 1
        if errors:
            print(f"FAIL {package.name}: the generated parameters.yaml is invalid: {errors}")
            failures += 1
        if arguments.nbship and not nbship_accepts(arguments.nbship, package, values):
            print(f"FAIL {package.name}: nbship params check rejects the generated values")
            failures += 1
        for description, edited in mistakes(values, schema):
            checked += 1
            if validator.is_valid(edited):
                print(f"FAIL {package.name}: the schema accepts {description}: {edited}")
                failures += 1
            if arguments.nbship and nbship_accepts(arguments.nbship, package, edited):
                print(f"FAIL {package.name}: nbship params check accepts {description}: {edited}")
                failures += 1
    print(f"{checked} parameters files in {len(packages)} packages checked against their schemas"
          f"{' and nbship params check' if arguments.nbship else ''}: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
