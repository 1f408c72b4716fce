"""Zoo cases on sklearn's iris (150 flowers, 4 features) and wine (178 wines,
13 features) data: both multiclass with 3 classes.  Their held-out sets are
small, so rows.csv appends jittered rows (see zoo_lib.jitter_rows)."""

import numpy as np
import pandas as pd

from zoo_lib import (
    A, Case, L, T, classification_rows, code, differs, export, floats, jitter_rows, md, pick,
    record, register,
)

IMPORTS = """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
"""


def topped_up(ns, X_test, X_all, seed, n_total=120):
    extra = jitter_rows(X_all, max(0, n_total - len(X_test)), seed)
    return pd.concat([X_test.reset_index(drop=True), extra], ignore_index=True)


def mc_rows(ns, X_test, X_all, seed, model="pipeline", transform=None, decode=None):
    X = topped_up(ns, ns[X_test] if isinstance(X_test, str) else X_test, ns[X_all], seed)
    pipe = ns[model]
    Xin = transform(ns, X) if transform else X
    pred = pipe.predict(Xin)
    classes = list(pipe.classes_)
    if decode is not None:
        pred, classes = decode(ns, pred), decode(ns, np.array(classes))
    return classification_rows(X, [str(p) for p in pred], pipe.predict_proba(Xin), classes)


IRIS_LOAD = """
iris = load_iris(as_frame=True)
df = iris.frame.copy()
df["species"] = df.pop("target").map(dict(enumerate(iris.target_names.tolist())))
"""

WINE_LOAD = """
wine = load_wine(as_frame=True)
df = wine.frame.copy()
df["cultivar"] = df.pop("target").map(dict(enumerate(wine.target_names.tolist())))
"""


# ==========================================================================
# iris
# ==========================================================================

@register
def iris_logreg_std_inside():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        return ("# StandardScaler fitted inside the pipeline (FEATURES order)\n"
                f"MEAN = {T(floats(sc.mean_))}\nSTD = {T(floats(sc.scale_))}")

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        recs = []
        for i in pick(labels, 6):
            r = record(X, i)
            r["species"] = labels[i]
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Iris species classifier

Standardize the four measurements (cm), then a multinomial logistic
regression.  Scaler and model are exported together.
"""),
        code("""
model_name = "iris-species"  # package name
C = 10.0  # inverse regularisation (training only)
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(IRIS_LOAD + "df.groupby(\"species\").mean().round(2)"),
        code(lambda ns: A("FEATURES", list(ns["iris"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["species"], test_size=0.4, random_state=1, stratify=df["species"])
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("logreg", LogisticRegression(C=C, max_iter=1000))])
pipeline.fit(X_train, y_train)
print("accuracy:", pipeline.score(X_test, y_test))
"""),
        code(scaling, "scaling"),
        code("""
assert MEAN == tuple(pipeline.named_steps["scaler"].mean_)
assert STD == tuple(pipeline.named_steps["scaler"].scale_)
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
assert (pipeline.predict(ex[FEATURES]) == ex["species"]).all()
"""),
        export(),
    ]
    return Case(
        "iris-logreg-std-inside",
        "StandardScaler + multinomial LogisticRegression inside; scaling as tuples MEAN/STD "
        "aligned with FEATURES; examples as flat records keyed by the target name 'species' "
        "(labels only)",
        "converts",
        "scaler inside the PMML and equal to the notebook tuples; examples (labels) reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 101),
        check=lambda ns: ns.__setitem__("X_all", ns["df"][ns["FEATURES"]]))


@register
def iris_tree_raw():
    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        lines = ["# [[sepal length, sepal width, petal length, petal width], predicted species]",
                 "EXAMPLES = ["]
        for i in pick(labels, 6):
            lines.append(f"    [{L(floats(X.iloc[i]))}, {L(labels[i])}],")
        lines.append("]")
        return "\n".join(lines)

    cells = [
        md("""
# Iris: decision tree

A shallow tree on the raw measurements.  No preprocessing at all.
"""),
        code("""
model_name = "iris-tree"  # package name
max_depth = 3  # training only, range [1, 5]
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier, export_text
"""),
        code(IRIS_LOAD),
        code("""
FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
TARGET = "species"
""", "features"),
        code("""
train, test = train_test_split(df, test_size=0.4, random_state=0, stratify=df[TARGET])
X_test = test[FEATURES]
pipeline = PMMLPipeline([("tree", DecisionTreeClassifier(max_depth=max_depth, random_state=0))])
pipeline.fit(train[FEATURES], train[TARGET])
print(export_text(pipeline.named_steps["tree"], feature_names=FEATURES))
"""),
        code(examples, "examples"),
        code("""
for x, label in EXAMPLES:
    assert pipeline.predict(pd.DataFrame([x], columns=FEATURES))[0] == label
"""),
        export(),
    ]
    return Case(
        "iris-tree-raw",
        "DecisionTreeClassifier(depth 3) on raw inputs (uses 2-3 of 4 features); FEATURES and "
        "TARGET in the features cell; examples as [input_list, label] pairs aligned with FEATURES",
        "converts",
        "raw-input tree, no scaling; examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 102),
        check=lambda ns: ns.__setitem__("X_all", ns["df"][ns["FEATURES"]]))


@register
def iris_mlp_outside_numpy():
    def scaling(ns):
        sc = ns["scaler"]
        f = ns["FEATURES"]
        return ("# per-feature mean / std of the training split (StandardScaler)\n"
                + A("train_means", dict(zip(f, floats(sc.mean_)))) + "\n"
                + A("train_stds", dict(zip(f, floats(sc.scale_)))))

    def examples(ns):
        X, model = ns["X_test"], ns["pipeline"]
        Xs = ns["scaler"].transform(X)
        labels = list(model.predict(Xs))
        proba = model.predict_proba(Xs)
        idx = pick(labels, 5)
        return "\n".join([
            A("CLASSES", [str(c) for c in model.classes_]),
            "# raw measurements (cm), FEATURES order",
            A("X_EXAMPLES", [floats(X.iloc[i]) for i in idx]),
            A("Y_EXAMPLES", [labels[i] for i in idx]),
            "# class probabilities, CLASSES order",
            A("P_EXAMPLES", [floats(proba[i]) for i in idx]),
        ])

    def check(ns):
        ns["X_all"] = ns["df"][ns["FEATURES"]]
        raw = np.array(ns["X_EXAMPLES"])
        m = ns["pipeline"]
        assert differs(m.predict_proba(raw), m.predict_proba(ns["scaler"].transform(
            pd.DataFrame(raw, columns=ns["FEATURES"]))))

    cells = [
        md("""
# Iris MLP

Inputs are standardized with a `StandardScaler` fitted on the training
split, then a small MLP is trained on the standardized arrays.  Only the MLP
is exported.
"""),
        code("""
model_name = "iris-mlp-v3"  # package name
hidden = 5  # hidden units (training only)
alpha = 0.5  # L2 (training only)
""", "parameters"),
        code(IMPORTS + """import warnings

from sklearn.datasets import load_iris
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

# sklearn2pmml warns that the scaled arrays have no column names; we know.
warnings.filterwarnings("ignore", message="X is missing feature names")
"""),
        code(IRIS_LOAD),
        code("FEATURES = iris.feature_names  # sepal length/width, petal length/width, in cm",
             "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["species"], test_size=0.3, random_state=4, stratify=df["species"])
scaler = StandardScaler()
X_train_s = scaler.fit_transform(X_train)
X_test_s = scaler.transform(X_test)
"""),
        code(scaling, "scaling"),
        code("""
assert list(train_means.values()) == scaler.mean_.tolist()
assert list(train_stds.values()) == scaler.scale_.tolist()
"""),
        code("""
pipeline = PMMLPipeline([("mlp", MLPClassifier(hidden_layer_sizes=(hidden,), solver="lbfgs",
                                               alpha=alpha, max_iter=2000, random_state=0))])
pipeline.fit(X_train_s, y_train)
print("test accuracy:", round(pipeline.score(X_test_s, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
Xs = scaler.transform(pd.DataFrame(X_EXAMPLES, columns=FEATURES))
assert list(pipeline.predict(Xs)) == Y_EXAMPLES
np.testing.assert_allclose(pipeline.predict_proba(Xs), P_EXAMPLES, rtol=1e-10, atol=1e-14)
"""),
        export(),
    ]
    return Case(
        "iris-mlp-outside-numpy",
        "StandardScaler outside, MLPClassifier fit on the scaled NUMPY array (so the PMML names "
        "its inputs x1..x4); FEATURES = iris.feature_names (not a literal); scaling as dicts "
        "train_means/train_stds; examples as parallel lists X_EXAMPLES/Y_EXAMPLES/P_EXAMPLES + "
        "CLASSES",
        "converts",
        "the PMML reads x1..x4 raw (positional, FEATURES order); the raw examples reproduce only "
        "when the notebook's constants are applied",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 103, transform=lambda ns, X: ns[
            "scaler"].transform(X)), check=check)


@register
def iris_rf_minmax_sym_inside():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scale"]
        return "\n".join([
            "feature_range = (-1, 1)",
            "data_min_ = " + L(floats(sc.data_min_)),
            "data_max_ = " + L(floats(sc.data_max_)),
        ])

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        idx = pick(labels, 6)
        cols = {f: [float(X.iloc[i][f]) for i in idx] for f in ns["FEATURES"]}
        cols["species"] = [labels[i] for i in idx]
        for k, c in enumerate(pipe.classes_):
            cols[f"proba_{c}"] = [float(proba[i][k]) for i in idx]
        return "# column-oriented, like df.to_dict('list')\n" + A("EXAMPLES", cols)

    cells = [
        md("""
# Iris random forest (scaled to [-1, 1])

The scaling step is not needed for a forest, but the same preprocessing is
used for every model in this project.  10 trees, depth 3.
"""),
        code("""
model_name = "iris-forest"  # package name
n_estimators = 10  # training only, range [1, 30]
max_depth = 3  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import MinMaxScaler
"""),
        code(IRIS_LOAD),
        code(lambda ns: A("FEATURES", list(ns["iris"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["species"], test_size=0.4, random_state=12, stratify=df["species"])
pipeline = PMMLPipeline([
    ("scale", MinMaxScaler(feature_range=(-1, 1))),
    ("forest", RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                      random_state=0, n_jobs=1)),
])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
mm = pipeline.named_steps["scale"]
assert mm.feature_range == feature_range
assert mm.data_min_.tolist() == data_min_ and mm.data_max_.tolist() == data_max_
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
assert (pipeline.predict(ex[FEATURES]) == ex["species"]).all()
p = pipeline.predict_proba(ex[FEATURES])
for k, c in enumerate(pipeline.classes_):
    np.testing.assert_allclose(p[:, k], ex[f"proba_{c}"], rtol=1e-12, atol=1e-15)
"""),
        export(),
    ]
    return Case(
        "iris-rf-minmax-sym-inside",
        "MinMaxScaler(feature_range=(-1, 1)) + RandomForestClassifier(10 trees, depth 3) inside; "
        "scaling as feature_range + data_min_/data_max_ lists; examples column-oriented dict of "
        "lists with species and proba_<class> columns",
        "converts",
        "the MinMax scaler (with its (-1, 1) range) is inside the PMML and equals the notebook's "
        "data_min_/data_max_; examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 104),
        check=lambda ns: ns.__setitem__("X_all", ns["df"][ns["FEATURES"]]))


@register
def iris_gbc_raw():
    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        recs = []
        for i in pick(labels, 5):
            r = record(X, i)
            r["predicted"] = labels[i]
            for c, p in zip(pipe.classes_, proba[i]):
                r[f"P({c})"] = float(p)
            recs.append(r)
        return A("expected_predictions", recs)

    cells = [
        md("# Iris gradient boosting (raw features)"),
        code("""
model_name = "iris-gbm"  # package name
n_estimators = 10  # rounds per class (training only)
max_depth = 2  # training only
learning_rate = 0.3  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_iris
from sklearn.ensemble import GradientBoostingClassifier
"""),
        code(IRIS_LOAD),
        code(lambda ns: A("features", list(ns["iris"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[features], df["species"], test_size=0.4, random_state=5, stratify=df["species"])
pipeline = PMMLPipeline([("gbm", GradientBoostingClassifier(
    n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate, random_state=0))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
got = pipeline.predict_proba(pd.DataFrame(expected_predictions)[features])
for e, p in zip(expected_predictions, got):
    assert all(abs(e[f"P({c})"] - q) < 1e-12 for c, q in zip(pipeline.classes_, p))
    assert e["predicted"] == pipeline.classes_[p.argmax()]
"""),
        export(),
    ]
    return Case(
        "iris-gbc-raw",
        "multiclass GradientBoostingClassifier (10 rounds x 3 classes, depth 2) on raw inputs; "
        "lower-case `features` list; examples as flat records with 'predicted' and 'P(<class>)' keys",
        "converts",
        "raw-input boosted trees (softmax over per-class sums); examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 105),
        check=lambda ns: ns.__setitem__("X_all", ns["df"][ns["features"]]))


@register
def iris_lgbm():
    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        out = []
        for i in pick(labels, 5):
            out.append({"inputs": floats(X.iloc[i]), "species": labels[i],
                        "probabilities": floats(proba[i])})
        return A("CLASSES", [str(c) for c in pipe.classes_]) + "\n" + A("EXAMPLES", out)

    cells = [
        md("""
# Iris with LightGBM

A deliberately tiny LightGBM model (15 rounds, 4 leaves) for the embedded
demo.
"""),
        code("""
model_name = "iris-lgbm"  # package name
n_estimators = 15  # training only
num_leaves = 4  # training only
""", "parameters"),
        code(IMPORTS + """from lightgbm import LGBMClassifier
from sklearn.datasets import load_iris
"""),
        code(IRIS_LOAD),
        code(lambda ns: A("FEATURES", list(ns["iris"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["species"], test_size=0.4, random_state=8, stratify=df["species"])
pipeline = PMMLPipeline([("lgbm", LGBMClassifier(
    n_estimators=n_estimators, num_leaves=num_leaves, min_child_samples=5, learning_rate=0.2,
    random_state=0, n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
assert list(pipeline.classes_) == CLASSES
X_ex = pd.DataFrame([e["inputs"] for e in EXAMPLES], columns=FEATURES)
assert list(pipeline.predict(X_ex)) == [e["species"] for e in EXAMPLES]
np.testing.assert_allclose(pipeline.predict_proba(X_ex), [e["probabilities"] for e in EXAMPLES],
                           rtol=1e-12)
"""),
        export(),
    ]
    return Case(
        "iris-lgbm",
        "LGBMClassifier (15 rounds x 3 classes, 4 leaves) with string labels on raw inputs; "
        "examples as records {inputs: [list], species, probabilities: [list]} + CLASSES",
        "converts",
        "raw-input LightGBM model; examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 106),
        check=lambda ns: ns.__setitem__("X_all", ns["df"][ns["FEATURES"]]))


# ==========================================================================
# wine
# ==========================================================================

def _wine_all(ns):
    ns["X_all"] = ns["df"][list(ns["wine"].feature_names)]


@register
def wine_logreg_minmax_inside_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["minmax"]
        return "MINMAX = " + L({"data_min_": floats(sc.data_min_), "data_max_": floats(sc.data_max_)})

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        return "EXAMPLES = " + L([{"features": record(X, i), "target": labels[i]}
                                  for i in pick(labels, 5)])

    cells = [
        md("""
# Wine cultivar: min-max scaling + logistic regression

Exported as one pipeline, with verification records.
"""),
        code("""
model_name = "wine-cultivar"  # package name
C = 5.0  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=10, stratify=df["cultivar"])
pipeline = PMMLPipeline([("minmax", MinMaxScaler()), ("clf", LogisticRegression(C=C, max_iter=2000))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
mm = pipeline.named_steps["minmax"]
assert MINMAX["data_min_"] == mm.data_min_.tolist() and MINMAX["data_max_"] == mm.data_max_.tolist()
"""),
        code(examples, "examples"),
        code("""
for e in EXAMPLES:
    assert pipeline.predict(pd.DataFrame([e["features"]]))[0] == e["target"]
pipeline.verify(X_test.iloc[:8])
"""),
        export(),
    ]
    return Case(
        "wine-logreg-minmax-inside-verify",
        "MinMaxScaler + multinomial LogisticRegression inside, verify(); scaling as MINMAX = "
        "{'data_min_': [...], 'data_max_': [...]} aligned with FEATURES; examples as "
        "{features: {...}, target: label}",
        "converts",
        "scaler inside the PMML, constants agree, ModelVerification present; examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 201), check=_wine_all)


@register
def wine_logreg_outside_marker_variance():
    def scaling(ns):
        sc = ns["scaler"]
        f = list(sc.feature_names_in_)
        return "\n".join([
            "# nbship: scale-inputs",
            "# the classifier was trained on (x - mean) / sqrt(variance); apply this to raw inputs",
            A("FEATURE_MEAN", dict(zip(f, floats(sc.mean_)))),
            A("FEATURE_VARIANCE", dict(zip(f, floats(sc.var_)))),
        ])

    cells = [
        md("""
# Wine classifier, standardized outside the model

`StandardScaler` is applied by the feature service, so only the logistic
regression goes into the PMML file.  The scaler's mean and *variance* are
recorded below.
"""),
        code("""
model_name = "wine-logit-std"  # package name
C = 1.0  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=3, stratify=df["cultivar"])
scaler = StandardScaler().set_output(transform="pandas").fit(X_train)
pipeline = PMMLPipeline([("clf", LogisticRegression(C=C, max_iter=2000))])
pipeline.fit(scaler.transform(X_train), y_train)
print("accuracy:", round(pipeline.score(scaler.transform(X_test), y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
assert list(FEATURE_MEAN.values()) == scaler.mean_.tolist()
assert list(FEATURE_VARIANCE.values()) == scaler.var_.tolist()
"""),
        export(),
    ]
    return Case(
        "wine-logreg-outside-marker-variance",
        "StandardScaler outside, LogisticRegression exported alone; scaling as FEATURE_MEAN and "
        "FEATURE_VARIANCE (variance, not std) dicts with the `# nbship: scale-inputs` marker; "
        "no examples",
        "converts",
        "the marker says apply the constants; the scale is sqrt(variance)",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 202,
                                  transform=lambda ns, X: ns["scaler"].transform(X)),
        check=_wine_all)


@register
def wine_xgb_raw():
    def examples(ns):
        X, pipe, enc = ns["X_test"], ns["pipeline"], ns["encoder"]
        labels = list(enc.inverse_transform(pipe.predict(X)))
        return "EXAMPLES = " + L([{"x": record(X, i), "y": str(labels[i])}
                                  for i in pick(labels, 5)])

    cells = [
        md("""
# Wine cultivar with XGBoost

10 boosting rounds (one depth-2 tree per class and round).  Labels are
encoded for XGBoost; the PMML gets the real names through `pmml_classes_`.
"""),
        code("""
model_name = "wine-xgb"  # package name
n_estimators = 10  # training only
max_depth = 2  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.preprocessing import LabelEncoder
from xgboost import XGBClassifier
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=6, stratify=df["cultivar"])
encoder = LabelEncoder().fit(y_train)
pipeline = PMMLPipeline([("xgb", XGBClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                                learning_rate=0.5, n_jobs=1, random_state=0))])
pipeline.fit(X_train, pd.Series(encoder.transform(y_train), index=y_train.index, name="cultivar"))
pipeline.named_steps["xgb"].pmml_classes_ = encoder.classes_.tolist()
pred = encoder.inverse_transform(pipeline.predict(X_test))
print("accuracy:", round((pred == y_test).mean(), 3))
"""),
        code(examples, "examples"),
        code("""
got = encoder.inverse_transform(pipeline.predict(pd.DataFrame([e["x"] for e in EXAMPLES])))
assert list(got) == [e["y"] for e in EXAMPLES]
"""),
        export(),
    ]
    return Case(
        "wine-xgb-raw",
        "XGBClassifier multiclass (10 rounds x 3 classes, depth 2, float32) with LabelEncoder + "
        "pmml_classes_; examples as {x: {...}, y: label}",
        "converts",
        "raw-input XGBoost model, no scaling; example labels reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 203,
                                  decode=lambda ns, v: ns["encoder"].inverse_transform(v)),
        check=_wine_all)


@register
def wine_rf_std_inside_subset():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["std"]
        return "SCALER = " + L({"mean": floats(sc.mean_), "scale": floats(sc.scale_)})

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        recs = []
        for i in pick(labels, 5):
            r = record(X, i)
            r["cultivar"] = labels[i]
            top = np.sort(proba[i])[::-1]
            r["comment"] = (f"test row {i}: clear call" if top[0] - top[1] > 0.5
                            else f"test row {i}: close call ({top[0]:.2f} vs {top[1]:.2f})")
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Wine: a very small random forest

6 trees of depth 2 that each look at 2 candidate features per split, so the
forest only uses some of the 13 measurements.
"""),
        code("""
model_name = "wine-mini-forest"  # package name
n_estimators = 6  # training only
max_depth = 2  # training only
max_features = 2  # candidate features per split (training only)
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=2, stratify=df["cultivar"])
pipeline = PMMLPipeline([
    ("std", StandardScaler()),
    ("rf", RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                  max_features=max_features, random_state=4, n_jobs=1)),
])
pipeline.fit(X_train, y_train)
used = sorted({FEATURES[i] for t in pipeline.named_steps["rf"].estimators_
               for i in t.tree_.feature if i >= 0})
print(f"accuracy {pipeline.score(X_test, y_test):.3f}; features used: {used}")
"""),
        code(scaling, "scaling"),
        code("""
std = pipeline.named_steps["std"]
assert SCALER["mean"] == std.mean_.tolist() and SCALER["scale"] == std.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
assert (pipeline.predict(ex[FEATURES]) == ex["cultivar"]).all()
"""),
        export(),
    ]
    return Case(
        "wine-rf-std-inside-subset",
        "StandardScaler + RandomForestClassifier(6 trees, depth 2, max_features=2) inside: only "
        "some features used (dropped from the MiningSchema); scaling as SCALER = {'mean': [...], "
        "'scale': [...]} for all 13; examples as records with cultivar and a 'comment' string",
        "converts",
        "the scaler is inside the PMML for the features the forest uses and agrees with the "
        "notebook; the comment field is not an output; examples reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 204), check=_wine_all)


@register
def wine_mlp_std_inside():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        return "scaler_params = " + L({f: {"mu": float(m), "sigma": float(s)} for f, m, s in
                                       zip(ns["FEATURES"], sc.mean_, sc.scale_)})

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        idx = pick(labels, 4)
        return "\n".join([
            A("CLASSES", [str(c) for c in pipe.classes_]),
            A("EXAMPLE_INPUTS", [record(X, i) for i in idx]),
            A("EXAMPLE_LABELS", [labels[i] for i in idx]),
            A("EXAMPLE_PROBABILITIES", [floats(proba[i]) for i in idx]),
        ])

    cells = [
        md("# Wine cultivar: MLP (10 hidden units) on standardized inputs"),
        code("""
model_name = "wine-mlp"  # package name
hidden_layer_sizes = (10,)  # training only
alpha = 1.0  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=3, stratify=df["cultivar"])
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("mlp", MLPClassifier(hidden_layer_sizes=hidden_layer_sizes, solver="lbfgs", alpha=alpha,
                          max_iter=3000, random_state=0)),
])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["scaler"]
assert [scaler_params[f]["mu"] for f in FEATURES] == sc.mean_.tolist()
assert [scaler_params[f]["sigma"] for f in FEATURES] == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
X_ex = pd.DataFrame(EXAMPLE_INPUTS)
assert list(pipeline.classes_) == CLASSES
assert list(pipeline.predict(X_ex)) == EXAMPLE_LABELS
np.testing.assert_allclose(pipeline.predict_proba(X_ex), EXAMPLE_PROBABILITIES, rtol=1e-10, atol=1e-14)
"""),
        export(),
    ]
    return Case(
        "wine-mlp-std-inside",
        "StandardScaler + MLPClassifier inside; scaling as per-feature dicts {'mu': .., "
        "'sigma': ..}; examples as parallel lists EXAMPLE_INPUTS (dicts) / EXAMPLE_LABELS / "
        "EXAMPLE_PROBABILITIES + CLASSES",
        "converts",
        "scaler inside the PMML (NeuralNetwork LocalTransformations), constants agree; examples "
        "reproduce",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 205), check=_wine_all)


@register
def wine_logreg_outside_ambiguous():
    def scaling(ns):
        sc = ns["scaler"]
        return ("means = " + L(floats(sc.mean_)) + "\n" + "stds = " + L(floats(sc.scale_)))

    cells = [
        md("""
# wine - logistic regression on standardised data

quick model for the demo; standardisation constants below (training split).
"""),
        code("""
model_name = "wine-demo"  # package name
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=0, stratify=df["cultivar"])
scaler = StandardScaler().fit(X_train)
"""),
        code(scaling, "scaling"),
        code("""
assert means == scaler.mean_.tolist() and stds == scaler.scale_.tolist()
"""),
        code("""
Xtr = pd.DataFrame(scaler.transform(X_train), columns=FEATURES)
Xte = pd.DataFrame(scaler.transform(X_test), columns=FEATURES)
pipeline = PMMLPipeline([("lr", LogisticRegression(max_iter=2000))]).fit(Xtr, y_train)
print(pipeline.score(Xte, y_test))
"""),
        export(),
    ]
    return Case(
        "wine-logreg-outside-ambiguous",
        "StandardScaler outside, LogisticRegression exported alone; scaling as lower-case "
        "means/stds lists aligned with FEATURES; no examples, no marker",
        "refused",
        "the PMML reads the 13 features raw and the notebook has scaling constants for them, "
        "with no examples or marker to tell whether they must be applied",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 206, transform=lambda ns, X: pd.DataFrame(
            ns["scaler"].transform(X), columns=ns["FEATURES"])),
        diagnostic="spec.scaling-ambiguous", check=_wine_all)


@register
def wine_logreg_stale_probabilities():
    def examples(ns):
        # From the run before the split changed (random_state=7).
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler
        df, f = ns["df"], ns["FEATURES"]
        Xtr, _, ytr, _ = train_test_split(df[f], df["cultivar"], test_size=0.3, random_state=7,
                                          stratify=df["cultivar"])
        old = Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=2000))])
        old.fit(Xtr, ytr)
        X = ns["X_test"]
        labels = list(old.predict(X))
        proba = old.predict_proba(X)
        lines = ["# (inputs, expected cultivar, expected probabilities)", "REFERENCE_CASES = ["]
        for i in pick(labels, 5):
            p = dict(zip([str(c) for c in old.classes_], floats(proba[i])))
            lines.append(f"    ({L(record(X, i), 4)}, {L(labels[i])}, {L(p, 4)}),")
        lines.append("]")
        return "\n".join(lines)

    def check(ns):
        _wine_all(ns)
        X = pd.DataFrame([c[0] for c in ns["REFERENCE_CASES"]])
        got = ns["pipeline"].predict_proba(X)
        want = np.array([[c[2][k] for k in ns["pipeline"].classes_] for c in ns["REFERENCE_CASES"]])
        assert np.max(np.abs(got - want)) > 1e-3, np.max(np.abs(got - want))

    cells = [
        md("""
# Wine cultivar model, re-split

The train/test split was changed to `random_state=42` in this version; the
reference cases are the ones checked into the app repository.
"""),
        code("""
model_name = "wine-reference"  # package name
random_state = 42  # split seed (training only)
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=random_state, stratify=df["cultivar"])
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(max_iter=2000))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
pd.DataFrame([c[2] for c in REFERENCE_CASES]).round(4)
"""),
        export(),
    ]
    return Case(
        "wine-logreg-stale-probabilities",
        "StandardScaler + LogisticRegression inside; reference examples as (inputs, label, "
        "proba_dict) tuples copied from a run with a different train/test split",
        "refused",
        "the examples' probabilities come from the model of an earlier split; the exported "
        "model's probabilities differ for the same raw inputs",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 207),
        diagnostic="spec.example-mismatch", check=check)


@register
def wine_gbc_outside_examples_marker():
    def scaling(ns):
        sc = ns["scaler"]
        f = ns["FEATURES"]
        return "\n".join([
            "# nbship: scale-inputs",
            A("scaler_mean", dict(zip(f, floats(sc.mean_)))),
            A("scaler_std", dict(zip(f, floats(sc.scale_)))),
        ])

    def examples(ns):
        X, model = ns["X_test"], ns["pipeline"]
        Xs = ns["scaler"].transform(X)
        labels = list(model.predict(Xs))
        proba = model.predict_proba(Xs)
        recs = []
        for i in pick(labels, 5):
            r = record(X, i)
            r["cultivar"] = labels[i]
            r["probabilities"] = dict(zip([str(c) for c in model.classes_], floats(proba[i])))
            recs.append(r)
        return "# raw lab values -> expected output of scaler + model\n" + A("EXAMPLES", recs)

    def check(ns):
        _wine_all(ns)
        X = pd.DataFrame(ns["EXAMPLES"])[ns["FEATURES"]]
        m = ns["pipeline"]
        assert differs(m.predict_proba(X), m.predict_proba(ns["scaler"].transform(X)))

    cells = [
        md("""
# Wine: gradient boosting on standardized features (scaler not exported)
"""),
        code("""
model_name = "wine-gbm-std"  # package name
n_estimators = 8  # rounds (training only)
max_depth = 2  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.datasets import load_wine
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.preprocessing import StandardScaler
"""),
        code(WINE_LOAD),
        code(lambda ns: A("FEATURES", list(ns["wine"].feature_names)), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["cultivar"], test_size=0.3, random_state=9, stratify=df["cultivar"])
scaler = StandardScaler().set_output(transform="pandas").fit(X_train)
"""),
        code(scaling, "scaling"),
        code("""
assert list(scaler_mean.values()) == scaler.mean_.tolist()
assert list(scaler_std.values()) == scaler.scale_.tolist()
"""),
        code("""
pipeline = PMMLPipeline([("gbm", GradientBoostingClassifier(
    n_estimators=n_estimators, max_depth=max_depth, learning_rate=0.3, random_state=0))])
pipeline.fit(scaler.transform(X_train), y_train)
print("accuracy:", round(pipeline.score(scaler.transform(X_test), y_test), 3))
"""),
        code(examples, "examples"),
        code("""
for e in EXAMPLES:
    z = scaler.transform(pd.DataFrame([{f: e[f] for f in FEATURES}]))
    assert pipeline.predict(z)[0] == e["cultivar"]
    assert np.allclose(pipeline.predict_proba(z)[0], list(e["probabilities"].values()), rtol=1e-12)
"""),
        export(),
    ]
    return Case(
        "wine-gbc-outside-examples-marker",
        "StandardScaler outside, multiclass GradientBoostingClassifier exported alone (split "
        "thresholds in z units); scaling dicts scaler_mean/scaler_std with the scale-inputs "
        "marker AND raw-input examples (records with cultivar + probabilities dict) that agree",
        "converts",
        "marker and examples agree: apply the constants before the trees",
        cells, lambda ns: mc_rows(ns, "X_test", "X_all", 208,
                                  transform=lambda ns, X: ns["scaler"].transform(X)),
        check=check)
