#!/usr/bin/env python3
"""Writes the booster fixtures of Tests/NBShipTests/Fixtures/boosters/: small XGBoost and LightGBM models, one per
objective and missing-value rule nbship's booster readers claim, each with the rows its own booster scores.

    /work/venv/bin/python scripts/make_booster_fixtures.py   # xgboost 3.2.0, lightgbm 4.6.0, scikit-learn 1.8.0

For each case `<case>.json`, `.ubj` or `.txt` is the model file as the booster's `save_model` writes it and
`<case>.csv` holds the rows: one column per feature, named as the model file names it (XGBoost without feature
names: f0, f1, ...), a blank cell for a missing value (NaN), then the booster's own outputs. `xgb-binary-logistic`
has two model files (`.json` and `.ubj`, the same model) for one csv. The rows of each csv are, in order:

  ordinary   the first held-out rows;
  extreme    the held-out rows with the smallest and the largest margin (of the first class);
  nan        a held-out row with one feature missing (for each feature), one with every feature missing and one
             with two missing (lgb-regression-none prefers rows where reading NaN as 0 gives another output than
             sending it the split's default way);
  threshold  for up to 7 split conditions read from the model file (features in turn), the threshold itself and
             the next representable value below and above it (float32 for XGBoost, float64 for LightGBM), on the
             first held-out row whose output is not the same for the three (LightGBM: thresholds of +-1e-35f first);
  zero       0, -0, 1e-36 and -1e-36 in the two most used features (LightGBM also +-kZeroThreshold, the float
             1e-35f as a double; lgb-zero-as-missing also the doubles just outside it, in three features);
  large      every feature +1e30, every feature -1e30, alternating signs both ways, the most used feature +1e30
             and -1e30;
  ordinary   more held-out rows when the model has so few splits that there would be fewer than 40 rows.
XGBoost computes in float32, so its cells are float32 values written as the double they are exactly, and its
outputs are float32 (written as the double they are). LightGBM computes in double.

Outputs: regression-like objectives `prediction` (Booster.predict: the transformed output, the margin for
binary:logitraw and ranking); binary classifiers `label` (1 when P(1) > 0.5), `probability(0)` (1 - P(1), in float32
for XGBoost, double for LightGBM) and `probability(1)`; multi-class `label` (argmax, the first wins a tie) and
`probability(k)`; multi:softmax only `label`.

Deterministic: fixed seeds, one thread, LightGBM deterministic=True and force_row_wise=True; a rerun writes the
same bytes. After writing, every csv is checked against a booster loaded from the model file, and against the
boosters' rules re-implemented here from the model file alone (check_rules; README.md says what they are and which
csv lines a naive variant of a rule would get wrong).
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import csv  # noqa: E402
import ctypes  # noqa: E402
import ctypes.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402

import lightgbm  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
import xgboost  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine, make_classification  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/Fixtures/boosters"
K_ZERO = float(np.float32(1e-35))  # LightGBM's kZeroThreshold (1e-35f), compared in double
N_ORDINARY = 12
N_CONDITIONS = 7
XGB_FIXED = dict(nthread=1, seed=0, tree_method="hist")
LGB_FIXED = dict(num_threads=1, seed=0, deterministic=True, force_row_wise=True, verbose=-1)
VERSIONS = dict(xgboost=xgboost.__version__, lightgbm=lightgbm.__version__, sklearn=sklearn.__version__,
                numpy=np.__version__)
EXPECTED_VERSIONS = dict(xgboost="3.2.0", lightgbm="4.6.0", sklearn="1.8.0")


def blank_out(X, rate, seed):
    """A copy of X with each value replaced by NaN with probability `rate` (fixed seed)."""
    rng = np.random.default_rng(seed)
    X = X.copy()
    X[rng.random(X.shape) < rate] = np.nan
    return X


def f32(X):
    """X rounded to float32, as float64 (every cell then is a float32 value exactly)."""
    return np.asarray(X, dtype=np.float32).astype(np.float64)


# --------------------------------------------------------------------------
# Data sets (train, test); at most 6 features
# --------------------------------------------------------------------------

def split(X, y, seed=0):
    return train_test_split(np.asarray(X, dtype=np.float64), np.asarray(y), test_size=0.25, random_state=seed)


def diabetes():
    data = load_diabetes()
    names = ["age", "sex", "bmi", "bp", "s1", "s2"]
    return (names, *split(data.data[:, :6], data.target))


def breast_cancer(underscores=False):
    data = load_breast_cancer()
    names = [str(n).replace(" ", "_") if underscores else str(n) for n in data.feature_names[:6]]
    return (names, *split(data.data[:, :6], data.target))


def wine():
    data = load_wine()
    picked = ["alcohol", "malic_acid", "flavanoids", "color_intensity", "hue", "proline"]
    columns = [list(data.feature_names).index(n) for n in picked]
    return (picked, *split(data.data[:, columns], data.target))


def iris():
    data = load_iris()
    return (["sepal_length", "sepal_width", "petal_length", "petal_width"], *split(data.data, data.target))


def four_classes():
    X, y = make_classification(n_samples=400, n_features=5, n_informative=4, n_redundant=1, n_classes=4,
                               n_clusters_per_class=1, random_state=3)
    return (["a", "b", "c", "d", "e"], *split(X, y))


def synthetic(kind, seed=1, n=400):
    """Five features x1..x5 (standard normal, x5 uniform on [-2, 2]) and a target of the given kind."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    X[:, 4] = rng.uniform(-2, 2, size=n)
    eta = 0.8 * X[:, 0] - 0.5 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3] + 0.4 * np.sin(X[:, 4])
    if kind == "unit":  # a target in [0, 1]
        y = np.clip(1 / (1 + np.exp(-2 * eta)) + rng.normal(scale=0.05, size=n), 0, 1)
    elif kind == "counts":
        y = rng.poisson(np.exp(0.6 * eta + 0.5)).astype(float)
    elif kind == "tweedie":  # compound Poisson-gamma: many exact zeros
        counts = rng.poisson(np.exp(0.5 * eta))
        y = np.array([rng.gamma(2.0, 1.5, size=c).sum() for c in counts])
    elif kind == "zeros":  # features with many exact zeros (for zero_as_missing)
        X[rng.random(X.shape) < 0.3] = 0.0
        eta = 0.8 * X[:, 0] - 0.5 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3] + 0.4 * np.sin(X[:, 4])
        y = 10 * eta + rng.normal(scale=0.5, size=n)
    else:
        raise ValueError(kind)
    return (["x1", "x2", "x3", "x4", "x5"], *split(X, y, seed))


def ranking(seed=2, groups=40, per_group=8):
    """Query groups of `per_group` documents, relevance 0..3; rows in group order (train, then test groups)."""
    rng = np.random.default_rng(seed)
    n = groups * per_group
    X = rng.normal(size=(n, 5))
    score = X[:, 0] + 0.5 * X[:, 1] - 0.3 * X[:, 2] + rng.normal(scale=0.5, size=n)
    y = np.digitize(score, [-0.5, 0.5, 1.5]).astype(float)
    qid = np.repeat(np.arange(groups), per_group)
    train = qid < groups * 3 // 4
    return ["q1", "q2", "q3", "q4", "q5"], X[train], X[~train], y[train], y[~train], qid[train]


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

class Case:
    """One fixture: the fitted booster, how to score it, and what to say about it."""

    def __init__(self, name, ext, library, kind, features, X_test, booster, objective, data, params, rounds,
                 named=True, classes=None, sklearn_model=None, nan_alternative=None):
        self.name, self.ext, self.library, self.kind = name, ext, library, kind
        self.features, self.booster, self.objective, self.data = features, booster, objective, data
        self.params, self.rounds, self.named, self.classes = params, rounds, named, classes
        self.sklearn_model, self.nan_alternative = sklearn_model, nan_alternative
        self.precision = np.float32 if library == "xgboost" else np.float64
        self.X_test = f32(X_test) if library == "xgboost" else np.asarray(X_test, dtype=np.float64)
        self.notes = []

    @property
    def files(self):
        exts = self.ext if isinstance(self.ext, tuple) else (self.ext,)
        return [f"{self.name}.{e}" for e in exts]

    def header(self):
        if self.kind == "regression":
            outs = ["prediction"]
        elif self.kind == "label":
            outs = ["label"]
        else:
            outs = ["label"] + [f"probability({k})" for k in range(self.classes)]
        return list(self.features) + outs


def xgb_dmatrix(case, X):
    return xgboost.DMatrix(np.asarray(X, dtype=np.float32), missing=np.nan,
                           feature_names=list(case.features) if case.named else None)


def raw_outputs(case, booster, X):
    """The booster's own outputs for the rows X (float32 for XGBoost, float64 for LightGBM), 2-D."""
    if case.library == "xgboost":
        out = booster.predict(xgb_dmatrix(case, X))
        assert out.dtype == np.float32, out.dtype
    else:
        out = booster.predict(np.asarray(X, dtype=np.float64))
        assert out.dtype == np.float64, out.dtype
    return out.reshape(len(X), -1)


def margins(case, booster, X):
    """Raw scores (before the link), to choose rows whose output moves."""
    if case.library == "xgboost":
        out = booster.predict(xgb_dmatrix(case, X), output_margin=True)
    else:
        out = booster.predict(np.asarray(X, dtype=np.float64), raw_score=True)
    return out.reshape(len(X), -1)


def output_cells(case, out):
    """The output cells of each row, from raw_outputs."""
    fmt = (lambda v: repr(float(np.float32(v)))) if case.library == "xgboost" else (lambda v: repr(float(v)))
    rows = []
    for o in out:
        if case.kind == "regression":
            rows.append([fmt(o[0])])
        elif case.kind == "label":
            assert float(o[0]).is_integer()
            rows.append([str(int(o[0]))])
        elif case.kind == "binary":
            p1 = o[0]
            p0 = np.float32(1) - p1 if case.library == "xgboost" else 1.0 - p1
            rows.append(["1" if p1 > 0.5 else "0", fmt(p0), fmt(p1)])
        else:
            rows.append([str(int(np.argmax(o)))] + [fmt(p) for p in o])
    return rows


def feature_cells(row):
    return ["" if math.isnan(v) else repr(float(v)) for v in row]


# --------------------------------------------------------------------------
# Reading the model files: the split conditions
# --------------------------------------------------------------------------

def xgb_document(booster):
    return json.loads(booster.save_raw("json"))


def xgb_trees(doc):
    gb = doc["learner"]["gradient_booster"]
    model = gb["gbtree"]["model"] if gb["name"] == "dart" else gb["model"]
    return model["trees"]


def xgb_splits(booster):
    """(feature index, float32 threshold) of every split, in tree and node order."""
    out = []
    for tree in xgb_trees(xgb_document(booster)):
        for node, left in enumerate(tree["left_children"]):
            if left != -1:
                assert tree["split_type"][node] == 0
                out.append((int(tree["split_indices"][node]), float(np.float32(tree["split_conditions"][node]))))
    return out


def lgb_trees(text):
    trees, current = [], None
    for line in text.splitlines():
        if line == "end of trees":
            break
        if line.startswith("Tree="):
            current = {}
            trees.append(current)
        elif current is not None and "=" in line:
            key, value = line.split("=", 1)
            current[key] = value
    return trees


def lgb_header(text):
    header = {}
    for line in text.splitlines():
        if line.startswith("Tree="):
            break
        if "=" in line:
            key, value = line.split("=", 1)
            header[key] = value
    return header


def lgb_splits(booster):
    out = []
    for tree in lgb_trees(booster.model_to_string()):
        if int(tree["num_leaves"]) < 2:
            continue
        assert int(tree.get("num_cat", "0")) == 0
        for j, t in zip(tree["split_feature"].split(), tree["threshold"].split()):
            out.append((int(j), float(t)))
    return out


def splits_of(case):
    return xgb_splits(case.booster) if case.library == "xgboost" else lgb_splits(case.booster)


def with_missing_type_nan(text):
    """The LightGBM model text with every split's missing type set to NaN (its default direction kept): the booster
    that sends NaN the default way instead of reading it as 0."""
    def fix(match):
        types = [(int(d) & ~12) | 8 for d in match.group(1).split()]
        return "decision_type=" + " ".join(map(str, types))
    text = re.sub(r"^decision_type=(.*)$", fix, text, flags=re.M)
    return re.sub(r"^tree_sizes=.*\n", "", text, flags=re.M)  # the byte sizes no longer hold


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------

def differs(a, b):
    return not np.array_equal(a, b, equal_nan=True)


def build_rows(case):
    base = case.X_test
    n, p = base.shape
    prec = case.precision
    rnd = (lambda v: float(np.float32(v))) if prec is np.float32 else float
    score = lambda X: margins(case, case.booster, X)  # noqa: E731
    out0 = score(base)
    rows, kinds = [], []

    def add(row, kind):
        rows.append(np.array(row, dtype=np.float64))
        kinds.append(kind)

    for i in range(N_ORDINARY):
        add(base[i], "ordinary")

    # The held-out rows with the smallest and largest margin (of the first class)
    add(base[int(np.argmin(out0[:, 0]))], "extreme min")
    add(base[int(np.argmax(out0[:, 0]))], "extreme max")

    # Missing values
    alt_hits = 0
    for j in range(p):
        trial = base.copy()
        trial[:, j] = np.nan
        out = score(trial)
        changed = [i for i in range(n) if differs(out[i], out0[i])]
        if case.nan_alternative is not None:
            alt = case.nan_alternative(trial)
            preferred = [i for i in range(n) if differs(out[i], alt[i])]
            if preferred:
                changed = preferred
                alt_hits += 1
        i = changed[j % len(changed)] if changed else j
        add(trial[i], f"nan {case.features[j]}")
    add(np.full(p, np.nan), "nan all")
    trial = base.copy()
    trial[:, [0, p // 2]] = np.nan
    out = score(trial)
    changed = [i for i in range(n) if differs(out[i], out0[i])]
    add(trial[changed[-1] if changed else n - 1], f"nan {case.features[0]},{case.features[p // 2]}")

    # Thresholds, features in turn (LightGBM: +-kZeroThreshold first)
    splits = splits_of(case)
    by_feature = {}
    for j, t in splits:
        ts = by_feature.setdefault(j, [])
        if t not in ts:
            ts.append(t)
    for ts in by_feature.values():
        ts.sort(key=lambda t: abs(t) != K_ZERO)
    order, depth = [], 0
    while any(depth < len(ts) for ts in by_feature.values()):
        order += [(j, ts[depth]) for j, ts in by_feature.items() if depth < len(ts)]
        depth += 1
    if case.library == "lightgbm":
        order.sort(key=lambda c: abs(c[1]) != K_ZERO)
    kept, unchanged = [], []
    for j, t in order:
        t = prec(t)
        values = [float(t), float(np.nextafter(t, prec(-np.inf))), float(np.nextafter(t, prec(np.inf)))]
        trials = []
        for v in values:
            trial = base.copy()
            trial[:, j] = v
            trials.append(score(trial))
        changed = [i for i in range(n) if differs(trials[0][i], trials[1][i]) or differs(trials[0][i], trials[2][i])]
        if changed:
            kept.append((j, values, changed[len(kept) % len(changed)]))
        else:
            unchanged.append((j, values, 0))
        if len(kept) == N_CONDITIONS:
            break
    kept += unchanged[:max(0, 5 - len(kept))]
    edge = []
    for j, values, i in kept:
        for label, v in zip(("at", "below", "above"), values):
            row = base[i].copy()
            row[j] = v
            add(row, f"threshold {label} {case.features[j]} {values[0]!r}")
        edge.append((j, values, i))

    # Zeros and tiny values
    uses = {}
    for j, _ in splits:
        uses[j] = uses.get(j, 0) + 1
    by_use = sorted(range(p), key=lambda j: (-uses.get(j, 0), j))
    tiny = [0.0, -0.0, rnd(1e-36), rnd(-1e-36)]
    n_zero_features = 2
    if case.library == "lightgbm":
        tiny += [K_ZERO, -K_ZERO]
        if case.name == "lgb-zero-as-missing":
            tiny += [float(np.nextafter(K_ZERO, np.inf)), float(np.nextafter(-K_ZERO, -np.inf))]
            n_zero_features = 3
    for j in by_use[:n_zero_features]:
        trials = []
        for v in tiny:
            trial = base.copy()
            trial[:, j] = v
            trials.append(score(trial))
        changed = [i for i in range(n) if any(differs(t[i], out0[i]) for t in trials)]
        i = changed[0] if changed else 0
        for v in tiny:
            row = base[i].copy()
            row[j] = v
            add(row, f"zero {case.features[j]} {v!r}")

    # Large magnitudes
    big = rnd(1e30)
    add(np.full(p, big), "large all +")
    add(np.full(p, -big), "large all -")
    add(np.array([big if k % 2 == 0 else -big for k in range(p)]), "large alternating +-")
    add(np.array([-big if k % 2 == 0 else big for k in range(p)]), "large alternating -+")
    for sign, i in ((1, 0), (-1, 1)):
        row = base[i].copy()
        row[by_use[0]] = sign * big
        add(row, f"large {case.features[by_use[0]]} {'+' if sign > 0 else '-'}")

    # Top up with more held-out rows when the model has few splits.
    extra = N_ORDINARY
    while len(rows) < 40:
        add(base[extra], "ordinary")
        extra += 1

    X = np.array(rows)
    if case.library == "xgboost":
        assert np.array_equal(X, f32(X), equal_nan=True)
    case.row_kinds = kinds
    case.edge = edge
    case.alt_hits = alt_hits
    return X


# --------------------------------------------------------------------------
# Fitting
# --------------------------------------------------------------------------

def xgb_train(params, X, y, features, rounds, qid=None):
    d = xgboost.DMatrix(X.astype(np.float32), label=y, missing=np.nan, feature_names=features, qid=qid)
    return xgboost.train({**XGB_FIXED, **params}, d, num_boost_round=rounds)


def lgb_train(params, X, y, features, rounds, group=None, dataset_params=None, callbacks=None):
    d = lightgbm.Dataset(X, label=y, feature_name=list(features), group=group, params=dataset_params,
                         free_raw_data=False)
    return lightgbm.train({**LGB_FIXED, **params}, d, num_boost_round=rounds, callbacks=callbacks)


def xgb_cases():
    cases = []

    def add(name, ext, kind, data, dataset, params, rounds, classes=None, train_nan=0.0, named=True):
        features, X_train, X_test, y_train, y_test = dataset[:5]
        if train_nan:
            X_train = blank_out(X_train, train_nan, 7)
        booster = xgb_train(params, X_train, y_train, features if named else None, rounds,
                            qid=dataset[5] if len(dataset) > 5 else None)
        if not named:
            features = [f"f{k}" for k in range(X_train.shape[1])]
        case = Case(name, ext, "xgboost", kind, features, X_test, booster, params["objective"], data, params, rounds,
                    named=named, classes=classes)
        case.train_nan = train_nan
        cases.append(case)
        return case

    d = diabetes()
    add("xgb-reg-squarederror", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:squarederror", max_depth=3, eta=0.3), 6)

    # Without feature names: the sklearn wrapper on a numpy array.
    names, X_train, X_test, y_train, y_test = d
    model = xgboost.XGBRegressor(n_estimators=5, max_depth=3, learning_rate=0.3, n_jobs=1, random_state=0,
                                 tree_method="hist").fit(X_train.astype(np.float32), y_train)
    case = Case("xgb-reg-squarederror-nonames", "json", "xgboost", "regression", [f"f{k}" for k in range(6)], X_test,
                model.get_booster(), "reg:squarederror", "diabetes (6 features), numpy array: no feature names",
                dict(XGBRegressor="n_estimators=5, max_depth=3, learning_rate=0.3"), 5, named=False)
    case.sklearn_model, case.train_nan = model, 0.0
    cases.append(case)

    add("xgb-reg-absoluteerror", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:absoluteerror", max_depth=3, eta=0.5), 6)
    add("xgb-reg-pseudohuber", "ubj", "regression", "diabetes (6 features)", d,
        dict(objective="reg:pseudohubererror", huber_slope=100.0, max_depth=3, eta=0.5), 6)
    # Single-leaf trees: min_split_loss (gamma) prunes the later trees to their root.
    add("xgb-single-leaf", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:squarederror", gamma=2e4, max_depth=3, eta=0.5), 6)
    add("xgb-reg-logistic", "json", "regression", "synthetic, target in [0, 1]", synthetic("unit"),
        dict(objective="reg:logistic", max_depth=3, eta=0.5), 6)

    # Binary classifier through the sklearn wrapper (feature names with blanks, from a DataFrame-like list).
    names, X_train, X_test, y_train, y_test = breast_cancer()
    X_train_nan = blank_out(X_train, 0.15, 7)
    model = xgboost.XGBClassifier(n_estimators=8, max_depth=3, learning_rate=1.0, n_jobs=1, random_state=0,
                                  tree_method="hist")
    model.fit(pd.DataFrame(X_train_nan.astype(np.float32), columns=names), y_train)
    case = Case("xgb-binary-logistic", ("json", "ubj"), "xgboost", "binary", names, X_test, model.get_booster(),
                "binary:logistic", "breast cancer (first 6 features), 15% of training cells NaN",
                dict(XGBClassifier="n_estimators=8, max_depth=3, learning_rate=1.0"), 8, classes=2)
    case.sklearn_model, case.train_nan = model, 0.15
    cases.append(case)

    # Saturated: a learning rate of 4 drives margins past +-88.7, where XGBoost's float sigmoid clamps
    # (1 / (1 + expf(min(-x, 88.7f)))): P(1) is then 3.006636e-39, not 0, and 1.0 at the other end.
    add("xgb-binary-saturated", "json", "binary", "breast cancer (first 6 features)", breast_cancer(),
        dict(objective="binary:logistic", max_depth=3, eta=4.0, min_child_weight=0.01), 8, classes=2)
    add("xgb-binary-logitraw", "json", "regression", "breast cancer (first 6 features)", breast_cancer(),
        dict(objective="binary:logitraw", max_depth=3, eta=0.5), 6)
    add("xgb-count-poisson", "json", "regression", "synthetic counts", synthetic("counts"),
        dict(objective="count:poisson", max_depth=3, eta=0.5), 6)
    add("xgb-reg-gamma", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:gamma", max_depth=3, eta=0.5), 6)
    add("xgb-reg-tweedie", "json", "regression", "synthetic compound Poisson-gamma (many zeros)",
        synthetic("tweedie"), dict(objective="reg:tweedie", tweedie_variance_power=1.5, max_depth=3, eta=0.5), 6)

    # Four classes through the sklearn wrapper, trained with NaNs.
    names, X_train, X_test, y_train, y_test = four_classes()
    model = xgboost.XGBClassifier(n_estimators=4, max_depth=2, learning_rate=0.8, n_jobs=1, random_state=0,
                                  tree_method="hist")
    model.fit(pd.DataFrame(blank_out(X_train, 0.1, 7).astype(np.float32), columns=names), y_train)
    case = Case("xgb-multi-softprob", "json", "xgboost", "multiclass", names, X_test, model.get_booster(),
                "multi:softprob", "make_classification, 4 classes, 5 features, 10% of training cells NaN",
                dict(XGBClassifier="n_estimators=4, max_depth=2, learning_rate=0.8"), 4, classes=4)
    case.sklearn_model, case.train_nan = model, 0.1
    cases.append(case)

    add("xgb-multi-softmax", "json", "label", "wine (6 features), 3 classes", wine(),
        dict(objective="multi:softmax", num_class=3, max_depth=2, eta=0.5), 4, classes=3)
    add("xgb-rank-pairwise", "json", "regression", "synthetic, 40 query groups of 8, relevance 0-3", ranking(),
        dict(objective="rank:pairwise", max_depth=3, eta=0.5), 6)
    add("xgb-dart", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:squarederror", booster="dart", rate_drop=0.0, skip_drop=0.0, max_depth=3, eta=0.5), 6)
    add("xgb-quantile", "json", "regression", "diabetes (6 features)", d,
        dict(objective="reg:quantileerror", quantile_alpha=0.75, max_depth=3, eta=0.5), 6)
    return cases


def lgb_cases():
    cases = []

    def add(name, kind, data, dataset, params, rounds, classes=None, train_nan=0.0, nan_seed=7, **train_args):
        features, X_train, X_test, y_train, y_test = dataset[:5]
        if train_nan:
            X_train = blank_out(X_train, train_nan, nan_seed)
        group = None
        if len(dataset) > 5:
            qid = dataset[5]
            group = np.bincount(qid)[np.unique(qid)]
        booster = lgb_train(params, X_train, y_train, features, rounds, group=group, **train_args)
        case = Case(name, "txt", "lightgbm", kind, features, X_test, booster, params["objective"], data,
                    {**params, **{k: v for k, v in train_args.items() if k != "callbacks"}}, rounds, classes=classes)
        case.train_nan = train_nan
        cases.append(case)
        return case

    d = diabetes()
    base = dict(num_leaves=7, learning_rate=0.3, min_data_in_leaf=10)
    # Blank-out seed 1 gives a split at -kZeroThreshold (on sex), which an input of exactly that value reaches as 0.
    add("lgb-regression", "regression", "diabetes (6 features), 10% of training cells NaN", d,
        dict(objective="regression", **base), 6, train_nan=0.1, nan_seed=1)
    case = add("lgb-regression-none", "regression", "diabetes (6 features), use_missing=false", d,
               dict(objective="regression", use_missing=False, **base), 6)
    alt = lightgbm.Booster(model_str=with_missing_type_nan(case.booster.model_to_string()))
    case.nan_alternative = lambda X, alt=alt: alt.predict(np.asarray(X, dtype=np.float64), raw_score=True).reshape(
        len(X), -1)
    case.alt_booster = alt
    add("lgb-zero-as-missing", "regression", "synthetic, 30% of feature cells exactly 0", synthetic("zeros"),
        dict(objective="regression", zero_as_missing=True, **base), 6)
    add("lgb-l1", "regression", "diabetes (6 features)", d, dict(objective="regression_l1", **base), 6)
    add("lgb-huber", "regression", "diabetes (6 features)", d, dict(objective="huber", alpha=30.0, **base), 6)
    add("lgb-quantile", "regression", "diabetes (6 features)", d, dict(objective="quantile", alpha=0.75, **base), 6)
    add("lgb-poisson", "regression", "synthetic counts", synthetic("counts"), dict(objective="poisson", **base), 6)
    add("lgb-gamma", "regression", "diabetes (6 features)", d, dict(objective="gamma", **base), 6)
    add("lgb-tweedie", "regression", "synthetic compound Poisson-gamma (many zeros)", synthetic("tweedie"),
        dict(objective="tweedie", tweedie_variance_power=1.5, **base), 6)
    add("lgb-cross-entropy", "regression", "synthetic, target in [0, 1]", synthetic("unit"),
        dict(objective="cross_entropy", **base), 6)
    add("lgb-binary", "binary", "breast cancer (first 6 features)", breast_cancer(underscores=True),
        dict(objective="binary", num_leaves=7, learning_rate=1.0, min_data_in_leaf=10), 8, classes=2)
    # Saturated: a learning rate of 2 diverges to margins of about -200 and +19000; P(1) is 1.0 at the top.
    add("lgb-binary-saturated", "binary", "breast cancer (first 6 features)", breast_cancer(underscores=True),
        dict(objective="binary", num_leaves=7, learning_rate=2.0, min_data_in_leaf=10), 8, classes=2)
    add("lgb-multiclass", "multiclass", "iris, 3 classes, 10% of training cells NaN", iris(),
        dict(objective="multiclass", num_class=3, num_leaves=5, learning_rate=0.5, min_data_in_leaf=5), 5,
        classes=3, train_nan=0.1)
    add("lgb-lambdarank", "regression", "synthetic, 40 query groups of 8, relevance 0-3", ranking(),
        dict(objective="lambdarank", **base), 6)
    # Single-leaf trees in the middle of a model: once class 0 (setosa) is fitted, its hessians are too small for
    # min_sum_hessian_in_leaf and its trees cannot split, while the other classes' still do.
    add("lgb-single-leaf", "multiclass", "iris, 3 classes; min_sum_hessian_in_leaf=1 stops class 0 splitting",
        iris(), dict(objective="multiclass", num_class=3, num_leaves=4, learning_rate=1.0, min_data_in_leaf=5,
                     min_sum_hessian_in_leaf=1.0), 6, classes=3)
    # A constant first tree: min_data_in_leaf larger than the data in round 1 only (reset_parameter), so tree 0 is
    # the single leaf LightGBM keeps for the average (later single-leaf rounds of one-tree models are dropped).
    add("lgb-single-leaf-first", "regression", "diabetes (6 features); min_data_in_leaf 1000 in round 1, then 10",
        d, dict(objective="regression", num_leaves=7, learning_rate=0.3), 6,
        dataset_params=dict(feature_pre_filter=False),
        callbacks=[lightgbm.reset_parameter(min_data_in_leaf=[1000, 10, 10, 10, 10, 10])])
    return cases


# --------------------------------------------------------------------------
# The rules, re-implemented: each booster's margins and outputs recomputed from the model file alone
# --------------------------------------------------------------------------

_LIBM = ctypes.CDLL(ctypes.util.find_library("m"))
for _name in ("expf", "logf"):
    getattr(_LIBM, _name).restype = ctypes.c_float
    getattr(_LIBM, _name).argtypes = [ctypes.c_float]
F32 = np.float32


def expf(x):
    return F32(_LIBM.expf(F32(x)))


def logf(x):
    return F32(_LIBM.logf(F32(x)))


def xgb_rule_margins(case, X):
    """XGBoost's margins by its rules: inputs rounded to float32, left when x < split (float32) or missing and
    default_left; the base margin is base_score through the objective's inverse link in float32; leaf values added to
    it in float32, tree by tree in file order, each to its class (tree_info)."""
    doc = xgb_document(case.booster)
    learner = doc["learner"]
    objective = learner["objective"]["name"]
    scores = [F32(v) for v in learner["learner_model_param"]["base_score"].strip("[]").split(",")]
    gb = learner["gradient_booster"]
    model = gb["gbtree"]["model"] if gb["name"] == "dart" else gb["model"]
    groups = max(model["tree_info"]) + 1
    if len(scores) == 1:
        scores = scores * groups
    if objective in ("binary:logistic", "reg:logistic"):
        scores = [-logf(F32(1) / b - F32(1)) for b in scores]
    elif objective in ("count:poisson", "reg:gamma", "reg:tweedie"):
        scores = [logf(b) for b in scores]
    weights = gb.get("weight_drop", [1.0] * len(model["trees"]))
    assert all(w == 1.0 for w in weights)
    out = np.array([scores] * len(X), dtype=F32)
    for t, tree in enumerate(model["trees"]):
        group = model["tree_info"][t]
        left, right, feature = tree["left_children"], tree["right_children"], tree["split_indices"]
        value, default_left = np.array(tree["split_conditions"], dtype=F32), tree["default_left"]
        for r, x in enumerate(np.asarray(X, dtype=F32)):
            node = 0
            while left[node] != -1:
                v = x[feature[node]]
                go_left = bool(default_left[node]) if np.isnan(v) else v < value[node]
                node = left[node] if go_left else right[node]
            out[r, group] = out[r, group] + value[node]
    return out


def xgb_rule_outputs(case, margins_, clamp=True):
    """XGBoost's links in float32: identity; expf; 1 / (expf(min(-x, 88.7f)) + 1) (without the clamp when
    clamp=False); softmax with float32 exps summed in double and divided in float32; argmax for multi:softmax."""
    objective = case.objective
    out = []
    for m in margins_:
        if objective in ("binary:logistic", "reg:logistic"):
            a = F32(-m[0])
            if clamp:
                a = min(a, F32(88.7))
            out.append([F32(1) / (expf(a) + F32(1))])
        elif objective in ("count:poisson", "reg:gamma", "reg:tweedie"):
            out.append([expf(m[0])])
        elif objective == "multi:softprob":
            top = m.max()
            exps = [expf(v - top) for v in m]
            total = 0.0
            for e in exps:
                total += float(e)
            out.append([e / F32(total) for e in exps])
        elif objective == "multi:softmax":
            out.append([F32(np.argmax(m))])
        else:
            out.append([m[0]])
    return np.array(out, dtype=F32)


def lgb_rule_margins(text, X, zero_filter=True):
    """LightGBM's raw scores by its rules, in double: an input with |x| <= kZeroThreshold is read as 0 first (unless
    zero_filter=False); then NaN is read as 0 unless the split's missing type is NaN; with missing type Zero a zero
    and with NaN a NaN take the default direction; otherwise left when x <= threshold. Leaf values summed in tree
    order, tree t to class t % num_tree_per_iteration."""
    k = int(lgb_header(text).get("num_tree_per_iteration", "1"))
    out = np.zeros((len(X), k))
    for t, tree in enumerate(lgb_trees(text)):
        leaves = [float(v) for v in tree["leaf_value"].split()]
        if int(tree["num_leaves"]) == 1:
            out[:, t % k] += leaves[0]
            continue
        ints = lambda key: [int(v) for v in tree[key].split()]  # noqa: E731
        feature, decision, left, right = ints("split_feature"), ints("decision_type"), ints("left_child"), ints(
            "right_child")
        threshold = [float(v) for v in tree["threshold"].split()]
        for r, x in enumerate(X):
            node = 0
            while node >= 0:
                v, d = float(x[feature[node]]), decision[node]
                missing_type, default_left = (d >> 2) & 3, bool(d & 2)
                if zero_filter and not math.isnan(v) and abs(v) <= K_ZERO:
                    v = 0.0
                if math.isnan(v) and missing_type != 2:
                    v = 0.0
                if (missing_type == 1 and -K_ZERO <= v <= K_ZERO) or (missing_type == 2 and math.isnan(v)):
                    go_left = default_left
                else:
                    go_left = v <= threshold[node]
                node = left[node] if go_left else right[node]
            out[r, t % k] += leaves[~node]
    return out


def lgb_rule_outputs(case, margins_):
    """LightGBM's links in double: identity, exp, 1 / (1 + exp(-x)), softmax."""
    out = []
    for m in margins_:
        if case.objective in ("poisson", "gamma", "tweedie"):
            out.append([math.exp(m[0])])
        elif case.objective in ("binary", "cross_entropy"):
            out.append([1.0 / (1.0 + math.exp(-m[0]))])
        elif case.objective == "multiclass":
            top = max(m)
            exps = [math.exp(v - top) for v in m]
            total = 0.0
            for e in exps:
                total += e
            out.append([e / total for e in exps])
        else:
            out.append([m[0]])
    return np.array(out)


def check_rules(case):
    """The booster's margins and outputs on the csv rows equal the re-implemented rules exactly; returns the csv
    lines (header = line 1) where a naive variant of a rule would score otherwise."""
    X, m = case.X, margins(case, case.booster, case.X)
    lines = lambda a, b: [i + 2 for i in range(len(X)) if differs(a[i], b[i])]  # noqa: E731
    found = {}
    if case.library == "xgboost":
        rule = xgb_rule_margins(case, X)
        assert np.array_equal(rule, m), f"{case.name}: XGBoost's margins are not the float32 rules'"
        assert np.array_equal(xgb_rule_outputs(case, rule), case.out), f"{case.name}: XGBoost's links differ"
        if case.objective in ("binary:logistic", "reg:logistic"):
            found["unclamped sigmoid"] = lines(xgb_rule_outputs(case, rule, clamp=False), case.out)
    else:
        text = case.booster.model_to_string()
        rule = lgb_rule_margins(text, X)
        assert np.array_equal(rule, m), f"{case.name}: LightGBM's raw scores are not the double rules'"
        assert np.array_equal(lgb_rule_outputs(case, rule), case.out), f"{case.name}: LightGBM's links differ"
        found["no kZeroThreshold filter"] = lines(lgb_rule_margins(text, X, zero_filter=False), m)
    if case.nan_alternative is not None:
        found["NaN the default way"] = lines(case.nan_alternative(X), m)
    return found


# --------------------------------------------------------------------------
# Writing, checking, describing
# --------------------------------------------------------------------------

def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_case(case):
    X = build_rows(case)
    out = raw_outputs(case, case.booster, X)
    if case.sklearn_model is not None:  # the sklearn wrapper agrees with the booster
        frame = X.astype(np.float32)
        if case.kind == "binary":
            proba = case.sklearn_model.predict_proba(frame)
            assert np.array_equal(proba[:, 1], out[:, 0]) and np.array_equal(proba[:, 0], np.float32(1) - out[:, 0])
            assert np.array_equal(case.sklearn_model.predict(frame), (out[:, 0] > 0.5).astype(int))
        elif case.kind == "multiclass":
            assert np.array_equal(case.sklearn_model.predict_proba(frame), out)
            assert np.array_equal(case.sklearn_model.predict(frame), np.argmax(out, axis=1))
        else:
            assert np.array_equal(case.sklearn_model.predict(frame), out[:, 0])
    if case.kind == "label":  # multi:softmax: the class is the first largest margin
        m = margins(case, case.booster, X)
        assert np.array_equal(out[:, 0].astype(int), np.argmax(m, axis=1))
    rows = [feature_cells(x) + o for x, o in zip(X, output_cells(case, out))]
    text = csv_text(case.header(), rows)
    (OUT / f"{case.name}.csv").write_text(text, encoding="utf-8", newline="")
    for f in case.files:
        case.booster.save_model(str(OUT / f))
    case.X, case.out = X, out


def verify(case):
    """Reload every model file and re-score the csv as read back; the cells must be the same strings."""
    text = (OUT / f"{case.name}.csv").read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text)))
    header, body = records[0], records[1:]
    assert header == case.header(), (header, case.header())
    p = len(case.features)
    X = np.array([[float(c) if c != "" else np.nan for c in r[:p]] for r in body])
    assert np.array_equal(X, case.X, equal_nan=True)
    assert all(str(np.signbit(a)) == str(np.signbit(b)) for a, b in zip(X.ravel(), case.X.ravel()))
    for f in case.files:
        path = OUT / f
        if case.library == "xgboost":
            booster = xgboost.Booster(model_file=str(path))
            booster.set_param({"nthread": 1})
            doc = xgb_document(booster)
            file_names = doc["learner"].get("feature_names", [])
            assert file_names == (list(case.features) if case.named else []), file_names
        else:
            booster = lightgbm.Booster(model_file=str(path))
            assert lgb_header(path.read_text())["feature_names"].split(" ") == list(case.features)
        cells = output_cells(case, raw_outputs(case, booster, X))
        expected = [r[p:] for r in body]
        if cells != expected:
            bad = [i for i, (a, b) in enumerate(zip(cells, expected)) if a != b]
            raise RuntimeError(f"{f}: rows {bad[:5]} differ when scored by a booster loaded from the file")
    return len(body)


def describe(case):
    """Facts for the report and the README."""
    facts = {}
    if case.library == "xgboost":
        doc = xgb_document(case.booster)
        learner = doc["learner"]
        facts["base_score"] = learner["learner_model_param"]["base_score"]
        facts["num_target"] = learner["learner_model_param"].get("num_target")
        trees = xgb_trees(doc)
        facts["trees"] = len(trees)
        defaults = [d for t in trees for d, l in zip(t["default_left"], t["left_children"]) if l != -1]
        facts["default_left"] = f"{sum(defaults)}/{len(defaults)}"
        gb = learner["gradient_booster"]
        if gb["name"] == "dart":
            facts["weight_drop"] = gb["weight_drop"]
        # effective base margin: margin minus the float32 sum of the leaves, for one row
        X = case.X_test[:1]
        m = margins(case, case.booster, X)[0]
        leaves = case.booster.predict(xgb_dmatrix(case, X), pred_leaf=True).reshape(-1)
        info = (gb["gbtree"]["model"] if gb["name"] == "dart" else gb["model"])["tree_info"]
        sums = np.zeros(len(m), dtype=np.float32)
        for k, t in enumerate(trees):
            sums[info[k]] += np.float32(t["split_conditions"][int(leaves[k])])
        facts["base_margin"] = [float(np.float32(v)) for v in m - sums]
        facts["objective_param_keys"] = sorted(learner["objective"].keys())
    else:
        text = case.booster.model_to_string()
        header = lgb_header(text)
        trees = lgb_trees(text)
        facts["objective_line"] = header.get("objective")
        facts["trees"] = len(trees)
        facts["num_leaves"] = [int(t["num_leaves"]) for t in trees]
        types = {}
        for t in trees:
            for d in t.get("decision_type", "").split():
                types[int(d)] = types.get(int(d), 0) + 1
        facts["decision_types"] = dict(sorted(types.items()))
        thresholds = [float(x) for t in trees for x in t.get("threshold", "").split()]
        facts["negative_thresholds"] = sum(x < 0 for x in thresholds)
        facts["kzero_thresholds"] = sum(abs(x) == K_ZERO for x in thresholds)
    m = margins(case, case.booster, case.X)
    facts["margin_range"] = [float(m.min()), float(m.max())]
    o = case.out
    facts["output_range"] = [float(o.min()), float(o.max())]
    if case.kind in ("binary", "multiclass"):
        facts["probability_exactly_0_or_1"] = int(np.sum((o == 0) | (o == 1)))
    # the threshold row goes with the value below (LightGBM's x <= t) or above (XGBoost's x < t)?
    go = {"below": 0, "above": 0, "neither": 0}
    start = next((i for i, k in enumerate(case.row_kinds) if k.startswith("threshold")), 0)
    for k in range(len(case.edge)):
        at, below, above = (m[start + 3 * k + d] for d in range(3))
        if differs(at, below) and not differs(at, above):
            go["above"] += 1
        elif differs(at, above) and not differs(at, below):
            go["below"] += 1
        elif differs(at, above) or differs(at, below):
            go["neither"] += 1
    facts["threshold_row_goes_with"] = go
    facts["threshold_conditions"] = [(case.features[j], v[0]) for j, v, _ in case.edge]
    facts["naive_rule_lines"] = {k: v for k, v in check_rules(case).items() if v}
    return facts


README_HEAD = """# Booster fixtures

Small XGBoost and LightGBM models, one per objective and missing-value rule nbship's booster readers claim, each
with rows scored by the booster itself. A test reads each model file with nbship, scores the csv's feature cells
with the reference evaluator and compares every output cell exactly (as the same decimal string, or as the number
it denotes).

Regenerate (deterministic: a rerun writes the same bytes):

    /work/venv/bin/python scripts/make_booster_fixtures.py

with xgboost {xgboost}, lightgbm {lightgbm}, scikit-learn {sklearn}, numpy {numpy} (`Samples/requirements.txt`; the
data sets are scikit-learn's or synthetic with fixed seeds). Other versions may fit other numbers.

## Files

For each case, `<case>.json`, `.ubj` (XGBoost `save_model`) or `.txt` (LightGBM `save_model`) is the model, and
`<case>.csv` its rows. `xgb-binary-logistic` has two model files, `.json` and `.ubj`, of the same model, for one
csv: both must reproduce it.

The csv header is the model's feature names as the file writes them (XGBoost without feature names: `f0`, `f1`, ...),
then the outputs. A blank cell is a missing value (NaN). Numbers are Python `repr` of a double: for XGBoost every
feature cell and every output is a float32 value written as the double it is exactly (XGBoost rounds inputs to
float32 and computes in float32); for LightGBM they are doubles.

Outputs:

- regression-like objectives: `prediction`, the booster's `predict` (after the objective's link; for
  `binary:logitraw` and ranking objectives the raw score);
- binary classifiers: `label` (`1` when P(1) > 0.5, else `0`), `probability(0)` (1 - P(1), computed in float32 for
  XGBoost, in double for LightGBM) and `probability(1)`;
- multi-class: `label` (the first class with the largest probability) and `probability(k)` for each class `k`;
- `multi:softmax`: only `label`.

Rows, in order (the generator's docstring has the details): ordinary held-out rows; the held-out rows with the
smallest and largest margin; a row with each feature missing, one with all and one with two missing; for up to 7 split conditions read from the model file, the threshold and the
next float32 (XGBoost) or double (LightGBM) below and above it; 0, -0, 1e-36 and -1e-36 in the two most used
features (LightGBM also +-1.0000000180025095e-35, its kZeroThreshold); every feature +-1e30, alternating signs, and
the most used feature +-1e30 (then more held-out rows if there were fewer than 40).

## Cases

| case | files | library | objective (as stored) | data | trees | rows |
|---|---|---|---|---|---|---|
"""


def lines_text(lines):
    return ", ".join(map(str, lines))


RULES = """
## The rules the outputs follow

The generator re-implements each booster's prediction from the model file alone and checks that it gives every
margin and every output of every csv exactly (csv line numbers below count the header as line 1):

- XGBoost, in float32: each input rounded to float32; left when `x < split_condition` (float32), a missing value
  the `default_left` way; the base margin is `base_score` through the objective's inverse link in float32
  (`-logf(1/p - 1)` for binary:logistic and reg:logistic, `logf` for count:poisson, reg:gamma and reg:tweedie, as
  stored for every other objective: for binary:logitraw the stored value, a probability-like mean, is the margin
  as is; for multi-class objectives `base_score` is a list, one margin per class); the leaf values added to it in
  float32, tree by tree in file order, each to its class (`tree_info`); DART `weight_drop` all 1. Links: identity;
  `expf`; the sigmoid as XGBoost writes it, `1 / (expf(min(-x, 88.7f)) + 1)`, so a margin below -88.7 gives
  3.006636e-39, not 0; softmax with float32 `expf(x - max)`, summed in double, divided in float32; multi:softmax
  the first largest margin.
- LightGBM, in double: an input with |x| <= kZeroThreshold (1.0000000180025095e-35, the float 1e-35f) is read as
  0 before any split (the C API leaves it out of the row), so x = -1.0000000180025095e-35 at a split whose
  threshold is that same number goes right, not left as `x <= threshold` alone would send it; then NaN is read as
  0 unless the split's missing type is NaN; with missing type Zero a zero (|x| <= kZeroThreshold, NaN included)
  and with NaN a NaN take the default direction; otherwise left when `x <= threshold`. Leaf values summed in tree
  order (tree t to class t % num_tree_per_iteration; a single-leaf tree adds its one value). Links: identity,
  `exp`, `1 / (1 + exp(-x))` (binary: `sigmoid:1`), softmax.
"""


def readme(cases, counts, facts):
    text = README_HEAD.format(**VERSIONS)
    for case in cases:
        f = facts[case.name]
        objective = f.get("objective_line") or case.objective
        text += (f"| {case.name} | {', '.join('`' + x + '`' for x in case.files)} `{case.name}.csv` | {case.library} "
                 f"{VERSIONS[case.library]} | `{objective}` | {case.data} | {f['trees']} | {counts[case.name]} |\n")
    text += "\n## Notes\n\n"
    for case in cases:
        params = ", ".join(f"{k}={v}" for k, v in case.params.items())
        text += f"- `{case.name}`: {params}; {case.rounds} rounds."
        f = facts[case.name]
        if "base_score" in f:
            text += f" base_score `{f['base_score']}`."
        if "default_left" in f:
            text += f" default_left at {f['default_left']} splits."
        if "weight_drop" in f:
            text += f" weight_drop {f['weight_drop']}."
        if "num_leaves" in f and 1 in f["num_leaves"]:
            single = [i for i, k in enumerate(f["num_leaves"]) if k == 1]
            text += f" Single-leaf trees: {single}."
        if "decision_types" in f:
            text += f" decision_type counts {f['decision_types']}."
        naive = f["naive_rule_lines"]
        if "NaN the default way" in naive:
            text += (" Missing type None: NaN is read as 0, so at a split with a negative threshold it goes right"
                     " whatever the default direction; csv lines " + lines_text(naive["NaN the default way"])
                     + " score otherwise if NaN took the default direction.")
        if "no kZeroThreshold filter" in naive:
            text += (" A split at -kZeroThreshold: csv lines " + lines_text(naive["no kZeroThreshold filter"])
                     + " score otherwise without the kZeroThreshold filter (see below).")
        if "unclamped sigmoid" in naive:
            text += (" Margins below -88.7: csv lines " + lines_text(naive["unclamped sigmoid"])
                     + " give P(1) = 3.006636e-39 (the clamp), where 1 / (1 + expf(-x)) gives 0 (see below).")
        text += "\n"
    text += RULES
    (OUT / "README.md").write_text(text, encoding="utf-8", newline="\n")


def main():
    for lib, want in EXPECTED_VERSIONS.items():
        if VERSIONS[lib] != want:
            print(f"warning: {lib} {VERSIONS[lib]} (the fixtures were made with {want})", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    cases = xgb_cases() + lgb_cases()
    counts, facts = {}, {}
    for case in cases:
        write_case(case)
        counts[case.name] = verify(case)
        facts[case.name] = describe(case)
        if not 40 <= counts[case.name] <= 80:
            raise RuntimeError(f"{case.name}: {counts[case.name]} rows")
    readme(cases, counts, facts)
    total = 0
    for case in cases:
        sizes = [(f, (OUT / f).stat().st_size) for f in case.files + [f"{case.name}.csv"]]
        total += sum(s for _, s in sizes)
        for f, s in sizes:
            if s >= 60_000:
                raise RuntimeError(f"{f}: {s} bytes")
        print(f"{case.name}: {counts[case.name]} rows; " + ", ".join(f"{f} {s}" for f, s in sizes))
        for k, v in facts[case.name].items():
            print(f"    {k}: {v}")
    total += (OUT / "README.md").stat().st_size
    print(f"total {total} bytes")
    if total >= 1_000_000:
        raise RuntimeError("the fixtures exceed 1 MB")


if __name__ == "__main__":
    main()
