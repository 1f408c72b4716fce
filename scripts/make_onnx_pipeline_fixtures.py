#!/usr/bin/env python3
"""Writes Tests/NBShipTests/Fixtures/onnx-pipelines/: scikit-learn pipelines with preprocessing, linear models and
MLPs converted with skl2onnx, each with rows scored by onnxruntime on ONE thread, as one batch.

    /work/venv/bin/python scripts/make_onnx_pipeline_fixtures.py
    # scikit-learn 1.8.0, skl2onnx 1.20.0, onnx 1.23.2, onnxruntime 1.32.0, numpy 2.4.6

`<case>.onnx` is skl2onnx's `to_onnx(pipeline, X[:1].astype(np.float32))` as is. `<case>.csv` holds the rows:
x0..x{k-1} (every cell a float32 value written as repr() of the double it is; blank = NaN, only for pipelines
that impute), then `prediction` (regressors) or `label` and `probability(<class>)` (classifiers, zipmap=False),
from onnxruntime with intra_op_num_threads = inter_op_num_threads = 1, the whole csv as one batch.

Three cases are DataFrames with text and integer columns (`mixed-*`: a ColumnTransformer with OneHotEncoder),
converted with one initial type per column (FloatTensorType, Int64TensorType, StringTensorType [None, 1]): their
csv columns are the inputs' names, and the rows add categories the encoder never saw (handle_unknown="ignore":
all zeros) and missing numbers.

Rows: 40 held-out rows; a row of zeros and a row with one feature negative (normalizers divide by a norm of 0
and take signs); for imputing pipelines, a held-out row with each feature missing and one with all missing;
values +-1e6 on every feature.

`bounds.json` says per case what the test holds: "exact" (bit for bit: float32 preprocessing, onnxruntime's GEMM
order in LinearRegressor and LinearClassifier, its softmax and Normalizer), or a bound where onnxruntime computes
otherwise than nbship: MLAS's approximate logistic in LinearClassifier LOGISTIC, MLPs (onnxruntime's float32
GEMMs, nbship's network in double): probabilities within 1e-6 absolute, predictions within 1e-5 relative, labels
equal except where the top two probabilities are within 1e-6. README.md records, per case, the worst difference
found when scoring one row at a time and with default threading (not asserted).
"""
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import csv  # noqa: E402
import json  # noqa: E402
import pathlib  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402
import skl2onnx  # noqa: E402
import sklearn  # noqa: E402
from skl2onnx import to_onnx  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine  # noqa: E402
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import (  # noqa: E402
    MaxAbsScaler, MinMaxScaler, Normalizer, OneHotEncoder, RobustScaler, StandardScaler)
import pandas as pd  # noqa: E402
from skl2onnx.common.data_types import FloatTensorType, Int64TensorType, StringTensorType  # noqa: E402

warnings.filterwarnings("ignore")
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/Fixtures/onnx-pipelines"
EXPECTED = {"onnx": "1.23.2", "skl2onnx": "1.20.0", "onnxruntime": "1.32.0", "scikit-learn": "1.8.0"}
VERSIONS = {"onnx": onnx.__version__, "skl2onnx": skl2onnx.__version__, "onnxruntime": ort.__version__,
            "scikit-learn": sklearn.__version__}


def f32(X):
    return np.asarray(X, dtype=np.float32).astype(np.float64)


def data(name):
    loader = {"diabetes": load_diabetes, "breast_cancer": load_breast_cancer, "iris": load_iris, "wine": load_wine}
    d = loader[name]()
    X, y = np.asarray(d.data, dtype=np.float64), np.asarray(d.target)
    if name == "breast_cancer":
        X = X[:, :8]
    return train_test_split(f32(X), y, test_size=0.3, random_state=0)


def with_nan(X, rate, seed):
    rng = np.random.default_rng(seed)
    X = X.copy()
    X[rng.random(X.shape) < rate] = np.nan
    return X


def cases():
    out = []

    def add(name, dataset, pipeline, bound="exact", impute=False):
        Xtr, Xte, ytr, yte = data(dataset)
        if impute:
            Xtr, Xte = with_nan(Xtr, 0.1, 1), with_nan(Xte, 0.1, 2)
        pipeline.fit(Xtr, ytr)
        out.append((name, pipeline, Xte, bound, impute))

    add("scaler-linreg", "diabetes", make_pipeline(StandardScaler(), LinearRegression()))
    add("imputer-robust-ridge", "diabetes", make_pipeline(SimpleImputer(), RobustScaler(), Ridge(alpha=0.5)),
        impute=True)
    add("normalizer-l2-maxabs-linreg", "diabetes", make_pipeline(Normalizer(), MaxAbsScaler(), LinearRegression()))
    add("normalizer-l1-linreg", "diabetes", make_pipeline(Normalizer(norm="l1"), LinearRegression()))
    add("normalizer-max-linreg", "diabetes", make_pipeline(Normalizer(norm="max"), LinearRegression()))
    add("minmax-logreg-multi", "wine", make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=2000)))
    add("scaler-logreg-binary", "breast_cancer", make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        bound="within")
    add("imputer-scaler-rf-clf", "iris",
        make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                      RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0)), impute=True)
    add("columns-gbr", "diabetes",
        make_pipeline(ColumnTransformer([("scaled", StandardScaler(), [0, 2, 3]), ("kept", "passthrough", [4, 8])]),
                      GradientBoostingRegressor(n_estimators=10, max_depth=3, random_state=0)))
    add("scaler-mlp-relu-multi", "iris",
        make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(8,), max_iter=2000, random_state=0)),
        bound="within")
    add("scaler-mlp-tanh-binary", "breast_cancer",
        make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(6, 4), activation="tanh", max_iter=2000,
                                                      random_state=0)), bound="within")
    add("scaler-mlp-reg", "diabetes",
        make_pipeline(StandardScaler(), MLPRegressor(hidden_layer_sizes=(10,), max_iter=3000, random_state=0)),
        bound="within")
    add("scaler-mlp-logistic-multi", "wine",
        make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(5,), activation="logistic", max_iter=3000,
                                                      random_state=0)), bound="within")
    return out


def loans():
    """A synthetic loan book: numbers with gaps, two text columns and an integer one; three risk grades."""
    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "age": f32(rng.normal(42, 11, n)), "income": f32(rng.lognormal(3.8, 0.4, n)),
        "job": rng.choice(["admin", "technician", "sales", "retired"], n),
        "region": rng.choice(["north", "south", "east"], n), "children": rng.integers(0, 4, n).astype(np.int64),
    })
    score = (frame.age - 42) / 11 + (frame.job == "retired") * 1.2 - np.log(frame.income) + 3.8 \
        + 0.3 * frame.children + rng.normal(0, 0.6, n)
    grade = np.digitize(score, [-0.5, 0.6])
    frame.loc[rng.random(n) < 0.08, "age"] = np.nan
    frame.loc[rng.random(n) < 0.08, "income"] = np.nan
    return train_test_split(frame, grade, test_size=0.3, random_state=0)


def frame_cases():
    Xtr, Xte, ytr, yte = loans()
    numbers = make_pipeline(SimpleImputer(), StandardScaler())
    def encoded(unknown):
        return ColumnTransformer([("num", numbers, ["age", "income"]),
                                  ("cat", OneHotEncoder(handle_unknown=unknown), ["job", "region"])])
    out = []
    for name, columns, pipeline, target in [
        ("mixed-onehot-logreg", ["age", "income", "job", "region"],
         make_pipeline(encoded("ignore"), LogisticRegression(max_iter=2000)), ytr),
        ("mixed-onehot-rf", ["age", "income", "job", "region"],
         make_pipeline(encoded("ignore"), RandomForestClassifier(n_estimators=4, max_depth=4, random_state=0)), ytr),
        ("mixed-onehot-int-ridge", ["age", "income", "job", "children"],
         make_pipeline(ColumnTransformer([("num", numbers, ["age", "income"]),
                                          ("cat", OneHotEncoder(handle_unknown="error"), ["job", "children"])]),
                       Ridge(alpha=1.0)), ytr.astype(np.float64) + Xtr.children.to_numpy() * 0.5),
    ]:
        pipeline.fit(Xtr[columns], target)
        types = {"age": FloatTensorType([None, 1]), "income": FloatTensorType([None, 1]),
                 "job": StringTensorType([None, 1]), "region": StringTensorType([None, 1]),
                 "children": Int64TensorType([None, 1])}
        test = Xte[columns].reset_index(drop=True)
        held = test.iloc[:40].copy()
        extra = held.iloc[:3].copy()
        if "region" in columns:
            extra.loc[extra.index[0], "job"] = "astronaut"  # unknown: all zeros
            extra.loc[extra.index[1], "region"] = "west"
        extra.loc[extra.index[2], ["age", "income"]] = np.nan
        out.append((name, pipeline, pd.concat([held, extra], ignore_index=True), [(c, types[c]) for c in columns]))
    return out


def frame_inputs(frame):
    feeds = {}
    for column in frame.columns:
        values = frame[column].to_numpy()
        if not pd.api.types.is_numeric_dtype(frame[column]):
            feeds[column] = values.astype(str).reshape(-1, 1)
        elif frame[column].dtype == np.int64:
            feeds[column] = values.reshape(-1, 1)
        else:
            feeds[column] = values.astype(np.float32).reshape(-1, 1)
    return feeds


def write_frame_case(name, pipeline, frame, types):
    classifier = hasattr(pipeline, "classes_")
    options = {id(pipeline.steps[-1][1]): {"zipmap": False}} if classifier else None
    model = to_onnx(pipeline, initial_types=types, options=options, target_opset={"": 17, "ai.onnx.ml": 3})
    path = OUT / f"{name}.onnx"
    path.write_bytes(model.SerializeToString())
    result = session(path).run(None, frame_inputs(frame))
    classes = [str(c) for c in pipeline.classes_] if classifier else []
    header = list(frame.columns) + (["label"] + [f"probability({c})" for c in classes] if classifier
                                    else ["prediction"])
    with open(OUT / f"{name}.csv", "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(len(frame)):
            cells = []
            for column in frame.columns:
                value = frame[column].iloc[i]
                if isinstance(value, str):
                    cells.append(value)
                elif frame[column].dtype == np.int64:
                    cells.append(str(int(value)))
                else:
                    cells.append(fmt(np.float64(np.float32(value))))
            if classifier:
                cells += [str(result[0][i])] + [repr(float(p)) for p in result[1][i]]
            else:
                cells += [repr(float(result[0].reshape(-1)[i]))]
            writer.writerow(cells)
    ops = ", ".join(sorted({n.op_type for n in model.graph.node}))
    print(name, frame.shape)
    return f"| {name} | exact | {' -> '.join(n for n, _ in pipeline.steps)} | {ops} | - | - |"


def rows(X, impute):
    k = X.shape[1]
    picked = [r for r in X if impute or not np.isnan(r).any()][:40]
    extra = [np.zeros(k)]
    negative = picked[0].copy()
    negative[0] = -abs(negative[0]) - 1
    extra.append(negative)
    if impute:
        base = [r for r in X if not np.isnan(r).any()][0]
        for j in range(k):
            r = base.copy()
            r[j] = np.nan
            extra.append(r)
        extra.append(np.full(k, np.nan))
    extra.append(np.full(k, 1e6))
    extra.append(np.full(k, -1e6))
    return f32(np.vstack(picked + extra))


def session(path, threads=1):
    so = ort.SessionOptions()
    if threads is not None:
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = threads
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def score(sess, X, classifier):
    result = sess.run(None, {sess.get_inputs()[0].name: X.astype(np.float32)})
    if classifier:
        return result[0], result[1]
    return result[0].reshape(-1), None


def fmt(x):
    return "" if np.isnan(x) else repr(float(x))


def main():
    if VERSIONS != EXPECTED:
        print(f"note: versions {VERSIONS} differ from the recorded {EXPECTED}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    bounds = {}
    notes = []
    for name, pipeline, Xte, bound, impute in cases():
        classifier = hasattr(pipeline, "classes_")
        options = {id(pipeline.steps[-1][1]): {"zipmap": False}} if classifier else None
        model = to_onnx(pipeline, Xte[:1].astype(np.float32), options=options, target_opset={"": 17, "ai.onnx.ml": 3})
        path = OUT / f"{name}.onnx"
        path.write_bytes(model.SerializeToString())
        X = rows(Xte, impute)
        labels, values = score(session(path), X, classifier)
        k = X.shape[1]
        header = [f"x{j}" for j in range(k)]
        classes = [str(c) for c in pipeline.classes_] if classifier else []
        header += ["label"] + [f"probability({c})" for c in classes] if classifier else ["prediction"]
        with open(OUT / f"{name}.csv", "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for i in range(X.shape[0]):
                cells = [fmt(x) for x in X[i]]
                if classifier:
                    cells += [str(labels[i])] + [repr(float(p)) for p in values[i]]
                else:
                    cells += [repr(float(labels[i]))]
                writer.writerow(cells)
        bounds[name] = bound
        # Not asserted: how far onnxruntime itself moves with default threading and one row at a time.
        worst = {}
        for how, sess, batched in [("default threading", session(path, None), True),
                                   ("one row at a time", session(path), False)]:
            if batched:
                other, other_p = score(sess, X, classifier)
            else:
                parts = [score(sess, X[i:i + 1], classifier) for i in range(X.shape[0])]
                other = np.concatenate([p[0] for p in parts])
                other_p = np.vstack([p[1] for p in parts]) if classifier else None
            a, b = (values, other_p) if classifier else (labels, other)
            diff = np.nanmax(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)))
            worst[how] = float(diff)
        notes.append(f"| {name} | {bound} | {' -> '.join(n for n, _ in pipeline.steps)} | "
                     f"{', '.join(sorted({n.op_type for n in model.graph.node}))} | "
                     f"{worst['default threading']:.3g} | {worst['one row at a time']:.3g} |")
        print(name, X.shape, bound, worst)
    for name, pipeline, frame, types in frame_cases():
        notes.append(write_frame_case(name, pipeline, frame, types))
        bounds[name] = "exact"
    (OUT / "bounds.json").write_text(json.dumps(bounds, indent=2, sort_keys=True) + "\n")
    readme = [
        "# ONNX pipeline fixtures",
        "",
        "Made by `scripts/make_onnx_pipeline_fixtures.py` (see its docstring for the rows and the bounds) with "
        + ", ".join(f"{k} {v}" for k, v in sorted(VERSIONS.items())) + ".",
        "",
        "The last two columns: the largest difference of any output from the one-thread batch when onnxruntime "
        "runs with default threading, and one row at a time (not asserted; nbship reproduces the one-thread batch).",
        "",
        "| case | test | pipeline | ops | default threading | one row at a time |",
        "| --- | --- | --- | --- | --- | --- |",
        *notes,
        "",
    ]
    (OUT / "README.md").write_text("\n".join(readme))


if __name__ == "__main__":
    main()
