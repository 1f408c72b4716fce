#!/usr/bin/env python3
"""Writes the ONNX fixtures of Tests/NBShipTests/Fixtures/onnx/: small tree ensembles converted to ONNX
(ai.onnx.ml TreeEnsembleRegressor / TreeEnsembleClassifier, with the Cast / Identity / ZipMap tails the converters
add), each with rows scored by onnxruntime on ONE thread.

    /work/venv/bin/python scripts/make_onnx_fixtures.py
    # scikit-learn 1.8.0, skl2onnx 1.20.0, onnxmltools 1.16.0, onnx 1.23.2, onnxruntime 1.32.0,
    # xgboost 3.2.0, lightgbm 4.6.0, numpy 2.4.6

For each case `<case>.onnx` is the converter's model, serialized as is (skl2onnx `to_onnx(model,
X[:1].astype(np.float32))`, onnxmltools `convert_xgboost` / `convert_lightgbm` with
`initial_types=[("input", FloatTensorType([None, k]))]`): one float32 input tensor of shape [None, k].
`<case>.csv` holds the rows: columns x0..x{k-1} (the model's inputs by position; a blank cell is NaN), then the
outputs. Every input cell is a float32 value, written as repr() of the double it is exactly. The rows are, in order:

  ordinary   the first 12 held-out rows;
  nan        for each feature, a held-out row with that feature missing (the first whose output changes, else
             the first row), one with every feature missing and one with the two most used features missing;
  threshold  for 7 split conditions read from the ONNX nodes_values (features in turn: the first threshold of each
             feature in node order, then the second, ...), the threshold itself and the next float32 below and
             above it, on the first held-out row whose output is not the same for the three (conditions that
             change no row's output come last, on the first held-out row);
  large      every feature +1e30 (as float32), every feature -1e30, alternating signs both ways, and the most used
             feature set to +-FLT_MAX (3.4028234663852886e+38);
  ordinary   more held-out rows when there would be fewer than 40 rows.

Outputs, from onnxruntime (CPUExecutionProvider, intra_op_num_threads = inter_op_num_threads = 1, the whole csv as
one batch): regressors `prediction` = output[0] (float32, written as repr() of the double it is); classifiers
`label` (the label output, an int64 class, as a decimal string) and `probability(k)` for each class from the
probability output (a [N, classes] float32 tensor; zipmap=False), `onnx-rf-clf-multi-zipmap` the same columns from
the ZipMap output (a list of {class: probability} dicts).

Deterministic: fixed seeds, n_jobs=1 / nthread=1, LightGBM deterministic=True and force_row_wise=True,
PYTHONHASHSEED=0 (skl2onnx orders opset_import by a set; the script re-executes itself with it), and onnxmltools
given a graph name (it would pick a random uuid4); a rerun writes the same files. After writing, every csv
is read back and re-scored with a fresh 1-thread session (the outputs must come out as the same strings), then
scored again with default threading (intra_op_num_threads = 0) and one row at a time; README.md reports whether
either changes any output, and what each model looks like (opsets, nodes, tree attributes).
"""
import os
import sys

# skl2onnx fills opset_import from a set of (domain, version) pairs, so its order follows Python's string hash:
# run with a fixed hash seed (re-executing this script once if needed) so that every run writes the same bytes.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import collections  # noqa: E402
import contextlib  # noqa: E402
import ctypes  # noqa: E402
import ctypes.util  # noqa: E402
import csv  # noqa: E402
import math  # noqa: E402
import pathlib  # noqa: E402
import warnings  # noqa: E402

import lightgbm  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxmltools  # noqa: E402
import onnxruntime as ort  # noqa: E402
import skl2onnx  # noqa: E402
import sklearn  # noqa: E402
import xgboost  # noqa: E402
from onnx import helper, numpy_helper  # noqa: E402
from skl2onnx.common import tree_ensemble  # noqa: E402
from onnxmltools.convert.common.data_types import FloatTensorType  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine  # noqa: E402
from sklearn.ensemble import (  # noqa: E402
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/Fixtures/onnx"
N_ORDINARY = 12
N_CONDITIONS = 7
MIN_ROWS = 40
FLT_MAX = float(np.finfo(np.float32).max)
BIG = float(np.float32(1e30))
VERSIONS = {
    "onnx": onnx.__version__, "skl2onnx": skl2onnx.__version__, "onnxmltools": onnxmltools.__version__,
    "onnxruntime": ort.__version__, "scikit-learn": sklearn.__version__, "xgboost": xgboost.__version__,
    "lightgbm": lightgbm.__version__, "numpy": np.__version__,
}
EXPECTED_VERSIONS = {"onnx": "1.23.2", "skl2onnx": "1.20.0", "onnxmltools": "1.16.0", "onnxruntime": "1.32.0",
                     "scikit-learn": "1.8.0", "xgboost": "3.2.0", "lightgbm": "4.6.0"}
TREE_OPS = ("TreeEnsembleRegressor", "TreeEnsembleClassifier")


def f32(X):
    """X rounded to float32, as float64 (every cell then is a float32 value exactly)."""
    return np.asarray(X, dtype=np.float32).astype(np.float64)


def blank_out(X, rate, seed, columns):
    """A copy of X with each cell of the given columns replaced by NaN with probability `rate` (fixed seed)."""
    rng = np.random.default_rng(seed)
    X = X.copy()
    mask = rng.random(X.shape) < rate
    mask[:, [j for j in range(X.shape[1]) if j not in columns]] = False
    X[mask] = np.nan
    return X


# --------------------------------------------------------------------------
# Data sets (train, test); at most 6 features
# --------------------------------------------------------------------------

def split(X, y, seed=0):
    return train_test_split(np.asarray(X, dtype=np.float64), np.asarray(y), test_size=0.25, random_state=seed)


def diabetes():
    data = load_diabetes(scaled=False)
    names = ["age", "sex", "bmi", "bp", "s1", "s5"]
    columns = [list(data.feature_names).index(n) for n in names]
    return (names, *split(data.data[:, columns], data.target))


def breast_cancer():
    data = load_breast_cancer()
    return ([str(n) for n in data.feature_names[:6]], *split(data.data[:, :6], data.target))


def wine():
    data = load_wine()
    picked = ["alcohol", "malic_acid", "flavanoids", "color_intensity", "hue", "proline"]
    columns = [list(data.feature_names).index(n) for n in picked]
    return (picked, *split(data.data[:, columns], data.target))


def iris():
    data = load_iris()
    return (["sepal_length", "sepal_width", "petal_length", "petal_width"], *split(data.data, data.target))


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

class Case:
    def __init__(self, name, library, kind, data_name, data, model, params, converter, classes=None,
                 zipmap=False, trained_with_nan=None, reference=None):
        self.name, self.library, self.kind, self.data_name = name, library, kind, data_name
        self.features, self.X_train, self.X_test, self.y_train, self.y_test = data
        self.model, self.params, self.converter, self.classes = model, params, converter, classes
        self.zipmap, self.trained_with_nan, self.reference = zipmap, trained_with_nan, reference
        self.X_test = f32(self.X_test)
        self.k = len(self.features)
        self.notes = []

    def header(self):
        x = [f"x{j}" for j in range(self.k)]
        if self.kind == "regression":
            return x + ["prediction"]
        return x + ["label"] + [f"probability({c})" for c in range(self.classes)]


def sk_convert(model, k, zipmap=False):
    options = None if zipmap or not hasattr(model, "classes_") else {type(model): {"zipmap": False}}
    sample = np.zeros((1, k), dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return skl2onnx.to_onnx(model, sample, options=options)


@contextlib.contextmanager
def hgb_bool_workaround():
    """skl2onnx 1.20 cannot convert a HistGradientBoosting model with onnx 1.23: its leaves pass the Python bool
    False as nodes_missing_value_tracks_true beside the branch nodes' ints, and onnx.helper.make_attribute refuses
    the mixed list ("Expected an int, got a boolean").  Coerce that one argument to int while converting; every
    other attribute is skl2onnx's own."""
    original = tree_ensemble.add_node

    def add_node(*args, nodes_missing_value_tracks_true=0, **kwargs):
        return original(*args, nodes_missing_value_tracks_true=int(nodes_missing_value_tracks_true), **kwargs)

    tree_ensemble.add_node = add_node
    try:
        yield
    finally:
        tree_ensemble.add_node = original


def hgb_convert(model, k):
    try:
        sk_convert(model, k)
    except ValueError as e:
        if "Expected an int, got a boolean" not in str(e.__cause__):
            raise
    else:
        raise RuntimeError("skl2onnx converts HistGradientBoosting unaided now: drop hgb_bool_workaround")
    with hgb_bool_workaround():
        return sk_convert(model, k)


# onnxmltools names the graph with a random uuid4 unless it is given a name.
def xgb_convert(model, k):
    return onnxmltools.convert_xgboost(model, name=type(model).__name__,
                                       initial_types=[("input", FloatTensorType([None, k]))])


def lgb_convert(model, k):
    return onnxmltools.convert_lightgbm(model, name=type(model).__name__,
                                        initial_types=[("input", FloatTensorType([None, k]))])


def build_cases():
    cases = []
    d = diabetes()
    X_train, X_test, y_train, y_test = d[1:]

    def reg(name, library, model, params, data=d, convert=None, trained_with_nan=None):
        fitted = model.fit(data[1], data[3])
        cases.append(Case(name, library, "regression", "diabetes (scaled=False; age, sex, bmi, bp, s1, s5)",
                          data, fitted, params, convert or (lambda m, k: sk_convert(m, k)),
                          trained_with_nan=trained_with_nan))

    p = dict(n_estimators=5, max_depth=4, random_state=0, n_jobs=1)
    reg("onnx-rf-reg", "scikit-learn", RandomForestRegressor(**p), p)
    p = dict(max_depth=4, random_state=0)
    reg("onnx-dt-reg", "scikit-learn", DecisionTreeRegressor(**p), p)
    p = dict(n_estimators=5, max_depth=4, random_state=0, n_jobs=1)
    reg("onnx-et-reg", "scikit-learn", ExtraTreesRegressor(**p), p)
    p = dict(n_estimators=8, max_depth=3, learning_rate=0.3, random_state=0)
    reg("onnx-gbr", "scikit-learn", GradientBoostingRegressor(**p), p)

    # Trained with 10% of the cells of the first five features blanked (s5 stays complete, so one feature
    # never had a missing value in training).
    nan_cols = [0, 1, 2, 3, 4]
    d_nan = (d[0], blank_out(X_train, 0.10, 7, nan_cols), X_test, y_train, y_test)
    nan_note = "10% of the training cells of x0..x4 NaN (x5 complete)"
    p = dict(max_iter=6, max_depth=3, max_leaf_nodes=8, learning_rate=0.3, random_state=0)
    reg("onnx-hgb-reg", "scikit-learn", HistGradientBoostingRegressor(**p), p, data=d_nan, convert=hgb_convert,
        trained_with_nan=nan_note)
    p = dict(n_estimators=6, max_depth=3, learning_rate=0.3, tree_method="hist", n_jobs=1, random_state=0)
    reg("onnx-xgb-reg", "xgboost", xgboost.XGBRegressor(**p), p, data=d_nan, convert=xgb_convert,
        trained_with_nan=nan_note)
    p = dict(n_estimators=6, num_leaves=7, max_depth=4, learning_rate=0.3, min_child_samples=10, random_state=0,
             n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1)
    reg("onnx-lgb-reg", "lightgbm", lightgbm.LGBMRegressor(**p), p, convert=lgb_convert)

    def clf(name, data_name, data, model, params, zipmap=False):
        fitted = model.fit(data[1], data[3])
        classes = len(fitted.classes_)
        assert list(fitted.classes_) == list(range(classes)), fitted.classes_
        cases.append(Case(name, "scikit-learn", "classification", data_name, data, fitted, params,
                          lambda m, k: sk_convert(m, k, zipmap=zipmap), classes=classes, zipmap=zipmap))

    bc, ir, wi = breast_cancer(), iris(), wine()
    bc_name = "breast cancer (first 6 features), classes 0 = malignant, 1 = benign"
    ir_name = "iris, 3 classes"
    wi_name = "wine (alcohol, malic_acid, flavanoids, color_intensity, hue, proline), 3 classes"
    p = dict(n_estimators=5, max_depth=4, random_state=0, n_jobs=1)
    clf("onnx-rf-clf-binary", bc_name, bc, RandomForestClassifier(**p), p)
    p = dict(n_estimators=5, max_depth=3, random_state=0, n_jobs=1)
    clf("onnx-rf-clf-multi", ir_name, ir, RandomForestClassifier(**p), p)
    clf("onnx-rf-clf-multi-zipmap", ir_name, ir, RandomForestClassifier(**p), p, zipmap=True)
    p = dict(max_depth=4, random_state=0)
    clf("onnx-dt-clf-multi", ir_name, ir, DecisionTreeClassifier(**p), p)
    p = dict(n_estimators=8, max_depth=3, learning_rate=0.5, random_state=0)
    clf("onnx-gbc-binary", bc_name, bc, GradientBoostingClassifier(**p), p)
    p = dict(n_estimators=3, max_depth=3, learning_rate=0.5, random_state=0)
    clf("onnx-gbc-multi", wi_name, wi, GradientBoostingClassifier(**p), p)
    p = dict(n_estimators=5, max_depth=4, random_state=0, n_jobs=1)
    clf("onnx-et-clf-multi", wi_name, wi, ExtraTreesClassifier(**p), p)
    return cases


# --------------------------------------------------------------------------
# onnxruntime
# --------------------------------------------------------------------------

def session(path, threads=1):
    so = ort.SessionOptions()
    if threads is not None:
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = threads
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def run(case, sess, X):
    """The session's outputs for the rows X as a list of output tuples (strings for the csv) and a float array
    (one row per input row: the prediction, or the label then the probabilities) for comparisons."""
    name = sess.get_inputs()[0].name
    outs = sess.run(None, {name: np.asarray(X, dtype=np.float32)})
    if case.kind == "regression":
        pred = outs[0]
        assert pred.dtype == np.float32 and pred.shape == (len(X), 1), (pred.dtype, pred.shape)
        cells = [[repr(float(v))] for v in pred[:, 0]]
        return cells, pred.astype(np.float64)
    label, proba = outs[0], outs[1]
    assert label.dtype == np.int64 and label.shape == (len(X),), (label.dtype, label.shape)
    if case.zipmap:
        assert isinstance(proba, list) and all(isinstance(r, dict) for r in proba)
        assert all(sorted(r) == list(range(case.classes)) for r in proba)
        proba = [[r[c] for c in range(case.classes)] for r in proba]
        cells = [[str(int(lab))] + [repr(float(p)) for p in row] for lab, row in zip(label, proba)]
        # ZipMap hands back Python floats made from the float32 scores.
        assert all(float(np.float32(p)) == p for row in proba for p in row)
        arr = np.column_stack([label.astype(np.float64), np.asarray(proba, dtype=np.float64)])
        return cells, arr
    assert proba.dtype == np.float32 and proba.shape == (len(X), case.classes), (proba.dtype, proba.shape)
    cells = [[str(int(lab))] + [repr(float(p)) for p in row] for lab, row in zip(label, proba)]
    return cells, np.column_stack([label.astype(np.float64), proba.astype(np.float64)])


# --------------------------------------------------------------------------
# The model file
# --------------------------------------------------------------------------

def attr_map(node):
    return {a.name: a for a in node.attribute}


def attr_value(a):
    v = helper.get_attribute_value(a)
    if isinstance(v, onnx.TensorProto):
        return numpy_helper.to_array(v)
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, list) and v and isinstance(v[0], bytes):
        return [x.decode() for x in v]
    return v


def tree_node(model):
    nodes = [n for n in model.graph.node if n.op_type in TREE_OPS]
    assert len(nodes) == 1, [n.op_type for n in model.graph.node]
    return nodes[0]


def tree_values(model, name):
    """A tree attribute, from `name` or `name_as_tensor`."""
    attrs = attr_map(tree_node(model))
    if name in attrs:
        return attr_value(attrs[name])
    if name + "_as_tensor" in attrs:
        return list(attr_value(attrs[name + "_as_tensor"]))
    return None


def splits(model):
    """(feature index, threshold as float64, mode) of every branch node, in node order."""
    modes = tree_values(model, "nodes_modes")
    feats = tree_values(model, "nodes_featureids")
    values = tree_values(model, "nodes_values")
    return [(int(j), float(t), m) for m, j, t in zip(modes, feats, values) if m != "LEAF"]


def value_type(vi):
    t = vi.type
    if t.HasField("tensor_type"):
        dims = ["?" if not (d.HasField("dim_value") or d.dim_param) else (d.dim_param or str(d.dim_value))
                for d in t.tensor_type.shape.dim]
        return f"tensor({onnx.TensorProto.DataType.Name(t.tensor_type.elem_type).lower()}) [{', '.join(dims)}]"
    if t.HasField("sequence_type"):
        el = t.sequence_type.elem_type
        if el.HasField("map_type"):
            key = onnx.TensorProto.DataType.Name(el.map_type.key_type).lower()
            val = onnx.TensorProto.DataType.Name(el.map_type.value_type.tensor_type.elem_type).lower()
            return f"seq(map({key}, tensor({val})))"
    return str(t)


def short_list(v, n=6):
    v = [float(x) if isinstance(x, (float, np.floating)) else x for x in v]
    return repr(v) if len(v) <= n else repr(v[:n])[:-1] + f", ... ({len(v)} values)]"


def describe(case, model):
    """The facts README.md records about a model file (a dict of strings)."""
    node = tree_node(model)
    attrs = attr_map(node)
    info = {}
    info["ir_version"] = str(model.ir_version)
    info["producer"] = f"{model.producer_name} {model.producer_version}"
    info["opset_import"] = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    domains = [o.domain or "ai.onnx" for o in model.opset_import]
    dup = sorted({d for d in domains if domains.count(d) > 1})
    if dup:
        info["opset_import"] += f" (**{', '.join(dup)} listed {max(domains.count(d) for d in dup)} times**)"
    info["inputs"] = ", ".join(f"`{i.name}` {value_type(i)}" for i in model.graph.input)
    info["outputs"] = ", ".join(f"`{o.name}` {value_type(o)}" for o in model.graph.output)
    parts = []
    for n in model.graph.node:
        extra = ""
        if n.op_type not in TREE_OPS:
            a = {x.name: attr_value(x) for x in n.attribute}
            if n.op_type == "Cast":
                a["to"] = onnx.TensorProto.DataType.Name(a["to"]).lower()
            extra = " " + ", ".join(f"{k}={v!r}" for k, v in sorted(a.items())) if a else ""
        parts.append(f"{n.op_type} ({n.domain or 'ai.onnx'}) {list(n.input)} -> {list(n.output)}{extra}")
    info["nodes"] = "; ".join(parts)
    info["initializers"] = str(len(model.graph.initializer))
    info["tree attributes"] = ", ".join(sorted(attrs))
    modes = tree_values(model, "nodes_modes")
    info["nodes_modes"] = ", ".join(f"{m} x{c}" for m, c in sorted(collections.Counter(modes).items()))
    tracks = tree_values(model, "nodes_missing_value_tracks_true")
    n_branch = sum(m != "LEAF" for m in modes)
    if tracks is None:
        info["nodes_missing_value_tracks_true"] = "absent"
    else:
        ones = sum(1 for m, t in zip(modes, tracks) if m != "LEAF" and t)
        leaf_ones = sum(1 for m, t in zip(modes, tracks) if m == "LEAF" and t)
        info["nodes_missing_value_tracks_true"] = (f"1 at {ones} of {n_branch} branch nodes"
                                                   + (f" (and at {leaf_ones} leaves)" if leaf_ones else ""))
        if ones:
            feats = tree_values(model, "nodes_featureids")
            per = collections.defaultdict(lambda: [0, 0])
            for m, t, j in zip(modes, tracks, feats):
                if m != "LEAF":
                    per[int(j)][0] += bool(t)
                    per[int(j)][1] += 1
            info["nodes_missing_value_tracks_true"] += "; per input: " + ", ".join(
                f"x{j} {a}/{b}" for j, (a, b) in sorted(per.items()))
    info["aggregate_function"] = (attr_value(attrs["aggregate_function"]) if "aggregate_function" in attrs
                                  else "absent (default SUM)")
    info["post_transform"] = attr_value(attrs["post_transform"]) if "post_transform" in attrs else "absent (NONE)"
    base = tree_values(model, "base_values")
    info["base_values"] = "absent" if base is None else short_list(base)
    as_tensor = sorted(a for a in attrs if a.endswith("_as_tensor"))
    info["*_as_tensor"] = ", ".join(as_tensor) if as_tensor else "none (all float attributes)"
    if "nodes_values" in attrs:
        info["nodes_values"] = ("a FLOATS attribute (float32)" if attrs["nodes_values"].type == onnx.AttributeProto.FLOATS
                                else onnx.AttributeProto.AttributeType.Name(attrs["nodes_values"].type))
    treeids = tree_values(model, "nodes_treeids")
    n_trees = len(set(treeids))
    depth = tree_depth(model)
    info["trees"] = f"{n_trees} trees, {len(modes)} nodes ({n_branch} branch, {len(modes) - n_branch} leaves), depth <= {depth}"
    hit = tree_values(model, "nodes_hitrates")
    info["nodes_hitrates"] = "absent" if hit is None else f"present (values {sorted(set(float(h) for h in hit))})"
    if node.op_type == "TreeEnsembleRegressor":
        info["n_targets"] = str(attr_value(attrs["n_targets"])) if "n_targets" in attrs else "absent"
        prefix = "target"
    else:
        labels = ("classlabels_int64s", attr_value(attrs["classlabels_int64s"])) if "classlabels_int64s" in attrs \
            else ("classlabels_strings", attr_value(attrs["classlabels_strings"]))
        info["class labels"] = f"{labels[0]} {list(labels[1])}"
        prefix = "class"
    ids = tree_values(model, f"{prefix}_ids")
    tids = tree_values(model, f"{prefix}_treeids")
    nids = tree_values(model, f"{prefix}_nodeids")
    weights = tree_values(model, f"{prefix}_weights")
    per_leaf = collections.defaultdict(list)
    for t, n, i in zip(tids, nids, ids):
        per_leaf[(t, n)].append(int(i))
    layouts = collections.Counter(tuple(v) for v in per_leaf.values())
    per_tree = collections.defaultdict(set)
    for t, i in zip(tids, ids):
        per_tree[t].add(int(i))
    tree_layouts = collections.Counter(tuple(sorted(v)) for v in per_tree.values())
    info[f"{prefix}_ids layout"] = (
        f"{len(weights)} weights on {len(per_leaf)} leaves; ids per leaf: "
        + ", ".join(f"{list(k)} x{c}" for k, c in sorted(layouts.items()))
        + "; ids per tree: " + ", ".join(f"{list(k)} x{c}" for k, c in sorted(tree_layouts.items())))
    w = np.asarray(weights, dtype=np.float64)
    info[f"{prefix}_weights"] = f"min {float(w.min())!r}, max {float(w.max())!r}, first {short_list(weights, 3)}"
    return info


def tree_depth(model):
    treeids = tree_values(model, "nodes_treeids")
    nodeids = tree_values(model, "nodes_nodeids")
    modes = tree_values(model, "nodes_modes")
    true_ids = tree_values(model, "nodes_truenodeids")
    false_ids = tree_values(model, "nodes_falsenodeids")
    index = {(t, n): i for i, (t, n) in enumerate(zip(treeids, nodeids))}
    best = 0
    for t in sorted(set(treeids)):
        stack = [(index[(t, 0)], 0)]
        while stack:
            i, dep = stack.pop()
            if modes[i] == "LEAF":
                best = max(best, dep)
            else:
                stack += [(index[(t, true_ids[i])], dep + 1), (index[(t, false_ids[i])], dep + 1)]
    return best


# --------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------

def split_counts(model, k):
    counts = collections.Counter(j for j, _, _ in splits(model))
    return [counts.get(j, 0) for j in range(k)]


def most_used(model, k):
    counts = split_counts(model, k)
    return sorted(range(k), key=lambda j: (-counts[j], j))


def make_rows(case, model, sess):
    """The csv input rows (a float64 array of float32 values, NaN = missing) and a label for each group."""
    X = case.X_test
    k = case.k

    def out(rows):
        return run(case, sess, np.asarray(rows))[1]

    base_out = out(X)
    rows, groups = [], []

    def add(group, r):
        rows.append(np.asarray(r, dtype=np.float64))
        groups.append(group)

    for i in range(N_ORDINARY):
        add("ordinary", X[i])
    # nan: one feature at a time, then all, then the two most used
    for j in range(k):
        trial = X.copy()
        trial[:, j] = np.nan
        after = out(trial)
        changed = [i for i in range(len(X)) if not np.array_equal(after[i], base_out[i])]
        add("nan", trial[changed[0] if changed else 0])
        if not changed:
            case.notes.append(f"blanking x{j} alone changes no held-out row's output")
    add("nan", np.full(k, np.nan))
    two = X[0].copy()
    two[most_used(model, k)[:2]] = np.nan
    add("nan", two)
    # threshold conditions, features in turn
    by_feature = {}
    for j, t, mode in splits(model):
        by_feature.setdefault(j, [])
        if (t, mode) not in by_feature[j]:
            by_feature[j].append((t, mode))
    order, depth = [], 0
    while any(depth < len(v) for v in by_feature.values()):
        order += [(j, v[depth]) for j, v in by_feature.items() if depth < len(v)]
        depth += 1
    kept, unchanged = [], []
    for j, (t, mode) in order:
        t32 = np.float32(t)
        if float(t32) != t:
            raise RuntimeError(f"{case.name}: threshold {t!r} is not a float32")
        values = [float(t32), float(np.nextafter(t32, np.float32(-np.inf))),
                  float(np.nextafter(t32, np.float32(np.inf)))]
        outs = []
        for v in values:
            trial = X.copy()
            trial[:, j] = v
            outs.append(out(trial))
        changed = [i for i in range(len(X)) if not (np.array_equal(outs[0][i], outs[1][i])
                                                    and np.array_equal(outs[0][i], outs[2][i]))]
        if changed:
            kept.append((j, values, changed[0], mode, True))
            if len(kept) == N_CONDITIONS:
                break
        else:
            unchanged.append((j, values, 0, mode, False))
    kept += unchanged[:N_CONDITIONS - len(kept)]
    case.conditions = kept
    for j, values, i, _, _ in kept:
        for v in values:
            r = X[i].copy()
            r[j] = v
            add("threshold", r)
    # large magnitudes
    add("large", np.full(k, BIG))
    add("large", np.full(k, -BIG))
    add("large", np.array([BIG if j % 2 == 0 else -BIG for j in range(k)]))
    add("large", np.array([-BIG if j % 2 == 0 else BIG for j in range(k)]))
    top = most_used(model, k)[0]
    for v in (FLT_MAX, -FLT_MAX):
        r = X[0].copy()
        r[top] = v
        add("large", r)
    # tie: classifier rows whose largest probability is shared by two classes (found by a seeded search of the
    # training box; the held-out rows have none)
    if case.kind == "classification":
        rng = np.random.default_rng(0)
        lo, hi = np.nanmin(case.X_train, axis=0), np.nanmax(case.X_train, axis=0)
        trial = f32(lo + (hi - lo) * rng.random((20000, k)))
        o = out(trial)[:, 1:]
        top = o.max(axis=1)
        seen = []
        for i in np.nonzero((o == top[:, None]).sum(axis=1) > 1)[0]:
            if not any(np.array_equal(o[i], p) for p in seen):
                seen.append(o[i])
                add("tie", trial[i])
                if len(seen) == 2:
                    break
        if not seen:
            case.notes.append("no tie found: the seeded search of 20000 points gave no shared top probability")
    i = N_ORDINARY
    while len(rows) < MIN_ROWS:
        add("ordinary", X[i])
        i += 1
    R = np.vstack(rows)
    assert np.array_equal(f32(R), R, equal_nan=True)
    return R, groups


def cell(v):
    return "" if math.isnan(v) else repr(float(v))


def write_csv(path, header, X, outputs):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r, o in zip(X, outputs):
            w.writerow([cell(v) for v in r] + o)


def read_csv(path, k):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    X = np.array([[float(c) if c else np.nan for c in r[:k]] for r in rows[1:]], dtype=np.float64)
    return rows[0], X, [r[k:] for r in rows[1:]]


# --------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------

def reference_outputs(case, X):
    """What the training library itself says for the rows X (float32 inputs), as the comparison array."""
    X32 = np.asarray(X, dtype=np.float32)
    m = case.model
    if case.kind == "regression":
        if case.library == "lightgbm":
            return m.predict(X32.astype(np.float64)).reshape(-1, 1)
        return np.asarray(m.predict(X32), dtype=np.float64).reshape(-1, 1)
    proba = m.predict_proba(X32)
    return np.column_stack([m.predict(X32).astype(np.float64), proba])


def compare_to_library(case, X, ours, groups):
    try:
        ref = reference_outputs(case, X)
        skipped = 0
    except ValueError:  # a model that refuses NaN inputs (GradientBoosting*): compare the complete rows only
        keep = ~np.isnan(X).any(axis=1)
        skipped = int((~keep).sum())
        X, ours, groups = X[keep], ours[keep], [g for g, k in zip(groups, keep) if k]
        ref = reference_outputs(case, X)
    text = compare_outputs(case, X, ours, groups, ref)
    if skipped:
        text += (f" ({skipped} rows with a NaN left out: {type(case.model).__name__} refuses NaN; csv line numbers"
                 " count only the rows compared)")
    return text


def compare_outputs(case, X, ours, groups, ref):
    if case.kind == "regression":
        diff = np.abs(ref[:, 0] - ours[:, 0])
        exact = diff == 0
        rel = diff / np.maximum(np.abs(ref[:, 0]), 1e-30)
        big = [i for i in range(len(X)) if rel[i] > 1e-5]
        text = (f"{int(exact.sum())} of {len(X)} predictions equal {case.library}'s exactly "
                f"(float32 ONNX vs {'float64' if case.library != 'xgboost' else 'float32'} {case.library}); "
                f"largest relative difference {float(rel.max()):.3g}")
        if big:
            text += "; differ by more than 1e-5 relative at csv lines " + ", ".join(
                f"{i + 2} ({groups[i]})" for i in big)
        return text
    lab = ref[:, 0] != ours[:, 0]
    dp = np.abs(ref[:, 1:] - ours[:, 1:]).max(axis=1)
    big = [i for i in range(len(X)) if dp[i] > 1e-5]
    text = (f"labels differ from scikit-learn's predict on {int(lab.sum())} of {len(X)} rows"
            + (" (csv lines " + ", ".join(f"{i + 2} ({groups[i]})" for i in np.nonzero(lab)[0]) + ")"
               if lab.any() else "")
            + f"; largest probability difference vs predict_proba {float(dp.max()):.3g}")
    if big:
        text += "; more than 1e-5 at csv lines " + ", ".join(f"{i + 2} ({groups[i]})" for i in big)
    return text


def edge_summary(case, ours, groups):
    first = groups.index("threshold")
    n_changed, with_below, with_above = 0, 0, 0
    for c, (j, values, i, mode, changed) in enumerate(case.conditions):
        at, below, above = (ours[first + 3 * c + d] for d in range(3))
        if not (np.array_equal(at, below) and np.array_equal(at, above)):
            n_changed += 1
            if np.array_equal(at, below) and not np.array_equal(at, above):
                with_below += 1
            elif np.array_equal(at, above) and not np.array_equal(at, below):
                with_above += 1
            else:
                raise RuntimeError(f"{case.name}: threshold row agrees with neither neighbour")
    modes = sorted({m for *_, m, _ in case.conditions})
    expect = "below" if modes == ["BRANCH_LEQ"] else "above" if modes == ["BRANCH_LT"] else None
    if expect == "below" and with_above or expect == "above" and with_below:
        raise RuntimeError(f"{case.name}: a threshold row went the unexpected way for {modes}")
    return (f"{len(case.conditions)} conditions ({', '.join(modes)}) on "
            f"{sorted({f'x{j}' for j, *_ in case.conditions})}; the output changes across the three values in "
            f"{n_changed}; the threshold row goes with the value below {with_below} times, above {with_above}")


# --------------------------------------------------------------------------
# onnxruntime's rules, re-implemented from the model file alone
# --------------------------------------------------------------------------

F32 = np.float32
_LIBM = ctypes.CDLL(ctypes.util.find_library("m"))
_LIBM.expf.restype = ctypes.c_float
_LIBM.expf.argtypes = [ctypes.c_float]


def expf(x):
    return F32(_LIBM.expf(F32(x)))


def np_expf(x):
    return np.exp(F32(x))


def logistic(x, exp=expf):
    """onnxruntime's ComputeLogistic, in float32: v = 1 / (1 + expf(-|x|)); x < 0 gives 1 - v."""
    x = F32(x)
    v = F32(F32(1) / F32(F32(1) + exp(-abs(x))))
    return F32(F32(1) - v) if x < 0 else v


def softmax(values, exp=expf):
    """onnxruntime's ComputeSoftmax, in float32: expf(v - max), summed in order, each divided by the sum."""
    top = F32(-np.finfo(np.float32).max)
    for v in values:
        if v > top:
            top = v
    exps = [exp(F32(v - top)) for v in values]
    total = F32(0)
    for e in exps:
        total = F32(total + e)
    return [F32(e / total) for e in exps]


class Rules:
    """The tree ensemble of a model file, evaluated the way onnxruntime 1.32 does on one thread:
      * each input is a float32; a branch node compares it with its float32 nodes_value by its mode
        (BRANCH_LEQ x <= t, BRANCH_LT x < t, ...) and goes to the true node when the comparison holds or when the
        input is NaN and nodes_missing_value_tracks_true is 1 (a NaN fails every comparison: false node);
      * the leaf weights are added in float32, tree by tree in tree order (and in attribute order within a
        leaf), starting from 0 (aggregate_function SUM; every model here uses it);
      * regressor: + base_values[0] (float32) when base_values has one value;
      * classifier, more than 2 classes: base_values[c] added per class (a class no leaf voted for takes the base
        value); the label is the first class with the largest score among those with a vote; post_transform NONE
        keeps the scores (0 for a class without a vote), SOFTMAX is softmax();
      * classifier, 2 classes, weights for one class id only (the binary case): s = that sum (+ base_values[0]
        when there is one value); if every class weight is >= 0 the label is 1 when s > 0.5 and the
        probabilities are [1 - s, s] (float32); otherwise the label is 1 when s > 0, and with LOGISTIC the
        probabilities are [logistic(-s), logistic(s)] (NONE: [-s, s] when s > 0, else [s, -s]: not used here).
    """

    def __init__(self, model, variant=None):
        self.variant = variant
        node = tree_node(model)
        self.op = node.op_type
        attrs = attr_map(node)
        self.post = attr_value(attrs["post_transform"]) if "post_transform" in attrs else "NONE"
        agg = attr_value(attrs["aggregate_function"]) if "aggregate_function" in attrs else "SUM"
        if agg != "SUM":
            raise RuntimeError(f"aggregate_function {agg} is not re-implemented")
        base = tree_values(model, "base_values")
        self.base = [] if base is None else [F32(b) for b in base]
        prefix = "target" if self.op == "TreeEnsembleRegressor" else "class"
        self.modes = tree_values(model, "nodes_modes")
        self.feats = [int(j) for j in tree_values(model, "nodes_featureids")]
        self.values = [F32(v) for v in tree_values(model, "nodes_values")]
        tracks = tree_values(model, "nodes_missing_value_tracks_true")
        self.tracks = [0] * len(self.modes) if tracks is None else [int(t) for t in tracks]
        treeids = [int(t) for t in tree_values(model, "nodes_treeids")]
        nodeids = [int(n) for n in tree_values(model, "nodes_nodeids")]
        self.true_ids = [int(n) for n in tree_values(model, "nodes_truenodeids")]
        self.false_ids = [int(n) for n in tree_values(model, "nodes_falsenodeids")]
        self.index = {(t, n): i for i, (t, n) in enumerate(zip(treeids, nodeids))}
        self.trees = list(dict.fromkeys(treeids))
        self.weights = collections.defaultdict(list)
        for t, n, c, w in zip(tree_values(model, f"{prefix}_treeids"), tree_values(model, f"{prefix}_nodeids"),
                              tree_values(model, f"{prefix}_ids"), tree_values(model, f"{prefix}_weights")):
            self.weights[self.index[(int(t), int(n))]].append((int(c), F32(w)))
        if self.op == "TreeEnsembleClassifier":
            labels = attr_value(attrs["classlabels_int64s"])
            self.labels = [int(x) for x in labels]
            all_w = [w for ws in self.weights.values() for _, w in ws]
            self.all_positive = all(w >= 0 for w in all_w)
            self.binary = len(self.labels) == 2 and len({c for ws in self.weights.values() for c, _ in ws}) == 1

    def leaf(self, tree, x):
        i = self.index[(tree, 0)]
        while self.modes[i] != "LEAF":
            v, t = x[self.feats[i]], self.values[i]
            mode = self.modes[i]
            hold = {"BRANCH_LEQ": v <= t, "BRANCH_LT": v < t, "BRANCH_GTE": v >= t, "BRANCH_GT": v > t,
                    "BRANCH_EQ": v == t, "BRANCH_NEQ": v != t}[mode]
            if self.variant == "nan-ignores-tracks":
                go_true = hold
            elif self.variant == "nan-goes-true":
                go_true = hold or math.isnan(v)
            else:
                go_true = hold or (self.tracks[i] and math.isnan(v))
            i = self.index[(tree, self.true_ids[i] if go_true else self.false_ids[i])]
        return self.weights[i]

    def scores(self, x, n):
        if self.variant == "double-sum":
            d, has = [0.0] * n, [False] * n
            for tree in self.trees:
                for c, w in self.leaf(tree, x):
                    d[c] += float(w)
                    has[c] = True
            return [F32(v) for v in d], has
        if self.variant == "two-blocks":
            # onnxruntime with 2 threads and more than 50 rows: the trees in two blocks (PartitionWork: the first
            # ceil(n/2)), each summed from 0, then the second block's sum added to the first's
            half = (len(self.trees) + 1) // 2
            parts = []
            for block in (self.trees[:half], self.trees[half:]):
                s, has = [F32(0)] * n, [False] * n
                for tree in block:
                    for c, w in self.leaf(tree, x):
                        s[c] = F32(s[c] + w)
                        has[c] = True
                parts.append((s, has))
            (s0, h0), (s1, h1) = parts
            return [F32(a + b) if hb else a for a, b, hb in zip(s0, s1, h1)], [a or b for a, b in zip(h0, h1)]
        s, has = [F32(0)] * n, [False] * n
        for tree in self.trees:
            for c, w in self.leaf(tree, x):
                s[c] = F32(s[c] + w)
                has[c] = True
        return s, has

    def row(self, x):
        """The csv output cells for the float32 row x."""
        x = [F32(v) for v in x]
        if self.op == "TreeEnsembleRegressor":
            s, _ = self.scores(x, 1)
            out = F32(s[0] + self.base[0]) if len(self.base) == 1 else s[0]
            return [repr(float(out))]
        n = len(self.labels)
        s, has = self.scores(x, n)
        if self.binary:
            p = F32(s[0] + self.base[0]) if len(self.base) == 1 else s[0]
            if len(self.base) > 1:
                raise RuntimeError("binary case with two base values is not re-implemented")
            if self.all_positive:
                label = self.labels[1] if p > 0.5 else self.labels[0]
                probs = [F32(F32(1) - p), p]
            else:
                label = self.labels[1] if p > 0 else self.labels[0]
                if self.post != "LOGISTIC":
                    raise RuntimeError("binary case with mixed weights needs LOGISTIC here")
                if self.variant == "naive-logistic":
                    p1 = F32(F32(1) / F32(F32(1) + expf(-p)))
                    probs = [F32(F32(1) - p1), p1]
                elif self.variant == "numpy-exp":
                    probs = [logistic(-p, np_expf), logistic(p, np_expf)]
                else:
                    probs = [logistic(-p), logistic(p)]
        else:
            for c in range(len(self.base)):
                s[c] = F32(s[c] + self.base[c]) if has[c] else self.base[c]
                has[c] = True
            best = -1
            for c in range(n):
                if has[c] and (best == -1 or s[c] > s[best]):
                    best = c
            label = self.labels[best]
            probs = [v if h else F32(0) for v, h in zip(s, has)]
            if self.post == "SOFTMAX" and self.variant == "numpy-exp":
                probs = softmax(probs, np_expf)
            elif self.post == "SOFTMAX" and self.variant == "double-softmax":
                e = np.exp(np.asarray(probs, dtype=np.float64) - float(max(probs)))
                probs = [F32(v) for v in e / e.sum()]
            elif self.post == "SOFTMAX":
                probs = softmax(probs)
            elif self.post != "NONE":
                raise RuntimeError(f"post_transform {self.post} is not re-implemented")
        return [str(label)] + [repr(float(p)) for p in probs]


VARIANTS = {
    "double-sum": "leaf weights summed in double, rounded to float32 at the end",
    "two-blocks": "the trees summed in two blocks, then the two sums added (onnxruntime with 2 threads, > 50 rows)",
    "nan-ignores-tracks": "NaN always to the false node (nodes_missing_value_tracks_true ignored)",
    "nan-goes-true": "NaN always to the true node",
    "numpy-exp": "numpy's float32 exp instead of the C library's expf",
    "naive-logistic": "P(1) = 1 / (1 + expf(-s)) and P(0) = 1 - P(1)",
    "double-softmax": "softmax computed in double, rounded to float32",
}


def check_rules(case, model, X, expected):
    """The rules must give every output cell; returns {variant: csv lines a naive variant gets wrong}."""
    got = [Rules(model).row(r) for r in X]
    bad = [i + 2 for i, (a, b) in enumerate(zip(got, expected)) if a != b]
    if bad:
        raise RuntimeError(f"{case.name}: the re-implemented rules disagree with onnxruntime at csv lines {bad}")
    wrong = {}
    for variant in VARIANTS:
        rules = Rules(model, variant)
        if variant in ("numpy-exp", "naive-logistic", "double-softmax") and rules.post == "NONE":
            continue
        if variant == "naive-logistic" and rules.post != "LOGISTIC":
            continue
        if variant == "double-softmax" and rules.post != "SOFTMAX":
            continue
        if variant == "nan-ignores-tracks" and not any(rules.tracks):
            continue
        if variant == "two-blocks" and len(rules.trees) < 3:
            continue
        lines = [i + 2 for i, r in enumerate(X) if rules.row(r) != expected[i]]
        wrong[variant] = lines
    return wrong


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main():
    for lib, want in EXPECTED_VERSIONS.items():
        if VERSIONS[lib] != want:
            print(f"warning: {lib} {VERSIONS[lib]} installed, fixtures were made with {want}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    cases = build_cases()
    summaries = []
    for case in cases:
        model = case.converter(case.model, case.k)
        again = case.converter(case.model, case.k)
        data = model.SerializeToString()
        if again.SerializeToString() != data:
            raise RuntimeError(f"{case.name}: the converter is not deterministic")
        onnx.checker.check_model(model)
        path = OUT / f"{case.name}.onnx"
        path.write_bytes(data)
        if len(data) >= 60_000:
            raise RuntimeError(f"{case.name}.onnx is {len(data)} bytes")
        sess = session(path)
        X, groups = make_rows(case, model, sess)
        cells, ours = run(case, sess, X)
        csv_path = OUT / f"{case.name}.csv"
        write_csv(csv_path, case.header(), X, cells)

        # Re-read the csv and re-score it with fresh sessions.
        header, X2, expected = read_csv(csv_path, case.k)
        assert header == case.header() and np.array_equal(X2, X, equal_nan=True)
        again_cells, _ = run(case, session(path), X2)
        if again_cells != expected:
            raise RuntimeError(f"{case.name}: a fresh 1-thread session does not reproduce the csv")
        default_cells, _ = run(case, session(path, threads=None), X2)
        default_diff = [i + 2 for i, (a, b) in enumerate(zip(default_cells, expected)) if a != b]
        one_by_one = [run(case, sess, X2[i:i + 1])[0][0] for i in range(len(X2))]
        single_diff = [i + 2 for i, (a, b) in enumerate(zip(one_by_one, expected)) if a != b]
        # Bigger batches (the csv repeated) take onnxruntime's parallel paths when there are threads.
        big = np.concatenate([X2] * 64)
        big_cells, _ = run(case, session(path, threads=None), big)
        big_diff = sorted({i % len(X2) + 2 for i, (a, b) in enumerate(zip(big_cells, expected * 64)) if a != b})

        variants = check_rules(case, model, X2, expected)
        blocks = variants.get("two-blocks", [])
        two_blocks_explains = big_diff == blocks
        info = describe(case, model)
        counts = collections.Counter(groups)
        summary = dict(case=case, info=info, rows=len(X), counts=counts, size=len(data),
                       default_diff=default_diff, single_diff=single_diff, big_diff=big_diff,
                       library=compare_to_library(case, X, ours, groups),
                       edges=edge_summary(case, ours, groups),
                       split_counts=split_counts(model, case.k), variants=variants,
                       two_blocks_explains=two_blocks_explains, groups=groups)
        summaries.append(summary)
        print(f"{case.name}: {len(X)} rows ({dict(counts)}), {len(data)} bytes")
        for key, value in info.items():
            print(f"    {key}: {value}")
        print(f"    threshold rows: {summary['edges']}")
        print(f"    vs {case.library}: {summary['library']}")
        print(f"    default threads: {len(default_diff)} rows differ; one row at a time: {len(single_diff)} differ; "
              f"64x batch, default threads: {len(big_diff)} differ"
              f" ({'exactly' if two_blocks_explains else 'NOT'} the two-blocks variant's rows)")
        for variant, lines in variants.items():
            print(f"    variant {variant}: {len(lines)} rows wrong {lines}")
        for note in case.notes:
            print(f"    note: {note}")
    write_readme(summaries)
    print(f"wrote {len(cases)} cases to {OUT}")


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------

README_HEAD = """# ONNX fixtures

Small tree ensembles converted to ONNX by the real converters (skl2onnx for scikit-learn, onnxmltools for XGBoost
and LightGBM), each with rows scored by **onnxruntime on one thread**. A test reads each `.onnx` with nbship, scores
the csv's input cells and compares every output cell exactly (as the same decimal string, or as the float32 it
denotes).

Regenerate (deterministic: a rerun writes the same bytes):

    /work/venv/bin/python scripts/make_onnx_fixtures.py

with {versions}. The data sets are scikit-learn's; other versions may fit or convert other numbers.

## Files

For each case, `<case>.onnx` is the converter's output as is, and `<case>.csv` its rows. Every model takes ONE
float32 tensor of shape [None, k] (k <= 6), named `X` by skl2onnx and `input` by onnxmltools; an ONNX model has no
feature names, so the csv names its input columns by position, `x0` ... `x{{k-1}}`. A blank cell is a missing value
(NaN). Every input cell is a float32 value, written as Python `repr` of the double it is exactly.

Outputs, from `onnxruntime.InferenceSession(path, so, providers=["CPUExecutionProvider"])` with
`so.intra_op_num_threads = so.inter_op_num_threads = 1`, the whole csv as one batch:

- regressors: `prediction`, output 0 (float32 [N, 1]), written as `repr` of the double the float32 is;
- classifiers: `label`, the label output (int64 [N]) as a decimal string, and `probability(k)` for each class `k`
  from the probability output (float32 [N, classes]; converted with `zipmap=False`);
- `onnx-rf-clf-multi-zipmap` (converted with skl2onnx's default `zipmap=True`): the same columns, from the
  `output_label` tensor and the `output_probability` list of `{{class: probability}}` maps (ZipMap's Python floats
  are the float32 scores).

Rows, in order (csv line numbers count the header as line 1; each case below gives its line ranges):

- `ordinary`: the first 12 held-out rows;
- `nan`: for each input, a held-out row with that input missing (the first whose output changes; the first row
  when none does), a row with every input missing and the first held-out row with the two most used inputs missing;
- `threshold`: for 7 split conditions read from the ONNX `nodes_values` (inputs in turn: the first threshold of
  each input in node order, then the second, ...), the threshold itself, the next float32 below it and the next
  float32 above it, on the first held-out row whose output is not the same for the three;
- `large`: every input +1e30 (as float32: 1.0000000150474662e+30), every input -1e30, alternating signs both ways,
  and the most used input set to +3.4028234663852886e+38 and to -3.4028234663852886e+38 (FLT_MAX) on the first
  held-out row;
- `tie` (classifiers, when found): up to 2 rows where two classes share the largest probability, found by a seeded
  search of 20,000 points in the training range (the held-out rows have none);
- `ordinary` again: more held-out rows when there would be fewer than 40 rows.

After writing, the generator reads every csv back and scores it with a fresh one-thread session: each output
string must come out the same. It then re-implements onnxruntime's arithmetic from the model file alone (next
section) and checks it on every cell, and scores the csv again with default threading (`intra_op_num_threads = 0`),
one row at a time, and as a 64-times-repeated batch with default threading.

## What onnxruntime 1.32 computes (one thread)

The generator's `Rules` class gives every output cell of every csv exactly:

- Each input is a float32. A branch node compares it with its float32 `nodes_values` entry by its mode
  (`BRANCH_LEQ`: x <= t, `BRANCH_LT`: x < t) and goes to the true node when the comparison holds, or when the input
  is NaN and `nodes_missing_value_tracks_true` is 1 for that node; otherwise (a NaN fails every comparison) to the
  false node.
- `aggregate_function` is absent (SUM) in every model: the leaf weights are added **in float32, tree by tree in
  tree order** (within a leaf in attribute order), starting from 0. The random forests' averaging is folded into
  the weights (each leaf value is already divided by the number of trees), not done with AVERAGE.
- Regressor: then + `base_values[0]` (float32) when there is one.
- Classifier with more than 2 classes: `base_values[c]` added per class; the label is the first class with the
  largest score (ties go to the lower class); `post_transform` NONE writes the sums, SOFTMAX writes
  `expf(s_c - max)` / (their float32 sum, added in class order), with the C library's `expf`.
- Classifier with 2 classes whose leaves carry weights for one class id only (onnxruntime's "binary case"; every
  binary model here stores one weight per leaf, under class id **0**, although it is the score of class 1):
  s = the sum (+ `base_values[0]`). If every class weight is >= 0 (random forest): label 1 when s > 0.5 (so a tie
  at 0.5 is class 0), probabilities [1 - s, s] in float32. Otherwise (gradient boosting, LOGISTIC): label 1 when
  s > 0, probabilities [logistic(-s), logistic(s)] with onnxruntime's logistic
  `v = 1 / (1 + expf(-|x|)); x < 0 ? 1 - v : v` in float32.

Naive variants of these rules get some csv lines wrong (the line lists are in each case's section):

{variants}

## Threading

{threads}

## Converter findings

- skl2onnx writes `opset_import` with the default domain **twice** (`ai.onnx 22` listed two times) for every
  scikit-learn model except the two gradient-boosting classifiers (`ai.onnx 21`, Identity tail) and the ZipMap
  model (`ai.onnx 9`); `onnx.checker` and onnxruntime accept it, so a reader must too.
- No model uses an `*_as_tensor` attribute (float32 inputs: all float attributes), `aggregate_function` is always
  absent (SUM), `n_targets` is 1 in every regressor, and every class label list is `classlabels_int64s`.
- skl2onnx converts DecisionTree / RandomForest / ExtraTrees without looking at scikit-learn's
  `missing_go_to_left`: `nodes_missing_value_tracks_true` is all 0, so a NaN always takes the false (right) branch
  in onnxruntime, where scikit-learn 1.8 sends it to the child that saw more training samples. The `nan` rows
  therefore disagree with scikit-learn (see each case's "vs" line); the csv holds onnxruntime's answer.
- HistGradientBoostingRegressor: skl2onnx 1.20 cannot convert it with onnx 1.23 (its leaves pass the Python bool
  `False` among the ints of `nodes_missing_value_tracks_true`, and `onnx.helper.make_attribute` refuses:
  "Expected an int, got a boolean"). The generator coerces that one argument to int while converting (it checks
  that the unpatched conversion still fails); every attribute is otherwise skl2onnx's. The model carries
  `missing_go_to_left` as `nodes_missing_value_tracks_true` (1 at 20 of 37 branch nodes, including the input that
  had no NaN in training, x5, where scikit-learn picks the side with more samples), `base_values` = the baseline
  prediction, SUM, NONE. Its thresholds are the **nearest** float32 of scikit-learn's double thresholds (no
  adjustment, unlike the other scikit-learn trees, whose thresholds skl2onnx rounds so that a float32 input goes
  the way scikit-learn sends it), so threshold rows can disagree with scikit-learn.
- XGBoost (onnxmltools `convert_xgboost`): `BRANCH_LT`, XGBoost's `default_left` as
  `nodes_missing_value_tracks_true` (0 at every split on x5, which had no NaN in training), `base_values` =
  base_score, no `nodes_hitrates`, opset `ai.onnx.ml 1` only. onnxruntime's float32 sum in tree order is not
  always XGBoost's own float32 result (see the "vs" line).
- LightGBM (onnxmltools `convert_lightgbm`): `BRANCH_LEQ` on the float32 nearest to LightGBM's double threshold (so
  threshold rows can disagree with LightGBM, which compares doubles), no `base_values` (the initial score is in
  the first tree's leaves), an Identity tail, opset `ai.onnx 8, ai.onnx.ml 1`. Trained without NaN (missing type
  None), every split has `nodes_missing_value_tracks_true` 1: onnxmltools sends NaN left when LightGBM's
  default_left is set and the threshold is not negative, imitating LightGBM's NaN-as-0 there.
- Determinism: onnxmltools names the graph with a random uuid4 unless given `name=` (the generator passes the
  model class name), and skl2onnx fills `opset_import` from a Python set, so the order of its entries follows the
  string hash seed (the generator runs with `PYTHONHASHSEED=0`; with another seed the same model comes out as, for
  instance, `ai.onnx.ml 1, ai.onnx 21` instead of `ai.onnx 21, ai.onnx.ml 1`). A reader must not depend on the order.
- Tails: the gradient-boosting classifiers end in `Identity`; the ZipMap model in `Cast` (label int64 to int64)
  and `ZipMap` (`classlabels_int64s` [0, 1, 2]), whose output is a sequence of maps int64 -> float.

## Cases

| case | files | converter | source model | data | trees | rows | bytes |
|---|---|---|---|---|---|---|---|
"""


def line_ranges(groups):
    out, start = [], 0
    for i in range(1, len(groups) + 1):
        if i == len(groups) or groups[i] != groups[start]:
            a, b = start + 2, i + 1
            out.append(f"{groups[start]} {a}" + (f"-{b}" if b > a else ""))
            start = i
    return ", ".join(out)


def write_readme(summaries):
    versions = ", ".join(f"{k} {v}" for k, v in VERSIONS.items())
    default_rows = [s["case"].name for s in summaries if s["default_diff"]]
    single_rows = [s["case"].name for s in summaries if s["single_diff"]]
    big = [(s["case"].name, len(s["big_diff"])) for s in summaries if s["big_diff"]]
    explained = all(s["two_blocks_explains"] for s in summaries)
    threads = (
        f"On the csv itself (at most 50 rows), default threading (`intra_op_num_threads = 0`; this machine has "
        f"{os.cpu_count()} cores) changes no output in "
        + ("any case" if not default_rows else "any case but " + ", ".join(default_rows))
        + ", and scoring one row at a time changes none in "
        + ("any case" if not single_rows else "any case but " + ", ".join(single_rows))
        + ". With more than 50 rows in a batch, onnxruntime 1.32 parallelises over the trees instead: with T "
        "threads it splits the trees into T consecutive blocks (`PartitionWork`: the first blocks one tree longer), "
        "sums each block from 0 and adds the blocks' sums. Scoring the csv repeated 64 times with default threading "
        "(2 threads here) changes the last bits of the outputs in "
        + ", ".join(f"{n} ({k} csv rows)" for n, k in big)
        + "; the rows that change are "
        + ("exactly" if explained else "NOT exactly")
        + " those the `two-blocks` variant gets wrong (summing the two blocks of trees separately). The single "
        "trees cannot change; in the two gradient-boosting classifiers the block sums happen to give the same "
        "probabilities on these rows. So the one-thread outputs are the reference: they do not depend on the batch "
        "size, while with several threads they depend on the batch size and the thread count (and, from the "
        "onnxruntime source, with three or more blocks merged under a lock in completion order, perhaps on timing; "
        "not observed here)."
    )
    variants = "\n".join(f"- `{k}`: {v}" for k, v in VARIANTS.items())
    text = README_HEAD.format(versions=versions, variants=variants, threads=threads)
    for s in summaries:
        c = s["case"]
        conv = ("skl2onnx " + VERSIONS["skl2onnx"] + (" (zipmap default)" if c.zipmap else
                                                      (" zipmap=False" if c.kind != "regression" else ""))
                if c.library == "scikit-learn" else
                "onnxmltools " + VERSIONS["onnxmltools"] + (" convert_xgboost" if c.library == "xgboost"
                                                             else " convert_lightgbm"))
        params = ", ".join(f"{k}={v}" for k, v in c.params.items()
                           if k not in ("n_jobs", "verbose", "deterministic", "force_row_wise"))
        data = c.data_name + (f"; {c.trained_with_nan}" if c.trained_with_nan else "")
        text += (f"| {c.name} | `{c.name}.onnx` `{c.name}.csv` | {conv} | {c.library} "
                 f"{type(c.model).__name__}({params}) | {data} | {s['info']['trees'].split(',')[0].split()[0]} | "
                 f"{s['rows']} | {s['size']:,} |\n")
    text += "\n## What each model looks like\n\n"
    text += ("Printed by the generator from the model file (`nodes_missing_value_tracks_true` counts branch nodes; "
             "the `*_ids layout` lines say which class or target ids each leaf carries weights for, and which ids "
             "each tree carries). \"vs\" compares onnxruntime's outputs with the training library's own on the same "
             "float32 rows, for information only.\n\n")
    for s in summaries:
        c = s["case"]
        text += f"### {c.name}\n\n"
        text += f"- rows: {s['rows']} ({line_ranges(s['groups'])})\n"
        for key, value in s["info"].items():
            text += f"- {key}: {value}\n"
        text += f"- splits per input (x0..x{c.k - 1}): {s['split_counts']}\n"
        text += f"- threshold rows: {s['edges']}\n"
        wrong = "; ".join(f"`{v}` " + (f"lines {lines}" if lines else "none") for v, lines in s["variants"].items())
        text += f"- naive variants get wrong: {wrong}\n"
        text += f"- vs {c.library}: {s['library']}\n"
        t = []
        for label, key in (("default threading", "default_diff"), ("one row at a time", "single_diff"),
                           ("64x batch with default threading", "big_diff")):
            t.append(f"{label}: " + (f"csv lines {s[key]} differ" if s[key] else "same"))
        text += "- " + "; ".join(t) + "\n"
        for note in c.notes:
            text += f"- note: {note}\n"
        text += "\n"
    (OUT / "README.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
