"""Zoo cases on sklearn's breast cancer data (569 cases, 30 features, binary)."""

import numpy as np
import pandas as pd

from zoo_lib import (
    A, Case, L, T, classification_rows, code, differs, export, floats, md, pick, record,
    register,
)

BC_IMPORTS = """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
"""


def bc_rows(ns, model="pipeline", X="X_test", transform=None, threshold=None, positive=None):
    pipe, X = ns[model], ns[X]
    Xin = transform(ns, X) if transform else X
    labels = [str(c) for c in pipe.predict(Xin)]
    proba = pipe.predict_proba(Xin)
    return classification_rows(X, labels, proba, pipe.classes_, threshold, positive)


def features_literal(ns):
    return A("FEATURES", list(ns["data"].feature_names))


# --------------------------------------------------------------------------

@register
def bc_logreg_std_inside_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        return "\n".join([
            "# StandardScaler attributes, copied from pipeline.named_steps[\"scaler\"]",
            "# (same order as FEATURES)",
            A("mean_", floats(sc.mean_)),
            A("scale_", floats(sc.scale_)),
            A("var_", floats(sc.var_)),
        ])

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        proba = pipe.predict_proba(X)[:, list(pipe.classes_).index("malignant")]
        labels = list(pipe.predict(X))
        recs = []
        for i in pick(labels, 6):
            r = record(X, i)
            r["p_malignant"] = float(proba[i])
            r["flagged"] = bool(proba[i] >= ns["threshold"])
            recs.append(r)
        return ("# held-out cases (raw measurements) with P(malignant) and whether the\n"
                "# default threshold flags them for review\n" + A("EXAMPLES", recs))

    cells = [
        md("""
# Breast mass triage: logistic regression

Scores fine-needle-aspirate measurements and flags masses whose estimated
probability of malignancy reaches `threshold`, so that a pathologist looks at
them first.  Data: Wisconsin diagnostic breast cancer (sklearn's
`load_breast_cancer`).  Standardization and the model are exported together.
"""),
        code("""
model_name = "breast-mass-triage"  # package name
threshold: float = 0.3  # flag for review when P(malignant) >= threshold, range [0, 1]
positive_class: str = "malignant"  # one of {benign, malignant}
C: float = 0.5  # inverse L2 strength (training only), range (0, inf)
test_size = 0.25  # held-out share (training only), range (0, 1)
seed = 7  # split seed (training only)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, roc_auc_score
from sklearn.preprocessing import StandardScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
df = data.frame.rename(columns={"target": "diagnosis"})
df["diagnosis"] = df["diagnosis"].map({0: "malignant", 1: "benign"})
df.shape
"""),
        code(features_literal, "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["diagnosis"], test_size=test_size, random_state=seed, stratify=df["diagnosis"]
)
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("clf", LogisticRegression(C=C, max_iter=5000)),
])
pipeline.fit(X_train, y_train);
"""),
        code("""
p_test = pipeline.predict_proba(X_test)[:, list(pipeline.classes_).index(positive_class)]
print(f"ROC AUC: {roc_auc_score(y_test == positive_class, p_test):.3f}")
print(classification_report(y_test == positive_class, p_test >= threshold, digits=3))
"""),
        md("## Scaler"),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["scaler"]
assert sc.mean_.tolist() == mean_ and sc.scale_.tolist() == scale_ and sc.var_.tolist() == var_
"""),
        md("## Examples for the integration tests"),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
p = pipeline.predict_proba(ex[FEATURES])[:, list(pipeline.classes_).index("malignant")]
np.testing.assert_allclose(p, ex["p_malignant"], rtol=1e-12)
assert ((p >= threshold) == ex["flagged"]).all()
print("examples OK")
"""),
        md("## Export (with verification data so that the PMML can be checked)"),
        code("""
pipeline.verify(X_test.sample(12, random_state=seed))
"""),
        export(),
    ]
    return Case(
        "bc-logreg-std-inside-verify",
        "StandardScaler + LogisticRegression inside the PMMLPipeline, verify(); threshold + "
        "positive_class parameters; scaling as sklearn attribute lists mean_/scale_/var_; "
        "examples as flat records with p_malignant and a flagged boolean",
        "converts",
        "the PMML holds the scaler (LocalTransformations) and ModelVerification; the notebook's "
        "mean_/scale_ equal it, so they document it and must not be applied again; the examples "
        "(raw inputs) reproduce",
        cells, lambda ns: bc_rows(ns, threshold=ns["threshold"], positive="malignant"))


# --------------------------------------------------------------------------

GBC_INTRO = """
# Breast cancer: gradient boosting on standardized features

The team's feature pipeline standardizes every measurement, so this notebook
keeps the `StandardScaler` in front of the boosted trees (it does not change
what the trees can learn, but it keeps the preprocessing identical to the
linear baseline).  Data: `load_breast_cancer`; 20 trees of depth 3.
"""


def _gbc_cells(scaling, examples, verify):
    cells = [
        md(GBC_INTRO),
        code("""
model_name = "bc-boosted"  # package name
threshold = 0.5  # decision threshold on P(malignant), range [0, 1]
positive_class = "malignant"  # class the threshold applies to
n_estimators = 20  # boosting rounds (training only)
max_depth = 3  # tree depth (training only)
learning_rate = 0.2  # shrinkage (training only), range (0, 1]
random_state = 42  # seed (training only)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.preprocessing import StandardScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
X = data.data
y = pd.Series(np.where(data.target == 0, "malignant", "benign"), index=X.index, name="diagnosis")
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=random_state, stratify=y
)
print(len(X_train), len(X_test))
"""),
        code(features_literal, "features"),
        code("""
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("gbm", GradientBoostingClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        random_state=random_state)),
])
pipeline.fit(X_train[FEATURES], y_train)
proba = pipeline.predict_proba(X_test[FEATURES])[:, 1]
print(f"accuracy {accuracy_score(y_test, pipeline.predict(X_test[FEATURES])):.3f}, "
      f"AUC {roc_auc_score(y_test == 'malignant', proba):.3f}")
"""),
        md("### Scaler constants (for the data contract)"),
        code(scaling, "scaling"),
    ]
    if verify:
        cells += [
            code("""
scaler = pipeline.named_steps["scaler"]
assert [MEANS[f] for f in FEATURES] == scaler.mean_.tolist()
assert [STDS[f] for f in FEATURES] == scaler.scale_.tolist()
"""),
            md("### Reference predictions"),
            code(examples, "examples"),
            code("""
for ex in EXAMPLES:
    row = pd.DataFrame([ex["input"]])[FEATURES]
    assert pipeline.predict(row)[0] == ex["expected_label"]
    got = dict(zip(pipeline.classes_, pipeline.predict_proba(row)[0]))
    for cls, p in ex["expected_proba"].items():
        assert abs(got[cls] - p) < 1e-12, (cls, got[cls], p)
print(f"{len(EXAMPLES)} reference predictions reproduced")
"""),
            code("pipeline.verify(X_test[FEATURES].head(15))"),
        ]
    else:
        cells += [
            code("""
scaler = pipeline.named_steps["scaler"]
assert np.array_equal(SCALER_MEAN, scaler.mean_)
assert np.array_equal(SCALER_SCALE, scaler.scale_)
"""),
        ]
    cells.append(export())
    return cells


@register
def bc_gbc_std_inside_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        f = ns["FEATURES"]
        return (A("MEANS", dict(zip(f, floats(sc.mean_)))) + "\n"
                + A("STDS", dict(zip(f, floats(sc.scale_)))))

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"][ns["FEATURES"]]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        out = []
        for i in pick(labels):
            out.append({
                "input": record(X, i),
                "expected_label": labels[i],
                "expected_proba": dict(zip([str(c) for c in pipe.classes_], floats(proba[i]))),
            })
        return A("EXAMPLES", out)

    return Case(
        "bc-gbc-std-inside-verify",
        "StandardScaler -> GradientBoostingClassifier in one PMMLPipeline (sklearn2pmml puts the "
        "scaler as Apply derived fields in the segments' LocalTransformations), verify(); scaling "
        "dicts MEANS/STDS keyed by feature; nested examples {input, expected_label, expected_proba}",
        "converts",
        "the scaler is inside the PMML (per-segment LocalTransformations, float derived fields); "
        "the notebook constants equal it and the raw-input examples reproduce, so nbship must not "
        "scale twice",
        _gbc_cells(scaling, examples, verify=True),
        lambda ns: bc_rows(ns, transform=lambda ns, X: X[ns["FEATURES"]],
                           threshold=0.5, positive="malignant"))


@register
def bc_gbc_std_inside_no_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        return ("# pipeline.named_steps['scaler'].mean_ / .scale_, in FEATURES order\n"
                f"SCALER_MEAN = np.array({L(floats(sc.mean_))})\n"
                f"SCALER_SCALE = np.array({L(floats(sc.scale_))})")

    return Case(
        "bc-gbc-std-inside-no-verify",
        "StandardScaler -> GradientBoostingClassifier in one PMMLPipeline, NO verify and NO "
        "examples, no marker; scaling as np.array([...]) aligned with FEATURES",
        "converts",
        "the scaler is inside the PMML (LocalTransformations of every segment) and equals the "
        "notebook's np.array constants, which therefore only document it; applying them again "
        "would scale twice",
        _gbc_cells(scaling, None, verify=False),
        lambda ns: bc_rows(ns, transform=lambda ns, X: X[ns["FEATURES"]],
                           threshold=0.5, positive="malignant"))


# --------------------------------------------------------------------------

def _outside_scaled(ns, X):
    return ns["scaler"].transform(X)


@register
def bc_logreg_outside_raw_examples():
    def scaling(ns):
        sc = ns["scaler"]
        f = list(sc.feature_names_in_)
        return ("# fitted on the training split; the model below expects (x - mean) / std\n"
                + A("NORMALIZATION", {
                    "mean": dict(zip(f, floats(sc.mean_))),
                    "std": dict(zip(f, floats(sc.scale_))),
                }))

    def examples(ns):
        model, X = ns["model"], ns["X_test"]
        Xs = ns["scaler"].transform(X)
        labels = list(model.predict(Xs))
        proba = model.predict_proba(Xs)[:, list(model.classes_).index("malignant")]
        out = []
        for i in pick(labels):
            r = record(X, i)
            r["diagnosis"] = labels[i]
            r["prob_malignant"] = float(proba[i])
            out.append(r)
        return "# raw measurements as they come from the lab system\n" + A("EXAMPLES", out)

    def check(ns):
        # The examples only reproduce when the constants are applied.
        model, X = ns["model"], pd.DataFrame(ns["EXAMPLES"])[ns["FEATURES"]]
        assert differs(model.predict_proba(X)[:, 1], ns["model"].predict_proba(
            ns["scaler"].transform(X))[:, 1])

    cells = [
        md("""
# Breast cancer classifier (standardize, then logistic regression)

Preprocessing is done by our shared `preprocess` step, which standardizes all
30 inputs; the exported model file therefore contains only the logistic
regression.  Whoever serves the model must standardize with the constants
below first.
"""),
        code("""
model_name = "bc-logit"  # package name
C = 1.0  # regularisation (training only)
random_state = 0  # split seed (training only)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.preprocessing import StandardScaler
"""),
        code("""
raw = load_breast_cancer(as_frame=True)
X = raw.data
y = raw.target.map({0: "malignant", 1: "benign"}).rename("diagnosis")
FEATURES = list(X.columns)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=random_state)
"""),
        md("## Preprocess"),
        code("""
scaler = StandardScaler().set_output(transform="pandas")
X_train_s = scaler.fit_transform(X_train)
X_test_s = scaler.transform(X_test)
X_train_s.describe().loc[["mean", "std"]].round(2).iloc[:, :4]
"""),
        code(scaling, "scaling"),
        code("""
assert list(NORMALIZATION["mean"].values()) == scaler.mean_.tolist()
assert list(NORMALIZATION["std"].values()) == scaler.scale_.tolist()
"""),
        md("## Model"),
        code("""
model = LogisticRegression(C=C, max_iter=2000)
pipeline = PMMLPipeline([("model", model)])
pipeline.fit(X_train_s, y_train)
print("test log loss:", round(log_loss(y_test, pipeline.predict_proba(X_test_s)), 4))
"""),
        md("## Examples (raw inputs -> model output after standardization)"),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
z = (ex[FEATURES] - pd.Series(NORMALIZATION["mean"])) / pd.Series(NORMALIZATION["std"])
assert (pipeline.predict(z) == ex["diagnosis"]).all()
np.testing.assert_allclose(pipeline.predict_proba(z)[:, 1], ex["prob_malignant"], rtol=1e-10)
"""),
        export(),
    ]
    return Case(
        "bc-logreg-outside-raw-examples",
        "StandardScaler fit separately (set_output pandas), LogisticRegression exported alone; "
        "scaling as {'mean': {...}, 'std': {...}}; no features cell (FEATURES = list(X.columns) in a "
        "data cell); "
        "examples as flat raw records keyed by the target name 'diagnosis' + prob_malignant",
        "converts",
        "the PMML reads the features raw, but the raw-input examples only reproduce when the "
        "notebook's constants are applied first, which settles it: apply them",
        cells, lambda ns: bc_rows(ns, model="model", transform=_outside_scaled), check=check)


@register
def bc_logreg_outside_ambiguous():
    def scaling(ns):
        sc = ns["scaler"]
        return ("MU = " + L(floats(sc.mean_)) + "\n" + "SIGMA = " + L(floats(sc.scale_)))

    cells = [
        md("""
# Malignancy model v2

Logistic regression on z-scored aspirate measurements.  See the
preprocessing section for the normalisation constants (train split).
"""),
        code("""
model_name = "malignancy-v2"  # package name
threshold = 0.4  # decision threshold, range [0, 1]
C = 0.3  # training only
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
df = data.frame
df["label"] = np.where(df.pop("target") == 0, "malignant", "benign")
"""),
        code(features_literal, "features"),
        code("""
train, test = train_test_split(df, test_size=0.2, random_state=11, stratify=df["label"])
scaler = StandardScaler().fit(train[FEATURES])
"""),
        md("### normalisation constants"),
        code(scaling, "scaling"),
        code("""
assert MU == list(scaler.mean_) and SIGMA == list(scaler.scale_)
"""),
        code("""
Z_train = pd.DataFrame(scaler.transform(train[FEATURES]), columns=FEATURES)
Z_test = pd.DataFrame(scaler.transform(test[FEATURES]), columns=FEATURES)
pipeline = PMMLPipeline([("lr", LogisticRegression(C=C, max_iter=2000))])
pipeline.fit(Z_train, train["label"])
print("test accuracy:", round(pipeline.score(Z_test, test["label"]), 3))
"""),
        export(),
    ]
    return Case(
        "bc-logreg-outside-ambiguous",
        "StandardScaler fit separately, LogisticRegression exported alone on the z-scores; "
        "scaling as MU / SIGMA lists aligned with FEATURES; no examples, no marker",
        "refused",
        "the PMML reads all 30 features raw and the notebook holds scaling constants for them, but "
        "nothing (no examples, no nbship marker) says whether the model expects scaled inputs",
        cells,
        lambda ns: bc_rows({**ns, "test_X": ns["test"][ns["FEATURES"]]}, X="test_X",
                           transform=lambda ns, X: pd.DataFrame(ns["scaler"].transform(X),
                                                                columns=ns["FEATURES"]),
                           threshold=0.4, positive="malignant"),
        diagnostic="spec.scaling-ambiguous")


# --------------------------------------------------------------------------

@register
def bc_tree_std_inside_subset():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["standardize"]
        return A("scaling", {f: {"mean": float(m), "std": float(s)}
                             for f, m, s in zip(ns["FEATURES"], sc.mean_, sc.scale_)})

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        labels = list(pipe.predict(X))
        lines = ["examples = ["]
        for i in pick(labels, 6):
            lines.append(f"    ({L(record(X, i), 4)}, {labels[i]!r}),".replace("'", '"'))
        lines.append("]")
        return "# (raw inputs, predicted diagnosis)\n" + "\n".join(lines)

    cells = [
        md("""
# A small, explainable tree for breast-mass screening

A depth-3 decision tree: a clinician can read it.  We keep the standard
scaler of the team template in front of it; the tree uses only a handful of
the 30 measurements.
"""),
        code("""
model_name = "bc-tree"  # package name
max_depth = 3  # training only, range [1, 10]
min_samples_leaf = 8  # training only
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, export_text
"""),
        code("""
bc = load_breast_cancer(as_frame=True)
X = bc.data
y = bc.target.map(dict(enumerate(bc.target_names.tolist())))
"""),
        code(lambda ns: A("FEATURES", list(ns["X"].columns)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=5, stratify=y)
pipeline = PMMLPipeline([
    ("standardize", StandardScaler()),
    ("tree", DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                                    random_state=0)),
])
pipeline.fit(X_train, y_train)
print(export_text(pipeline.named_steps["tree"], feature_names=FEATURES, decimals=2))
"""),
        code("""
used = sorted({FEATURES[i] for i in pipeline.named_steps["tree"].tree_.feature if i >= 0})
print(f"the tree uses {len(used)} of {len(FEATURES)} features:", used)
"""),
        md("Scaler statistics (all 30 features, as in the template):"),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["standardize"]
assert [scaling[f]["mean"] for f in FEATURES] == sc.mean_.tolist()
assert [scaling[f]["std"] for f in FEATURES] == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
for inputs, label in examples:
    assert pipeline.predict(pd.DataFrame([inputs]))[0] == label
"""),
        export(),
    ]
    return Case(
        "bc-tree-std-inside-subset",
        "StandardScaler + DecisionTreeClassifier(depth 3) inside the PMMLPipeline: the tree uses "
        "only a few features, sklearn2pmml drops the rest from the MiningSchema; scaling as dict "
        "of per-feature dicts for all 30 features; examples as (inputs_dict, label) tuples",
        "converts",
        "the PMML contains the scaler for the features the tree uses and the notebook's constants "
        "agree with it; constants for unused features are harmless; examples reproduce",
        cells, lambda ns: bc_rows(ns))


@register
def bc_tree_outside_marker():
    def scaling(ns):
        sc = ns["scaler"]
        lines = ["# nbship: scale-inputs",
                 "# (feature, mean, std) of the training split; the tree was grown on z-scores",
                 "SCALER = ["]
        for f, m, s in zip(ns["FEATURES"], sc.mean_, sc.scale_):
            lines.append(f"    ({L(f)}, {float(m)!r}, {float(s)!r}),")
        lines.append("]")
        return "\n".join(lines)

    cells = [
        md("""
# Decision tree on standardized measurements

The tree is trained on standardized inputs (`StandardScaler` fit on the
training split, outside the exported model).
"""),
        code("""
model_name = "bc-zscore-tree"  # package name
threshold = 0.5  # on P(malignant), range [0, 1]
positive_class = "malignant"
depth = 4  # training only
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
"""),
        code("""
ds = load_breast_cancer()
FEATURES = ds.feature_names.tolist()
X = pd.DataFrame(ds.data, columns=FEATURES)
y = pd.Series(ds.target_names[ds.target].tolist(), name="diagnosis")
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, random_state=21, stratify=y)
scaler = StandardScaler().set_output(transform="pandas").fit(X_tr)
"""),
        code(scaling, "scaling"),
        code("""
assert [m for _, m, _ in SCALER] == scaler.mean_.tolist()
assert [s for _, _, s in SCALER] == scaler.scale_.tolist()
"""),
        code("""
pipeline = PMMLPipeline([("tree", DecisionTreeClassifier(max_depth=depth, random_state=1))])
pipeline.fit(scaler.transform(X_tr), y_tr)
print("test accuracy:", round(pipeline.score(scaler.transform(X_te), y_te), 3))
"""),
        export(),
    ]
    return Case(
        "bc-tree-outside-marker",
        "StandardScaler outside, DecisionTreeClassifier(depth 4) exported alone on z-scores "
        "(thresholds in scaled units, subset of features); scaling as a list of (feature, mean, "
        "std) tuples with the `# nbship: scale-inputs` marker; no examples",
        "converts",
        "the marker says the model was trained on scaled inputs: apply the constants (only the "
        "features the tree uses matter)",
        cells,
        lambda ns: bc_rows(ns, X="X_te", transform=_outside_scaled,
                           threshold=0.5, positive="malignant"))


# --------------------------------------------------------------------------

@register
def bc_xgb_verify():
    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        labels = [int(v) for v in pipe.predict(X)]
        proba = pipe.predict_proba(X)
        lines = ["# (inputs, predicted class, class probabilities); 1 = malignant", "EXAMPLES = ["]
        for i in pick(labels):
            p = {0: float(proba[i][0]), 1: float(proba[i][1])}
            lines.append(f"    ({L(record(X, i), 4)}, {labels[i]}, {L(p)}),")
        lines.append("]")
        return "\n".join(lines)

    cells = [
        md("""
# XGBoost malignancy score

`is_malignant` (1 = malignant, 0 = benign) from the 30 aspirate features.
XGBoost works in float32; the export carries verification data with a
tolerance that suits float32.
"""),
        code("""
model_name = "xgb-malignancy"  # package name
threshold: float = 0.4  # call it malignant when P(is_malignant = 1) >= threshold, range [0, 1]
n_estimators: int = 25  # boosting rounds (training only), range [1, 30]
max_depth: int = 3  # training only
learning_rate: float = 0.3  # training only
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.metrics import roc_auc_score
from xgboost import XGBClassifier
"""),
        code("""
bc = load_breast_cancer(as_frame=True)
X = bc.data
y = (bc.target == 0).astype(int).rename("is_malignant")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=3, stratify=y)
"""),
        code(lambda ns: "FEATURES = " + L(list(ns["X"].columns)), "features"),
        code("""
pipeline = PMMLPipeline([
    ("xgb", XGBClassifier(n_estimators=n_estimators, max_depth=max_depth,
                          learning_rate=learning_rate, n_jobs=1, random_state=0)),
])
pipeline.fit(X_train[FEATURES], y_train)
print("AUC:", round(roc_auc_score(y_test, pipeline.predict_proba(X_test[FEATURES])[:, 1]), 4))
"""),
        code(examples, "examples"),
        code("""
for inputs, label, proba in EXAMPLES:
    row = pd.DataFrame([inputs])[FEATURES]
    assert pipeline.predict(row)[0] == label
    assert pipeline.predict_proba(row)[0].tolist() == [proba[0], proba[1]]
"""),
        code("""
pipeline.verify(X_test[FEATURES].sample(10, random_state=1), precision=1e-5, zeroThreshold=1e-5)
"""),
        export(),
    ]
    return Case(
        "bc-xgb-verify",
        "XGBClassifier (25 rounds, float32) in a PMMLPipeline with verify(precision=1e-5, "
        "zeroThreshold=1e-5); integer classes 0/1 (threshold applies to the second class, 1); "
        "examples as (inputs_dict, label, {0: p0, 1: p1}) tuples",
        "converts",
        "raw-input model, no scaling; ModelVerification with 1e-5 tolerances; examples reproduce "
        "(float32 probabilities)",
        cells, lambda ns: bc_rows(ns, threshold=ns["threshold"], positive=1))


# --------------------------------------------------------------------------

@register
def bc_minmax_logreg_papermill():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["minmax"]
        return "\n".join([
            "features = data.feature_names.tolist()  # computed at run time: same order as the scaler",
            "# MinMaxScaler: x_scaled = x * scale_ + min_",
            "min_ = " + L(floats(sc.min_)),
            "scale_ = " + L(floats(sc.scale_)),
        ])

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        proba = pipe.predict_proba(X)[:, 1]
        order = np.argsort(np.abs(proba - ns["threshold"]))  # borderline cases first
        idx = sorted(set(order[:3].tolist()) | set(pick(list(pipe.predict(X)), 4)))
        recs = []
        for i in idx:
            r = record(X, i)
            r["proba"] = float(proba[i])
            r["flagged"] = bool(proba[i] >= ns["threshold"])
            recs.append(r)
        return ("# proba = P(malignant); flagged = proba >= threshold (the threshold this run used)\n"
                + A("EXAMPLES", recs))

    cells = [
        md("""
# Scheduled retraining: breast cancer screening model

This notebook is run by the nightly job with papermill
(`papermill train.ipynb out.ipynb -p threshold 0.4`).  The MinMax scaling and
the logistic regression are exported together.
"""),
        code("""
model_name = "bc-screening"  # package name
threshold = 0.5  # decision threshold on P(malignant), range [0, 1]
positive_class = "malignant"  # one of {benign, malignant}
C = 2.0  # training only, range (0, inf)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.metrics import recall_score
from sklearn.preprocessing import MinMaxScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
X = data.data
y = data.target.map({0: "malignant", 1: "benign"})
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=2024, stratify=y)
pipeline = PMMLPipeline([("minmax", MinMaxScaler()), ("logreg", LogisticRegression(C=C, max_iter=3000))])
pipeline.fit(X_train, y_train)
assert list(pipeline.classes_) == ["benign", "malignant"]
flag = pipeline.predict_proba(X_test)[:, 1] >= threshold
print(f"threshold {threshold}: sensitivity {recall_score(y_test == positive_class, flag):.3f}")
"""),
        code(scaling, "scaling"),
        code("""
mm = pipeline.named_steps["minmax"]
assert mm.min_.tolist() == min_ and mm.scale_.tolist() == scale_ and list(mm.feature_names_in_) == features
"""),
        code(examples, "examples"),
        code("""
got = pipeline.predict_proba(pd.DataFrame(EXAMPLES)[features])[:, 1]
assert np.allclose(got, [e["proba"] for e in EXAMPLES], rtol=1e-12, atol=0)
assert [bool(p >= threshold) for p in got] == [e["flagged"] for e in EXAMPLES]
"""),
        export(),
    ]
    return Case(
        "bc-minmax-logreg-papermill",
        "run with papermill -p threshold 0.4 (injected-parameters cell overrides threshold=0.5); "
        "MinMaxScaler + LogisticRegression inside; scaling as MinMaxScaler's min_/scale_ "
        "(x*scale_+min_) with `features = data.feature_names.tolist()` computed in the cell; "
        "examples with proba + flagged at the injected threshold",
        "converts",
        "scaler inside the PMML, constants agree; the threshold in effect is the injected 0.4, "
        "and the examples' flagged values are consistent with 0.4 only (borderline examples)",
        cells, lambda ns: bc_rows(ns, threshold=ns["threshold"], positive="malignant"),
        papermill={"threshold": 0.4},
        check=lambda ns: _check_flags_depend_on_threshold(ns))


def _check_flags_depend_on_threshold(ns):
    assert ns["threshold"] == 0.4
    p = np.array([e["proba"] for e in ns["EXAMPLES"]])
    assert np.any((p >= 0.4) != (p >= 0.5)), "no example tells 0.4 from 0.5"


# --------------------------------------------------------------------------

@register
def bc_logreg_stale_examples():
    def examples(ns):
        # Taken from the first version of this notebook (C = 0.01).
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler
        old = Pipeline([("scaler", StandardScaler()),
                        ("clf", LogisticRegression(C=0.01, max_iter=5000))])
        old.fit(ns["X_train"], ns["y_train"])
        X = ns["X_test"]
        labels_new = list(ns["pipeline"].predict(X))
        labels_old = list(old.predict(X))
        proba = old.predict_proba(X)
        idx = [i for i in pick(labels_new, 12) if labels_new[i] == labels_old[i]][:5]
        lines = ['CLASSES = ["benign", "malignant"]',
                 "# (inputs, expected label, expected probabilities in CLASSES order)",
                 "GOLDEN = ["]
        for i in idx:
            lines.append(f"    ({L(record(X, i), 4)}, {labels_old[i]!r}, {L(floats(proba[i]))}),"
                         .replace("'", '"'))
        lines.append("]")
        return "\n".join(lines)

    def check(ns):
        X = pd.DataFrame([g[0] for g in ns["GOLDEN"]])
        got = ns["pipeline"].predict_proba(X)
        want = np.array([g[2] for g in ns["GOLDEN"]])
        assert np.max(np.abs(got - want)) > 0.01, np.max(np.abs(got - want))

    cells = [
        md("""
# Breast cancer logistic model (retrained)

Retrained with weaker regularisation (`C` went from 0.01 to 1.0) after the
review in March.  The golden cases below are the ones the app team uses in
their integration tests.
"""),
        code("""
model_name = "bc-logistic"  # package name
threshold = 0.5  # on P(malignant), range [0, 1]
positive_class = "malignant"
C = 1.0  # training only (was 0.01 in v1)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
X = data.data
y = data.target.map({0: "malignant", 1: "benign"})
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=8, stratify=y)
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(C=C, max_iter=5000))])
pipeline.fit(X_train, y_train)
print("test accuracy", round(pipeline.score(X_test, y_test), 4))
"""),
        md("## Golden cases"),
        code(examples, "examples"),
        code("""
# the labels still agree with the retrained model
inputs = pd.DataFrame([g[0] for g in GOLDEN])
assert list(pipeline.predict(inputs)) == [g[1] for g in GOLDEN]
pd.DataFrame(pipeline.predict_proba(inputs), columns=CLASSES).round(3)
"""),
        export(),
    ]
    return Case(
        "bc-logreg-stale-examples",
        "StandardScaler + LogisticRegression(C=1.0) inside; golden examples (inputs, label, "
        "probabilities list in CLASSES order) copied from an earlier run with C=0.01: the labels "
        "agree but the probabilities do not",
        "refused",
        "the examples' expected probabilities come from a different fit (C=0.01); the exported "
        "model gives different probabilities (by more than 0.01) for the same raw inputs",
        cells, lambda ns: bc_rows(ns, threshold=0.5, positive="malignant"),
        diagnostic="spec.example-mismatch", check=check)


@register
def bc_scaling_mismatch_full_data():
    def scaling(ns):
        sc = ns["eda_scaler"]
        f = ns["FEATURES"]
        return ("# StandardScaler constants\n"
                + A("FEATURE_MEANS", dict(zip(f, floats(sc.mean_)))) + "\n"
                + A("FEATURE_STDS", dict(zip(f, floats(sc.scale_)))))

    def check(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        assert differs(sc.mean_, list(ns["FEATURE_MEANS"].values()), 1e-9)

    cells = [
        md("""
# Breast cancer: standardized logistic regression

First a quick look at the standardized data, then the model (scaler and
classifier exported in one pipeline).
"""),
        code("""
model_name = "bc-standardized-logit"  # package name
threshold = 0.5  # on P(malignant), range [0, 1]
positive_class = "malignant"
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
FEATURES = list(data.feature_names)
X = data.data[FEATURES]
y = data.target.map({0: "malignant", 1: "benign"})
"""),
        md("## EDA on standardized features"),
        code("""
eda_scaler = StandardScaler().fit(X)
Z = pd.DataFrame(eda_scaler.transform(X), columns=FEATURES)
Z.groupby(y.values).mean().T.head(5).round(2)
"""),
        md("## Scaling constants"),
        code(scaling, "scaling"),
        code("""
assert list(FEATURE_MEANS.values()) == eda_scaler.mean_.tolist()
assert list(FEATURE_STDS.values()) == eda_scaler.scale_.tolist()
"""),
        md("## Model"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=17, stratify=y)
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=5000))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        export(),
    ]
    return Case(
        "bc-scaling-mismatch-full-data",
        "StandardScaler + LogisticRegression inside the PMMLPipeline (scaler fit on the training "
        "split), but the scaling cell holds constants of a scaler fit on the FULL data set for "
        "EDA (dicts FEATURE_MEANS/FEATURE_STDS); no examples",
        "refused",
        "the PMML contains the scaler, and the notebook's constants for the same features are "
        "different numbers (full data vs training split)",
        cells, lambda ns: bc_rows(ns, threshold=0.5, positive="malignant"),
        diagnostic="spec.scaling-mismatch", check=check)


# --------------------------------------------------------------------------

@register
def bc_mlp_robust_inside():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["robust"]
        return "\n".join([
            "features = list(X.columns)  # computed at run time",
            "# RobustScaler: (x - center_) / scale_, scale_ = IQR of the training split",
            "ROBUST = " + L({"center_": floats(sc.center_), "scale_": floats(sc.scale_)}),
        ])

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        proba = pipe.predict_proba(X)
        labels = list(pipe.predict(X))
        idx = pick(labels, 4)
        names = ["typical benign", "typical malignant", "case 3", "case 4"]
        out = {}
        for name, i in zip(names, idx):
            out[f"{name} (test row {i})"] = {
                "inputs": record(X, i), "label": labels[i],
                "probabilities": dict(zip([str(c) for c in pipe.classes_], floats(proba[i]))),
            }
        return A("CASES", out)

    cells = [
        md("""
# Small neural network with robust scaling

`RobustScaler` (median / IQR) is less sensitive to the heavy right tails of
the area features.  One hidden layer of 6 units, L-BFGS.
"""),
        code("""
model_name = "bc-mlp"  # package name
hidden_units = 6  # training only
alpha = 1.0  # L2 penalty (training only)
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import RobustScaler
"""),
        code("""
data = load_breast_cancer(as_frame=True)
X = data.data
y = data.target.map({0: "malignant", 1: "benign"}).rename("diagnosis")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=3, stratify=y)
pipeline = PMMLPipeline([
    ("robust", RobustScaler()),
    ("mlp", MLPClassifier(hidden_layer_sizes=(hidden_units,), solver="lbfgs", alpha=alpha,
                          max_iter=3000, random_state=0)),
])
pipeline.fit(X_train, y_train)
print("test accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
rs = pipeline.named_steps["robust"]
assert ROBUST["center_"] == rs.center_.tolist() and ROBUST["scale_"] == rs.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
for name, case in CASES.items():
    row = pd.DataFrame([case["inputs"]])
    assert pipeline.predict(row)[0] == case["label"], name
    p = dict(zip(pipeline.classes_, pipeline.predict_proba(row)[0]))
    assert all(abs(p[c] - v) <= 1e-12 for c, v in case["probabilities"].items()), name
"""),
        export(),
    ]
    return Case(
        "bc-mlp-robust-inside",
        "RobustScaler + MLPClassifier inside the PMMLPipeline; scaling as ROBUST = {'center_': "
        "[...], 'scale_': [...]} aligned with `features = list(X.columns)`; examples as a dict "
        "keyed by case name with inputs/label/probabilities",
        "converts",
        "the robust scaler is inside the PMML (LocalTransformations of the NeuralNetwork) and "
        "the notebook's center_/scale_ equal it; examples reproduce",
        cells, lambda ns: bc_rows(ns))


@register
def bc_tree_raw_with_stats_examples():
    def scaling(ns):
        m, s = ns["X_train"].mean(), ns["X_train"].std()
        return ("# z-score constants (pandas mean / std of the training split)\n"
                + A("X_MEAN", {k: float(v) for k, v in m.items()}) + "\n"
                + A("X_STD", {k: float(v) for k, v in s.items()}))

    def examples(ns):
        pipe, X = ns["pipeline"], ns["X_test"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)[:, 1]
        recs = []
        for i in pick(labels, 6):
            r = record(X, i)
            r["label"] = labels[i]
            r["p_malignant"] = float(proba[i])
            recs.append(r)
        return A("EXAMPLES", recs)

    def check(ns):
        pipe = ns["pipeline"]
        X = pd.DataFrame(ns["EXAMPLES"])[ns["FEATURES"]]
        Z = (X - pd.Series(ns["X_MEAN"])) / pd.Series(ns["X_STD"])
        assert differs(pipe.predict_proba(X)[:, 1], pipe.predict_proba(Z[ns["FEATURES"]])[:, 1])

    cells = [
        md("""
# Decision tree on raw measurements

Trees do not need scaling, so the tree is fit on the raw values.  The z-score
constants are kept (the team template asks for them; the monitoring
dashboard uses them).
"""),
        code("""
model_name = "bc-raw-tree"  # package name
max_depth = 3  # training only
""", "parameters"),
        code(BC_IMPORTS + """from sklearn.tree import DecisionTreeClassifier
"""),
        code("""
data = load_breast_cancer(as_frame=True)
FEATURES = data.feature_names.tolist()
X, y = data.data[FEATURES], data.target.map({0: "malignant", 1: "benign"})
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=99, stratify=y)
pipeline = PMMLPipeline([("tree", DecisionTreeClassifier(max_depth=max_depth, random_state=0))])
pipeline.fit(X_train, y_train)
print(pipeline.score(X_test, y_test))
"""),
        code(scaling, "scaling"),
        code("""
assert X_MEAN == X_train.mean().to_dict() and X_STD == X_train.std().to_dict()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
assert (pipeline.predict(ex[FEATURES]) == ex["label"]).all()
assert np.allclose(pipeline.predict_proba(ex[FEATURES])[:, 1], ex["p_malignant"], rtol=0, atol=1e-15)
"""),
        export(),
    ]
    return Case(
        "bc-tree-raw-with-stats-examples",
        "DecisionTreeClassifier fit on RAW inputs (no scaler anywhere) but the scaling cell holds "
        "pandas mean/std (ddof=1) as X_MEAN/X_STD dicts for all features; examples as flat "
        "records with label + p_malignant; no marker",
        "converts",
        "the model reads raw inputs and the raw examples reproduce only WITHOUT applying the "
        "constants: the examples settle the ambiguity (do not scale)",
        cells, lambda ns: bc_rows(ns), check=check)
