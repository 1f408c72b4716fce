"""Six samples whose model is exported in XGBoost's or LightGBM's NATIVE format.

    python3 Samples/make_samples.py                      # every sample, these six included
    python3 Samples/make_samples.py wine-xgboost-json    # or only the named folders
    python3 Samples/make_native_samples.py [folder ...]  # only these six (or the named ones)

No PMML and no sklearn2pmml: each notebook saves the booster with its own
`save_model` (`model.json`, `model.ubj` or `model.txt`), loads the file back and
checks that it reproduces the golden examples exactly.  Like
make_more_samples.py this module takes its helpers (literal formatting,
notebook building and execution, CSV writing, example and missing-value row
selection) from make_samples.py and make_more_samples.py, and follows the same
conventions: fixed seeds, single-threaded, byte-identical reruns.

For each sample this script fits the model itself, saves it to a temporary
file and reads that file (JSON, or the LightGBM text format) to find the split
thresholds.  rows.csv holds
  1. every held-out row, in train_test_split order;
  2. missing-value rows (make_more_samples.missing_value_rows), blanks = NaN;
  3. threshold edge rows: for 20 split conditions taken from the model file, a
     held-out row with that feature set to the threshold itself, then to the
     next representable value below and above it (float32 for XGBoost, which
     compares float32(x) < split; float64 for LightGBM, which compares
     x <= threshold).  The held-out row is the first one whose output is not
     the same for the three values, when there is one;
  4. breast-cancer-lightgbm-text only: zero rows (see zero_rows).
Every output comes from the booster itself (XGBoost's predict_proba/predict
on a float32 DataFrame, LightGBM's Booster.predict), and equals what a
Booster loaded from the file gives.  After the notebook has run, its exported
model file must be byte-identical to the generator's own.  See
Samples/README.md.
"""

import make_samples  # noqa: F401  (first: it sets single-threaded BLAS before numpy loads)

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
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

N_EDGE_CONDITIONS = 20

LGBM_FIXED = dict(n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1)

# Pasted into the two notebooks trained with missing values, and exec'd here,
# so that both blank out exactly the same training cells.
BLANK_OUT_CODE = '''
def blank_out(frame, rate, seed):
    """A copy of `frame` with each value replaced by NaN with probability `rate`
    (missing completely at random, fixed seed)."""
    rng = np.random.default_rng(seed)
    return frame.mask(rng.random(frame.shape) < rate)
'''


def blank_out(frame, rate, seed):
    ns = {"np": np}
    exec(BLANK_OUT_CODE, ns)
    return ns["blank_out"](frame, rate, seed)


# --------------------------------------------------------------------------
# Reading the model files (what the thresholds are)
# --------------------------------------------------------------------------

def xgb_json(model):
    """The fitted booster's JSON model document (the same content as model.ubj)."""
    return json.loads(model.get_booster().save_raw("json"))


def xgb_splits(doc):
    """(feature index, float32 threshold) of every split, in tree and node order.
    XGBoost writes each float32 as its shortest decimal, so np.float32() of the
    parsed number is the exact threshold."""
    out = []
    for tree in doc["learner"]["gradient_booster"]["model"]["trees"]:
        for node, left in enumerate(tree["left_children"]):
            if left == -1:
                continue
            if tree["split_type"][node] != 0:
                raise RuntimeError("categorical split in an XGBoost sample")
            out.append((int(tree["split_indices"][node]), np.float32(tree["split_conditions"][node])))
    return out


def xgb_roots(doc):
    """Root-split feature index of each tree of the first boosting round."""
    model = doc["learner"]["gradient_booster"]["model"]
    first = model["iteration_indptr"][1]
    return [int(t["split_indices"][0]) for t in model["trees"][:first] if t["left_children"][0] != -1]


def lgb_parse(text):
    """The LightGBM text model: (header {key: value}, [tree {key: value}]).
    Only the `key=value` lines are read; the parameters block is ignored."""
    header, trees, current = {}, [], None
    for line in text.splitlines():
        if line == "end of trees":
            break
        if line.startswith("Tree="):
            current = {}
            trees.append(current)
        elif "=" in line:
            key, value = line.split("=", 1)
            (header if current is None else current)[key] = value
    return header, trees


def lgb_splits(trees):
    """(feature index, float64 threshold) of every split, in tree and node order
    (thresholds are written with 17 significant digits, so float() is exact)."""
    out = []
    for tree in trees:
        if int(tree["num_leaves"]) < 2:
            continue
        if int(tree.get("num_cat", "0")):
            raise RuntimeError("categorical split in a LightGBM sample")
        for j, t in zip(tree["split_feature"].split(), tree["threshold"].split()):
            out.append((int(j), float(t)))
    return out


def lgb_decision_types(trees):
    types = {}
    for tree in trees:
        for d in tree.get("decision_type", "").split():
            types[int(d)] = types.get(int(d), 0) + 1
    return dict(sorted(types.items()))


# --------------------------------------------------------------------------
# Extra rows
# --------------------------------------------------------------------------

def edge_rows(X_test, features, splits, predict, precision, n_conditions=N_EDGE_CONDITIONS):
    """Rows on and next to split thresholds.

    splits: (feature index, threshold) in model-file order.  The distinct
    conditions are visited feature by feature in turn (the first threshold of
    each feature, in order of first use, then the second of each, ...), so the
    chosen ones cover many features.  For each, the three values are the
    threshold t and the next representable number below and above it in
    `precision` (np.float32 or np.float64).  A condition is kept when some
    held-out row gives outputs that are not all equal for the three values (the
    first such row, in test order, becomes the base row), until n_conditions
    are kept; if fewer show a change, the rest is made up of unchanged
    conditions on the first held-out row.  Returns the rows (a DataFrame, three
    per condition: t, below, above) and [(feature, t, base row, changed)]."""
    by_feature = {}
    for j, t in splits:
        ts = by_feature.setdefault(j, [])
        if t not in ts:
            ts.append(t)
    order, depth = [], 0
    while any(depth < len(ts) for ts in by_feature.values()):
        order += [(j, ts[depth]) for j, ts in by_feature.items() if depth < len(ts)]
        depth += 1
    base = X_test.to_numpy(dtype=float)
    n = len(base)
    kept, unchanged = [], []
    for j, t in order:
        t = precision(t)
        values = [float(t), float(np.nextafter(t, precision(-np.inf))), float(np.nextafter(t, precision(np.inf)))]
        trial = np.concatenate([base] * 3)
        for k, v in enumerate(values):
            trial[k * n:(k + 1) * n, j] = v
        out = np.asarray(predict(pd.DataFrame(trial, columns=features)))
        out = out.reshape((3, n) + out.shape[1:])
        changed = [i for i in range(n)
                   if not (np.array_equal(out[0, i], out[1, i]) and np.array_equal(out[0, i], out[2, i]))]
        if changed:
            kept.append((j, values, changed[0], True))
            if len(kept) == n_conditions:
                break
        else:
            unchanged.append((j, values, 0, False))
    kept += unchanged[:n_conditions - len(kept)]
    rows, info = [], []
    for j, values, i, changed in kept:
        for v in values:
            row = base[i].copy()
            row[j] = v
            rows.append(row)
        info.append((features[j], values[0], i, changed))
    return pd.DataFrame(rows, columns=features), info


def zero_rows(X_test, features, split_counts, predict, n_features=4):
    """For a LightGBM model trained with zero_as_missing=True (missing type Zero
    at every split): held-out rows with one input set to 0.0, to LightGBM's
    kZeroThreshold (the float 1e-35f as a double, 1.0000000180025095e-35, still
    "zero", so missing) and to the next double above it (not zero: compared with
    the threshold).  For the n_features most used features; the base row is the
    first held-out row whose output for 0.0 differs from that for the value
    just above kZeroThreshold (else the first held-out row)."""
    k_zero = float(np.float32(1e-35))
    values = [0.0, k_zero, float(np.nextafter(k_zero, np.inf))]
    by_use = sorted(features, key=lambda f: (-split_counts.get(f, 0), features.index(f)))
    base = X_test.to_numpy(dtype=float)
    n = len(base)
    rows, info = [], []
    for f in by_use[:n_features]:
        j = features.index(f)
        trial = np.concatenate([base] * 3)
        for k, v in enumerate(values):
            trial[k * n:(k + 1) * n, j] = v
        out = np.asarray(predict(pd.DataFrame(trial, columns=features))).reshape((3, n, -1))
        changed = [i for i in range(n) if not np.array_equal(out[0, i], out[2, i])]
        i = changed[0] if changed else 0
        for v in values:
            row = base[i].copy()
            row[j] = v
            rows.append(row)
        info.append((f, i, bool(changed)))
    return pd.DataFrame(rows, columns=features), info


def edge_summary(name, info, outputs, n_before, goes_with):
    """Print how many conditions and edge rows change the output.  goes_with:
    the neighbour the threshold row should agree with ("above" for XGBoost's
    float32(x) < t goes left, "below" for LightGBM's x <= t goes left).
    An edge row "changes" when its output differs from that of the unmodified
    held-out row it was made from."""
    outputs = np.asarray(outputs)
    other = "below" if goes_with == "above" else "above"
    n_changed = rows_changed = 0
    agree = {"below": 0, "above": 0}
    for k, (_, _, base, _) in enumerate(info):
        at, below, above = (outputs[n_before + 3 * k + d] for d in range(3))
        rows_changed += sum(not np.array_equal(o, outputs[base]) for o in (at, below, above))
        if not (np.array_equal(at, below) and np.array_equal(at, above)):
            n_changed += 1
            if np.array_equal(at, below) and not np.array_equal(at, above):
                agree["below"] += 1
            elif np.array_equal(at, above) and not np.array_equal(at, below):
                agree["above"] += 1
    print(f"  {name}: {len(info)} threshold conditions ({3 * len(info)} edge rows) on "
          f"{len({f for f, *_ in info})} features; the output is not the same for the three values "
          f"in {n_changed} conditions, where the threshold row goes with the value {goes_with} it "
          f"{agree[goes_with]} times ({other}: {agree[other]}); {rows_changed} edge rows differ "
          "from their unmodified held-out row")
    if agree[other]:
        raise RuntimeError(f"{name}: a threshold row went the unexpected way")
    return n_changed, rows_changed


def same_bytes(folder, name, reference):
    """The notebook's exported model file must equal the generator's own."""
    exported = (folder / name).read_bytes()
    if exported != reference:
        raise RuntimeError(f"{folder.name}/{name} differs from the generator's own model file")


def scored(predict, *checks):
    """predict, after asserting that each (other_predict, frames) agrees exactly."""
    for other, frames in checks:
        for X in frames:
            if not np.array_equal(np.asarray(predict(X)), np.asarray(other(X))):
                raise RuntimeError("the booster loaded from the model file disagrees with the fitted model")
    return predict


# --------------------------------------------------------------------------
# Notebook cells shared by several samples
# --------------------------------------------------------------------------

XGB_CLASSIFIER_FIT = """
model = XGBClassifier(
    n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
    tree_method="hist", n_jobs=1, random_state=random_state,
)
model.fit(X_train, y_train)
booster = model.get_booster()
print(f"objective {model.objective}, classes {model.classes_.tolist()}, "
      f"{booster.num_boosted_rounds()} rounds, {len(booster.get_dump())} trees")
"""

LGB_CHECK_FILE_ROWS = """
# The file must also agree with the fitted model on every held-out row.
assert np.array_equal(booster.predict(X_test), model.booster_.predict(X_test))
print(f"{len(EXAMPLES)} golden examples reproduced from model.txt")
"""


def classes_of(model):
    return [str(int(c)) for c in model.classes_]


# --------------------------------------------------------------------------
# 1. wine, XGBClassifier (multi:softprob), model.json
# --------------------------------------------------------------------------

WINE_DATA_CELL = """
data = load_wine(as_frame=True)
frame = data.frame.rename(columns={"target": "cultivar"})
print(f"{frame.shape[0]} wines, {frame.shape[1] - 1} features")
print(frame["cultivar"].value_counts().sort_index().to_string())
"""


def make_wine_xgboost_json():
    import xgboost

    folder = HERE / "wine-xgboost-json"
    folder.mkdir(exist_ok=True)
    n_estimators, max_depth, learning_rate, test_size, random_state = 20, 3, 0.3, 0.3, 42

    data = load_wine(as_frame=True)
    frame = data.frame.rename(columns={"target": "cultivar"})
    features = list(data.feature_names)
    X, y = frame[features], frame["cultivar"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    model = xgboost.XGBClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        tree_method="hist", n_jobs=1, random_state=random_state)
    model.fit(X_train, y_train)
    return xgb_classifier_sample(folder, "model.json", model, features, X_test, CELLS_WINE, dict(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        test_size=test_size, random_state=random_state))


def CELLS_WINE(p, features, examples):
    return [
        ("md", """
# Wine cultivar (XGBoost, native JSON model)

This notebook identifies which of three cultivars an Italian wine comes from,
using 13 results of a chemical analysis, with a gradient-boosted tree
ensemble (XGBoost, `multi:softprob`, one tree per class and round).  The
classes are the dataset's own codes `0`, `1` and `2` (cultivars 1 to 3 of the
original study); the model is trained on them directly.  It is meant for
engineers and students who need a realistic multi-class XGBoost model saved
in **XGBoost's own JSON format** to exercise a deployment pipeline.  Data: the
wine recognition dataset bundled with scikit-learn
(`sklearn.datasets.load_wine`, 178 wines from one region, UCI Machine
Learning Repository).

Caveats: very small dataset (54 held-out wines, so the metrics are noisy);
any other wine is forced into one of the three classes.  XGBoost computes in
32-bit floating point: inputs are rounded to `float32` before they are
compared with the (`float32`) split values, and the probabilities are
`float32`.  `model.json` takes the raw measurements.
""", None),
        ("code", f"""
model_name = "wine-cultivar-xgboost-native"  # package name
n_estimators = {p['n_estimators']}  # boosting rounds (training only), range [1, inf)
max_depth = {p['max_depth']}  # depth of each tree (training only), range [1, inf)
learning_rate = {p['learning_rate']}  # shrinkage (eta) applied to each round (training only), range (0, 1]
test_size = {p['test_size']}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {p['random_state']}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import os

import numpy as np
import pandas as pd
import xgboost
from sklearn.datasets import load_wine
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier
""", None),
        ("md", "## Data", None),
        ("code", WINE_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them (also the feature names stored in `model.json`):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["cultivar"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit (single-threaded, so the result is reproducible)", None),
        ("code", XGB_CLASSIFIER_FIT, None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = model.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba):.4f}")
""", None),
        ("md", """
## Export

XGBoost's own JSON model format (`save_model` picks it from the `.json`
extension): the trees, the per-class base scores, the objective and the
feature names.
""", None),
        ("code", """
model.save_model("model.json")
print(f"exported model.json ({os.path.getsize('model.json'):,} bytes)")
""", None),
        ("md", """
## Golden examples

Five held-out wines with the predicted class code and the probability of each
class, keyed by class code (XGBoost's own `float32` results, written out
exactly).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
# Reload the exported file and reproduce the examples bit for bit.
booster = xgboost.Booster(model_file="model.json")
assert booster.feature_names == FEATURES
inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES).astype(np.float32)
proba = booster.predict(xgboost.DMatrix(inputs))
codes = [str(c) for c in model.classes_]
assert [codes[k] for k in proba.argmax(axis=1)] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, np.array([[e["probabilities"][c] for c in codes] for e in EXAMPLES], dtype=np.float32))
# The file must also agree with the fitted model on every held-out row.
X_test32 = X_test.astype(np.float32)
assert np.array_equal(booster.predict(xgboost.DMatrix(X_test32)), model.predict_proba(X_test32))
print(f"{len(EXAMPLES)} golden examples reproduced from model.json")
""", None),
    ]


def xgb_classifier_sample(folder, filename, model, features, X_test, cells_fn, params, binary=False):
    """Shared by the two XGBoost classifiers: rows, examples, notebook, checks."""
    import xgboost

    name = folder.name
    doc = xgb_json(model)
    classes = classes_of(model)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        model.save_model(path)
        reference = path.read_bytes()
        booster = xgboost.Booster(model_file=str(path))

    def predict(X):
        return model.predict_proba(X.astype(np.float32))  # float32

    def from_file(X):
        p = booster.predict(xgboost.DMatrix(X.astype(np.float32)))
        return np.column_stack([1 - p, p]) if binary else p

    def labels_of(X):
        return [classes[int(k)] for k in model.predict(X.astype(np.float32))]

    split_counts = model.get_booster().get_score(importance_type="weight")
    roots = [features[j] for j in xgb_roots(doc)]
    X_missing, blanks = missing_value_rows(X_test, features, roots, split_counts, predict)
    describe_missing_rows(name, len(X_test), blanks)
    X_edge, info = edge_rows(X_test, features, xgb_splits(doc), predict, np.float32)
    X_all = pd.concat([X_test, X_missing, X_edge], ignore_index=True)
    proba = scored(predict, (from_file, [X_all]))(X_all)
    labels = labels_of(X_all)
    if labels != [classes[k] for k in proba.argmax(axis=1)]:
        raise RuntimeError(f"{name}: predict() is not the argmax of predict_proba()")
    edge_summary(name, info, proba, len(X_test) + len(X_missing), "above")
    n_test = len(X_test)
    examples = record_examples(X_test, pick_examples(labels[:n_test]), features, labels, proba, classes)
    print(f"  {name}: base_score {doc['learner']['learner_model_param']['base_score']!r}, "
          f"objective {doc['learner']['objective']['name']}, "
          f"default_left {summarize_default_left(doc)}")
    header = features + ["label"] + [f"probability({c})" for c in classes]
    result = finish(folder, cells_fn(params, features, examples), header,
                    classification_rows(X_all, labels, proba), pmml=False)
    same_bytes(folder, filename, reference)
    return result


def summarize_default_left(doc):
    left = total = 0
    for tree in doc["learner"]["gradient_booster"]["model"]["trees"]:
        for node, child in enumerate(tree["left_children"]):
            if child != -1:
                total += 1
                left += tree["default_left"][node]
    return f"{left} of {total} splits"


# --------------------------------------------------------------------------
# 2. breast cancer, XGBClassifier (binary:logistic) trained with NaNs, model.ubj
# --------------------------------------------------------------------------

def make_breast_cancer_xgboost_ubj():
    import xgboost

    folder = HERE / "breast-cancer-xgboost-ubj"
    folder.mkdir(exist_ok=True)
    n_estimators, max_depth, learning_rate = 25, 3, 0.3
    missing_rate, missing_seed, test_size, random_state = 0.05, 7, 0.25, 42

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.rename(columns={"target": "diagnosis"})
    features = data.feature_names.tolist()  # plain str, not numpy.str_
    X, y = frame[features], frame["diagnosis"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    X_train = blank_out(X_train, missing_rate, missing_seed)
    print(f"  breast-cancer-xgboost-ubj: {int(X_train.isna().sum().sum())} of {X_train.size} "
          "training cells blanked")
    model = xgboost.XGBClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        tree_method="hist", n_jobs=1, random_state=random_state)
    model.fit(X_train, y_train)
    return xgb_classifier_sample(folder, "model.ubj", model, features, X_test, CELLS_BREAST_CANCER_XGB, dict(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        missing_rate=missing_rate, missing_seed=missing_seed, test_size=test_size,
        random_state=random_state), binary=True)


BREAST_CANCER_CLASSES_MD = """
The target is scikit-learn's coding of the diagnosis: **`0` = malignant,
`1` = benign**; the model is trained on these codes directly.
"""


def CELLS_BREAST_CANCER_XGB(p, features, examples):
    return [
        ("md", """
# Breast cancer diagnosis (XGBoost, native UBJSON model, trained with missing values)

This notebook estimates the probability that a breast mass is benign or
malignant from 30 features computed from a digitized image of a fine-needle
aspirate (radius, texture, perimeter, area, ...: mean, standard error and
worst value of each), with 25 rounds of boosted trees of depth 3 (XGBoost,
`binary:logistic`)."""
         + BREAST_CANCER_CLASSES_MD + """
Real records are often incomplete, so about 5% of the training values are
blanked out at random before fitting: XGBoost learns, at every split, which
way a missing value goes.  It is meant for engineers and students who need a
binary XGBoost model with learned missing-value directions, saved in
**XGBoost's binary UBJSON format** (`model.ubj`), to exercise a deployment
pipeline.  Data: the Breast Cancer Wisconsin (Diagnostic) dataset bundled
with scikit-learn (`sklearn.datasets.load_breast_cancer`, 569 cases, UCI
Machine Learning Repository).

Caveats: one small, old, single-centre dataset; the blanked values are
artificial; boosted trees give over-confident probabilities: **not a
diagnostic device**.  XGBoost computes in `float32`.  `model.ubj` takes raw
values; a missing input is NaN.
""", None),
        ("code", f"""
model_name = "breast-cancer-diagnosis-xgboost"  # package name
n_estimators = {p['n_estimators']}  # boosting rounds (training only), range [1, inf)
max_depth = {p['max_depth']}  # depth of each tree (training only), range [1, inf)
learning_rate = {p['learning_rate']}  # shrinkage (eta) applied to each round (training only), range (0, 1]
missing_rate = {p['missing_rate']}  # share of training values blanked out at random (training only), range [0, 1), unit: fraction
missing_seed = {p['missing_seed']}  # seed for choosing the blanked values (training only)
test_size = {p['test_size']}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {p['random_state']}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import os

import numpy as np
import pandas as pd
import xgboost
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_breast_cancer(as_frame=True)
frame = data.frame.rename(columns={"target": "diagnosis"})
print(f"{frame.shape[0]} cases, {frame.shape[1] - 1} features")
print(frame["diagnosis"].map({0: "0 (malignant)", 1: "1 (benign)"}).value_counts().to_string())
""", None),
        ("md", "The model inputs, in the order the model expects them (also the feature names stored in `model.ubj`):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["diagnosis"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", """
## Blank out some training values

Only the training rows are touched; the held-out rows stay complete.
""", None),
        ("code", BLANK_OUT_CODE, None),
        ("code", """
X_train = blank_out(X_train, missing_rate, missing_seed)
print(f"{int(X_train.isna().sum().sum())} of {X_train.size} training values blanked; "
      f"{int(X_train.isna().any(axis=1).sum())} of {len(X_train)} rows have a missing value")
""", None),
        ("md", "## Fit (single-threaded, so the result is reproducible)", None),
        ("code", XGB_CLASSIFIER_FIT, None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = model.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba):.4f}"
      f"  ROC AUC = {roc_auc_score(y_test, proba[:, 1]):.4f}")
""", None),
        ("md", """
## Export

XGBoost's binary UBJSON model format (`save_model` picks it from the `.ubj`
extension): the same document as the JSON format, in Universal Binary JSON.
""", None),
        ("code", """
model.save_model("model.ubj")
print(f"exported model.ubj ({os.path.getsize('model.ubj'):,} bytes)")
""", None),
        ("md", """
## Golden examples

Five held-out cases with the predicted class code and the probability of each
class, keyed by class code (XGBoost's own `float32` results, written out
exactly).  The booster gives P(1); P(0) is `1 - P(1)` in `float32`, as
`predict_proba` computes it.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
# Reload the exported file and reproduce the examples bit for bit.
booster = xgboost.Booster(model_file="model.ubj")
assert booster.feature_names == FEATURES


def file_proba(frame):
    p1 = booster.predict(xgboost.DMatrix(frame.astype(np.float32)))
    return np.column_stack([1 - p1, p1])


inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
proba = file_proba(inputs)
codes = [str(c) for c in model.classes_]
assert [codes[k] for k in proba.argmax(axis=1)] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, np.array([[e["probabilities"][c] for c in codes] for e in EXAMPLES], dtype=np.float32))
# The file must also agree with the fitted model on every held-out row.
assert np.array_equal(file_proba(X_test), model.predict_proba(X_test.astype(np.float32)))
print(f"{len(EXAMPLES)} golden examples reproduced from model.ubj")
""", None),
    ]


# --------------------------------------------------------------------------
# 3. diabetes, XGBRegressor (reg:squarederror), model.json
# --------------------------------------------------------------------------

def make_diabetes_xgboost_json():
    import xgboost

    folder = HERE / "diabetes-xgboost-json"
    folder.mkdir(exist_ok=True)
    name = folder.name
    n_estimators, max_depth, learning_rate, test_size, random_state = 30, 4, 0.1, 0.25, 42

    features, (X_train, X_test, y_train, y_test) = diabetes_split(test_size, random_state)
    model = xgboost.XGBRegressor(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        objective="reg:squarederror", tree_method="hist", n_jobs=1, random_state=random_state)
    model.fit(X_train, y_train)
    doc = xgb_json(model)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        model.save_model(path)
        reference = path.read_bytes()
        booster = xgboost.Booster(model_file=str(path))

    def predict(X):
        return model.predict(X.astype(np.float32))  # float32

    def from_file(X):
        return booster.predict(xgboost.DMatrix(X.astype(np.float32)))

    split_counts = model.get_booster().get_score(importance_type="weight")
    roots = [features[j] for j in xgb_roots(doc)]
    X_missing, blanks = missing_value_rows(X_test, features, roots, split_counts, predict)
    describe_missing_rows(name, len(X_test), blanks)
    X_edge, info = edge_rows(X_test, features, xgb_splits(doc), predict, np.float32)
    X_all = pd.concat([X_test, X_missing, X_edge], ignore_index=True)
    pred = scored(predict, (from_file, [X_all]))(X_all)
    edge_summary(name, info, pred, len(X_test) + len(X_missing), "above")
    examples = regression_examples(X_test, pred, features, range(5))
    print(f"  {name}: base_score {doc['learner']['learner_model_param']['base_score']!r}, "
          f"objective {doc['learner']['objective']['name']}, default_left {summarize_default_left(doc)}")

    cells = [
        ("md", """
# Diabetes disease progression (XGBoost regressor, native JSON model)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements), with 30
rounds of boosted regression trees of depth 4 (XGBoost,
`reg:squarederror`).  It is meant for engineers and students who need a
realistic XGBoost regressor saved in **XGBoost's own JSON format** to
exercise a deployment pipeline.  Data: the diabetes dataset bundled with
scikit-learn""" + DIABETES_MD_DATA + """
Caveats: small, old cohort; boosting on 331 training rows explains well under
half of the variance on held-out data; the target is a research-specific
score: **not for clinical use**.  XGBoost computes in `float32` (inputs,
splits, the sum of the leaf values and the prediction).  `model.json` takes
raw values.
""", None),
        ("code", f"""
model_name = "diabetes-progression-xgboost"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
max_depth = {max_depth}  # depth of each tree (training only), range [1, inf)
learning_rate = {learning_rate}  # shrinkage (eta) applied to each round (training only), range (0, 1]
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import os

import numpy as np
import pandas as pd
import xgboost
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from xgboost import XGBRegressor
""", None),
        ("md", "## Data", None),
        ("code", DIABETES_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them (also the feature names stored in `model.json`):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", DIABETES_SPLIT_CELL, None),
        ("md", "## Fit (single-threaded, so the result is reproducible)", None),
        ("code", """
model = XGBRegressor(
    n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
    objective="reg:squarederror", tree_method="hist", n_jobs=1, random_state=random_state,
)
model.fit(X_train, y_train)
booster = model.get_booster()
print(f"objective {model.objective}, {booster.num_boosted_rounds()} rounds, {len(booster.get_dump())} trees")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
pred = model.predict(X_test)
rmse = mean_squared_error(y_test, pred) ** 0.5
print(f"R^2 = {r2_score(y_test, pred):.4f}  RMSE = {rmse:.2f}  MAE = {mean_absolute_error(y_test, pred):.2f}")
""", None),
        ("md", """
## Export

XGBoost's own JSON model format (`save_model` picks it from the `.json`
extension): the trees, the base score, the objective and the feature names.
""", None),
        ("code", """
model.save_model("model.json")
print(f"exported model.json ({os.path.getsize('model.json'):,} bytes)")
""", None),
        ("md", """
## Golden examples

The first five held-out rows with the model's prediction (XGBoost's own
`float32` result, written out exactly).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
# Reload the exported file and reproduce the examples bit for bit.
booster = xgboost.Booster(model_file="model.json")
assert booster.feature_names == FEATURES
examples = pd.DataFrame(EXAMPLES)
pred = booster.predict(xgboost.DMatrix(examples[FEATURES].astype(np.float32)))
assert np.array_equal(pred, examples["prediction"].to_numpy(dtype=np.float32))
# The file must also agree with the fitted model on every held-out row.
X_test32 = X_test.astype(np.float32)
assert np.array_equal(booster.predict(xgboost.DMatrix(X_test32)), model.predict(X_test32))
print(f"{len(EXAMPLES)} golden examples reproduced from model.json")
""", None),
    ]
    result = finish(folder, cells, features + ["prediction"], regression_rows(X_all, pred), pmml=False)
    same_bytes(folder, "model.json", reference)
    return result


# --------------------------------------------------------------------------
# LightGBM: shared machinery
# --------------------------------------------------------------------------

def lgb_sample_rows(name, model, features, X_test, classifier, zero_as_missing=False):
    """Rows for a fitted LGBM model: held-out, missing, edge (and zero) rows.
    Returns (X_all, outputs, labels or None, the model file's bytes)."""
    import lightgbm

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.txt"
        model.booster_.save_model(str(path))
        reference = path.read_bytes()
        booster = lightgbm.Booster(model_file=str(path))
    header, trees = lgb_parse(reference.decode("utf-8"))
    if header["feature_names"].split() != features:
        raise RuntimeError(f"{name}: model.txt feature names {header['feature_names']!r} != FEATURES")
    n_class = int(header["num_class"])

    def native(b):
        def predict(X):
            p = b.predict(X)
            if classifier and n_class == 1:
                return np.column_stack([1 - p, p])
            return p
        return predict

    predict = native(model.booster_)
    split_counts = dict(zip(features, model.booster_.feature_importance(importance_type="split").tolist()))
    per_round = int(header["num_tree_per_iteration"])
    roots = [features[int(t["split_feature"].split()[0])] for t in trees[:per_round] if int(t["num_leaves"]) > 1]
    X_missing, blanks = missing_value_rows(X_test, features, roots, split_counts, predict)
    describe_missing_rows(name, len(X_test), blanks)
    X_edge, info = edge_rows(X_test, features, lgb_splits(trees), predict, np.float64)
    frames = [X_test, X_missing, X_edge]
    if zero_as_missing:
        X_zero, zinfo = zero_rows(X_test, features, split_counts, predict)
        frames.append(X_zero)
        print(f"  {name}: {len(X_zero)} zero rows (0.0, kZeroThreshold, next double above) on "
              f"{[f for f, _, _ in zinfo]}; output changes for {sum(c for *_, c in zinfo)} of them")
    X_all = pd.concat(frames, ignore_index=True)
    out = scored(predict, (native(booster), [X_all]))(X_all)
    edge_summary(name, info, out, len(X_test) + len(X_missing), "below")
    labels = None
    if classifier:
        classes = classes_of(model)
        if not np.array_equal(out, model.predict_proba(X_all)):
            raise RuntimeError(f"{name}: Booster.predict disagrees with predict_proba")
        labels = [classes[k] for k in out.argmax(axis=1)]
        if labels != [str(int(c)) for c in model.predict(X_all)]:
            raise RuntimeError(f"{name}: predict() is not the argmax of the probabilities")
    print(f"  {name}: {len(trees)} trees, decision_type counts {lgb_decision_types(trees)}, "
          f"objective {header['objective']!r}")
    return X_all, out, labels, reference


def lgb_export_cells():
    return [
        ("md", """
## Export

LightGBM's own text model format: the trees (split features, thresholds,
decision types, leaf values), the objective and the feature names.
""", None),
        ("code", """
model.booster_.save_model("model.txt")
print(f"exported model.txt ({os.path.getsize('model.txt'):,} bytes)")
""", None),
    ]


LGB_IMPORTS = """
import os

import lightgbm
import numpy as np
import pandas as pd
from lightgbm import {cls}
from sklearn.datasets import {loader}
from sklearn.metrics import {metrics}
from sklearn.model_selection import train_test_split
"""


# --------------------------------------------------------------------------
# 4. diabetes, LGBMRegressor trained with NaNs, model.txt
# --------------------------------------------------------------------------

def make_diabetes_lightgbm_text():
    import lightgbm

    folder = HERE / "diabetes-lightgbm-text"
    folder.mkdir(exist_ok=True)
    name = folder.name
    n_estimators, num_leaves, learning_rate = 40, 15, 0.1
    missing_rate, missing_seed, test_size, random_state = 0.05, 7, 0.25, 42

    features, (X_train, X_test, y_train, y_test) = diabetes_split(test_size, random_state)
    X_train = blank_out(X_train, missing_rate, missing_seed)
    print(f"  {name}: {int(X_train.isna().sum().sum())} of {X_train.size} training cells blanked")
    model = lightgbm.LGBMRegressor(
        n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
        random_state=random_state, **LGBM_FIXED)
    model.fit(X_train, y_train)
    X_all, pred, _, reference = lgb_sample_rows(name, model, features, X_test, classifier=False)
    examples = regression_examples(X_test, pred, features, range(5))

    cells = [
        ("md", """
# Diabetes disease progression (LightGBM, native text model, trained with missing values)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements), with 40
gradient-boosted trees of up to 15 leaves (LightGBM).  Clinical records are
often incomplete, so about 5% of the training values are blanked out at
random before fitting: LightGBM learns, at every split, which way a missing
value goes.  It is meant for engineers and students who need a LightGBM
regressor with learned missing-value directions, saved in **LightGBM's own
text format** (`model.txt`), to exercise a deployment pipeline.  Data: the
diabetes dataset bundled with scikit-learn""" + DIABETES_MD_DATA + """
Caveats: small, old cohort; the blanked values are artificial; boosting on
331 training rows overfits easily; the target is a research-specific score:
**not for clinical use**.  LightGBM computes in double precision.
`model.txt` takes raw values; a missing input is NaN.
""", None),
        ("code", f"""
model_name = "diabetes-progression-lightgbm-native"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
num_leaves = {num_leaves}  # maximum leaves per tree (training only), range [2, inf)
learning_rate = {learning_rate}  # shrinkage applied to each tree (training only), range (0, 1]
missing_rate = {missing_rate}  # share of training values blanked out at random (training only), range [0, 1), unit: fraction
missing_seed = {missing_seed}  # seed for choosing the blanked values (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", LGB_IMPORTS.format(cls="LGBMRegressor", loader="load_diabetes",
                                    metrics="mean_absolute_error, mean_squared_error, r2_score"), None),
        ("md", "## Data", None),
        ("code", DIABETES_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them (also the feature names stored in `model.txt`):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", DIABETES_SPLIT_CELL, None),
        ("md", """
## Blank out some training values

Only the training rows are touched; the held-out rows stay complete.
""", None),
        ("code", BLANK_OUT_CODE, None),
        ("code", """
X_train = blank_out(X_train, missing_rate, missing_seed)
print(f"{int(X_train.isna().sum().sum())} of {X_train.size} training values blanked; "
      f"{int(X_train.isna().any(axis=1).sum())} of {len(X_train)} rows have a missing value")
""", None),
        ("md", "## Fit (single-threaded and deterministic, so the result is reproducible)", None),
        ("code", """
model = LGBMRegressor(
    n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
    random_state=random_state, n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1,
)
model.fit(X_train, y_train)
print(f"objective {model.objective_}, {model.booster_.num_trees()} trees")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
pred = model.predict(X_test)
rmse = mean_squared_error(y_test, pred) ** 0.5
print(f"R^2 = {r2_score(y_test, pred):.4f}  RMSE = {rmse:.2f}  MAE = {mean_absolute_error(y_test, pred):.2f}")
""", None),
        *lgb_export_cells(),
        ("md", """
## Golden examples

The first five held-out rows with the model's prediction.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
# Reload the exported file and reproduce the examples bit for bit.
booster = lightgbm.Booster(model_file="model.txt")
assert booster.feature_name() == FEATURES
examples = pd.DataFrame(EXAMPLES)
assert np.array_equal(booster.predict(examples[FEATURES]), examples["prediction"].to_numpy())
""" + LGB_CHECK_FILE_ROWS, None),
    ]
    result = finish(folder, cells, features + ["prediction"], regression_rows(X_all, pred), pmml=False)
    same_bytes(folder, "model.txt", reference)
    return result


# --------------------------------------------------------------------------
# LightGBM classifiers (5. iris multiclass, 6. breast cancer binary)
# --------------------------------------------------------------------------

LGB_CLASSIFIER_CHECK = """
# Reload the exported file and reproduce the examples bit for bit.
booster = lightgbm.Booster(model_file="model.txt")
assert booster.feature_name() == FEATURES


def file_proba(frame):
    p = booster.predict(frame)
    # A binary model gives P(1) only; P(0) is 1 - P(1), as predict_proba computes it.
    return np.column_stack([1 - p, p]) if p.ndim == 1 else p


inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
proba = file_proba(inputs)
codes = [str(c) for c in model.classes_]
assert [codes[k] for k in proba.argmax(axis=1)] == [e["label"] for e in EXAMPLES]
assert np.array_equal(proba, [[e["probabilities"][c] for c in codes] for e in EXAMPLES])
# The file must also agree with the fitted model on every held-out row.
assert np.array_equal(file_proba(X_test), model.predict_proba(X_test))
print(f"{len(EXAMPLES)} golden examples reproduced from model.txt")
"""


def lgb_classifier_sample(folder, model, features, X_test, cells, zero_as_missing=False):
    name = folder.name
    X_all, proba, labels, reference = lgb_sample_rows(
        name, model, features, X_test, classifier=True, zero_as_missing=zero_as_missing)
    classes = classes_of(model)
    n_test = len(X_test)
    examples = record_examples(X_test, pick_examples(labels[:n_test]), features, labels, proba, classes)
    header = features + ["label"] + [f"probability({c})" for c in classes]
    result = finish(folder, cells(examples), header, classification_rows(X_all, labels, proba), pmml=False)
    same_bytes(folder, "model.txt", reference)
    return result


def make_iris_lightgbm_text():
    import lightgbm

    folder = HERE / "iris-lightgbm-text"
    folder.mkdir(exist_ok=True)
    n_estimators, num_leaves, min_child_samples, learning_rate = 20, 7, 10, 0.1
    test_size, random_state = 0.4, 42

    data = load_iris(as_frame=True)
    frame = data.frame.rename(columns=lambda c: c.replace(" ", "_")).rename(columns={"target": "species"})
    features = [c.replace(" ", "_") for c in data.feature_names]
    X, y = frame[features], frame["species"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    model = lightgbm.LGBMClassifier(
        n_estimators=n_estimators, num_leaves=num_leaves, min_child_samples=min_child_samples,
        learning_rate=learning_rate, random_state=random_state, **LGBM_FIXED)
    model.fit(X_train, y_train)

    def cells(examples):
        return [
            ("md", """
# Iris species (LightGBM, native text model)

This notebook identifies the species of an iris flower from four
measurements of its sepals and petals, with 20 rounds of gradient-boosted
trees (LightGBM, `multiclass`: one tree per class and round, softmax of the
three sums).  The classes are the dataset's own codes: **`0` = setosa, `1` =
versicolor, `2` = virginica**; the model is trained on them directly.  It is
meant for engineers and students who need a small multi-class LightGBM model
saved in **LightGBM's own text format** (`model.txt`) to exercise a
deployment pipeline.  Data: Fisher's iris dataset bundled with scikit-learn
(`sklearn.datasets.load_iris`, 150 flowers, 50 per species).

Caveats: tiny dataset (60 held-out flowers, so the metrics are noisy); a
flower of another species is still assigned to one of these three.
LightGBM does not keep spaces in feature names (it would replace them with
`_`), so the columns are renamed that way before training, and `FEATURES`
holds the names stored in `model.txt` (`sepal_length_(cm)`, ...).
""", None),
            ("code", f"""
model_name = "iris-species-lightgbm"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
num_leaves = {num_leaves}  # maximum leaves per tree (training only), range [2, inf)
min_child_samples = {min_child_samples}  # fewest training rows in a leaf (training only), range [1, inf)
learning_rate = {learning_rate}  # shrinkage applied to each tree (training only), range (0, 1]
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
            ("code", LGB_IMPORTS.format(cls="LGBMClassifier", loader="load_iris",
                                        metrics="accuracy_score, log_loss"), None),
            ("md", "## Data", None),
            ("code", """
data = load_iris(as_frame=True)
# LightGBM would replace the spaces in the names with "_" (and warn): do it here.
frame = data.frame.rename(columns=lambda c: c.replace(" ", "_")).rename(columns={"target": "species"})
print(f"{frame.shape[0]} flowers, {frame.shape[1] - 1} features")
print(frame["species"].map(dict(enumerate(data.target_names))).value_counts().sort_index().to_string())
""", None),
            ("md", "The model inputs (in centimetres), in the order the model expects them (also the feature names stored in `model.txt`):", None),
            ("code", assign("FEATURES", features), ["features"]),
            ("code", """
X = frame[FEATURES]
y = frame["species"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
            ("md", "## Fit (single-threaded and deterministic, so the result is reproducible)", None),
            ("code", """
model = LGBMClassifier(
    n_estimators=n_estimators, num_leaves=num_leaves, min_child_samples=min_child_samples,
    learning_rate=learning_rate, random_state=random_state,
    n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1,
)
model.fit(X_train, y_train)
print(f"objective {model.objective_}, classes {model.classes_.tolist()}, {model.booster_.num_trees()} trees")
""", None),
            ("md", "## Evaluate on the held-out rows", None),
            ("code", """
proba = model.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba):.4f}")
""", None),
            *lgb_export_cells(),
            ("md", """
## Golden examples

Five held-out flowers with the predicted class code and the probability of
each class, keyed by class code.
""", None),
            ("code", assign("EXAMPLES", examples), ["examples"]),
            ("code", LGB_CLASSIFIER_CHECK, None),
        ]

    return lgb_classifier_sample(folder, model, features, X_test, cells)


def make_breast_cancer_lightgbm_text():
    import lightgbm

    folder = HERE / "breast-cancer-lightgbm-text"
    folder.mkdir(exist_ok=True)
    n_estimators, num_leaves, learning_rate, test_size, random_state = 30, 8, 0.1, 0.25, 42

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.rename(columns=lambda c: c.replace(" ", "_")).rename(columns={"target": "diagnosis"})
    features = [c.replace(" ", "_") for c in data.feature_names]
    X, y = frame[features], frame["diagnosis"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    zeros = {f: int((X[f] == 0).sum()) for f in features if (X[f] == 0).any()}
    print(f"  {folder.name}: zero values per feature (all data): {zeros}")
    model = lightgbm.LGBMClassifier(
        n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
        zero_as_missing=True, random_state=random_state, **LGBM_FIXED)
    model.fit(X_train, y_train)

    def cells(examples):
        return [
            ("md", """
# Breast cancer diagnosis (LightGBM, native text model, zero as missing)

This notebook estimates the probability that a breast mass is benign or
malignant from 30 features computed from a digitized image of a fine-needle
aspirate, with 30 gradient-boosted trees of up to 8 leaves (LightGBM,
`binary`)."""
             + BREAST_CANCER_CLASSES_MD + """
In this dataset a concavity of exactly 0 (13 cases, in the six concavity
and concave-points features) means that the contour-finding step found no
concavity to measure, so it is treated as **not measured**: the model is
trained with `zero_as_missing=True`, and at every split a zero (or NaN) goes
the way LightGBM learnt for missing values.  It is meant for engineers and
students who need a binary LightGBM model saved in **LightGBM's own text
format** (`model.txt`) to exercise a deployment pipeline.  Data: the Breast
Cancer Wisconsin (Diagnostic) dataset bundled with scikit-learn
(`sklearn.datasets.load_breast_cancer`, 569 cases, UCI Machine Learning
Repository).

Caveats: one small, old, single-centre dataset; boosted trees give
over-confident probabilities: **not a diagnostic device**.  LightGBM does
not keep spaces in feature names, so the columns are renamed with `_` before
training (`mean_radius`, ...), and `FEATURES` holds those names, as stored in
`model.txt`.  `zero_as_missing` applies to **every** feature: any input that
is 0 counts as missing.
""", None),
            ("code", f"""
model_name = "breast-cancer-diagnosis-lightgbm"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
num_leaves = {num_leaves}  # maximum leaves per tree (training only), range [2, inf)
learning_rate = {learning_rate}  # shrinkage applied to each tree (training only), range (0, 1]
zero_as_missing = True  # treat zero inputs as missing values (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
            ("code", LGB_IMPORTS.format(cls="LGBMClassifier", loader="load_breast_cancer",
                                        metrics="accuracy_score, log_loss, roc_auc_score"), None),
            ("md", "## Data", None),
            ("code", """
data = load_breast_cancer(as_frame=True)
# LightGBM would replace the spaces in the names with "_" (and warn): do it here.
frame = data.frame.rename(columns=lambda c: c.replace(" ", "_")).rename(columns={"target": "diagnosis"})
print(f"{frame.shape[0]} cases, {frame.shape[1] - 1} features")
print(frame["diagnosis"].map({0: "0 (malignant)", 1: "1 (benign)"}).value_counts().to_string())
zeros = (frame.drop(columns="diagnosis") == 0).sum()
print("zero values:", zeros[zeros > 0].to_dict())
""", None),
            ("md", "The model inputs, in the order the model expects them (also the feature names stored in `model.txt`):", None),
            ("code", assign("FEATURES", features), ["features"]),
            ("code", """
X = frame[FEATURES]
y = frame["diagnosis"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
            ("md", "## Fit (single-threaded and deterministic, so the result is reproducible)", None),
            ("code", """
model = LGBMClassifier(
    n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
    zero_as_missing=zero_as_missing, random_state=random_state,
    n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1,
)
model.fit(X_train, y_train)
print(f"objective {model.objective_}, classes {model.classes_.tolist()}, {model.booster_.num_trees()} trees")
""", None),
            ("md", "## Evaluate on the held-out rows", None),
            ("code", """
proba = model.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, model.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba):.4f}"
      f"  ROC AUC = {roc_auc_score(y_test, proba[:, 1]):.4f}")
""", None),
            *lgb_export_cells(),
            ("md", """
## Golden examples

Five held-out cases with the predicted class code and the probability of
each class, keyed by class code.
""", None),
            ("code", assign("EXAMPLES", examples), ["examples"]),
            ("code", LGB_CLASSIFIER_CHECK, None),
        ]

    return lgb_classifier_sample(folder, model, features, X_test, cells, zero_as_missing=True)


# Folder name -> maker, in the order make_samples.py runs them (after the other eleven).
NATIVE_SAMPLES = {
    "wine-xgboost-json": make_wine_xgboost_json,
    "breast-cancer-xgboost-ubj": make_breast_cancer_xgboost_ubj,
    "diabetes-xgboost-json": make_diabetes_xgboost_json,
    "diabetes-lightgbm-text": make_diabetes_lightgbm_text,
    "iris-lightgbm-text": make_iris_lightgbm_text,
    "breast-cancer-lightgbm-text": make_breast_cancer_lightgbm_text,
}


if __name__ == "__main__":
    # Same entry point as make_samples.py, limited to these six by default.
    sys.exit(make_samples.main(sys.argv[1:] or list(NATIVE_SAMPLES)))
