"""Four samples whose model is exported ONLY as ONNX (skl2onnx), scored with onnxruntime: two random forests, a
scaled multinomial logistic regression (wine-logistic-onnx) and a ColumnTransformer with one-hot text columns
exported from a DataFrame, one ONNX input per column (loans-onehot-onnx).

    python3 Samples/make_samples.py                          # every sample, these two included
    python3 Samples/make_samples.py iris-random-forest-onnx  # or only the named folders
    python3 Samples/make_onnx_samples.py [folder ...]        # only these two (or the named ones)

No PMML and no sklearn2pmml: each notebook fits a scikit-learn random forest, converts it with skl2onnx
(`to_onnx(model, X_train.to_numpy(dtype=np.float32)[:1])`, so the model takes ONE float32 tensor [N, k] whose
columns are FEATURES in order: ONNX keeps no feature names), writes `model.onnx`, loads it back with an
onnxruntime session on ONE thread and checks that it reproduces the golden examples exactly.  Like
make_native_samples.py this module takes its helpers (literal formatting, notebook building and execution, CSV
writing, example, missing-value and threshold-row selection) from make_samples.py, make_more_samples.py and
make_native_samples.py, and follows the same conventions: fixed seeds, single-threaded, byte-identical reruns.

For each sample this script fits the model itself, converts it, and scores rows with onnxruntime
(CPUExecutionProvider, intra_op_num_threads = inter_op_num_threads = 1).  rows.csv holds
  1. every held-out row, in train_test_split order (raw values; onnxruntime reads them as float32);
  2. missing-value rows (make_more_samples.missing_value_rows), blanks = NaN;
  3. threshold edge rows (make_native_samples.edge_rows): for 20 split conditions read from the ONNX
     nodes_values, a held-out row with that feature set to the float32 threshold, then to the next float32 below
     and above it (the model compares float32(x) <= threshold: the threshold row goes with the value below).
Every output is onnxruntime's (regressor: the float32 prediction; classifier: the int64 label and the float32
probabilities, zipmap=False).

skl2onnx fills opset_import from a Python set, so the order of its entries follows the string hash seed: the
notebooks run in a kernel started with PYTHONHASHSEED=0, which makes model.onnx byte-identical from run to run.
After the notebook has run, its model.onnx must be the generator's own conversion (byte for byte when the
generator also runs with PYTHONHASHSEED=0; else up to the order of opset_import), and rows.csv is re-scored from
that file.  See Samples/README.md.
"""

import make_samples  # noqa: F401  (first: it sets single-threaded BLAS before numpy loads)

import contextlib
import os
import sys

import numpy as np
import pandas as pd
from sklearn.datasets import load_iris, load_wine
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split

from make_samples import HERE, assign, pick_examples
from make_more_samples import (
    DIABETES_DATA_CELL,
    DIABETES_MD_DATA,
    DIABETES_SPLIT_CELL,
    classification_rows,
    describe_missing_rows,
    diabetes_split,
    finish,
    missing_value_rows,
    record_examples,
    regression_examples,
    regression_rows,
)
from make_native_samples import edge_rows, edge_summary

THREADS_NOTE = """
The examples are scored by onnxruntime on **one thread**: with several
threads and more than 50 rows in a batch, onnxruntime 1.32 adds the trees up
in per-thread blocks, which can change the last bits of a result.
"""


# --------------------------------------------------------------------------
# ONNX helpers
# --------------------------------------------------------------------------

def convert(model, n_features, classifier):
    """The notebook's conversion, done here too (the same call, the same arguments)."""
    from skl2onnx import to_onnx

    sample = np.zeros((1, n_features), dtype=np.float32)
    options = {id(model): {"zipmap": False}} if classifier else None
    return to_onnx(model, sample, options=options)


def session(data):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    return ort.InferenceSession(data, so, providers=["CPUExecutionProvider"])


def scorer(sess):
    """A function of a DataFrame (or array) giving onnxruntime's outputs: (label, probabilities) or prediction."""
    name = sess.get_inputs()[0].name

    def run(X):
        return sess.run(None, {name: np.asarray(X, dtype=np.float32)})

    return run


def onnx_splits(model):
    """(feature index, float32 threshold) of every branch node of the tree ensemble, in node order."""
    from onnx import helper

    node = next(n for n in model.graph.node if n.op_type.startswith("TreeEnsemble"))
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    out = []
    for mode, j, t in zip(attrs["nodes_modes"], attrs["nodes_featureids"], attrs["nodes_values"]):
        if mode == b"LEAF":
            continue
        if mode != b"BRANCH_LEQ":
            raise RuntimeError(f"unexpected node mode {mode!r}")
        out.append((int(j), np.float32(t)))
    return out


def onnx_roots(model):
    """Root-split feature index of each tree, in tree order."""
    from onnx import helper

    node = next(n for n in model.graph.node if n.op_type.startswith("TreeEnsemble"))
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    return [int(j) for t, n, j in zip(attrs["nodes_treeids"], attrs["nodes_nodeids"], attrs["nodes_featureids"])
            if n == 0]


def split_counts(model, features):
    counts = {}
    for j, _ in onnx_splits(model):
        counts[features[j]] = counts.get(features[j], 0) + 1
    return counts


def onnx_edge_summary(name, model, features, info, outputs, n_before):
    """make_native_samples.edge_summary for `x <= t` (the threshold row goes with the value below), except that a
    forest may also split the same feature at the float32 just below t (skl2onnx rounds each of scikit-learn's
    double thresholds down to a float32, and two trees' thresholds can land one float32 apart): the threshold
    row may then go with the value above, and the condition is reported as a pair."""
    thresholds = {(j, float(t)) for j, t in onnx_splits(model)}
    pairs = [k for k, (f, t, _, _) in enumerate(info)
             if (features.index(f), float(np.nextafter(np.float32(t), np.float32(-np.inf)))) in thresholds]
    plain = [c for k, c in enumerate(info) if k not in pairs]
    rows = [outputs[:n_before]] + [outputs[n_before + 3 * k:n_before + 3 * k + 3]
                                   for k in range(len(info)) if k not in pairs]
    edge_summary(name, plain, np.concatenate(rows), n_before, "below")
    if pairs:
        print(f"  {name}: {len(pairs)} more threshold condition(s) where the float32 just below the threshold is "
              f"also a threshold of the same feature: {[(info[k][0], info[k][1]) for k in pairs]}")


def canonical(data):
    """The model's bytes with opset_import sorted (its order follows the converter's string hash seed)."""
    import onnx

    m = onnx.load_from_string(data)
    entries = sorted((o.domain, o.version) for o in m.opset_import)
    del m.opset_import[:]
    for domain, version in entries:
        m.opset_import.add(domain=domain, version=version)
    return m.SerializeToString()


def same_model(folder, reference):
    """The notebook's model.onnx must be the generator's own conversion."""
    exported = (folder / "model.onnx").read_bytes()
    if exported == reference:
        return "byte-identical to the generator's own conversion"
    if canonical(exported) == canonical(reference):
        return "the generator's own conversion up to the order of opset_import (another hash seed)"
    raise RuntimeError(f"{folder.name}/model.onnx differs from the generator's own conversion")


@contextlib.contextmanager
def hash_seed_zero():
    """Kernels started inside this block get PYTHONHASHSEED=0 (so skl2onnx orders opset_import the same way)."""
    old = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = old


def describe(model):
    from onnx import helper

    node = next(n for n in model.graph.node if n.op_type.startswith("TreeEnsemble"))
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    modes = attrs["nodes_modes"]
    n_branch = sum(m != b"LEAF" for m in modes)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    post = attrs.get("post_transform", b"NONE").decode()
    agg = attrs["aggregate_function"].decode() if "aggregate_function" in attrs else "absent (SUM)"
    tracks = sum(1 for m, t in zip(modes, attrs["nodes_missing_value_tracks_true"]) if m != b"LEAF" and t)
    return (f"{node.op_type}, {len(set(attrs['nodes_treeids']))} trees, {len(modes)} nodes ({n_branch} BRANCH_LEQ), "
            f"post_transform {post}, aggregate_function {agg}, "
            f"nodes_missing_value_tracks_true 1 at {tracks} nodes; opset_import {opsets}; "
            f"nodes {[n.op_type for n in model.graph.node]}")


# --------------------------------------------------------------------------
# Notebook cells shared by the two samples
# --------------------------------------------------------------------------

ONNX_IMPORTS = """
import os

import numpy as np
import onnxruntime as ort
import pandas as pd
from skl2onnx import to_onnx
from sklearn.datasets import {loader}
from sklearn.ensemble import {cls}
from sklearn.metrics import {metrics}
from sklearn.model_selection import train_test_split
"""

ONNX_SESSION = """
# Score with onnxruntime on ONE thread (the reference: with several threads and more
# than 50 rows in a batch, onnxruntime adds the trees up in per-thread blocks).
so = ort.SessionOptions()
so.intra_op_num_threads = 1
so.inter_op_num_threads = 1
session = ort.InferenceSession("model.onnx", so, providers=["CPUExecutionProvider"])
(onnx_input,) = session.get_inputs()
assert onnx_input.type == "tensor(float)" and onnx_input.shape[1] == len(FEATURES)
"""


def export_cells(classifier):
    options = ', options={id(model): {"zipmap": False}}' if classifier else ""
    outputs = ("`label` (int64 class\ncodes) and `probabilities`, a float32 [N, 3] tensor because the converter is\n"
               "told `zipmap=False` (by default it would wrap them in a list of dicts)" if classifier
               else "`variable`, a\nfloat32 [N, 1] tensor")
    return [
        ("md", f"""
## Export

skl2onnx converts the fitted forest into an ONNX graph (one `ai.onnx.ml`
TreeEnsemble operator).  The sample row only tells it the input type: **one
float32 tensor with {{n}} columns, in `FEATURES` order** (ONNX keeps no column
names).  The outputs are {outputs}.
""", None),
        ("code", f"""
onx = to_onnx(model, X_train.to_numpy(dtype=np.float32)[:1]{options})
with open("model.onnx", "wb") as fh:
    fh.write(onx.SerializeToString())
print(f"exported model.onnx ({{os.path.getsize('model.onnx'):,}} bytes): "
      f"{{[n.op_type for n in onx.graph.node]}}, input {{onx.graph.input[0].name!r}}, "
      f"outputs {{[o.name for o in onx.graph.output]}}")
""", None),
    ]


# --------------------------------------------------------------------------
# 18. diabetes, RandomForestRegressor, model.onnx
# --------------------------------------------------------------------------

def make_diabetes_forest_onnx():
    folder = HERE / "diabetes-random-forest-onnx"
    folder.mkdir(exist_ok=True)
    name = folder.name
    n_estimators, max_depth, test_size, random_state = 30, 6, 0.25, 42

    features, (X_train, X_test, y_train, y_test) = diabetes_split(test_size, random_state)
    model = RandomForestRegressor(n_estimators=n_estimators, max_depth=max_depth, random_state=random_state,
                                  n_jobs=1)
    model.fit(X_train, y_train)
    onx = convert(model, len(features), classifier=False)
    reference = onx.SerializeToString()
    run = scorer(session(reference))

    def predict(X):
        return run(X)[0][:, 0]  # float32

    roots = [features[j] for j in onnx_roots(onx)]
    X_missing, blanks = missing_value_rows(X_test, features, roots, split_counts(onx, features), predict)
    describe_missing_rows(name, len(X_test), blanks)
    X_edge, info = edge_rows(X_test, features, onnx_splits(onx), predict, np.float32)
    X_all = pd.concat([X_test, X_missing, X_edge], ignore_index=True)
    pred = predict(X_all)
    onnx_edge_summary(name, onx, features, info, pred, len(X_test) + len(X_missing))
    diff = np.abs(pred[:len(X_test)] - model.predict(X_test))
    print(f"  {name}: {describe(onx)}; vs scikit-learn on the held-out rows: max |diff| {float(diff.max()):.3g}")
    examples = regression_examples(X_test, pred, features, range(5))

    cells = [
        ("md", """
# Diabetes disease progression (random forest, ONNX)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements), by averaging
30 regression trees of depth 6, and exports the forest as **ONNX** with
skl2onnx (`model.onnx`) for onnxruntime or any other ONNX runtime.  It is
meant for engineers and students who need a realistic tree-ensemble regressor
in ONNX to exercise a deployment pipeline.  Data: the diabetes dataset bundled
with scikit-learn""" + DIABETES_MD_DATA + """
Caveats: small, old cohort; the forest explains well under half of the
variance on held-out data and cannot predict outside the range of training
targets; the target is a research-specific score: **not for clinical use**.
`model.onnx` has **one input**, a `float32` tensor with one column per
feature in `FEATURES` order (ONNX keeps no feature names), and computes in
`float32`, so its predictions differ from scikit-learn's (double) in the last
digits.  A missing input (NaN) always takes the right-hand branch in the ONNX
model (skl2onnx does not carry scikit-learn's missing-value directions).
""" + THREADS_NOTE, None),
        ("code", f"""
model_name = "diabetes-progression-forest-onnx"  # package name
bmi_min = 10.0  # lowest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
bmi_max = 60.0  # highest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
n_estimators = {n_estimators}  # number of trees (training only), range [1, inf)
max_depth = {max_depth}  # maximum depth of each tree (training only), range [1, inf)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the bootstrap samples (training only)
""", ["parameters"]),
        ("code", ONNX_IMPORTS.format(loader="load_diabetes", cls="RandomForestRegressor",
                                     metrics="mean_absolute_error, mean_squared_error, r2_score"), None),
        ("md", "## Data", None),
        ("code", DIABETES_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them (the columns of the ONNX input tensor):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", DIABETES_SPLIT_CELL, None),
        ("md", "## Fit the forest (single-threaded, so the result is reproducible)", None),
        ("code", """
model = RandomForestRegressor(
    n_estimators=n_estimators, max_depth=max_depth, random_state=random_state, n_jobs=1
)
model.fit(X_train, y_train)
print(f"{len(model.estimators_)} trees, {sum(t.tree_.node_count for t in model.estimators_)} nodes in total")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
pred = model.predict(X_test)
rmse = mean_squared_error(y_test, pred) ** 0.5
print(f"R^2 = {r2_score(y_test, pred):.4f}  RMSE = {rmse:.2f}  MAE = {mean_absolute_error(y_test, pred):.2f}")
""", None),
        *[(k, s.replace("{n}", str(len(features))), t) for k, s, t in export_cells(classifier=False)],
        ("md", """
## Golden examples

The first five held-out rows with the prediction of `model.onnx`, scored by
onnxruntime on one thread (a `float32`, written out exactly).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", ONNX_SESSION + """
examples = pd.DataFrame(EXAMPLES)
pred = session.run(None, {onnx_input.name: examples[FEATURES].to_numpy(dtype=np.float32)})[0][:, 0]
assert np.array_equal(pred, examples["prediction"].to_numpy(dtype=np.float32))
# float32 trees against scikit-learn's double ones: close on every held-out row, not equal.
onnx_test = session.run(None, {onnx_input.name: X_test.to_numpy(dtype=np.float32)})[0][:, 0]
diff = np.abs(onnx_test - model.predict(X_test))
assert np.allclose(onnx_test, model.predict(X_test), rtol=1e-5, atol=0)
print(f"{len(EXAMPLES)} golden examples reproduced from model.onnx; "
      f"held-out rows within {diff.max():.2g} of scikit-learn")
""", None),
    ]
    with hash_seed_zero():
        result = finish(folder, cells, features + ["prediction"], regression_rows(X_all, pred), pmml=False)
    print(f"  {name}: model.onnx is {same_model(folder, reference)}")
    rescore(folder, X_all, [pred], classifier=False)
    return result


# --------------------------------------------------------------------------
# 19. iris, RandomForestClassifier, model.onnx (zipmap=False)
# --------------------------------------------------------------------------

def make_iris_forest_onnx():
    folder = HERE / "iris-random-forest-onnx"
    folder.mkdir(exist_ok=True)
    name = folder.name
    n_estimators, max_depth, test_size, random_state = 20, 4, 0.4, 42

    data = load_iris(as_frame=True)
    frame = data.frame.rename(columns={"target": "species"})
    features = list(data.feature_names)
    X, y = frame[features], frame["species"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    model = RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth, random_state=random_state,
                                   n_jobs=1)
    model.fit(X_train, y_train)
    classes = [str(int(c)) for c in model.classes_]
    assert classes == ["0", "1", "2"], classes
    onx = convert(model, len(features), classifier=True)
    reference = onx.SerializeToString()
    run = scorer(session(reference))

    def predict(X):
        return run(X)[1]  # float32 probabilities

    roots = [features[j] for j in onnx_roots(onx)]
    X_missing, blanks = missing_value_rows(X_test, features, roots, split_counts(onx, features), predict)
    describe_missing_rows(name, len(X_test), blanks)
    X_edge, info = edge_rows(X_test, features, onnx_splits(onx), predict, np.float32)
    X_all = pd.concat([X_test, X_missing, X_edge], ignore_index=True)
    label_codes, proba = run(X_all)
    labels = [str(int(k)) for k in label_codes]
    if labels != [classes[k] for k in proba.argmax(axis=1)]:
        raise RuntimeError(f"{name}: the label output is not the first largest probability")
    onnx_edge_summary(name, onx, features, info, proba, len(X_test) + len(X_missing))
    n_test = len(X_test)
    sk_labels = [str(int(c)) for c in model.predict(X_test)]
    diff = np.abs(proba[:n_test] - model.predict_proba(X_test))
    print(f"  {name}: {describe(onx)}; vs scikit-learn on the held-out rows: "
          f"{sum(a != b for a, b in zip(labels, sk_labels))} labels differ, max |p diff| {float(diff.max()):.3g}")
    examples = record_examples(X_test, pick_examples(labels[:n_test]), features, labels, proba, classes)

    cells = [
        ("md", """
# Iris species (random forest, ONNX)

This notebook identifies the species of an iris flower from four
measurements of its sepals and petals with a forest of 20 trees of depth 4,
and exports it as **ONNX** with skl2onnx (`model.onnx`).  The classes are the
dataset's own codes: **`0` = setosa, `1` = versicolor, `2` = virginica**; the
model is trained on them directly, so the ONNX labels are these integers.  It
is meant for engineers and students who need a small multi-class tree
ensemble in ONNX to exercise a deployment pipeline.  Data: Fisher's iris
dataset bundled with scikit-learn (`sklearn.datasets.load_iris`, 150 flowers,
50 per species).

Caveats: tiny dataset (60 held-out flowers, so the metrics are noisy); a
flower of another species is still assigned to one of these three.
`model.onnx` has **one input**, a `float32` tensor with one column per
measurement in `FEATURES` order (ONNX keeps no feature names), and computes
the class probabilities (the average of the trees' leaf frequencies) in
`float32`.  A missing input (NaN) always takes the right-hand branch.
""" + THREADS_NOTE, None),
        ("code", f"""
model_name = "iris-species-forest-onnx"  # package name
n_estimators = {n_estimators}  # number of trees (training only), range [1, inf)
max_depth = {max_depth}  # maximum depth of each tree (training only), range [1, inf)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the bootstrap samples (training only)
""", ["parameters"]),
        ("code", ONNX_IMPORTS.format(loader="load_iris", cls="RandomForestClassifier",
                                     metrics="accuracy_score, log_loss"), None),
        ("md", "## Data", None),
        ("code", """
data = load_iris(as_frame=True)
frame = data.frame.rename(columns={"target": "species"})
print(f"{frame.shape[0]} flowers, {frame.shape[1] - 1} features")
print(frame["species"].map(dict(enumerate(data.target_names))).value_counts().sort_index().to_string())
""", None),
        ("md", "The model inputs (in centimetres), in the order the model expects them (the columns of the ONNX input tensor):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["species"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit the forest (single-threaded, so the result is reproducible)", None),
        ("code", """
model = RandomForestClassifier(
    n_estimators=n_estimators, max_depth=max_depth, random_state=random_state, n_jobs=1
)
model.fit(X_train, y_train)
print(f"classes {model.classes_.tolist()}, {len(model.estimators_)} trees, "
      f"{sum(t.tree_.node_count for t in model.estimators_)} nodes in total")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = model.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba):.4f}")
""", None),
        *[(k, s.replace("{n}", str(len(features))), t) for k, s, t in export_cells(classifier=True)],
        ("md", """
## Golden examples

Five held-out flowers with the class code and the class probabilities of
`model.onnx` (keyed by class code), scored by onnxruntime on one thread
(`float32` probabilities, written out exactly).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", ONNX_SESSION + """
inputs = np.array([[e[f] for f in FEATURES] for e in EXAMPLES], dtype=np.float32)
labels, proba = session.run(None, {onnx_input.name: inputs})
codes = [str(c) for c in model.classes_]
assert [str(k) for k in labels] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, np.array([[e["probabilities"][c] for c in codes] for e in EXAMPLES], dtype=np.float32))
# float32 trees against scikit-learn's double ones: the same classes on every held-out row.
labels, proba = session.run(None, {onnx_input.name: X_test.to_numpy(dtype=np.float32)})
assert np.array_equal(labels, model.predict(X_test))
assert np.allclose(proba, model.predict_proba(X_test), rtol=0, atol=1e-6)
print(f"{len(EXAMPLES)} golden examples reproduced from model.onnx; held-out labels equal scikit-learn's")
""", None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    with hash_seed_zero():
        result = finish(folder, cells, header, classification_rows(X_all, labels, proba), pmml=False)
    print(f"  {name}: model.onnx is {same_model(folder, reference)}")
    rescore(folder, X_all, [np.asarray(label_codes), proba], classifier=True)
    return result


def rescore(folder, X_all, expected, classifier):
    """rows.csv's outputs must be what the notebook's own model.onnx gives (onnxruntime, one thread)."""
    got = scorer(session((folder / "model.onnx").read_bytes()))(X_all)
    got = got if classifier else [got[0][:, 0]]
    if not all(np.array_equal(a, b) for a, b in zip(got, expected)):
        raise RuntimeError(f"{folder.name}: model.onnx does not reproduce rows.csv")


# --------------------------------------------------------------------------
# 20. wine, StandardScaler + LogisticRegression, model.onnx
# --------------------------------------------------------------------------

PIPELINE_SESSION = """
so = ort.SessionOptions()
so.intra_op_num_threads = 1
so.inter_op_num_threads = 1
session = ort.InferenceSession("model.onnx", so, providers=["CPUExecutionProvider"])
"""


def make_wine_logistic_onnx():
    folder = HERE / "wine-logistic-onnx"
    folder.mkdir(exist_ok=True)
    name = folder.name
    test_size, random_state, C = 0.3, 7, 0.5

    data = load_wine(as_frame=True)
    features = list(data.feature_names)
    X, y = data.frame[features], data.frame["target"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000))
    model.fit(X_train, y_train)
    classes = [str(int(c)) for c in model.classes_]
    from skl2onnx import to_onnx

    onx = to_onnx(model, X_train.to_numpy(dtype=np.float32)[:1],
                  options={id(model.steps[-1][1]): {"zipmap": False}})
    reference = onx.SerializeToString()
    run = scorer(session(reference))
    # Held-out rows, then each held-out row with one measurement at 0 and at 10x (outside the training range).
    edge = []
    for j, f in enumerate(features):
        for factor in (0.0, 10.0):
            row = X_test.iloc[j % len(X_test)].copy()
            row[f] = row[f] * factor
            edge.append(row)
    X_all = pd.concat([X_test, pd.DataFrame(edge)], ignore_index=True)
    label_codes, proba = run(X_all)
    labels = [str(int(k)) for k in label_codes]
    n_test = len(X_test)
    examples = record_examples(X_test, pick_examples(labels[:n_test]), features, labels, proba, classes)
    diff = np.abs(proba[:n_test] - model.predict_proba(X_test))
    print(f"  {name}: nodes {[n.op_type for n in onx.graph.node]}; vs scikit-learn on the held-out rows: "
          f"max |p diff| {float(diff.max()):.3g}")

    cells = [
        ("md", """
# Wine cultivar (scaled logistic regression, ONNX)

This notebook tells the three cultivars of an Italian wine apart from 13
chemical measurements with a multinomial logistic regression on
standardised inputs, and exports the whole pipeline (scaler and model) as
**ONNX** with skl2onnx.  The classes are the dataset's codes `0`, `1`, `2`.
Data: the wine recognition dataset bundled with scikit-learn
(`sklearn.datasets.load_wine`, 178 wines).

Caveats: 178 wines from one region; a wine of another cultivar is still
assigned to one of the three.  `model.onnx` takes one `float32` tensor with
the measurements in `FEATURES` order and computes the scaling, the linear
scores and the softmax in `float32`, so its probabilities differ from
scikit-learn's in the last digits.  Scored with onnxruntime on one thread.
""", None),
        ("code", f"""
model_name = "wine-cultivar-logistic-onnx"  # package name
C = {C}  # inverse regularisation strength (training only), range (0, inf)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split (training only)
""", ["parameters"]),
        ("code", """
import numpy as np
import onnxruntime as ort
import pandas as pd
from skl2onnx import to_onnx
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
""", None),
        ("code", """
data = load_wine(as_frame=True)
print(f"{data.frame.shape[0]} wines")
""", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X, y = data.frame[FEATURES], data.frame["target"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000))
model.fit(X_train, y_train)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}")
""", None),
        ("md", "## Export the pipeline (scaler and model) as ONNX", None),
        ("code", """
onx = to_onnx(model, X_train.to_numpy(dtype=np.float32)[:1],
              options={id(model.steps[-1][1]): {"zipmap": False}})
with open("model.onnx", "wb") as fh:
    fh.write(onx.SerializeToString())
print([n.op_type for n in onx.graph.node])
""", None),
        ("md", "## Golden examples (onnxruntime, one thread; `float32` probabilities written out exactly)", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", PIPELINE_SESSION + """
inputs = np.array([[e[f] for f in FEATURES] for e in EXAMPLES], dtype=np.float32)
labels, proba = session.run(None, {session.get_inputs()[0].name: inputs})
codes = [str(c) for c in model.classes_]
assert [str(k) for k in labels] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, np.array([[e["probabilities"][c] for c in codes] for e in EXAMPLES], dtype=np.float32))
print(f"{len(EXAMPLES)} golden examples reproduced from model.onnx")
""", None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    with hash_seed_zero():
        result = finish(folder, cells, header, classification_rows(X_all, labels, proba), pmml=False)
    print(f"  {name}: model.onnx is {same_model(folder, reference)}")
    rescore(folder, X_all, [np.asarray(label_codes), proba], classifier=True)
    return result


# --------------------------------------------------------------------------
# 21. loans, ColumnTransformer (imputed, scaled numbers; one-hot text) + LogisticRegression, model.onnx
# --------------------------------------------------------------------------

LOANS_DATA = """
rng = np.random.default_rng(seed)
n = 600
loans = pd.DataFrame({
    "age": rng.normal(42, 11, n).round(1),
    "income": rng.lognormal(3.8, 0.4, n).round(2),
    "job": rng.choice(["admin", "technician", "sales", "retired"], n),
    "region": rng.choice(["north", "south", "east"], n),
})
risk = ((loans.age - 42) / 11 + (loans.job == "retired") * 1.2 - np.log(loans.income) + 3.8
        + rng.normal(0, 0.6, n))
loans["grade"] = np.digitize(risk, [-0.5, 0.6])  # 0 = low, 1 = medium, 2 = high risk
loans.loc[rng.random(n) < 0.06, "age"] = np.nan
loans.loc[rng.random(n) < 0.06, "income"] = np.nan
print(loans.grade.value_counts().sort_index().to_string())
"""


def make_loans_onehot_onnx():
    folder = HERE / "loans-onehot-onnx"
    folder.mkdir(exist_ok=True)
    name = folder.name
    seed, test_size = 11, 0.25
    namespace = {"np": np, "pd": pd, "seed": seed}
    exec(LOANS_DATA.replace("print(", "(lambda *a: None)("), namespace)
    loans = namespace["loans"]
    features = ["age", "income", "job", "region"]
    X_train, X_test, y_train, y_test = train_test_split(
        loans[features], loans["grade"], test_size=test_size, random_state=seed)
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    model = make_pipeline(
        ColumnTransformer([("numbers", make_pipeline(SimpleImputer(), StandardScaler()), ["age", "income"]),
                           ("text", OneHotEncoder(handle_unknown="ignore"), ["job", "region"])]),
        LogisticRegression(max_iter=5000))
    model.fit(X_train, y_train)
    classes = [str(int(c)) for c in model.classes_]
    types = [("age", FloatTensorType([None, 1])), ("income", FloatTensorType([None, 1])),
             ("job", StringTensorType([None, 1])), ("region", StringTensorType([None, 1]))]
    onx = to_onnx(model, initial_types=types, options={id(model.steps[-1][1]): {"zipmap": False}})
    reference = onx.SerializeToString()
    sess = session(reference)

    def run(frame):
        feeds = {c: (frame[c].to_numpy().astype(np.float32) if c in ("age", "income")
                     else frame[c].to_numpy().astype(str)).reshape(-1, 1) for c in features}
        return sess.run(None, feeds)

    extra = X_test.iloc[:4].copy()
    extra.iloc[0, features.index("job")] = "astronaut"  # a job the encoder never saw: no one-hot column
    extra.iloc[1, features.index("region")] = "west"
    extra.iloc[2, features.index("age")] = np.nan
    extra.iloc[3, features.index("income")] = np.nan
    X_all = pd.concat([X_test, extra], ignore_index=True)
    label_codes, proba = run(X_all)
    labels = [str(int(k)) for k in label_codes]
    n_test = len(X_test)
    examples = record_examples(X_test, pick_examples(labels[:n_test]), features, labels, proba, classes)
    for e in examples:
        for f in ("age", "income"):
            if isinstance(e[f], float) and np.isnan(e[f]):
                e[f] = None
    print(f"  {name}: nodes {[n.op_type for n in onx.graph.node]}")

    cells = [
        ("md", """
# Loan risk grade (one-hot text columns, logistic regression, ONNX)

This notebook grades a loan application as low (`0`), medium (`1`) or high
(`2`) risk from the applicant's age, income, job and region, on a synthetic
loan book generated below.  Numbers are imputed (mean) and standardised,
text columns one-hot encoded (a job or region the model never saw gets no
column), and the whole pipeline is exported as **ONNX** from the DataFrame:
one input per column (`float32` numbers, strings for text), so the ONNX file
keeps the column names.  Scored with onnxruntime on one thread.

Caveats: synthetic data, for exercising a deployment pipeline only.
""", None),
        ("code", f"""
model_name = "loan-risk-onnx"  # package name
seed = {seed}  # seed of the synthetic data and of the split (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
""", ["parameters"]),
        ("code", """
import numpy as np
import onnxruntime as ort
import pandas as pd
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
""", None),
        ("code", LOANS_DATA, None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X_train, X_test, y_train, y_test = train_test_split(
    loans[FEATURES], loans["grade"], test_size=test_size, random_state=seed
)
model = make_pipeline(
    ColumnTransformer([
        ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), ["age", "income"]),
        ("text", OneHotEncoder(handle_unknown="ignore"), ["job", "region"]),
    ]),
    LogisticRegression(max_iter=5000),
)
model.fit(X_train, y_train)
print(f"accuracy = {model.score(X_test, y_test):.4f}")
""", None),
        ("md", "## Export: one ONNX input per DataFrame column", None),
        ("code", """
types = [("age", FloatTensorType([None, 1])), ("income", FloatTensorType([None, 1])),
         ("job", StringTensorType([None, 1])), ("region", StringTensorType([None, 1]))]
onx = to_onnx(model, initial_types=types, options={id(model.steps[-1][1]): {"zipmap": False}})
with open("model.onnx", "wb") as fh:
    fh.write(onx.SerializeToString())
print([n.op_type for n in onx.graph.node])
""", None),
        ("md", "## Golden examples (onnxruntime, one thread)", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", PIPELINE_SESSION + """
frame = pd.DataFrame(EXAMPLES)
feeds = {c: (frame[c].to_numpy(dtype=np.float32) if c in ("age", "income") else frame[c].to_numpy().astype(str))
         .reshape(-1, 1) for c in FEATURES}
labels, proba = session.run(None, feeds)
codes = [str(c) for c in model.classes_]
assert [str(k) for k in labels] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, np.array([[e["probabilities"][c] for c in codes] for e in EXAMPLES], dtype=np.float32))
print(f"{len(EXAMPLES)} golden examples reproduced from model.onnx")
""", None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    with hash_seed_zero():
        result = finish(folder, cells, header, classification_rows(X_all, labels, proba), pmml=False)
    print(f"  {name}: model.onnx is {same_model(folder, reference)}")
    got = run(X_all)
    if not (np.array_equal(got[0], label_codes) and np.array_equal(got[1], proba)):
        raise RuntimeError(f"{name}: model.onnx does not reproduce rows.csv")
    return result


# Folder name -> maker, in the order make_samples.py runs them (after the native samples).
ONNX_SAMPLES = {
    "diabetes-random-forest-onnx": make_diabetes_forest_onnx,
    "iris-random-forest-onnx": make_iris_forest_onnx,
    "wine-logistic-onnx": make_wine_logistic_onnx,
    "loans-onehot-onnx": make_loans_onehot_onnx,
}


if __name__ == "__main__":
    # Same entry point as make_samples.py, limited to these two by default.
    sys.exit(make_samples.main(sys.argv[1:] or list(ONNX_SAMPLES)))
