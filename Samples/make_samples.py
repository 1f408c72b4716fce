#!/usr/bin/env python3
"""Regenerate the nbship sample inputs under Samples/.

    python3 Samples/make_samples.py                  # all nineteen samples
    python3 Samples/make_samples.py iris-mlp ...     # only the named folders

The first three samples are defined here, the next eight in
make_more_samples.py, the six with native XGBoost / LightGBM model files
(no PMML) in make_native_samples.py and the two with ONNX model files (no
PMML) in make_onnx_samples.py (same helpers, same conventions).
For each sample this script
  1. fits the model itself (fixed seeds) to learn the constants and the
     expected outputs,
  2. writes the notebook source, with the fitted constants pasted into the
     tagged cells as Python literals (repr precision),
  3. executes the notebook with nbclient + ipykernel (kernel "python3",
     working directory = the sample folder); the notebook's last cell exports
     model.pmml with sklearn2pmml,
  4. strips volatile metadata from the notebook and the volatile <Timestamp>
     element from the PMML header,
  5. writes rows.csv: the whole held-out test set with the outputs that
     scikit-learn (or XGBoost / LightGBM) computes from the RAW inputs with
     the full pipeline; iris-decision-tree appends rows that sit on split
     thresholds, imputed-missing one row with every input missing, and
     wine-xgboost and diabetes-lightgbm rows with missing inputs.
The six native samples differ in steps 3-5: the notebook saves the booster
with its own save_model (model.json, model.ubj or model.txt, nothing to
scrub), and rows.csv also holds rows on split thresholds read from that file
(see make_native_samples.py); the two ONNX samples export model.onnx with
skl2onnx and their outputs come from onnxruntime on one thread (see
make_onnx_samples.py).

Everything is deterministic: rerunning produces byte-identical files
(checked with `sha256sum Samples/*/*`).  See Samples/README.md.
"""

import os

# Single-threaded BLAS: deterministic floating point, and gentle on shared
# machines.  Must be set before numpy is imported; the kernel inherits it.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import csv
import json
import re
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
from nbclient import NotebookClient
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

HERE = Path(__file__).resolve().parent

PINNED = {
    "scikit-learn": "1.8.0",
    "sklearn2pmml": "0.133.1",
    "numpy": "2.4.6",
    "scipy": "1.17.1",
    "pandas": "3.1.1",
    "nbformat": "5.11.1",
    "nbclient": "0.11.0",
    "ipykernel": "7.4.0",
    "jupyter_client": "8.10.0",
    # Only the samples made by make_more_samples.py use these two.
    "xgboost": "3.2.0",
    "lightgbm": "4.6.0",
    # Only the two ONNX samples (make_onnx_samples.py) use these three.
    "skl2onnx": "1.20.0",
    "onnx": "1.23.2",
    "onnxruntime": "1.32.0",
    # Only credit-scorecard (make_scorecard_sample.py) uses this one.
    "jpmml_evaluator": "0.16.0",
}

# The same xgboost library is published as "xgboost" and as the smaller,
# CPU-only "xgboost-cpu" distribution; either will do.
DIST_ALIASES = {"xgboost": ("xgboost", "xgboost-cpu")}

N_EXAMPLES = 5


# --------------------------------------------------------------------------
# Literal formatting (the Swift side parses tagged cells as Python literals)
# --------------------------------------------------------------------------

def _scalar(v):
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    if v is None:
        return "None"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if f != f:
            return 'float("nan")'
        if f in (float("inf"), float("-inf")):
            return 'float("inf")' if f > 0 else 'float("-inf")'
        return repr(f)
    if isinstance(v, str):
        return json.dumps(v)  # ASCII-only double-quoted string: also valid Python
    raise TypeError(f"not a literal scalar: {v!r}")


def _flat(v):
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flat(x)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_flat(x) for x in v) + "]"
    return _scalar(v)


def lit(v, indent=0, width=88):
    """Format v as a Python literal, wrapped to roughly `width` columns."""
    flat = _flat(v)
    if not isinstance(v, (list, tuple, dict)) or indent + len(flat) <= width:
        return flat
    pad = " " * (indent + 4)
    if isinstance(v, dict):
        lines = []
        for k, x in v.items():
            key = _scalar(k) + ": "
            lines.append(pad + key + lit(x, indent + 4, width) + ",")
        return "{\n" + "\n".join(lines) + "\n" + " " * indent + "}"
    if all(not isinstance(x, (list, tuple, dict)) for x in v):
        lines, cur = [], ""
        for x in v:
            item = _scalar(x) + ","
            if cur and len(pad) + len(cur) + 1 + len(item) > width:
                lines.append(pad + cur)
                cur = item
            else:
                cur = f"{cur} {item}" if cur else item
        lines.append(pad + cur)
        return "[\n" + "\n".join(lines) + "\n" + " " * indent + "]"
    lines = [pad + lit(x, indent + 4, width) + "," for x in v]
    return "[\n" + "\n".join(lines) + "\n" + " " * indent + "]"


def assign(name, value):
    return f"{name} = {lit(value)}"


def floats(values):
    return [float(x) for x in values]


# --------------------------------------------------------------------------
# Notebook helpers
# --------------------------------------------------------------------------

def build_notebook(cells):
    """cells: list of (kind, source, tags)."""
    nb = nbformat.v4.new_notebook()
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata = {
        "kernelspec": {
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
            "name": "python3",
        }
    }
    for i, (kind, source, tags) in enumerate(cells, start=1):
        source = source.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell.id = f"cell-{i:02d}"
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    return nb


def execute_and_write(nb, folder):
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        record_timing=False,
        coalesce_streams=True,
        allow_errors=False,
    )
    client.execute()
    # Keep only stable metadata.
    lang = dict(nb.metadata.get("language_info", {}))
    nb.metadata = {"kernelspec": nb.metadata["kernelspec"], "language_info": lang}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for key in list(cell.metadata):
            if key != "tags":
                del cell.metadata[key]
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if "metadata" in out and not out["metadata"]:
                    out["metadata"] = {}
    nbformat.validate(nb)
    path = folder / "notebook.ipynb"
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)
    return path


def scrub_pmml(path):
    """Drop the volatile <Timestamp> header element (keeps all other bytes)."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(r"[ \t]*<Timestamp>[^<]*</Timestamp>\r?\n", "", text)
    if n != 1:
        raise RuntimeError(f"{path}: expected one <Timestamp>, found {n}")
    path.write_text(new, encoding="utf-8", newline="\n")


def write_rows(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)


def pick_examples(labels, n=N_EXAMPLES):
    """Indices (test-set order) of n golden rows: the first row of each
    predicted label, topped up with the earliest remaining rows."""
    chosen, seen = [], set()
    for i, lab in enumerate(labels):
        if lab not in seen:
            seen.add(lab)
            chosen.append(i)
    for i in range(len(labels)):
        if len(chosen) >= n:
            break
        if i not in chosen:
            chosen.append(i)
    return sorted(chosen[:n])


EXPORT_CELL = '''
# The converter is a Java program; it prints a banner and log lines with
# timestamps, which we keep out of the notebook.
with contextlib.redirect_stdout(io.StringIO()):
    sklearn2pmml(pipeline, "model.pmml")
print("exported model.pmml")
'''


# --------------------------------------------------------------------------
# Sample 1: diabetes, StandardScaler + LinearRegression, PMML = model only
# --------------------------------------------------------------------------

def make_diabetes():
    folder = HERE / "diabetes-linear"
    folder.mkdir(exist_ok=True)
    test_size, random_state, fit_intercept = 0.25, 42, True

    data = load_diabetes(scaled=False, as_frame=True)
    frame = data.frame.rename(columns={"target": "progression"})
    features = list(data.feature_names)
    X, y = frame[features], frame["progression"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state)
    scaler = StandardScaler().fit(X_train)
    X_train_std = pd.DataFrame(scaler.transform(X_train), columns=features, index=X_train.index)
    model = LinearRegression(fit_intercept=fit_intercept).fit(X_train_std, y_train)
    # Full pipeline on RAW test inputs: standardize, then the linear model.
    X_test_std = pd.DataFrame(scaler.transform(X_test), columns=features, index=X_test.index)
    pred = model.predict(X_test_std)

    mean = {f: float(m) for f, m in zip(features, scaler.mean_)}
    std = {f: float(s) for f, s in zip(features, scaler.scale_)}
    idx = list(range(N_EXAMPLES))
    examples = []
    for i in idx:
        rec = {f: float(X_test.iloc[i][f]) for f in features}
        rec["prediction"] = float(pred[i])
        examples.append(rec)

    cells = [
        ("md", """
# Diabetes disease progression (linear regression)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements).  It is meant
for engineers and students who need a small, well-understood regression model
to exercise a deployment pipeline.  Data: the diabetes dataset bundled with
scikit-learn (`sklearn.datasets.load_diabetes(scaled=False)`, 442 patients,
from Efron et al., *Least Angle Regression*, 2004), in its original units.

Caveats: a plain linear model explains only about half of the variance on
held-out data, the cohort is small and old, and the target is a
research-specific score: **not for clinical use**.  The exported `model.pmml`
contains *only* the linear model, fitted on **standardized** inputs; the
standardization constants live in the `scaling` cell below, and a caller must
apply `z = (x - MEAN[f]) / STD[f]` before scoring.
""", None),
        ("code", f"""
model_name = "diabetes-progression"  # package name
bmi_min = 10.0  # lowest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
bmi_max = 60.0  # highest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
prediction_min = 0.0  # predictions below this floor are raised to it
prediction_max = 400.0  # predictions above this cap are lowered to it
fit_intercept = {fit_intercept}  # fit an intercept term (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the train/test split (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_diabetes(scaled=False, as_frame=True)
frame = data.frame.rename(columns={"target": "progression"})
print(f"{frame.shape[0]} patients, {frame.shape[1] - 1} features")
""", None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["progression"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", """
## Standardize and fit

The scaler is fitted on the training rows only.  The PMML pipeline holds just
the regression, trained on the standardized columns (same column names).
""", None),
        ("code", """
scaler = StandardScaler().fit(X_train)
X_train_std = pd.DataFrame(scaler.transform(X_train), columns=FEATURES, index=X_train.index)
X_test_std = pd.DataFrame(scaler.transform(X_test), columns=FEATURES, index=X_test.index)

pipeline = PMMLPipeline([("regressor", LinearRegression(fit_intercept=fit_intercept))])
pipeline.fit(X_train_std, y_train)
print(f"intercept = {pipeline.named_steps['regressor'].intercept_:.3f}")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
pred = pipeline.predict(X_test_std)
rmse = mean_squared_error(y_test, pred) ** 0.5
print(f"R^2 = {r2_score(y_test, pred):.4f}  RMSE = {rmse:.2f}  MAE = {mean_absolute_error(y_test, pred):.2f}")
""", None),
        ("md", """
## Standardization constants

`MEAN` is `scaler.mean_` and `STD` is `scaler.scale_`, keyed by feature.  The
deployed model must compute `z = (x - MEAN[f]) / STD[f]` for every feature
before applying the PMML model.
""", None),
        ("code", assign("MEAN", mean) + "\n" + assign("STD", std), ["scaling"]),
        ("code", """
assert np.array_equal(scaler.mean_, [MEAN[f] for f in FEATURES])
assert np.array_equal(scaler.scale_, [STD[f] for f in FEATURES])
print("scaling constants match the fitted scaler")
""", None),
        ("md", """
## Golden examples

Five held-out rows (raw inputs) with the prediction of the full
pipeline (standardize, then the linear model).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
examples = pd.DataFrame(EXAMPLES)
z = (examples[FEATURES] - [MEAN[f] for f in FEATURES]) / [STD[f] for f in FEATURES]
assert np.allclose(pipeline.predict(z), examples["prediction"], rtol=1e-12, atol=0)
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    nb = build_notebook(cells)
    execute_and_write(nb, folder)
    scrub_pmml(folder / "model.pmml")

    header = features + ["prediction"]
    rows = []
    for i in range(len(X_test)):
        rows.append([repr(float(v)) for v in X_test.iloc[i]] + [repr(float(pred[i]))])
    write_rows(folder / "rows.csv", header, rows)
    return folder, len(rows)


# --------------------------------------------------------------------------
# Sample 2: breast cancer, PMMLPipeline(StandardScaler, LogisticRegression)
# --------------------------------------------------------------------------

def make_breast_cancer():
    folder = HERE / "breast-cancer-logistic"
    folder.mkdir(exist_ok=True)
    threshold, positive_class = 0.35, "malignant"
    C, max_iter, test_size, random_state = 1.0, 1000, 0.25, 42

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.copy()
    frame["diagnosis"] = frame.pop("target").map({0: "malignant", 1: "benign"})
    features = list(data.feature_names)
    X, y = frame[features], frame["diagnosis"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    pipe = Pipeline([
        ("scaler", StandardScaler()),
        ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
    ]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]
    labels = [str(c) for c in pipe.predict(X_test)]
    proba = pipe.predict_proba(X_test)
    pos = classes.index(positive_class)
    scaler = pipe.named_steps["scaler"]

    idx = pick_examples(labels)
    ex_inputs = [floats(X_test.iloc[i]) for i in idx]
    ex_labels = [labels[i] for i in idx]
    ex_proba = [floats(proba[i]) for i in idx]

    cells = [
        ("md", """
# Breast cancer risk (logistic regression)

This notebook estimates the probability that a breast mass is **malignant**
from 30 features computed from a digitized image of a fine-needle aspirate
(radius, texture, perimeter, area, smoothness, ... : mean, standard error and
worst value of each).  It is meant for engineers and students who need a
realistic binary classifier with a tunable decision threshold to exercise a
deployment pipeline.  Data: the Breast Cancer Wisconsin (Diagnostic) dataset
bundled with scikit-learn (`sklearn.datasets.load_breast_cancer`, 569 cases,
UCI Machine Learning Repository).

Caveats: one small, old, single-centre dataset; the threshold (default 0.35 on
P(malignant)) trades specificity for sensitivity and was not clinically
validated: **not a diagnostic device**.  The exported `model.pmml` contains the
standardization and the model, so it takes raw feature values.
""", None),
        ("code", f"""
model_name = "breast-cancer-risk"  # package name
threshold: float = {threshold}  # decision threshold on P(malignant), range [0, 1]
positive_class = "{positive_class}"  # the class the threshold applies to
C = {C}  # inverse regularisation strength (training only), range (0, inf)
max_iter = {max_iter}  # solver iteration limit (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1)
random_state = {random_state}  # seed for the train/test split (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_breast_cancer(as_frame=True)
frame = data.frame.copy()
frame["diagnosis"] = frame.pop("target").map({0: "malignant", 1: "benign"})
print(f"{frame.shape[0]} cases, {frame.shape[1] - 1} features")
print(frame["diagnosis"].value_counts().to_string())
""", None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["diagnosis"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit: standardize, then logistic regression", None),
        ("code", """
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
])
pipeline.fit(X_train, y_train)
print("classes:", list(pipeline.classes_))
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
p_pos = proba[:, list(pipeline.classes_).index(positive_class)]
actual = (y_test == positive_class).to_numpy()
flagged = p_pos >= threshold
print(f"accuracy (most likely class) = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}"
      f"  ROC AUC = {roc_auc_score(actual, p_pos):.4f}")
print(f"at threshold {threshold}: sensitivity = {recall_score(actual, flagged):.4f}"
      f"  specificity = {recall_score(~actual, ~flagged):.4f}")
""", None),
        ("md", """
## Standardization constants

The PMML file already contains the scaler; these copies of `scaler.mean_` and
`scaler.scale_` (aligned with `FEATURES`) document it.
""", None),
        ("code", assign("scaler_mean_", floats(scaler.mean_)) + "\n"
         + assign("scaler_scale_", floats(scaler.scale_)), ["scaling"]),
        ("code", """
scaler = pipeline.named_steps["scaler"]
assert np.array_equal(scaler.mean_, scaler_mean_)
assert np.array_equal(scaler.scale_, scaler_scale_)
print("scaling constants match the fitted scaler")
""", None),
        ("md", """
## Golden examples

Five held-out rows (raw inputs, aligned with `FEATURES`) with the most likely
class and the class probabilities, in `CLASSES` order.
""", None),
        ("code", "\n".join([
            assign("CLASSES", classes),
            assign("EXAMPLE_INPUTS", ex_inputs),
            assign("EXAMPLE_LABELS", ex_labels),
            assign("EXAMPLE_PROBABILITIES", ex_proba),
        ]), ["examples"]),
        ("code", """
inputs = pd.DataFrame(EXAMPLE_INPUTS, columns=FEATURES)
assert list(pipeline.classes_) == CLASSES
assert list(pipeline.predict(inputs)) == EXAMPLE_LABELS
assert np.allclose(pipeline.predict_proba(inputs), EXAMPLE_PROBABILITIES, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLE_INPUTS)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    nb = build_notebook(cells)
    execute_and_write(nb, folder)
    scrub_pmml(folder / "model.pmml")

    header = features + ["label"] + [f"probability({c})" for c in classes] + ["decision"]
    rows = []
    for i in range(len(X_test)):
        row = [repr(float(v)) for v in X_test.iloc[i]]
        row.append(labels[i])
        row += [repr(float(p)) for p in proba[i]]
        row.append("true" if proba[i][pos] >= threshold else "false")
        rows.append(row)
    write_rows(folder / "rows.csv", header, rows)
    return folder, len(rows)


# --------------------------------------------------------------------------
# Sample 3: wine, PMMLPipeline(MinMaxScaler, multinomial LogisticRegression)
# --------------------------------------------------------------------------

def make_wine():
    folder = HERE / "wine-multiclass"
    folder.mkdir(exist_ok=True)
    C, max_iter, test_size, random_state = 1.0, 1000, 0.3, 42

    data = load_wine(as_frame=True)
    frame = data.frame.copy()
    # tolist(): plain Python str labels.  numpy.str_ labels would end up in an
    # object-dtype classes_ array that sklearn2pmml cannot convert.
    frame["cultivar"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
    features = list(data.feature_names)
    X, y = frame[features], frame["cultivar"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    pipe = Pipeline([
        ("scaler", MinMaxScaler()),
        ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
    ]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]
    labels = [str(c) for c in pipe.predict(X_test)]
    proba = pipe.predict_proba(X_test)
    scaler = pipe.named_steps["scaler"]

    scaling = {f: {"min": float(lo), "max": float(hi)}
               for f, lo, hi in zip(features, scaler.data_min_, scaler.data_max_)}
    examples = []
    for i in pick_examples(labels):
        rec = {f: float(X_test.iloc[i][f]) for f in features}
        rec["label"] = labels[i]
        rec["probabilities"] = {c: float(p) for c, p in zip(classes, proba[i])}
        examples.append(rec)

    cells = [
        ("md", """
# Wine cultivar (multinomial logistic regression)

This notebook identifies which of three cultivars (`class_0`, `class_1`,
`class_2`) an Italian wine comes from, using 13 results of a chemical
analysis (alcohol, malic acid, ash, ..., proline).  It is meant for engineers
and students who need a small multi-class classifier that reports a
probability per class to exercise a deployment pipeline.  Data: the wine
recognition dataset bundled with scikit-learn (`sklearn.datasets.load_wine`,
178 wines from one region, UCI Machine Learning Repository).

Caveats: very small dataset (the held-out set has only 54 wines, so the
metrics are noisy); only these three cultivars and this region are
represented, so any other wine is silently forced into one of the three
classes.  The exported `model.pmml` contains the min-max scaling and the
model, so it takes raw feature values.
""", None),
        ("code", f"""
model_name = "wine-cultivar"  # package name
C = {C}  # inverse regularisation strength (training only), range (0, inf)
max_iter = {max_iter}  # solver iteration limit (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1)
random_state = {random_state}  # seed for the train/test split (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_wine(as_frame=True)
frame = data.frame.copy()
frame["cultivar"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
print(f"{frame.shape[0]} wines, {frame.shape[1] - 1} features")
print(frame["cultivar"].value_counts().sort_index().to_string())
""", None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["cultivar"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit: min-max scaling, then multinomial logistic regression", None),
        ("code", """
pipeline = PMMLPipeline([
    ("scaler", MinMaxScaler()),
    ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
])
pipeline.fit(X_train, y_train)
print("classes:", list(pipeline.classes_))
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba, labels=pipeline.classes_):.4f}")
""", None),
        ("md", """
## Scaling constants

Per-feature training minimum and maximum (`scaler.data_min_`,
`scaler.data_max_`); the scaler maps `x` to `(x - min) / (max - min)`.  The
PMML file already contains this scaling.
""", None),
        ("code", assign("SCALING", scaling), ["scaling"]),
        ("code", """
scaler = pipeline.named_steps["scaler"]
assert np.array_equal(scaler.data_min_, [SCALING[f]["min"] for f in FEATURES])
assert np.array_equal(scaler.data_max_, [SCALING[f]["max"] for f in FEATURES])
print("scaling constants match the fitted scaler")
""", None),
        ("md", """
## Golden examples

Five held-out rows (raw inputs) with the most likely cultivar and the
probability of each cultivar.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
expected = [[e["probabilities"][c] for c in pipeline.classes_] for e in EXAMPLES]
assert list(pipeline.predict(inputs)) == [e["label"] for e in EXAMPLES]
assert np.allclose(pipeline.predict_proba(inputs), expected, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    nb = build_notebook(cells)
    execute_and_write(nb, folder)
    scrub_pmml(folder / "model.pmml")

    header = features + ["label"] + [f"probability({c})" for c in classes]
    rows = []
    for i in range(len(X_test)):
        row = [repr(float(v)) for v in X_test.iloc[i]]
        row.append(labels[i])
        row += [repr(float(p)) for p in proba[i]]
        rows.append(row)
    write_rows(folder / "rows.csv", header, rows)
    return folder, len(rows)


def check_versions():
    for dist, want in PINNED.items():
        have = None
        for name in DIST_ALIASES.get(dist, (dist,)):
            try:
                have = metadata.version(name)
                break
            except metadata.PackageNotFoundError:
                pass
        if have != want:
            warnings.warn(f"{dist} {have} installed, samples were made with {want}; "
                          "outputs may differ in the last bits", stacklevel=2)


def main(argv):
    """Regenerate every sample, or only the folders named on the command line."""
    check_versions()
    # make_more_samples imports its helpers from this module; register it
    # under its own name so that running it as a script does not load it twice.
    sys.modules.setdefault("make_samples", sys.modules[__name__])
    import make_more_samples
    import make_native_samples
    import make_onnx_samples
    import make_scorecard_sample

    makers = {
        "diabetes-linear": make_diabetes,
        "breast-cancer-logistic": make_breast_cancer,
        "wine-multiclass": make_wine,
        "iris-decision-tree": make_more_samples.make_iris_tree,
        "diabetes-random-forest": make_more_samples.make_diabetes_forest,
        "breast-cancer-gradient-boosting": make_more_samples.make_breast_cancer_gb,
        "wine-xgboost": make_more_samples.make_wine_xgboost,
        "diabetes-lightgbm": make_more_samples.make_diabetes_lightgbm,
        "iris-mlp": make_more_samples.make_iris_mlp,
        "adult-onehot": make_more_samples.make_adult_onehot,
        "imputed-missing": make_more_samples.make_imputed_missing,
        # Native XGBoost / LightGBM model files, no PMML (make_native_samples.py).
        **make_native_samples.NATIVE_SAMPLES,
        # ONNX model files (skl2onnx), no PMML (make_onnx_samples.py).
        **make_onnx_samples.ONNX_SAMPLES,
        # A scorecard with reason codes, its PMML written by the notebook (make_scorecard_sample.py).
        **make_scorecard_sample.SCORECARD_SAMPLES,
    }
    unknown = [a for a in argv if a not in makers]
    if unknown:
        print(f"unknown sample(s) {unknown}; choose from {list(makers)}", file=sys.stderr)
        return 2
    for name, make in makers.items():
        if argv and name not in argv:
            continue
        start = time.monotonic()
        folder, n = make()
        files = ", ".join(sorted(p.name for p in folder.iterdir() if p.is_file()))
        print(f"{folder.relative_to(HERE.parent)}: {files} ({n} rows, {time.monotonic() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
