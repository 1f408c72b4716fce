#!/usr/bin/env python3
"""Independent checks of the notebook zoo (no scikit-learn, no sklearn2pmml).

    /work/venv/bin/python Samples/zoo/check_zoo.py [case ...]

For every case folder:
  * notebook.ipynb validates (nbformat 4.5), every code cell ran in order,
    no error or stderr output, cell ids cell-01..., the tagged cells parse
    with `ast`; papermill cases have an injected-parameters cell;
  * expected.json has a valid outcome / diagnostic;
  * rows.csv has >= 100 rows and is scored with the small PMML evaluator of
    Samples/check_samples.py (xml.etree + numpy), extended here to honour
    dataType="float" on derived fields.  For the cases whose model was fit
    on scaled data (scaler outside the exported model), the raw inputs are
    first scaled with the constants parsed (ast, never executed) from the
    notebook's scaling cell, so this also checks that those constants are
    what makes the PMML reproduce rows.csv.
Exit status 0 when everything passes.
"""

import ast
import csv
import json
import math
import sys

sys.dont_write_bytecode = True  # leave no __pycache__ next to the samples
from pathlib import Path

import nbformat
import numpy as np

ZOO = Path(__file__).resolve().parent
sys.path.insert(0, str(ZOO.parent))

import check_samples as cs  # noqa: E402

REFUSALS = {"spec.scaling-ambiguous", "spec.example-mismatch", "spec.scaling-mismatch",
            "spec.scaling-needs-features"}


class Evaluator(cs.Evaluator):
    """check_samples.Evaluator + float32 derived fields, Target@field,
    classification MiningModel "average" (RandomForestClassifier) and
    regression NeuralNetwork outputs (FieldRef)."""

    def evaluate(self, model, env):
        env = dict(env)
        for df in model.findall("p:LocalTransformations/p:DerivedField", cs.NS):
            v = cs.eval_expr(df[0], env)
            if df.get("dataType") == "float":
                self.types[df.get("name")] = "float"
                if self.strict:
                    v = np.float32(v)
            env[df.get("name")] = v
        fl = model.get("x-mathContext") == "float"
        kind = cs.local(model)
        value, probs = {"RegressionModel": self.regression, "TreeModel": self.tree,
                        "MiningModel": self.mining, "NeuralNetwork": self.neural}[kind](model, env, fl)
        for t in model.findall("p:Targets/p:Target", cs.NS):
            if set(t.attrib) - {"field", "rescaleFactor", "rescaleConstant"}:
                raise ValueError(f"Target attributes {sorted(t.attrib)} not supported")
            factor, const = float(t.get("rescaleFactor", "1")), float(t.get("rescaleConstant", "0"))
            if value is not None:
                if fl:
                    value = np.float32(np.float32(value) * np.float32(factor) + np.float32(const))
                else:
                    value = value * factor + const
        return value, probs

    def mining(self, model, env, fl):
        seg = model.find("p:Segmentation", cs.NS)
        if model.get("functionName") == "classification" and seg.get("multipleModelMethod") == "average":
            total, n = {}, 0
            for s in seg.findall("p:Segment", cs.NS):
                if self.predicate(cs.first_predicate(s), env) is not True:
                    continue
                (sub,) = cs.model_children(s)
                _, probs = self.evaluate(sub, env)
                for k, p in probs.items():
                    total[k] = total.get(k, 0.0) + p
                n += 1
            probs = {k: v / n for k, v in total.items()}
            return self.argmax(probs), probs
        return super().mining(model, env, fl)

    def neural(self, model, env, fl):
        if model.get("functionName") != "regression":
            return super().neural(model, env, fl)
        # Same forward pass as the parent, reading the output neuron's value.
        outs = model.findall("p:NeuralOutputs/p:NeuralOutput", cs.NS)
        (out,) = outs
        df = out.find("p:DerivedField", cs.NS)[0]
        if cs.local(df) != "FieldRef":
            raise ValueError("regression NeuralOutput must be a FieldRef")
        acts = {"tanh": math.tanh, "identity": lambda z: z, "rectifier": lambda z: max(0.0, z),
                "logistic": lambda z: 1.0 / (1.0 + math.exp(-z))}
        values = {}
        for ni in model.findall("p:NeuralInputs/p:NeuralInput", cs.NS):
            values[ni.get("id")] = float(cs.eval_expr(ni.find("p:DerivedField", cs.NS)[0], env))
        for layer in model.findall("p:NeuralLayer", cs.NS):
            act = acts[layer.get("activationFunction", model.get("activationFunction"))]
            for n in layer.findall("p:Neuron", cs.NS):
                z = sum(float(c.get("weight")) * values[c.get("from")] for c in n.findall("p:Con", cs.NS))
                values[n.get("id")] = act(z + float(n.get("bias", "0")))
        return values[out.get("outputNeuron")], None


# --------------------------------------------------------------------------
# Scaling constants of the cases whose PMML takes scaled inputs
# --------------------------------------------------------------------------

def literal(node):
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "array":
        return literal(node.args[0])
    return ast.literal_eval(node)


def assignments(source):
    out = {}
    for stmt in ast.parse(source).body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                out[stmt.targets[0].id] = literal(stmt.value)
            except ValueError:
                pass  # e.g. features = list(X.columns)
    return out


def by_name(features, mean, std):
    return {f: (float(mean[i]), float(std[i])) for i, f in enumerate(features)}


OUTSIDE = {
    # case id -> function(constants of the scaling cell, raw feature names) -> {feature: (shift, scale)}
    "bc-logreg-outside-raw-examples": lambda c, f: {k: (c["NORMALIZATION"]["mean"][k], c["NORMALIZATION"]["std"][k]) for k in f},
    "bc-logreg-outside-ambiguous": lambda c, f: by_name(f, c["MU"], c["SIGMA"]),
    "bc-tree-outside-marker": lambda c, f: {k: (m, s) for k, m, s in c["SCALER"]},
    "iris-mlp-outside-numpy": lambda c, f: {k: (c["train_means"][k], c["train_stds"][k]) for k in f},
    "wine-logreg-outside-marker-variance": lambda c, f: {k: (c["FEATURE_MEAN"][k], math.sqrt(c["FEATURE_VARIANCE"][k])) for k in f},
    "wine-logreg-outside-ambiguous": lambda c, f: by_name(f, c["means"], c["stds"]),
    "wine-gbc-outside-examples-marker": lambda c, f: {k: (c["scaler_mean"][k], c["scaler_std"][k]) for k in f},
    "diabetes-ridge-outside-examples": lambda c, f: by_name(f, c["mu"], c["sd"]),
    "diabetes-linear-outside-marker": lambda c, f: {k: tuple(c["NORMALISE"][k]) for k in f},
    "diabetes-tree-outside-ambiguous": lambda c, f: by_name(f, c["scaling"]["mean"], c["scaling"]["std"]),
    "sensor-robust-outside-mlp": lambda c, f: {k: (c["center_"][k], c["scale_"][k]) for k in f},
}


# --------------------------------------------------------------------------

def fail(errors, case, msg):
    errors.append(f"{case}: {msg}")


def check_notebook(case, folder, errors):
    nb = nbformat.read(str(folder / "notebook.ipynb"), as_version=4)
    nbformat.validate(nb)
    if (nb.nbformat, nb.nbformat_minor) != (4, 5):
        fail(errors, case, "not nbformat 4.5")
    tagged = {}
    count = 0
    for i, cell in enumerate(nb.cells, start=1):
        if cell.id != f"cell-{i:02d}":
            fail(errors, case, f"cell id {cell.id}")
        if cell.cell_type != "code":
            continue
        count += 1
        if cell.execution_count != count:
            fail(errors, case, f"{cell.id} execution_count {cell.execution_count}")
        for out in cell.outputs:
            if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr"):
                fail(errors, case, f"{cell.id} has {out.output_type} output")
        for tag in cell.metadata.get("tags", []):
            ast.parse(cell.source)
            tagged.setdefault(tag, []).append(cell.source)
    if "parameters" not in tagged:
        fail(errors, case, "no parameters cell")
    if "sklearn2pmml(" not in nb.cells[-1].source:
        fail(errors, case, "last cell does not export")
    return nb, tagged


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def tolerance(ev):
    text = ev.text
    if ev.float_math or "XGBoost" in text or 'dataType="float"' in text:
        return 1e-5, 1e-7
    return 1e-9, 1e-12


def check_rows(case, folder, tagged, expected, errors):
    header, rows = read_rows(folder / "rows.csv")
    if len(rows) < 100:
        fail(errors, case, f"only {len(rows)} rows")
    ev = Evaluator(folder / "model.pmml")
    outputs = [h for h in header if h == "label" or h == "prediction" or h.startswith("probability(")
               or h == "decision"]
    inputs = header[: len(header) - len(outputs)]
    scaling = None
    if case in OUTSIDE:
        consts = {}
        for src in tagged.get("scaling", []):
            consts.update(assignments(src))
        scaling = OUTSIDE[case](consts, inputs)
    positional = all(f.startswith("x") and f[1:].isdigit() for f in ev.inputs)
    rel_tol, abs_tol = tolerance(ev)
    worst = 0.0
    for r, row in enumerate(rows):
        raw = dict(zip(inputs, row[: len(inputs)]))
        rec = {}
        for k, v in raw.items():
            if v == "":
                rec[k] = None
            elif ev.types.get(k) == "string" or (k not in ev.types and not _is_number(v)):
                rec[k] = v
            else:
                x = float(v)
                if scaling is not None and k in scaling:
                    m, s = scaling[k]
                    x = (x - m) / s
                rec[k] = x
        if positional:
            rec = {f"x{i + 1}": rec[k] for i, k in enumerate(inputs)}
        value, probs = ev.score(rec)
        want = dict(zip(outputs, row[len(inputs):]))
        if "prediction" in want:
            got, exp = float(value), float(want["prediction"])
            err = abs(got - exp)
            rel = err / max(abs(exp), 1e-300)
            worst = max(worst, min(rel, err))
            if rel > rel_tol and err > abs_tol:
                fail(errors, case, f"row {r + 2}: prediction {got!r} != {exp!r}")
                return
            continue
        for h, v in want.items():
            if h.startswith("probability("):
                cls = h[len("probability("):-1]
                got, exp = float(probs[cls]), float(v)
                err = abs(got - exp)
                worst = max(worst, err)
                if err > max(abs_tol, rel_tol * abs(exp)):
                    fail(errors, case, f"row {r + 2}: {h} {got!r} != {exp!r}")
                    return
        if str(value) != want["label"]:
            p = sorted(float(x) for x in probs.values())
            if not (len(p) > 1 and p[-1] - p[-2] < 1e-6):  # ties may break either way
                fail(errors, case, f"row {r + 2}: label {value} != {want['label']}")
                return
    return len(rows), worst, scaling is not None, positional


def _is_number(v):
    try:
        float(v)
        return True
    except ValueError:
        return False


def main(argv):
    cases = sorted(p.parent.name for p in ZOO.glob("*/expected.json"))
    if argv:
        cases = [c for c in cases if c in argv]
    errors = []
    for case in cases:
        folder = ZOO / case
        exp = json.loads((folder / "expected.json").read_text())
        if exp.get("outcome") not in ("converts", "refused") or not exp.get("why"):
            fail(errors, case, f"bad expected.json {exp}")
        if exp["outcome"] == "refused" and exp.get("diagnostic") not in REFUSALS:
            fail(errors, case, f"bad diagnostic {exp.get('diagnostic')}")
        n_err = len(errors)
        nb, tagged = check_notebook(case, folder, errors)
        try:
            res = check_rows(case, folder, tagged, exp, errors)
        except Exception as e:  # an element the small evaluator does not know
            fail(errors, case, f"evaluator: {type(e).__name__}: {e}")
            res = None
        status = "ok" if len(errors) == n_err else "FAIL"
        if res:
            n, worst, scaled, positional = res
            extra = (" (inputs scaled with the notebook's constants)" if scaled else "") + (
                " (positional x1..xn fields)" if positional else "")
            print(f"{status:4s} {case:45s} {n:4d} rows, max error {worst:.2e}{extra}")
        else:
            print(f"{status:4s} {case}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(cases)} cases, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
