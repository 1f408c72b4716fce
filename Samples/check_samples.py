#!/usr/bin/env python3
"""Independent consistency checks for the samples made by make_samples.py.

    python3 Samples/check_samples.py

Uses only the files on disk (no scikit-learn, no sklearn2pmml):
  * notebook.ipynb validates as nbformat 4.5, is fully executed, has
    deterministic cell ids, and its tagged cells contain only literal
    assignments (parsed with `ast`, never executed);
  * model.pmml is scored by a tiny hand-written evaluator (xml.etree + numpy)
    for the subset sklearn2pmml emits here (DerivedField/Apply arithmetic,
    RegressionModel with none/logit/softmax) and compared with rows.csv
    (relative error <= 1e-12, absolute floor 1e-15 for probabilities);
  * the notebook's scaling constants agree with the PMML (or, for the
    diabetes sample, are what makes the PMML reproduce rows.csv);
  * the golden examples are rows of rows.csv with identical values.
Exit status 0 when everything passes.
"""

import ast
import csv
import io
import re
import sys
import tokenize
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import numpy as np

HERE = Path(__file__).resolve().parent
NS = {"p": "http://www.dmg.org/PMML-4_4"}
REL_TOL = 1e-12
ABS_FLOOR = 1e-15
SAMPLES = ["diabetes-linear", "breast-cancer-logistic", "wine-multiclass"]
TAGS = ["parameters", "features", "scaling", "examples"]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("  FAIL:", msg)
    return cond


# --------------------------------------------------------------------------
# Literal-only parsing of tagged cells (mirrors what the Swift side accepts)
# --------------------------------------------------------------------------

def literal(node):
    if isinstance(node, ast.Constant) and (
            node.value is None or isinstance(node.value, (bool, int, float, str))):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = literal(node.operand)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("unary sign on a non-number")
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, (ast.List, ast.Tuple)):
        return [literal(e) for e in node.elts]
    if isinstance(node, ast.Dict):
        return {literal(k): literal(v) for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) == 1:
        f = node.func
        if (isinstance(f, ast.Attribute) and f.attr == "array"
                and isinstance(f.value, ast.Name) and f.value.id in ("np", "numpy")):
            return literal(node.args[0])
        if isinstance(f, ast.Name) and f.id == "float":
            arg = literal(node.args[0])
            if arg in ("nan", "inf", "-inf", "+inf"):
                return float(arg)
    raise ValueError(f"not a literal: {ast.dump(node)[:80]}")


def parse_tagged(source):
    """Return {name: value} and {name: trailing comment} for a tagged cell."""
    tree = ast.parse(source)
    values = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
                raise ValueError("only `name = literal` assignments allowed")
            name = stmt.targets[0].id
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            if not isinstance(stmt.target, ast.Name):
                raise ValueError("only `name: type = literal` assignments allowed")
            name = stmt.target.id
        else:
            raise ValueError(f"statement not allowed: {type(stmt).__name__}")
        values[name] = literal(stmt.value)
    comments = {}
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            line = lines[tok.start[0] - 1]
            m = re.match(r"\s*([A-Za-z_]\w*)\s*[:=]", line)
            if m:
                comments[m.group(1)] = tok.string[1:].strip()
    return values, comments


RANGE_RE = re.compile(r"range\s*([\[(])\s*([^,\s]+)\s*,\s*([^\]\)\s]+)\s*([\])])")


def check_comment(name, value, comment):
    """description, then optional clauses `range [lo, hi]` and `unit: text`."""
    m = RANGE_RE.search(comment)
    if m:
        lo, hi = float(m.group(2)), float(m.group(3))
        ok_lo = value >= lo if m.group(1) == "[" else value > lo
        ok_hi = value <= hi if m.group(4) == "]" else value < hi
        check(ok_lo and ok_hi, f"parameter {name}={value!r} outside {m.group(0)}")
    description = re.split(r",\s*(?:range\b|unit:)", comment)[0].strip()
    check(description != "", f"parameter {name}: empty description")


# --------------------------------------------------------------------------
# A minimal PMML evaluator for what sklearn2pmml emits for these models
# --------------------------------------------------------------------------

def q(tag):
    return f"{{{NS['p']}}}{tag}"


def eval_expr(el, env):
    if el.tag == q("FieldRef"):
        return env[el.get("field")]
    if el.tag == q("Constant"):
        return np.float64(float(el.text))
    if el.tag == q("Apply"):
        args = [eval_expr(c, env) for c in el]
        fn = el.get("function")
        if fn == "+":
            return args[0] + args[1]
        if fn == "-":
            return args[0] - args[1]
        if fn == "*":
            return args[0] * args[1]
        if fn == "/":
            return args[0] / args[1]
        raise ValueError(f"unsupported Apply function {fn}")
    raise ValueError(f"unsupported expression {el.tag}")


class Pmml:
    def __init__(self, path):
        self.text = path.read_text(encoding="utf-8")
        self.root = ET.fromstring(self.text)
        self.model = self.root.find("p:RegressionModel", NS)
        if self.model is None:
            raise ValueError("expected a RegressionModel")
        self.function = self.model.get("functionName")
        self.norm = self.model.get("normalizationMethod", "none")
        fields = self.model.findall("p:MiningSchema/p:MiningField", NS)
        self.target = [f.get("name") for f in fields if f.get("usageType") == "target"]
        self.inputs = [f.get("name") for f in fields if f.get("usageType", "active") == "active"]
        self.derived = self.model.findall("p:LocalTransformations/p:DerivedField", NS)
        self.tables = []
        for t in self.model.findall("p:RegressionTable", NS):
            preds = []
            for child in t:
                if child.tag != q("NumericPredictor"):
                    raise ValueError(f"unsupported predictor {child.tag}")
                if child.get("exponent", "1") != "1":
                    raise ValueError("exponent != 1")
                preds.append((child.get("name"), float(child.get("coefficient"))))
            self.tables.append((t.get("targetCategory"), float(t.get("intercept", "0")), preds))
        self.outputs = [o.get("name") for o in self.model.findall("p:Output/p:OutputField", NS)]

    def describe(self):
        d = [f"{self.model.tag.split('}')[1]} functionName={self.function} "
             f"normalizationMethod={self.model.get('normalizationMethod', '(absent = none)')}",
             f"{len(self.tables)} RegressionTable(s): "
             + ", ".join(f"{c or '-'}[{len(p)} predictors, intercept {i!r}]" for c, i, p in self.tables),
             f"LocalTransformations: {len(self.derived)} DerivedField(s)"]
        if self.derived:
            shape = self._shape(self.derived[0][0])
            d.append(f"  e.g. {self.derived[0].get('name')} = {shape}")
        d.append(f"Output fields: {self.outputs or '(none)'}")
        return "\n    ".join(d)

    def _shape(self, el):
        if el.tag == q("FieldRef"):
            return el.get("field")
        if el.tag == q("Constant"):
            return "c"
        return "(" + f" {el.get('function')} ".join(self._shape(c) for c in el) + ")"

    def score(self, columns):
        """columns: {input field: np.array}. Returns (raw y per table, probabilities or None)."""
        env = dict(columns)
        for df in self.derived:
            env[df.get("name")] = eval_expr(df[0], env)
        ys = []
        for _, intercept, preds in self.tables:
            y = np.full(len(next(iter(columns.values()))), intercept)
            for name, coef in preds:
                y = y + coef * env[name]
            ys.append(y)
        ys = np.array(ys)
        if self.function == "regression":
            if self.norm != "none":
                raise ValueError("regression normalization not supported here")
            return ys[0], None
        if self.norm == "softmax":
            e = np.exp(ys - ys.max(axis=0))
            return ys, e / e.sum(axis=0)
        if self.norm == "logit":
            # PMML: p_j = 1 / (1 + exp(-y_j)) for all but the last table;
            # the last category gets 1 - sum(others).
            p = 1.0 / (1.0 + np.exp(-ys[:-1]))
            return ys, np.vstack([p, 1.0 - p.sum(axis=0)])
        raise ValueError(f"unsupported normalizationMethod {self.norm}")


# --------------------------------------------------------------------------

def close(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    err = np.abs(a - b)
    rel = err / np.maximum(np.maximum(np.abs(a), np.abs(b)), np.finfo(float).tiny)
    ok = (rel <= REL_TOL) | (err <= ABS_FLOOR)
    return bool(ok.all()), float(rel.max()), float(err.max())


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        r = list(csv.reader(fh))
    return r[0], r[1:]


def check_notebook(folder):
    path = folder / "notebook.ipynb"
    raw = path.read_bytes()
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    try:
        nbformat.validate(nb)
        print("  notebook validates (nbformat", f"{nb.nbformat}.{nb.nbformat_minor})")
    except nbformat.ValidationError as e:
        check(False, f"{path}: {e}")
    check((nb.nbformat, nb.nbformat_minor) == (4, 5), "notebook is not nbformat 4.5")
    check(nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec is not python3")
    check([c.id for c in nb.cells] == [f"cell-{i:02d}" for i in range(1, len(nb.cells) + 1)],
          "cell ids are not cell-01, cell-02, ...")
    check(nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "),
          "first cell is not a markdown '# Title'")
    code = [c for c in nb.cells if c.cell_type == "code"]
    check([c.execution_count for c in code] == list(range(1, len(code) + 1)),
          "code cells not executed in order")
    for c in nb.cells:
        check(set(c.metadata) <= {"tags"}, f"{c.id}: volatile metadata {sorted(c.metadata)}")
        for o in c.get("outputs", []):
            check(o.output_type != "error", f"{c.id}: error output")
            check(not (o.output_type == "stream" and o.name == "stderr"), f"{c.id}: stderr output")
    check("parameters" in code[0].metadata.get("tags", []), "first code cell is not tagged parameters")
    tagged = {}
    for tag in TAGS:
        cells = [c for c in code if tag in c.metadata.get("tags", [])]
        if check(len(cells) == 1, f"expected one '{tag}' cell, found {len(cells)}"):
            try:
                tagged[tag] = parse_tagged(cells[0].source)
            except (ValueError, SyntaxError) as e:
                check(False, f"'{tag}' cell is not literal-only: {e}")
    params, comments = tagged["parameters"]
    for name, value in params.items():
        if check(name in comments, f"parameter {name} has no trailing comment"):
            check_comment(name, value, comments[name])
    return nb, {t: v[0] for t, v in tagged.items()}, params


def check_sample(name):
    folder = HERE / name
    print(f"== {name}")
    nb, cells, params = check_notebook(folder)
    features = cells["features"]["FEATURES"]
    pmml = Pmml(folder / "model.pmml")
    print("  PMML:", pmml.describe())
    check("<Timestamp>" not in pmml.text, "PMML still has a <Timestamp>")
    check(pmml.inputs == features, "PMML active fields != FEATURES")

    header, rows = read_rows(folder / "rows.csv")
    nfeat = len(features)
    check(header[:nfeat] == features, "rows.csv input columns != FEATURES")
    check(len(rows) >= 50, f"only {len(rows)} rows")
    check(all(len(r) == len(header) for r in rows), "ragged rows.csv")
    print(f"  rows.csv: {len(rows)} rows x {len(header)} columns: ... {header[nfeat:]}")
    float_cells = [v for r in rows for v in r[:nfeat]]
    check(all(repr(float(v)) == v for v in float_cells), "input values not written with repr()")
    X = np.array([[float(v) for v in r[:nfeat]] for r in rows])

    if pmml.function == "regression":
        mean, std = cells["scaling"]["MEAN"], cells["scaling"]["STD"]
        check(not pmml.derived, "diabetes PMML should hold only the model")
        check(list(mean) == features and list(std) == features, "MEAN/STD keys != FEATURES")
        cols = {f: (X[:, j] - mean[f]) / std[f] for j, f in enumerate(features)}
        pred, _ = pmml.score(cols)
        expected = np.array([float(r[nfeat]) for r in rows])
        check(header[nfeat:] == ["prediction"], "regression output column should be 'prediction'")
        check(all(repr(float(r[nfeat])) == r[nfeat] for r in rows), "prediction not repr()")
        ok, rel, err = close(pred, expected)
        print(f"  PMML (after MEAN/STD) vs rows.csv prediction: max rel err {rel:.3g}, max abs err {err:.3g}")
        check(ok, "PMML predictions differ from rows.csv")
        examples = cells["examples"]["EXAMPLES"]
        ex_inputs = [[e[f] for f in features] for e in examples]
        ex_outputs = [[e["prediction"]] for e in examples]
        row_outputs = [[float(r[nfeat])] for r in rows]
    else:
        classes = [c for c, _, _ in pmml.tables]
        out_cols = ["label"] + [f"probability({c})" for c in sorted(classes)]
        check(header[nfeat:nfeat + len(out_cols)] == out_cols, f"output columns != {out_cols}")
        check(pmml.outputs == out_cols[1:], "PMML OutputFields != probability columns")
        cols = {f: X[:, j] for j, f in enumerate(features)}
        _, proba = pmml.score(cols)
        by_class = dict(zip(classes, proba))
        csv_classes = [h[len("probability("):-1] for h in out_cols[1:]]
        P = np.array([by_class[c] for c in csv_classes]).T
        expected = np.array([[float(v) for v in r[nfeat + 1:nfeat + 1 + len(csv_classes)]] for r in rows])
        ok, rel, err = close(P, expected)
        print(f"  PMML vs rows.csv probabilities: max rel err {rel:.3g}, max abs err {err:.3g}")
        check(ok, "PMML probabilities differ from rows.csv")
        labels = [csv_classes[k] for k in P.argmax(axis=1)]
        check(labels == [r[nfeat] for r in rows], "PMML argmax labels differ from rows.csv")
        if "threshold" in params:
            thr, pos = params["threshold"], params["positive_class"]
            check(header[-1] == "decision", "binary sample needs a decision column")
            dec = ["true" if p >= thr else "false" for p in P[:, csv_classes.index(pos)]]
            check(dec == [r[-1] for r in rows], "decision column inconsistent with threshold")
            print(f"  decision: P({pos}) >= {thr}: {dec.count('true')} true / {dec.count('false')} false;"
                  f" {sum(d != ('true' if lab == pos else 'false') for d, lab in zip(dec, labels))}"
                  " rows where decision != argmax label")
        # scaling constants vs PMML
        sc = cells["scaling"]
        consts = [[float(c.text) for c in df.iter(q("Constant"))] for df in pmml.derived]
        if "scaler_mean_" in sc:
            check([c[0] for c in consts] == sc["scaler_mean_"], "PMML means != scaler_mean_ (exact)")
            check([c[1] for c in consts] == sc["scaler_scale_"], "PMML scales != scaler_scale_ (exact)")
            print("  PMML StandardScaler constants == scaler_mean_/scaler_scale_ (bit-exact)")
            ex = cells["examples"]
            check(ex["CLASSES"] == csv_classes, "CLASSES != probability column order")
            ex_inputs = ex["EXAMPLE_INPUTS"]
            ex_outputs = [[lab] + p for lab, p in zip(ex["EXAMPLE_LABELS"], ex["EXAMPLE_PROBABILITIES"])]
        else:
            scaling = sc["SCALING"]
            check(list(scaling) == features, "SCALING keys != FEATURES")
            # sklearn MinMaxScaler: scale_ = 1 / (max - min), min_ = -min * scale_; x' = x * scale_ + min_
            scale = np.array([1.0 / (scaling[f]["max"] - scaling[f]["min"]) for f in features])
            offset = np.array([-scaling[f]["min"] for f in features]) * scale
            ok1, rel1, _ = close([c[0] for c in consts], scale)
            ok2, rel2, _ = close([c[1] for c in consts], offset)
            print(f"  PMML MinMaxScaler constants vs SCALING min/max: max rel err {max(rel1, rel2):.3g}")
            check(ok1 and ok2, "PMML min-max constants disagree with SCALING")
            ex_inputs = [[e[f] for f in features] for e in cells["examples"]["EXAMPLES"]]
            ex_outputs = [[e["label"]] + [e["probabilities"][c] for c in csv_classes]
                          for e in cells["examples"]["EXAMPLES"]]
        row_outputs = [[r[nfeat]] + [float(v) for v in r[nfeat + 1:nfeat + 1 + len(csv_classes)]]
                       for r in rows]

    # golden examples are rows of rows.csv, bit-identical
    row_inputs = [list(x) for x in X.tolist()]
    for k, (xin, xout) in enumerate(zip(ex_inputs, ex_outputs)):
        if check(xin in row_inputs, f"example {k} inputs not found in rows.csv"):
            j = row_inputs.index(xin)
            check(row_outputs[j] == xout, f"example {k} outputs differ from rows.csv row {j}")
    print(f"  {len(ex_inputs)} golden examples found in rows.csv with identical outputs"
          if not any("example" in f for f in failures) else "")


def main():
    for s in SAMPLES:
        check_sample(s)
    print()
    if failures:
        print(f"{len(failures)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
