#!/usr/bin/env python3
"""Independent consistency checks for the samples made by make_samples.py.

    python3 Samples/check_samples.py

Uses only the files on disk (no scikit-learn, no sklearn2pmml; xgboost and
lightgbm only to reload the six native model files, onnx and onnxruntime only
for the two ONNX ones):
  * notebook.ipynb validates as nbformat 4.5, is fully executed, has
    deterministic cell ids, and its tagged cells contain only literal
    assignments (parsed with `ast`, never executed);
  * model.pmml is scored by a tiny hand-written evaluator (xml.etree + numpy)
    for the subset sklearn2pmml emits here (DerivedField/Apply arithmetic,
    RegressionModel with none/logit/softmax) and compared with rows.csv
    (relative error <= 1e-12, absolute floor 1e-15 for probabilities);
  * the eight samples of make_more_samples.py use a general evaluator
    (`Evaluator`: TreeModel, MiningModel sum/average/modelChain + Targets,
    NeuralNetwork, CategoricalPredictor, missingValueReplacement, float32
    fields and x-mathContext="float"); it also prints a structural summary
    of each PMML and how many rows a float64-only evaluator would get wrong;
  * the notebook's scaling constants agree with the PMML (or, for the
    diabetes sample, are what makes the PMML reproduce rows.csv);
  * the six samples of make_native_samples.py (XGBoost JSON/UBJSON,
    LightGBM text): the model file reloaded with its own runtime reproduces
    every row of rows.csv exactly, and so does an independent evaluator of
    the file (XGBoostModel, with its own UBJSON decoder, and LightGBMModel);
    the file's feature names equal FEATURES;
  * the two samples of make_onnx_samples.py (model.onnx from skl2onnx, one float32 input tensor): onnxruntime on
    one thread reproduces every output string of rows.csv, and so does an independent evaluator of the tree
    ensemble (OnnxTreeEnsemble: float32, leaf weights summed in tree order);
  * the golden examples are rows of rows.csv with identical values.
Exit status 0 when everything passes.
"""

import ast
import csv
import ctypes
import ctypes.util
import io
import json
import math
import re
import struct
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


def check_notebook(folder, tags=TAGS):
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
    for tag in tags:
        cells = [c for c in code if tag in c.metadata.get("tags", [])]
        if check(len(cells) == 1, f"expected one '{tag}' cell, found {len(cells)}"):
            try:
                tagged[tag] = parse_tagged(cells[0].source)
            except (ValueError, SyntaxError) as e:
                check(False, f"'{tag}' cell is not literal-only: {e}")
    for tag in sorted(set(TAGS) - set(tags)):
        check(not any(tag in c.metadata.get("tags", []) for c in code), f"unexpected '{tag}' cell")
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


# --------------------------------------------------------------------------
# The eight samples made by make_more_samples.py: a general evaluator
# --------------------------------------------------------------------------

# sample folder -> does its notebook have a `scaling` cell?
MORE_SAMPLES = {
    "iris-decision-tree": False,
    "diabetes-random-forest": False,
    "breast-cancer-gradient-boosting": False,
    "wine-xgboost": False,
    "diabetes-lightgbm": False,
    "iris-mlp": True,
    "adult-onehot": True,
    "imputed-missing": False,
}
# Models declaring x-mathContext="float" (XGBoost) compute in float32, and the
# order of the float32 additions differs between XGBoost and the PMML.
FLOAT_REL_TOL = 1e-5
FLOAT_ABS_FLOOR = 1e-7
MODEL_TAGS = ("RegressionModel", "TreeModel", "MiningModel", "NeuralNetwork")


def local(el):
    return el.tag.split("}")[1]


def model_children(el):
    return [c for c in el if local(c) in MODEL_TAGS]


def first_predicate(el):
    for c in el:
        if local(c) in ("True", "False", "SimplePredicate", "CompoundPredicate", "SimpleSetPredicate"):
            return c
    raise ValueError(f"{local(el)} without a predicate")


class Evaluator:
    """Scores one record at a time with PMML 4.4 semantics, for the elements
    sklearn2pmml emits in these samples: RegressionModel (Numeric- and
    CategoricalPredictor; none/logit/softmax), TreeModel (SimplePredicate,
    noTrueChildStrategy, ScoreDistribution), MiningModel (sum, average,
    modelChain; Targets rescale), NeuralNetwork, DerivedField arithmetic and
    MiningField missingValueReplacement.

    A field declared dataType="float" holds a float32 and is compared with the
    float32 value of the split threshold.  With strict_float=False that is
    ignored and everything is compared in float64, as a naive evaluator would."""

    def __init__(self, path, strict_float=True):
        self.text = path.read_text(encoding="utf-8")
        self.root = ET.fromstring(self.text)
        self.strict = strict_float
        self.types, self.optypes, self.categories = {}, {}, {}
        for df in self.root.findall("p:DataDictionary/p:DataField", NS):
            name = df.get("name")
            self.types[name], self.optypes[name] = df.get("dataType"), df.get("optype")
            if df.get("optype") == "categorical":
                self.categories[name] = [v.get("value") for v in df.findall("p:Value", NS)
                                         if v.get("property", "valid") == "valid"]
        (self.model,) = model_children(self.root)
        fields = self.model.findall("p:MiningSchema/p:MiningField", NS)
        self.target = next(f.get("name") for f in fields if f.get("usageType") == "target")
        self.mining_fields = [f for f in fields if f.get("usageType", "active") == "active"]
        self.inputs = [f.get("name") for f in self.mining_fields]
        self.classes = self.categories.get(self.target)
        self.float_math = any(el.get("x-mathContext") == "float" for el in self.root.iter())

    # -- inputs ------------------------------------------------------------
    def prepare(self, record):
        env = {}
        for mf in self.mining_fields:
            name = mf.get("name")
            v = record.get(name)
            if v is None:
                v = mf.get("missingValueReplacement")
            if v is not None:
                t = self.types[name]
                if t == "string":
                    if v not in self.categories.get(name, [v]):
                        raise ValueError(f"invalid value {v!r} for {name}")
                elif t == "float":
                    v = np.float32(float(v)) if self.strict else float(v)
                elif t == "double":
                    v = float(v)
                else:
                    raise ValueError(f"dataType {t} not supported")
            env[name] = v
        return env

    def score(self, record):
        return self.evaluate(self.model, self.prepare(record))

    # -- expressions and predicates -----------------------------------------
    def predicate(self, el, env):
        kind = local(el)
        if kind == "True":
            return True
        if kind == "False":
            return False
        if kind != "SimplePredicate":
            raise ValueError(f"{kind} not supported")
        name, op, lit = el.get("field"), el.get("operator"), el.get("value")
        x = env[name]
        if op == "isMissing":
            return x is None
        if op == "isNotMissing":
            return x is not None
        if x is None:
            return None
        if isinstance(x, str):
            a, b = x, lit
        elif self.strict and self.types.get(name) == "float":
            a, b = np.float32(x), np.float32(float(lit))
        else:
            a, b = float(x), float(lit)
        return {"equal": a == b, "notEqual": a != b, "lessThan": a < b, "lessOrEqual": a <= b,
                "greaterThan": a > b, "greaterOrEqual": a >= b}[op]

    # -- models -------------------------------------------------------------
    def evaluate(self, model, env):
        env = dict(env)
        for df in model.findall("p:LocalTransformations/p:DerivedField", NS):
            env[df.get("name")] = eval_expr(df[0], env)
        fl = model.get("x-mathContext") == "float"
        kind = local(model)
        value, probs = {"RegressionModel": self.regression, "TreeModel": self.tree,
                        "MiningModel": self.mining, "NeuralNetwork": self.neural}[kind](model, env, fl)
        for t in model.findall("p:Targets/p:Target", NS):
            if set(t.attrib) - {"rescaleFactor", "rescaleConstant"}:
                raise ValueError(f"Target attributes {sorted(t.attrib)} not supported")
            factor, const = float(t.get("rescaleFactor", "1")), float(t.get("rescaleConstant", "0"))
            if value is not None:
                if fl:
                    value = np.float32(np.float32(value) * np.float32(factor) + np.float32(const))
                else:
                    value = value * factor + const
        return value, probs

    def regression(self, model, env, fl):
        cast = np.float32 if fl else float
        ys = []
        for t in model.findall("p:RegressionTable", NS):
            y = cast(float(t.get("intercept", "0")))
            for c in t:
                name, coef = c.get("name"), cast(float(c.get("coefficient")))
                if local(c) == "NumericPredictor":
                    if c.get("exponent", "1") != "1":
                        raise ValueError("exponent != 1")
                    y = cast(y + coef * cast(env[name]))
                elif local(c) == "CategoricalPredictor":
                    if env[name] == c.get("value"):
                        y = cast(y + coef)
                else:
                    raise ValueError(f"{local(c)} not supported")
            ys.append((t.get("targetCategory"), y))
        norm = model.get("normalizationMethod", "none")
        if model.get("functionName") == "regression":
            if norm != "none" or len(ys) != 1:
                raise ValueError("regression normalization not supported")
            return ys[0][1], None
        cats = [c for c, _ in ys]
        y = np.array([v for _, v in ys], dtype=np.float32 if fl else float)
        if norm == "softmax":
            e = np.exp(y - y.max())
            p = e / e.sum()
        elif norm == "logit" and len(ys) == 2:
            p0 = 1.0 / (1.0 + np.exp(-y[0]))
            p = np.array([p0, 1.0 - p0])
        else:
            raise ValueError(f"normalizationMethod {norm} with {len(ys)} tables not supported")
        probs = dict(zip(cats, p))
        return self.argmax(probs), probs

    def argmax(self, probs):
        order = self.classes or list(probs)
        return max(order, key=lambda c: (probs[c], -order.index(c)))

    def tree(self, model, env, fl):
        missing = model.get("missingValueStrategy", "none")
        no_true = model.get("noTrueChildStrategy", "returnNullPrediction")
        node = model.find("p:Node", NS)
        if self.predicate(first_predicate(node), env) is not True:
            return None, None
        while True:
            children = node.findall("p:Node", NS)
            if not children:
                break
            chosen = None
            for c in children:
                r = self.predicate(first_predicate(c), env)
                if r is None:
                    if missing == "nullPrediction":
                        return None, None
                    if missing == "none":
                        # PMML 4.4: a comparison with a missing value is FALSE;
                        # try the next child, then noTrueChildStrategy.
                        continue
                    raise ValueError(f"missingValueStrategy {missing} not supported")
                if r:
                    chosen = c
                    break
            if chosen is None:
                if no_true == "returnLastPrediction":
                    break
                return None, None
            node = chosen
        if model.get("functionName") == "regression":
            return (np.float32 if fl else float)(float(node.get("score"))), None
        dist = node.findall("p:ScoreDistribution", NS)
        counts = {d.get("value"): float(d.get("recordCount")) for d in dist}
        total = sum(counts.values())
        probs = {k: (float(d.get("probability")) if d.get("probability") else counts[k] / total)
                 for k, d in zip(counts, dist)}
        return node.get("score"), probs

    def mining(self, model, env, fl):
        seg = model.find("p:Segmentation", NS)
        method = seg.get("multipleModelMethod")
        env = dict(env)
        values, last = [], (None, None)
        for s in seg.findall("p:Segment", NS):
            if self.predicate(first_predicate(s), env) is not True:
                continue
            (sub,) = model_children(s)
            value, probs = self.evaluate(sub, env)
            if method == "modelChain":
                for of in sub.findall("p:Output/p:OutputField", NS):
                    feature = of.get("feature", "predictedValue")
                    if feature == "predictedValue":
                        env[of.get("name")] = value
                    elif feature == "probability":
                        env[of.get("name")] = probs[of.get("value")]
                    else:
                        raise ValueError(f"OutputField feature {feature} not supported")
                last = (value, probs)
            values.append(value)
        if method == "modelChain":
            return last
        if any(v is None for v in values):
            return None, None
        total = np.float32(0) if fl else 0.0
        for v in values:
            total = total + (np.float32(v) if fl else v)
        if method == "sum":
            return total, None
        if method == "average":
            return (np.float32(total / np.float32(len(values))) if fl else total / len(values)), None
        raise ValueError(f"multipleModelMethod {method} not supported")

    def neural(self, model, env, fl):
        acts = {"tanh": math.tanh, "identity": lambda z: z, "rectifier": lambda z: max(0.0, z),
                "logistic": lambda z: 1.0 / (1.0 + math.exp(-z))}
        values = {}
        for ni in model.findall("p:NeuralInputs/p:NeuralInput", NS):
            values[ni.get("id")] = float(eval_expr(ni.find("p:DerivedField", NS)[0], env))
        for layer in model.findall("p:NeuralLayer", NS):
            act = acts[layer.get("activationFunction", model.get("activationFunction"))]
            out = []
            for n in layer.findall("p:Neuron", NS):
                z = 0.0
                for con in n.findall("p:Con", NS):
                    z += float(con.get("weight")) * values[con.get("from")]
                out.append((n.get("id"), act(z + float(n.get("bias", "0")))))
            norm = layer.get("normalizationMethod", "none")
            if norm == "softmax":
                m = max(v for _, v in out)
                e = [(i, math.exp(v - m)) for i, v in out]
                s = sum(v for _, v in e)
                out = [(i, v / s) for i, v in e]
            elif norm != "none":
                raise ValueError(f"layer normalizationMethod {norm} not supported")
            values.update(out)
        probs = {}
        for no in model.findall("p:NeuralOutputs/p:NeuralOutput", NS):
            nd = no.find("p:DerivedField", NS)[0]
            if local(nd) != "NormDiscrete":
                raise ValueError(f"NeuralOutput {local(nd)} not supported")
            probs[nd.get("value")] = values[no.get("outputNeuron")]
        return self.argmax(probs), probs

    # -- a structural summary for the report ---------------------------------
    def describe(self, size):
        m = self.model
        lines = [f"{local(m)} functionName={m.get('functionName')} algorithmName={m.get('algorithmName')}"
                 + (f" x-mathContext={m.get('x-mathContext')}" if m.get("x-mathContext") else "")
                 + f"; {size:,} bytes"]

        def walk(el, depth):
            seg = el.find("p:Segmentation", NS)
            if seg is None:
                return
            segs = seg.findall("p:Segment", NS)
            kinds = sorted({local(model_children(s)[0]) for s in segs})
            preds = sorted({local(first_predicate(s)) for s in segs})
            lines.append("  " * depth + f"Segmentation {seg.get('multipleModelMethod')}: {len(segs)} segment(s) "
                         f"of {'/'.join(kinds)}, segment predicates {'/'.join(preds)}")
            for s in segs:
                sub = model_children(s)[0]
                if local(sub) == "MiningModel":
                    walk(sub, depth + 1)
                    break

        walk(m, 1)
        trees = list(self.root.iter(q("TreeModel")))
        if trees:
            attrs = sorted({(t.get("missingValueStrategy", "(none)"), t.get("noTrueChildStrategy", "(default)"))
                            for t in trees})
            ops = sorted({p.get("operator") for p in self.root.iter(q("SimplePredicate"))})
            lines.append(f"  {len(trees)} TreeModel(s), {sum(1 for _ in self.root.iter(q('Node')))} Node(s); "
                         f"missingValueStrategy/noTrueChildStrategy {attrs}; operators {ops}")
        targets = [t.attrib for t in self.root.iter(q("Target"))]
        if targets:
            lines.append(f"  {len(targets)} Target(s), e.g. {dict(targets[0])}")
        ctx = sorted({el.get("x-mathContext") for el in self.root.iter() if el.get("x-mathContext")})
        lines.append(f"  input dataTypes: {sorted({self.types[f] for f in self.inputs})}"
                     + (f"; x-mathContext {ctx}" if ctx else ""))
        for nn in self.root.iter(q("NeuralNetwork")):
            layers = nn.findall("p:NeuralLayer", NS)
            lines.append(f"  NeuralNetwork activationFunction={nn.get('activationFunction')}; layers: "
                         + ", ".join(f"{len(l.findall('p:Neuron', NS))} neurons"
                                     + (f" {l.get('activationFunction')}" if l.get("activationFunction") else "")
                                     + (f" {l.get('normalizationMethod')}" if l.get("normalizationMethod") else "")
                                     for l in layers)
                         + f"; outputs via {sorted({local(o.find('p:DerivedField', NS)[0]) for o in nn.iter(q('NeuralOutput'))})}")
        for rm in self.root.iter(q("RegressionModel")):
            preds = sorted({local(c) for t in rm.findall("p:RegressionTable", NS) for c in t})
            lines.append(f"  RegressionModel normalizationMethod={rm.get('normalizationMethod', '(none)')}, "
                         f"{len(rm.findall('p:RegressionTable', NS))} table(s), predictors {preds}")
        derived = list(self.root.iter(q("DerivedField")))
        named = [d.get("name") for d in derived if d.get("name")]
        if named:
            lines.append(f"  {len(named)} named DerivedField(s), e.g. {named[0]}")
        repl = [f.get("name") for f in self.mining_fields if f.get("missingValueReplacement") is not None]
        if repl:
            lines.append(f"  missingValueReplacement on {repl} "
                         f"(missingValueTreatment {sorted({f.get('missingValueTreatment') for f in self.mining_fields})})")
        return "\n    ".join(lines)


def examples_of(cells, features, classes):
    """The golden examples as (inputs, outputs) lists, whatever the cell's shape."""
    ex = cells["examples"]
    if "EXAMPLES" in ex:
        recs = ex["EXAMPLES"]
        ins = [[r[f] for f in features] for r in recs]
        if classes is None:
            outs = [[r["prediction"]] for r in recs]
        else:
            outs = [[r["label"]] + [r["probabilities"][c] for c in classes] for r in recs]
    else:
        check(ex["CLASSES"] == classes, "CLASSES != probability column order")
        ins = ex["EXAMPLE_INPUTS"]
        outs = [[lab] + p for lab, p in zip(ex["EXAMPLE_LABELS"], ex["EXAMPLE_PROBABILITIES"])]
    return ins, outs


def check_literal_eval(nb):
    """Every tagged assignment's value is accepted by ast.literal_eval."""
    for c in nb.cells:
        if c.cell_type == "code" and set(c.metadata.get("tags", [])) & set(TAGS):
            for stmt in ast.parse(c.source).body:
                try:
                    ast.literal_eval(stmt.value)
                except ValueError as e:
                    check(False, f"{c.id}: not accepted by ast.literal_eval: {e}")


def check_more_sample(name, has_scaling):
    folder = HERE / name
    print(f"== {name}")
    tags = TAGS if has_scaling else [t for t in TAGS if t != "scaling"]
    nb, cells, params = check_notebook(folder, tags)
    check_literal_eval(nb)
    features = cells["features"]["FEATURES"]
    path = folder / "model.pmml"
    ev, naive = Evaluator(path), Evaluator(path, strict_float=False)
    print("  PMML:", ev.describe(path.stat().st_size))
    check("<Timestamp>" not in ev.text, "PMML still has a <Timestamp>")
    check(path.stat().st_size < 3_000_000, "PMML larger than 3 MB")
    unused = [f for f in features if f not in ev.inputs]
    check([f for f in features if f in ev.inputs] == ev.inputs, "PMML active fields not in FEATURES order")
    if unused:
        print(f"  NOTE: FEATURES not used by the PMML (absent from its DataDictionary): {unused}")

    header, rows = read_rows(folder / "rows.csv")
    nfeat = len(features)
    check(header[:nfeat] == features, "rows.csv input columns != FEATURES")
    check(len(rows) >= 50, f"only {len(rows)} rows")
    check(all(len(r) == len(header) for r in rows), "ragged rows.csv")
    classes = ev.classes
    if classes is None:
        out_cols = ["prediction"]
    else:
        out_cols = ["label"] + [f"probability({c})" for c in classes]
        if "threshold" in params:
            out_cols.append("decision")
    check(header[nfeat:] == out_cols, f"output columns {header[nfeat:]} != {out_cols}")
    print(f"  rows.csv: {len(rows)} rows x {len(header)} columns: ... {header[nfeat:]}")

    records, row_inputs = [], []
    for r in rows:
        rec, vals = {}, []
        for f, cell in zip(features, r[:nfeat]):
            if cell == "":
                v = None
            elif ev.optypes.get(f) == "categorical":
                v = cell
            else:
                check(repr(float(cell)) == cell, f"input {cell!r} not written with repr()")
                v = float(cell)
            rec[f] = v
            vals.append(v)
        records.append(rec)
        row_inputs.append(vals)
    n_missing = sum(any(v is None for v in vals) for vals in row_inputs)
    if n_missing:
        print(f"  {n_missing} rows with missing inputs (empty cells); every input missing in "
              f"{sum(all(v is None for v in vals) for vals in row_inputs)} row(s)")
    for f, cats in ev.categories.items():
        if f in features:
            seen = {rec[f] for rec in records}
            check(set(cats) <= seen, f"{f}: categories {sorted(set(cats) - seen)} never appear in rows.csv")
            print(f"  {f}: all {len(cats)} categories {cats} appear in rows.csv")

    rel_tol, abs_floor = (FLOAT_REL_TOL, FLOAT_ABS_FLOOR) if ev.float_math else (REL_TOL, ABS_FLOOR)

    def near(a, b):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        err = np.abs(a - b)
        rel = err / np.maximum(np.maximum(np.abs(a), np.abs(b)), np.finfo(float).tiny)
        return bool(((rel <= rel_tol) | (err <= abs_floor)).all()), float(rel.max()), float(err.max())

    worst_rel, worst_abs, naive_diff = 0.0, 0.0, []
    for k, (rec, r) in enumerate(zip(records, rows)):
        for which, e in (("strict", ev), ("naive", naive)):
            value, probs = e.score(rec)
            if classes is None:
                got, want = [value], [float(r[nfeat])]
                label_ok = True
            else:
                got = [probs[c] for c in classes]
                want = [float(v) for v in r[nfeat + 1:nfeat + 1 + len(classes)]]
                label_ok = value == r[nfeat]
            ok, rel, err = near(got, want)
            if which == "strict":
                worst_rel, worst_abs = max(worst_rel, rel), max(worst_abs, err)
                check(ok and label_ok, f"row {k}: PMML gives {value!r} {got} but rows.csv has {r[nfeat:]}")
                if classes is not None and "threshold" in params:
                    p = probs[params["positive_class"]]
                    check(("true" if p >= params["threshold"] else "false") == r[-1],
                          f"row {k}: decision inconsistent with threshold")
            elif not (ok and label_ok):
                naive_diff.append(k)
    print(f"  PMML vs rows.csv: max rel err {worst_rel:.3g}, max abs err {worst_abs:.3g} "
          f"(tolerance rel {rel_tol:g} / abs {abs_floor:g})")
    if any(t == "float" for t in ev.types.values()):
        print(f"  comparing float fields in float64 instead of float32 changes {len(naive_diff)} row(s)"
              + (f": rows {naive_diff}" if naive_diff else ""))
    if "threshold" in params:
        dec = [r[-1] for r in rows]
        print(f"  decision: {dec.count('true')} true / {dec.count('false')} false; "
              f"{sum(d != ('true' if r[nfeat] == params['positive_class'] else 'false') for d, r in zip(dec, rows))}"
              " rows where decision != label")

    if has_scaling:
        sc = cells["scaling"]
        consts = {}
        for df in ev.root.iter(q("DerivedField")):
            m = re.fullmatch(r"standardScaler\((.*)\)", df.get("name") or "")
            if m:
                consts[m.group(1)] = [float(c.text) for c in df.iter(q("Constant"))]
        if "scaler_mean_" in sc:
            stats = {f: (m, s) for f, m, s in zip(features, sc["scaler_mean_"], sc["scaler_scale_"])}
        else:
            stats = {f: (v["mean"], v["std"]) for f, v in sc["SCALING"].items()}
        check(set(stats) == set(consts), f"scaled features {sorted(stats)} != PMML {sorted(consts)}")
        check(all(consts.get(f) == [m, s] for f, (m, s) in stats.items()),
              "PMML StandardScaler constants != scaling cell (exact)")
        print(f"  PMML StandardScaler constants == scaling cell for {list(stats)} (bit-exact)")

    ex_inputs, ex_outputs = examples_of(cells, features, classes)
    row_outputs = [([float(r[nfeat])] if classes is None else
                    [r[nfeat]] + [float(v) for v in r[nfeat + 1:nfeat + 1 + len(classes)]]) for r in rows]
    before = len(failures)
    for k, (xin, xout) in enumerate(zip(ex_inputs, ex_outputs)):
        if check(xin in row_inputs, f"example {k} inputs not found in rows.csv"):
            j = row_inputs.index(xin)
            check(row_outputs[j] == xout, f"example {k} outputs differ from rows.csv row {j}")
    if len(failures) == before:
        print(f"  {len(ex_inputs)} golden examples found in rows.csv with identical outputs")


# --------------------------------------------------------------------------
# The six samples made by make_native_samples.py: native XGBoost / LightGBM files
# --------------------------------------------------------------------------

# sample folder -> (runtime, model file)
NATIVE_SAMPLES = {
    "wine-xgboost-json": ("xgboost", "model.json"),
    "breast-cancer-xgboost-ubj": ("xgboost", "model.ubj"),
    "diabetes-xgboost-json": ("xgboost", "model.json"),
    "diabetes-lightgbm-text": ("lightgbm", "model.txt"),
    "iris-lightgbm-text": ("lightgbm", "model.txt"),
    "breast-cancer-lightgbm-text": ("lightgbm", "model.txt"),
}
NATIVE_TAGS = ["parameters", "features", "examples"]
NATIVE_MAX_ROWS = 400


def read_ubjson(data):
    """Decode Universal Binary JSON (draft 12, as XGBoost writes it: big-endian
    numbers, optimized containers with `$type` and `#count`).  `d` (float32)
    values are returned as np.float32, so nothing is rounded."""
    pos = 0
    fixed = {"i": ">b", "U": ">B", "I": ">h", "l": ">i", "L": ">q", "d": ">f", "D": ">d"}

    def value(marker=None):
        nonlocal pos
        if marker is None:
            marker = chr(data[pos])
            pos += 1
        if marker in fixed:
            fmt = fixed[marker]
            size = struct.calcsize(fmt)
            (v,) = struct.unpack_from(fmt, data, pos)
            pos += size
            return np.float32(v) if marker == "d" else v
        if marker in "SH":
            n = value()
            s = data[pos:pos + n].decode("utf-8")
            pos += n
            return s
        if marker == "C":
            pos += 1
            return chr(data[pos - 1])
        if marker in "TFZ":
            return {"T": True, "F": False, "Z": None}[marker]
        if marker in "[{":
            obj = marker == "{"
            typ = count = None
            if chr(data[pos]) == "$":
                typ, pos = chr(data[pos + 1]), pos + 2
            if chr(data[pos]) == "#":
                pos += 1
                count = value()
            out = {} if obj else []
            end = "}" if obj else "]"
            k = 0
            while (k < count) if count is not None else (chr(data[pos]) != end):
                if obj:
                    key = value("S")
                    out[key] = value(typ)
                else:
                    out.append(value(typ))
                k += 1
            if count is None:
                pos += 1
            return out
        raise ValueError(f"UBJSON marker {marker!r} at byte {pos - 1} not supported")

    doc = value()
    if pos != len(data):
        raise ValueError(f"{len(data) - pos} trailing bytes after the UBJSON document")
    return doc


def same_document(a, b):
    """a (from UBJSON, float32 as np.float32) equals b (from JSON, float32 as its shortest decimal)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_document(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_document(x, y) for x, y in zip(a, b))
    if isinstance(a, np.float32):
        return isinstance(b, (int, float)) and np.float32(b) == a
    return type(a) is type(b) and a == b


try:
    _libm = ctypes.CDLL(ctypes.util.find_library("m"))
    _libm.expf.restype, _libm.expf.argtypes = ctypes.c_float, [ctypes.c_float]
    _libm.logf.restype, _libm.logf.argtypes = ctypes.c_float, [ctypes.c_float]

    def expf(x):
        return np.float32(_libm.expf(float(x)))

    def logf(x):
        return np.float32(_libm.logf(float(x)))

    LIBM = True  # the C library's expf/logf, as XGBoost and LightGBM call them
except (OSError, AttributeError, TypeError):  # no C library: numpy's float32 functions
    def expf(x):
        return np.exp(np.float32(x))

    def logf(x):
        return np.log(np.float32(x))

    LIBM = False


class XGBoostModel:
    """An independent evaluator of an XGBoost 3 JSON/UBJSON model document
    (gbtree, numerical splits): float32 inputs, `x < split` goes left, a
    missing value follows default_left; per output group the float32 sum of
    base margin and leaf values, in tree order; then the objective's
    transformation (float32: sigmoid, softmax with a double sum)."""

    def __init__(self, doc):
        learner = doc["learner"]
        self.features = learner["feature_names"]
        self.objective = learner["objective"]["name"]
        param = learner["learner_model_param"]
        self.base_score_text = param["base_score"]
        base = [np.float32(float(v)) for v in param["base_score"].strip("[]").split(",")]
        self.n_class = int(param["num_class"])
        model = learner["gradient_booster"]["model"]
        self.trees = model["trees"]
        self.groups = [int(g) for g in model["tree_info"]]
        if self.objective == "binary:logistic":
            # base_score is a probability; the margin is its logit, in float32
            self.base = [np.float32(-logf(np.float32(1) / base[0] - np.float32(1)))]
        elif self.objective in ("multi:softprob", "reg:squarederror"):
            self.base = base  # already a margin
        else:
            raise ValueError(f"objective {self.objective} not supported")
        self.n_out = max(self.n_class, 1)
        if len(self.base) == 1 and self.n_out > 1:
            self.base = self.base * self.n_out
        for t in self.trees:
            if any(st != 0 for st in t["split_type"]):
                raise ValueError("categorical splits not supported")

    def leaf(self, tree, x):
        node = 0
        left, right = tree["left_children"], tree["right_children"]
        while left[node] != -1:
            v = x[int(tree["split_indices"][node])]
            if math.isnan(v):
                node = left[node] if tree["default_left"][node] else right[node]
            else:
                node = left[node] if v < np.float32(tree["split_conditions"][node]) else right[node]
        return np.float32(tree["split_conditions"][node])

    def margins(self, row):
        x = [np.float32(v) for v in row]  # NaN stays NaN
        out = list(self.base)
        for tree, g in zip(self.trees, self.groups):
            out[g] = np.float32(out[g] + self.leaf(tree, x))
        return out

    def predict(self, row):
        m = self.margins(row)
        if self.objective == "reg:squarederror":
            return [m[0]]
        if self.objective == "binary:logistic":
            p = np.float32(np.float32(1) / np.float32(expf(-m[0]) + np.float32(1)))
            return [np.float32(np.float32(1) - p), p]
        top = max(m)
        e = [expf(np.float32(v - top)) for v in m]
        total = np.float32(sum(float(v) for v in e))
        return [np.float32(v / total) for v in e]

    def describe(self):
        splits = [(t, n) for t in self.trees for n, c in enumerate(t["left_children"]) if c != -1]
        left = sum(t["default_left"][n] for t, n in splits)
        single = sum(1 for t in self.trees if t["left_children"][0] == -1)
        return (f"objective {self.objective}, num_class {self.n_class}, {len(self.trees)} trees "
                f"({single} single-leaf), {len(splits)} splits (default_left on {left}), "
                f"base_score {self.base_score_text!r}")


def read_lightgbm_text(text):
    header, trees, current = {}, [], None
    for line in text.splitlines():
        if line == "end of trees":
            break
        if line.startswith("Tree="):
            current = {}
            trees.append(current)
        elif "=" in line:
            k, v = line.split("=", 1)
            (header if current is None else current)[k] = v
    return header, trees


class LightGBMModel:
    """An independent evaluator of a LightGBM v4 text model (numerical splits):
    decision_type bit 1 = default left, bits 2-3 = missing type (0 None,
    1 Zero, 2 NaN).  A NaN input is 0.0 unless the missing type is NaN; a
    missing input (NaN for type NaN, |x| <= kZeroThreshold for type Zero) takes
    the default direction, otherwise `x <= threshold` goes left.  Leaf values
    are summed in double, per class, in tree order; then sigmoid or softmax."""

    K_ZERO = float(np.float32(1e-35))  # kZeroThreshold = 1e-35f, held in a double

    def __init__(self, text):
        self.header, raw = read_lightgbm_text(text)
        h = self.header
        self.features = h["feature_names"].split()
        self.n_class = int(h["num_class"])
        self.per_round = int(h["num_tree_per_iteration"])
        self.objective = h["objective"].split()
        self.trees = []
        for t in raw:
            tree = {"leaf_value": [float(v) for v in t["leaf_value"].split()]}
            if int(t["num_leaves"]) > 1:
                if int(t.get("num_cat", "0")):
                    raise ValueError("categorical splits not supported")
                tree["split_feature"] = [int(v) for v in t["split_feature"].split()]
                tree["threshold"] = [float(v) for v in t["threshold"].split()]
                tree["decision_type"] = [int(v) for v in t["decision_type"].split()]
                tree["left_child"] = [int(v) for v in t["left_child"].split()]
                tree["right_child"] = [int(v) for v in t["right_child"].split()]
            if t.get("is_linear", "0") != "0":
                raise ValueError("linear trees not supported")
            self.trees.append(tree)

    def leaf(self, tree, x):
        if "split_feature" not in tree:
            return tree["leaf_value"][0]
        node = 0
        while node >= 0:
            v = x[tree["split_feature"][node]]
            dt = tree["decision_type"][node]
            missing = (dt >> 2) & 3
            if math.isnan(v) and missing != 2:
                v = 0.0
            if (missing == 1 and -self.K_ZERO <= v <= self.K_ZERO) or (missing == 2 and math.isnan(v)):
                go_left = bool(dt & 2)
            else:
                go_left = v <= tree["threshold"][node]
            node = tree["left_child"][node] if go_left else tree["right_child"][node]
        return tree["leaf_value"][~node]

    def predict(self, row):
        sums = [0.0] * self.per_round
        for k, tree in enumerate(self.trees):
            sums[k % self.per_round] += self.leaf(tree, row)
        kind = self.objective[0]
        if kind == "regression":
            return sums
        if kind == "binary":
            sigmoid = float(dict(o.split(":") for o in self.objective[1:]).get("sigmoid", 1))
            p = 1.0 / (1.0 + math.exp(-sigmoid * sums[0]))
            return [1.0 - p, p]
        if kind == "multiclass":
            top = max(sums)
            e = [math.exp(s - top) for s in sums]
            total = sum(e)
            return [v / total for v in e]
        raise ValueError(f"objective {kind} not supported")

    def describe(self):
        types = {}
        for t in self.trees:
            for d in t.get("decision_type", []):
                types[d] = types.get(d, 0) + 1
        return (f"objective {' '.join(self.objective)}, {len(self.trees)} trees "
                f"({self.per_round} per round), {sum(types.values())} splits, decision_type counts "
                f"{dict(sorted(types.items()))}")


def check_native_sample(name, runtime, filename):
    folder = HERE / name
    print(f"== {name}")
    nb, cells, params = check_notebook(folder, NATIVE_TAGS)
    check_literal_eval(nb)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    check("sklearn2pmml" not in source and "pmml" not in source.lower(), "notebook mentions PMML")
    check(f'save_model("{filename}")' in source, f"notebook does not save {filename}")
    check(f'model_file="{filename}"' in source, f"notebook does not load {filename} back")
    check(sorted(p.name for p in folder.iterdir()) == sorted(["notebook.ipynb", "rows.csv", filename]),
          f"unexpected files in {name}/")
    features = cells["features"]["FEATURES"]
    path = folder / filename
    raw = path.read_bytes()

    if runtime == "xgboost":
        import xgboost
        booster = xgboost.Booster(model_file=str(path))
        via_runtime = json.loads(booster.save_raw("json"))
        if filename.endswith(".ubj"):
            doc = read_ubjson(raw)
            check(same_document(doc, via_runtime), "UBJSON document != the runtime's JSON of it")
            print("  model.ubj decoded by read_ubjson(): equal to xgboost's own JSON of it (float32 exact)")
        else:
            doc = json.loads(raw)
            check(doc == via_runtime, "model.json != the runtime's JSON of it")
        model = XGBoostModel(doc)
        n_out = model.n_class
        classes = [str(k) for k in range(2 if model.objective == "binary:logistic" else n_out)] \
            if model.objective != "reg:squarederror" else None
    else:
        import lightgbm
        booster = lightgbm.Booster(model_file=str(path))
        model = LightGBMModel(raw.decode("utf-8"))
        classes = None
        if model.objective[0] == "binary":
            classes = ["0", "1"]
        elif model.objective[0] == "multiclass":
            classes = [str(k) for k in range(model.n_class)]
    print(f"  {filename} ({len(raw):,} bytes): {model.describe()}")
    check(model.features == features, f"feature names in {filename} != FEATURES")

    header, rows = read_rows(folder / "rows.csv")
    nfeat = len(features)
    out_cols = ["prediction"] if classes is None else ["label"] + [f"probability({c})" for c in classes]
    check(header == features + out_cols, f"rows.csv header != FEATURES + {out_cols}")
    check(50 <= len(rows) <= NATIVE_MAX_ROWS, f"{len(rows)} rows (want 50..{NATIVE_MAX_ROWS})")
    check(all(len(r) == len(header) for r in rows), "ragged rows.csv")
    check(all(c == "" or repr(float(c)) == c for r in rows for c in r[:nfeat]), "input not written with repr()")
    check(all(repr(float(c)) == c for r in rows for c in r[nfeat + (classes is not None):]),
          "output not written with repr()")
    X = np.array([[float(c) if c else np.nan for c in r[:nfeat]] for r in rows])
    n_missing = int(np.isnan(X).any(axis=1).sum())
    print(f"  rows.csv: {len(rows)} rows x {len(header)} columns: ... {header[nfeat:]}; "
          f"{n_missing} with missing inputs")

    # 1. the runtime, from the file on disk: every row reproduces exactly
    if runtime == "xgboost":
        X32 = X.astype(np.float32)
        got = booster.predict(xgboost.DMatrix(X32, missing=np.nan, feature_names=features))
        if model.objective == "binary:logistic":
            got = np.column_stack([1 - got, got])
        got = got.reshape(len(rows), -1)
        check(got.dtype == np.float32, f"xgboost output dtype {got.dtype}")
    else:
        got = booster.predict(X)
        if classes == ["0", "1"]:
            got = np.column_stack([1 - got, got])
        got = got.reshape(len(rows), -1)
    want = np.array([[float(c) for c in r[nfeat + (classes is not None):]] for r in rows])
    exact = np.array_equal(got.astype(np.float64), want)
    labels_ok = classes is None or [classes[k] for k in got.argmax(axis=1)] == [r[nfeat] for r in rows]
    check(exact and labels_ok, f"{runtime} (from {filename}) does not reproduce rows.csv exactly")
    if exact and labels_ok:
        print(f"  {runtime} {getattr(sys.modules[runtime], '__version__', '?')} Booster(model_file="
              f"{filename!r}) reproduces all {len(rows)} rows exactly"
              + (" (labels = argmax)" if classes else ""))

    # 2. the independent evaluator above (informational bound, exact count)
    n_exact, worst = 0, 0.0
    for x, w in zip(X.tolist(), want):
        p = np.array([float(v) for v in model.predict(x)])
        n_exact += bool(np.array_equal(p, w))
        denom = np.maximum(np.abs(w), np.finfo(float).tiny)
        worst = max(worst, float((np.abs(p - w) / denom).max()))
    if LIBM:  # same libm as the runtimes: every row is bit-identical
        check(n_exact == len(rows), f"independent evaluator: {len(rows) - n_exact} rows not bit-identical")
    else:
        tol = 1e-5 if runtime == "xgboost" else 1e-12
        check(worst <= tol, f"independent evaluator differs by {worst:.3g} relative (> {tol:g})")
    print(f"  independent evaluator: {n_exact} of {len(rows)} rows bit-identical, "
          f"max rel err {worst:.3g}")

    # 3. golden examples are rows of rows.csv with the same outputs
    ex_inputs, ex_outputs = examples_of(cells, features, classes)
    row_inputs = [[None if c == "" else float(c) for c in r[:nfeat]] for r in rows]
    row_outputs = [([float(r[nfeat])] if classes is None else
                    [r[nfeat]] + [float(v) for v in r[nfeat + 1:]]) for r in rows]
    before = len(failures)
    for k, (xin, xout) in enumerate(zip(ex_inputs, ex_outputs)):
        if check(xin in row_inputs, f"example {k} inputs not found in rows.csv"):
            j = row_inputs.index(xin)
            check(row_outputs[j] == xout, f"example {k} outputs differ from rows.csv row {j}")
    if classes is not None:
        keys = {tuple(e["probabilities"]) for e in cells["examples"]["EXAMPLES"]}
        check(keys == {tuple(classes)}, f"example probability keys {keys} != {classes}")
    if len(failures) == before:
        print(f"  {len(ex_inputs)} golden examples found in rows.csv with identical outputs")


# --------------------------------------------------------------------------
# ONNX samples (make_onnx_samples.py): model.onnx, scored by onnxruntime
# --------------------------------------------------------------------------

ONNX_SAMPLES = {
    "diabetes-random-forest-onnx": "TreeEnsembleRegressor",
    "iris-random-forest-onnx": "TreeEnsembleClassifier",
}


class OnnxTreeEnsemble:
    """An independent evaluator of the ai.onnx.ml TreeEnsembleRegressor / TreeEnsembleClassifier node that
    skl2onnx writes for a scikit-learn forest, with onnxruntime's one-thread arithmetic, all in float32:
      * the input is rounded to float32; a BRANCH_LEQ node goes to its true node when x <= nodes_values (float32),
        or when x is NaN and nodes_missing_value_tracks_true is 1, else to its false node (NaN fails the test);
      * aggregate_function SUM (absent): the leaf weights (target_/class_weights, already divided by the number of
        trees) are added in float32, tree by tree in tree order, from 0; then base_values, if any;
      * post_transform NONE; a classifier's label is the first class with the largest score.
    Only what these two samples need: anything else is refused."""

    def __init__(self, model):
        from onnx import helper
        (node,) = [n for n in model.graph.node if n.op_type.startswith("TreeEnsemble")]
        check(node.domain == "ai.onnx.ml", f"{node.op_type} in domain {node.domain!r}")
        a = {x.name: helper.get_attribute_value(x) for x in node.attribute}
        self.op = node.op_type
        for name, want in (("post_transform", b"NONE"), ("aggregate_function", b"SUM")):
            if a.get(name, want) != want:
                raise ValueError(f"{name} {a[name]!r} is not evaluated here")
        if any(k.endswith("_as_tensor") for k in a):
            raise ValueError("double (*_as_tensor) attributes are not evaluated here")
        if set(a["nodes_modes"]) - {b"BRANCH_LEQ", b"LEAF"}:
            raise ValueError(f"node modes {sorted(set(a['nodes_modes']))}")
        prefix = "target" if self.op == "TreeEnsembleRegressor" else "class"
        self.modes = [m == b"LEAF" for m in a["nodes_modes"]]
        self.feats = list(a["nodes_featureids"])
        self.values = np.array(a["nodes_values"], dtype=np.float32)
        self.tracks = list(a.get("nodes_missing_value_tracks_true", [0] * len(self.modes)))
        self.true_ids, self.false_ids = list(a["nodes_truenodeids"]), list(a["nodes_falsenodeids"])
        self.index = {(t, n): i for i, (t, n) in enumerate(zip(a["nodes_treeids"], a["nodes_nodeids"]))}
        self.trees = list(dict.fromkeys(a["nodes_treeids"]))
        self.weights = {}
        for t, n, c, w in zip(a[f"{prefix}_treeids"], a[f"{prefix}_nodeids"], a[f"{prefix}_ids"],
                              a[f"{prefix}_weights"]):
            self.weights.setdefault(self.index[(t, n)], []).append((int(c), np.float32(w)))
        self.base = [np.float32(b) for b in a.get("base_values", [])]
        self.labels = [int(x) for x in a.get("classlabels_int64s", [])]
        self.n_out = len(self.labels) if self.labels else int(a.get("n_targets", 1))
        if self.labels and self.n_out == 2:
            raise ValueError("the binary case is not evaluated here")
        self.n_nodes = len(self.modes)

    def predict(self, x):
        x = [np.float32(v) for v in x]
        s, has = [np.float32(0)] * self.n_out, [False] * self.n_out
        for tree in self.trees:
            i = self.index[(tree, 0)]
            while not self.modes[i]:
                v = x[self.feats[i]]
                go = v <= self.values[i] or (self.tracks[i] and math.isnan(v))
                i = self.index[(tree, self.true_ids[i] if go else self.false_ids[i])]
            for c, w in self.weights[i]:
                s[c] = np.float32(s[c] + w)
                has[c] = True
        for c, b in enumerate(self.base):
            s[c] = np.float32(s[c] + b)
        if not self.labels:
            return s
        best = max(range(self.n_out), key=lambda c: (has[c], s[c], -c))
        return [self.labels[best]] + s

    def describe(self):
        return (f"{self.op}, {len(self.trees)} trees, {self.n_nodes} nodes "
                f"({self.modes.count(False)} BRANCH_LEQ, {sum(self.tracks)} tracking NaN), "
                f"base_values {[float(b) for b in self.base]}")


def check_onnx_sample(name, op_type):
    import onnx
    import onnxruntime as ort

    folder = HERE / name
    print(f"== {name}")
    nb, cells, params = check_notebook(folder, NATIVE_TAGS)
    check_literal_eval(nb)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    check("sklearn2pmml" not in source and "pmml" not in source.lower(), "notebook mentions PMML")
    check("to_onnx(model," in source and 'open("model.onnx", "wb")' in source, "notebook does not export model.onnx")
    check('InferenceSession("model.onnx"' in source and "so.intra_op_num_threads = 1" in source,
          "notebook does not load model.onnx back on one thread")
    check(sorted(p.name for p in folder.iterdir()) == ["model.onnx", "notebook.ipynb", "rows.csv"],
          f"unexpected files in {name}/")
    features = cells["features"]["FEATURES"]
    raw = (folder / "model.onnx").read_bytes()
    model = onnx.load_from_string(raw)
    onnx.checker.check_model(model)
    (inp,) = model.graph.input
    dims = [d.dim_value if d.HasField("dim_value") else None for d in inp.type.tensor_type.shape.dim]
    check(inp.type.tensor_type.elem_type == onnx.TensorProto.FLOAT and dims == [None, len(features)],
          f"model.onnx input {inp.name}: not float32 [N, {len(features)}]")
    check([n.op_type for n in model.graph.node] == [op_type], f"model.onnx nodes {[n.op_type for n in model.graph.node]}")
    evaluator = OnnxTreeEnsemble(model)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    print(f"  model.onnx ({len(raw):,} bytes, ir {model.ir_version}, {model.producer_name} {model.producer_version}, "
          f"opset_import {opsets}): input {inp.name!r} float32 [N, {len(features)}]; {evaluator.describe()}")

    classifier = op_type == "TreeEnsembleClassifier"
    classes = [str(c) for c in evaluator.labels] if classifier else None
    header, rows = read_rows(folder / "rows.csv")
    nfeat = len(features)
    out_cols = ["prediction"] if classes is None else ["label"] + [f"probability({c})" for c in classes]
    check(header == features + out_cols, f"rows.csv header != FEATURES + {out_cols}")
    check(50 <= len(rows) <= NATIVE_MAX_ROWS, f"{len(rows)} rows (want 50..{NATIVE_MAX_ROWS})")
    check(all(len(r) == len(header) for r in rows), "ragged rows.csv")
    check(all(c == "" or repr(float(c)) == c for r in rows for c in r[:nfeat]), "input not written with repr()")
    first_out = nfeat + (classes is not None)
    check(all(repr(float(c)) == c and float(np.float32(c)) == float(c) for r in rows for c in r[first_out:]),
          "output not a float32 written with repr()")
    X = np.array([[float(c) if c else np.nan for c in r[:nfeat]] for r in rows])
    n_missing = int(np.isnan(X).any(axis=1).sum())
    print(f"  rows.csv: {len(rows)} rows x {len(header)} columns: ... {header[nfeat:]}; "
          f"{n_missing} with missing inputs")

    # 1. onnxruntime, one thread, from the file on disk: every row exactly (output strings compared)
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(raw, so, providers=["CPUExecutionProvider"])
    outs = sess.run(None, {sess.get_inputs()[0].name: X.astype(np.float32)})
    if classifier:
        got = [[str(int(k))] + [repr(float(p)) for p in ps] for k, ps in zip(outs[0], outs[1])]
    else:
        got = [[repr(float(v))] for v in outs[0][:, 0]]
    check(got == [r[nfeat:] for r in rows], "onnxruntime (one thread, from model.onnx) does not reproduce rows.csv")
    if got == [r[nfeat:] for r in rows]:
        print(f"  onnxruntime {ort.__version__} (one thread) reproduces all {len(rows)} rows exactly")

    # 2. the independent evaluator above: bit-identical on every row
    mine = []
    for x in X.tolist():
        p = evaluator.predict(x)
        mine.append([str(p[0])] + [repr(float(v)) for v in p[1:]] if classifier else [repr(float(p[0]))])
    n_exact = sum(a == r[nfeat:] for a, r in zip(mine, rows))
    check(n_exact == len(rows), f"independent evaluator: {len(rows) - n_exact} rows not bit-identical")
    print(f"  independent evaluator (float32, tree order): {n_exact} of {len(rows)} rows bit-identical")

    # 3. golden examples are rows of rows.csv with the same outputs
    ex_inputs, ex_outputs = examples_of(cells, features, classes)
    row_inputs = [[None if c == "" else float(c) for c in r[:nfeat]] for r in rows]
    row_outputs = [([float(r[nfeat])] if classes is None else
                    [r[nfeat]] + [float(v) for v in r[nfeat + 1:]]) for r in rows]
    before = len(failures)
    for k, (xin, xout) in enumerate(zip(ex_inputs, ex_outputs)):
        if check(xin in row_inputs, f"example {k} inputs not found in rows.csv"):
            j = row_inputs.index(xin)
            check(row_outputs[j] == xout, f"example {k} outputs differ from rows.csv row {j}")
    if classes is not None:
        keys = {tuple(e["probabilities"]) for e in cells["examples"]["EXAMPLES"]}
        check(keys == {tuple(classes)}, f"example probability keys {keys} != {classes}")
    if len(failures) == before:
        print(f"  {len(ex_inputs)} golden examples found in rows.csv with identical outputs")


def main():
    for s in SAMPLES:
        check_sample(s)
    for s, has_scaling in MORE_SAMPLES.items():
        check_more_sample(s, has_scaling)
    for s, (runtime, filename) in NATIVE_SAMPLES.items():
        check_native_sample(s, runtime, filename)
    for s, op_type in ONNX_SAMPLES.items():
        check_onnx_sample(s, op_type)
    print()
    if failures:
        print(f"{len(failures)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
