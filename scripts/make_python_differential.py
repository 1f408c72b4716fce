#!/usr/bin/env python3
"""Writes Tests/NBShipTests/Fixtures/python/: the differential test of nbship's Python translation against CPython.

    python3 scripts/make_python_differential.py     # CPython 3.11 on Linux (glibc libm), as the test machine

`differential.ipynb` has a `parameters` cell and a `model` cell whose function `calc(op, i, j, x, y)` applies the
operation named by `op` to two ints (i, j) and two floats (x, y): every operator, the int/float mixes, floor
division and modulo with negative operands, powers, round (halves, ndigits), int/float/bool, min/max, abs, the
math and NumPy functions, chained comparisons, and/or, conditional expressions, a dict table with and without a
default, and a helper function. `calls.csv` holds the calls, random (fixed seed) and on the edges (exact halves,
zero divisors, negative operands, values near the limits), with CPython's result, written as repr() of the
float it returns (ints as floats: the package's prediction is a double), or the name of the exception it raises.
The notebook is executed with nbclient so that its examples are CPython's too.
"""
import csv
import json
import math
import pathlib
import random

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/Fixtures/python"

MODEL = '''import math
import numpy as np

TABLE = {1: 0.5, 2: 1.25, "a": 3.0, 2.5: -1.0}


def _twice(v, extra=0):
    return v * 2 + extra


def calc(op: str, i: int, j: int, x: float, y: float) -> float:
    if op == "add":
        return i + j
    elif op == "add_mixed":
        return i + y
    elif op == "sub":
        return x - y
    elif op == "mul":
        return i * j
    elif op == "mul_mixed":
        return x * j
    elif op == "truediv":
        return i / j
    elif op == "truediv_f":
        return x / y
    elif op == "floordiv":
        return i // j
    elif op == "floordiv_f":
        return x // y
    elif op == "mod":
        return i % j
    elif op == "mod_f":
        return x % y
    elif op == "mod_mixed":
        return i % y
    elif op == "pow":
        return i ** j
    elif op == "pow_f":
        return x ** y
    elif op == "pow_neg":
        return i ** -abs(j)
    elif op == "round":
        return round(x)
    elif op == "round2":
        return round(x, 2)
    elif op == "round_i":
        return round(i, -1)
    elif op == "int":
        return int(x)
    elif op == "float_i":
        return float(i) / 3
    elif op == "minmax":
        return min(x, y, i) + max(i, j, x)
    elif op == "abs":
        return abs(x) - abs(i)
    elif op == "exp":
        return math.exp(x)
    elif op == "log":
        return math.log(x)
    elif op == "log_base":
        return math.log(x, y)
    elif op == "log10":
        return math.log10(x)
    elif op == "sqrt":
        return math.sqrt(x)
    elif op == "floor":
        return math.floor(x) + math.ceil(y)
    elif op == "mpow":
        return math.pow(x, y)
    elif op == "tanh":
        return math.tanh(x)
    elif op == "np":
        return np.exp(x) + np.log(abs(y) + 1) + np.sqrt(abs(x))
    elif op == "clip":
        return np.clip(x, low, high) + np.minimum(x, y) - np.maximum(i, y)
    elif op == "chain":
        return 1 if i < j <= x < y else 0
    elif op == "logic":
        return (i and x) or (j and y) or 7
    elif op == "cond":
        return x if not (i > j) else y
    elif op == "table":
        return TABLE[i] + TABLE.get(j, x)
    elif op == "helper":
        return _twice(x) + _twice(i, j)
    elif op == "aug":
        total = x
        total += i
        total *= y
        total //= 3
        total -= j
        total **= 2
        return total
    elif op == "unbound":
        if i > 0:
            w = 1.5
        return w * x
    return -1
'''

PARAMETERS = '''model_name = "python-differential"  # package name
low = -2.5  # lower clip bound, range [-10, 0]
high = 2.5  # upper clip bound, range [0, 10]
'''

OPS = ["add", "add_mixed", "sub", "mul", "mul_mixed", "truediv", "truediv_f", "floordiv", "floordiv_f", "mod",
       "mod_f", "mod_mixed", "pow", "pow_f", "pow_neg", "round", "round2", "round_i", "int", "float_i", "minmax",
       "abs", "exp", "log", "log_base", "log10", "sqrt", "floor", "mpow", "tanh", "np", "clip", "chain", "logic",
       "cond", "table", "helper", "aug", "unbound"]


def calls():
    rng = random.Random(20261203)
    edge_floats = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.125, 2.675, 1.005, -7.25, 1e-300, 1e300, 710.0, -745.5,
                   3.0, -3.0, 1e16, 123456.785, 0.1, -1.0]
    edge_ints = [0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 63, 62, 40, 2 ** 31, -(2 ** 31), 15, 25, 35]
    out = []
    for op in OPS:
        for _ in range(30):
            i = rng.choice(edge_ints) if rng.random() < 0.5 else rng.randint(-50, 50)
            j = rng.choice(edge_ints) if rng.random() < 0.5 else rng.randint(-12, 12)
            x = rng.choice(edge_floats) if rng.random() < 0.5 else round(rng.uniform(-100, 100), rng.randint(0, 6))
            y = rng.choice(edge_floats) if rng.random() < 0.5 else rng.uniform(-20, 20)
            out.append((op, i, j, x, y))
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    namespace = {}
    exec(PARAMETERS, namespace)
    exec(MODEL, namespace)
    calc = namespace["calc"]
    rows = []
    for op, i, j, x, y in calls():
        try:
            value = calc(op, i, j, x, y)
            result, error = repr(float(value)), ""
        except Exception as e:  # noqa: BLE001 - the exception's name is the expected result
            result, error = "", type(e).__name__
        rows.append([op, str(i), str(j), repr(float(x)), repr(float(y)), result, error])
    with open(OUT / "calls.csv", "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["op", "i", "j", "x", "y", "prediction", "error"])
        writer.writerows(rows)
    examples = [dict(op=r[0], i=int(r[1]), j=int(r[2]), x=float(r[3]), y=float(r[4]), prediction=float(r[5]))
                for r in rows if r[6] == "" and math.isfinite(float(r[5]))][:12]

    def cell(source, tags):
        return {"cell_type": "code", "execution_count": None, "metadata": {"tags": tags}, "outputs": [],
                "source": source}
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
          "cells": [
              {"cell_type": "markdown", "metadata": {}, "source": "# CPython differential test of nbship's translation\n"},
              cell(PARAMETERS, ["parameters"]), cell(MODEL, ["model"]),
              cell("EXAMPLES = " + json.dumps(examples, indent=1) + "\n", ["examples"]),
              cell("for e in EXAMPLES:\n    assert calc(e['op'], e['i'], e['j'], e['x'], e['y']) == e['prediction']\n"
                   "print(len(EXAMPLES), 'examples reproduced')\n", []),
          ]}
    for number, c in enumerate(nb["cells"]):
        c["id"] = f"cell-{number}"
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.from_dict(nb)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    for c in notebook.cells:
        if c.get("cell_type") == "code":
            for output in c.get("outputs", []):
                output.pop("execution_count", None)
    nbformat.write(notebook, str(OUT / "differential.ipynb"))
    errors = sum(1 for r in rows if r[6])
    print(f"{len(rows)} calls, {errors} raise; examples {len(examples)}")


if __name__ == "__main__":
    main()
