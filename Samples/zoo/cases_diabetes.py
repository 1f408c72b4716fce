"""Zoo cases on sklearn's diabetes data (442 patients, 10 features in
original units via load_diabetes(scaled=False), regression)."""

import numpy as np
import pandas as pd

from zoo_lib import (
    A, Case, L, code, differs, export, floats, md, record, register, regression_rows,
    with_blanks,
)

IMPORTS = """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
"""

LOAD = """
diabetes = load_diabetes(scaled=False, as_frame=True)
df = diabetes.frame.rename(columns={"target": "progression"})
"""

FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def features_cell(name="FEATURES", comment=None):
    src = A(name, FEATURES)
    return src + (f"  # {comment}" if comment else "")


def rows(ns, X="X_test", model="pipeline", transform=None, extra=None):
    X = ns[X]
    if extra is not None:
        X = pd.concat([X.reset_index(drop=True), extra(ns)], ignore_index=True)
    Xin = transform(ns, X) if transform else X
    return regression_rows(X, ns[model].predict(Xin))


def first(n=5):
    return list(range(n))


# --------------------------------------------------------------------------

@register
def diabetes_linear_std_inside_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        return "scaler_params = " + L({
            "with_mean": True, "with_std": True,
            "mean_": floats(sc.mean_), "scale_": floats(sc.scale_), "var_": floats(sc.var_),
            "n_samples_seen_": int(sc.n_samples_seen_),
        })

    def examples(ns):
        X, pred = ns["X_test"], ns["pipeline"].predict(ns["X_test"])
        recs = []
        for i in first(5):
            r = record(X, i)
            r["expected"] = float(pred[i])
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Diabetes progression: standardized linear regression

`StandardScaler` + `LinearRegression`, exported together with verification
data.
"""),
        code("""
model_name = "diabetes-linear"  # package name
test_size: float = 0.25  # training only, range (0, 1)
random_state: int = 42  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=test_size, random_state=random_state)
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("ols", LinearRegression())])
pipeline.fit(X_train, y_train)
print(f"R^2 = {r2_score(y_test, pipeline.predict(X_test)):.3f}")
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["scaler"]
assert scaler_params == {"with_mean": sc.with_mean, "with_std": sc.with_std, "mean_": sc.mean_.tolist(),
                         "scale_": sc.scale_.tolist(), "var_": sc.var_.tolist(),
                         "n_samples_seen_": int(sc.n_samples_seen_)}
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
np.testing.assert_allclose(pipeline.predict(ex[FEATURES]), ex["expected"], rtol=1e-12)
pipeline.verify(X_test.head(10))
"""),
        export(),
    ]
    return Case(
        "diabetes-linear-std-inside-verify",
        "StandardScaler + LinearRegression inside, verify(); scaling as a get_params-like dict "
        "{with_mean, with_std, mean_, scale_, var_, n_samples_seen_}; examples as flat records "
        "with 'expected'",
        "converts",
        "scaler inside the PMML and equal to the notebook's mean_/scale_; examples reproduce",
        cells, lambda ns: rows(ns))


@register
def diabetes_ridge_outside_examples():
    def scaling(ns):
        sc = ns["scaler"]
        return ("# standardisation (fit on the training rows), FEATURES order\n"
                f"mu = np.array({L(floats(sc.mean_))})\nsd = np.array({L(floats(sc.scale_))})")

    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(ns["scaler"].transform(X))
        return "EXAMPLES = " + L([{"features": record(X, i), "target": float(pred[i])}
                                  for i in first(5)])

    def check(ns):
        X = pd.DataFrame([e["features"] for e in ns["EXAMPLES"]])
        m = ns["pipeline"]
        assert differs(m.predict(X), m.predict(ns["scaler"].transform(X)))

    cells = [
        md("""
# Ridge regression for disease progression

The inputs are standardized by hand (`mu`, `sd` below) before the ridge model;
only the ridge model is exported.
"""),
        code("""
model_name = "diabetes-ridge"  # package name
alpha = 1.0  # ridge penalty (training only), range [0, inf)
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=1)
scaler = StandardScaler().set_output(transform="pandas").fit(X_train)
"""),
        code(scaling, "scaling"),
        code("""
assert np.array_equal(mu, scaler.mean_) and np.array_equal(sd, scaler.scale_)
"""),
        code("""
pipeline = PMMLPipeline([("ridge", Ridge(alpha=alpha))])
pipeline.fit((X_train - mu) / sd, y_train)
print("test R^2:", round(pipeline.score((X_test - mu) / sd, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
for e in EXAMPLES:
    x = (pd.DataFrame([e["features"]])[FEATURES] - mu) / sd
    assert abs(pipeline.predict(x)[0] - e["target"]) < 1e-9
"""),
        export(),
    ]
    return Case(
        "diabetes-ridge-outside-examples",
        "manual standardization (X - mu) / sd outside, Ridge exported alone; scaling as "
        "np.array mu/sd aligned with FEATURES; examples as {features: {...}, target: y}",
        "converts",
        "the PMML reads raw fields, but the raw examples reproduce only after applying mu/sd",
        cells, lambda ns: rows(ns, transform=lambda ns, X: ns["scaler"].transform(X)), check=check)


@register
def diabetes_linear_outside_marker():
    def scaling(ns):
        sc = ns["scaler"]
        lines = ["# nbship: scale-inputs", "# feature: (mean, std)", "NORMALISE = {"]
        for f, m, s in zip(FEATURES, sc.mean_, sc.scale_):
            lines.append(f"    {f!r}: ({float(m)!r}, {float(s)!r}),".replace("'", '"'))
        lines.append("}")
        return "\n".join(lines)

    cells = [
        md("# Linear model on z-scores (scaler applied upstream)"),
        code("""
model_name = "diabetes-zlinear"  # package name
prediction_floor = 25.0  # lowest score the app shows, unit: points
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=5)
scaler = StandardScaler().set_output(transform="pandas").fit(X_train)
pipeline = PMMLPipeline([("lm", LinearRegression())]).fit(scaler.transform(X_train), y_train)
print("test R^2:", round(pipeline.score(scaler.transform(X_test), y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
assert [NORMALISE[f][0] for f in FEATURES] == scaler.mean_.tolist()
assert [NORMALISE[f][1] for f in FEATURES] == scaler.scale_.tolist()
"""),
        export(),
    ]
    return Case(
        "diabetes-linear-outside-marker",
        "StandardScaler outside, LinearRegression exported alone; scaling as a dict of "
        "(mean, std) tuples with the scale-inputs marker; no examples; a unit-annotated "
        "parameter",
        "converts",
        "the marker says the model expects scaled inputs: apply the constants",
        cells, lambda ns: rows(ns, transform=lambda ns, X: ns["scaler"].transform(X)))


@register
def diabetes_gbr_raw():
    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        idx = first(6)
        cols = {f: [float(X.iloc[i][f]) for i in idx] for f in FEATURES}
        cols["prediction"] = [float(pred[i]) for i in idx]
        return "EXAMPLES = " + L(cols)

    cells = [
        md("# Diabetes: gradient boosting regressor (25 shallow trees)"),
        code("""
model_name = "diabetes-gbr"  # package name
n_estimators = 25  # training only
max_depth = 2  # training only
learning_rate = 0.1  # training only, range (0, 1]
""", "parameters"),
        code(IMPORTS + """from sklearn.ensemble import GradientBoostingRegressor
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=42)
pipeline = PMMLPipeline([("gbr", GradientBoostingRegressor(
    n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate, random_state=0))])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
np.testing.assert_allclose(pipeline.predict(ex[FEATURES]), ex["prediction"], rtol=1e-12)
"""),
        export(),
    ]
    return Case(
        "diabetes-gbr-raw",
        "GradientBoostingRegressor (25 trees, depth 2) on raw inputs; examples as a "
        "column-oriented dict of lists with a 'prediction' column",
        "converts",
        "raw-input boosted regression trees; examples reproduce",
        cells, lambda ns: rows(ns))


@register
def diabetes_lgbm_raw():
    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        return "\n".join([
            "# inputs in FEATURES order, expected predictions",
            A("X_EXAMPLES", [floats(X.iloc[i]) for i in first(6)]),
            A("Y_EXAMPLES", [float(pred[i]) for i in first(6)]),
        ])

    cells = [
        md("# Diabetes progression with LightGBM (20 trees, 7 leaves)"),
        code("""
model_name = "diabetes-lgbm"  # package name
n_estimators = 20  # training only
num_leaves = 7  # training only
""", "parameters"),
        code(IMPORTS + """from lightgbm import LGBMRegressor
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=7)
pipeline = PMMLPipeline([("lgbm", LGBMRegressor(
    n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=0.1, random_state=0,
    n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1))])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
got = pipeline.predict(pd.DataFrame(X_EXAMPLES, columns=FEATURES))
np.testing.assert_allclose(got, Y_EXAMPLES, rtol=1e-12)
"""),
        export(),
    ]
    return Case(
        "diabetes-lgbm-raw",
        "LGBMRegressor (20 trees, 7 leaves) on raw inputs; examples as parallel lists "
        "X_EXAMPLES (FEATURES order) / Y_EXAMPLES",
        "converts",
        "raw-input LightGBM regression; examples reproduce",
        cells, lambda ns: rows(ns))


@register
def diabetes_xgb_missing():
    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        with_nan = [i for i in range(len(X)) if X.iloc[i].isna().any()][:3]
        idx = sorted(set(first(2)) | set(with_nan))
        lines = ["# lab values can be missing: None / float(\"nan\") = not measured", "EXAMPLES = ["]
        for k, i in enumerate(idx):
            r = record(X, i)
            # write some gaps as None and some as NaN, as they come from different systems
            body = L({**r, "expected": float(pred[i])}, 4)
            if k % 2 == 1:
                body = body.replace("None", 'float("nan")')
            lines.append(f"    {body},")
        lines.append("]")
        return "\n".join(lines)

    def blanks(ns):
        patterns = [["bmi"], ["s5"], ["bmi", "s5"], ["bp", "s1", "s2"], ["s1", "s2", "s3", "s4", "s5", "s6"],
                    FEATURES]
        return with_blanks(ns["X_test"].dropna(), patterns)

    cells = [
        md("""
# Diabetes progression with XGBoost, tolerant to missing lab values

In production some of the blood-serum measurements (`s1`..`s6`) and the
blood pressure are missing for about 8% of patients.  XGBoost learns a
default direction for missing values; we blank the same share of the
training data so that the default directions are learnt from real gaps.
"""),
        code("""
model_name = "diabetes-xgb"  # package name
missing_rate = 0.08  # share of lab values blanked (training only), range [0, 0.5]
n_estimators = 20  # training only
max_depth = 3  # training only
""", "parameters"),
        code(IMPORTS + """from xgboost import XGBRegressor
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
rng = np.random.default_rng(2024)
lab = ["bp", "s1", "s2", "s3", "s4", "s5", "s6"]
for col in lab:
    df.loc[rng.random(len(df)) < missing_rate, col] = np.nan
df[lab].isna().sum().to_dict()
"""),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=42)
pipeline = PMMLPipeline([("xgb", XGBRegressor(n_estimators=n_estimators, max_depth=max_depth,
                                               learning_rate=0.2, n_jobs=1, random_state=0))])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
X_ex = pd.DataFrame([{f: e[f] for f in FEATURES} for e in EXAMPLES]).astype(float)
assert X_ex.isna().any(axis=1).sum() >= 2
assert pipeline.predict(X_ex).tolist() == [np.float32(e["expected"]) for e in EXAMPLES]
"""),
        export(),
    ]
    return Case(
        "diabetes-xgb-missing",
        "XGBRegressor (20 rounds, float32) trained with ~8% missing lab values (NaN default "
        "directions); examples with missing inputs written as None and float('nan') + "
        "'expected'; rows.csv has blank cells",
        "converts",
        "raw-input XGBoost model that handles missing values; examples (some with gaps) reproduce",
        cells, lambda ns: rows(ns, extra=blanks))


@register
def diabetes_mlp_robust_inside():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["robust"]
        return ("# RobustScaler: median and interquartile range of the training rows\n"
                + A("MEDIANS", dict(zip(FEATURES, floats(sc.center_)))) + "\n"
                + A("IQRS", dict(zip(FEATURES, floats(sc.scale_)))))

    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        recs = []
        for i in first(5):
            r = record(X, i)
            r["prediction"] = float(pred[i])
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Diabetes: MLP regressor with robust scaling

`RobustScaler` then a 6-unit ReLU network (L-BFGS).  Both are exported.
"""),
        code("""
model_name = "diabetes-mlp"  # package name
hidden = 6  # training only
alpha = 1.0  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import RobustScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=3)
pipeline = PMMLPipeline([
    ("robust", RobustScaler()),
    ("mlp", MLPRegressor(hidden_layer_sizes=(hidden,), solver="lbfgs", alpha=alpha,
                         max_iter=5000, random_state=0)),
])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
rs = pipeline.named_steps["robust"]
assert list(MEDIANS.values()) == rs.center_.tolist() and list(IQRS.values()) == rs.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
np.testing.assert_allclose(pipeline.predict(ex[FEATURES]), ex["prediction"], rtol=1e-10)
"""),
        export(),
    ]
    return Case(
        "diabetes-mlp-robust-inside",
        "RobustScaler + MLPRegressor inside; scaling as MEDIANS / IQRS dicts (RobustScaler "
        "center_/scale_ under statistician's names); examples as flat records with 'prediction'",
        "converts",
        "robust scaler inside the PMML and equal to MEDIANS/IQRS; examples reproduce",
        cells, lambda ns: rows(ns))


@register
def diabetes_ridge_stale_expected():
    def examples(ns):
        from sklearn.linear_model import Ridge
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler
        old = Pipeline([("scale", StandardScaler()), ("ridge", Ridge(alpha=10.0))])
        old.fit(ns["X_train"], ns["y_train"])
        X = ns["X_test"]
        pred = old.predict(X)
        return ("# from the model review deck (v1)\n"
                + "EXAMPLES = " + L([{"x": record(X, i), "expected_progression": float(pred[i])}
                                     for i in first(5)]))

    def check(ns):
        X = pd.DataFrame([e["x"] for e in ns["EXAMPLES"]])
        got = ns["pipeline"].predict(X)
        want = [e["expected_progression"] for e in ns["EXAMPLES"]]
        assert np.max(np.abs(got - want)) > 0.5, np.max(np.abs(got - want))

    cells = [
        md("""
# Ridge model, v2

v2 lowers the ridge penalty from 10 to 1 after cross-validation.  Same
features and split as v1.
"""),
        code("""
model_name = "diabetes-ridge-v2"  # package name
alpha = 1.0  # ridge penalty (training only); v1 used 10.0
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=42)
pipeline = PMMLPipeline([("scale", StandardScaler()), ("ridge", Ridge(alpha=alpha))])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        md("Examples used by the app's tests:"),
        code(examples, "examples"),
        export(),
    ]
    return Case(
        "diabetes-ridge-stale-expected",
        "StandardScaler + Ridge(alpha=1) inside; examples {x: {...}, expected_progression: y} "
        "copied from the v1 model (alpha=10)",
        "refused",
        "the expected predictions come from the alpha=10 model; the exported alpha=1 model "
        "gives different predictions for the same raw inputs",
        cells, lambda ns: rows(ns), diagnostic="spec.example-mismatch", check=check)


@register
def diabetes_minmax_linear_mismatch():
    def scaling(ns):
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import MinMaxScaler
        Xtr, _ = train_test_split(ns["df"][FEATURES], test_size=0.25, random_state=0)
        old = MinMaxScaler().fit(Xtr)
        ns["_old_scaler"] = old
        return ("# MinMaxScaler bounds (copied from the feature-store job)\n"
                f"X_MIN = {L(floats(old.data_min_))}\nX_MAX = {L(floats(old.data_max_))}")

    def check(ns):
        mm = ns["pipeline"].named_steps["minmax"]
        assert differs(mm.data_min_, ns["X_MIN"], 1e-9) or differs(mm.data_max_, ns["X_MAX"], 1e-9)

    cells = [
        md("""
# Progression model (min-max scaled linear regression)
"""),
        code("""
model_name = "diabetes-minmax"  # package name
random_state = 11  # split seed (training only)
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import MinMaxScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code(scaling, "scaling"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=random_state)
pipeline = PMMLPipeline([("minmax", MinMaxScaler()), ("ols", LinearRegression())])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        export(),
    ]
    return Case(
        "diabetes-minmax-linear-mismatch",
        "MinMaxScaler + LinearRegression inside the PMMLPipeline (fit on the random_state=11 "
        "split), but the scaling cell's X_MIN/X_MAX lists come from a different split "
        "(random_state=0); no examples",
        "refused",
        "the PMML contains the min-max scaler and the notebook's bounds for the same features "
        "are different numbers",
        cells, lambda ns: rows(ns), diagnostic="spec.scaling-mismatch", check=check)


@register
def diabetes_tree_outside_ambiguous():
    def scaling(ns):
        sc = ns["scaler"]
        return ("features = list(X.columns)  # computed at run time\n"
                + "scaling = " + L({"mean": floats(sc.mean_), "std": floats(sc.scale_)}))

    cells = [
        md("# Regression tree (depth 3) on standardized inputs"),
        code("""
model_name = "diabetes-tree"  # package name
max_depth = 3  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor
"""),
        code(LOAD + """X, y = df.drop(columns="progression"), df["progression"]
"""),
        code("""
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=13)
scaler = StandardScaler().set_output(transform="pandas").fit(X_train)
"""),
        code(scaling, "scaling"),
        code("""
assert scaling["mean"] == scaler.mean_.tolist() and scaling["std"] == scaler.scale_.tolist()
"""),
        code("""
pipeline = PMMLPipeline([("tree", DecisionTreeRegressor(max_depth=max_depth, random_state=0))])
pipeline.fit(scaler.transform(X_train), y_train)
print("test R^2:", round(pipeline.score(scaler.transform(X_test), y_test), 3))
"""),
        export(),
    ]
    return Case(
        "diabetes-tree-outside-ambiguous",
        "StandardScaler outside, DecisionTreeRegressor(depth 3) exported alone (uses a subset "
        "of features, thresholds in z units); scaling as {'mean': [...], 'std': [...]} aligned "
        "with `features = list(X.columns)`; no features cell, no examples, no marker",
        "refused",
        "the lists of 10 constants follow a feature list computed at run time, and the tree kept "
        "only some of the 10 features, so nothing says which value belongs to which input (and "
        "even then, nothing says whether they must be applied)",
        cells, lambda ns: rows(ns, transform=lambda ns, X: ns["scaler"].transform(X)),
        diagnostic="spec.scaling-needs-features")


@register
def diabetes_linear_std_inside_already_in_model():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["standardscaler"]
        return "\n".join([
            "# nbship: already-in-model",
            "loc = " + L(floats(sc.mean_)) + "  # nbship: mean",
            "spread = " + L(floats(sc.scale_)) + "  # nbship: scale",
        ])

    cells = [
        md("""
# Diabetes linear model (scaler exported with the model)

`make_pipeline`-style step names.  The scaling constants are recorded for
documentation only.
"""),
        code("""
model_name = "diabetes-linear-doc"  # package name
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(comment="original units: years, 1/2, kg/m2, mm Hg, mg/dl ..."),
             "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=21)
pipeline = PMMLPipeline([("standardscaler", StandardScaler()), ("linearregression", LinearRegression())])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["standardscaler"]
assert loc == sc.mean_.tolist() and spread == sc.scale_.tolist()
"""),
        export(),
    ]
    return Case(
        "diabetes-linear-std-inside-already-in-model",
        "StandardScaler + LinearRegression inside; scaling with the `# nbship: already-in-model` "
        "marker and oddly named lists loc/spread carrying `# nbship: mean` / `# nbship: scale` "
        "role comments; no examples",
        "converts",
        "the marker and the PMML agree: the scaler is in the model file, do not apply again",
        cells, lambda ns: rows(ns))


@register
def diabetes_rf_std_inside_papermill():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        recs = [{"feature": f, "mean": float(m), "std": float(s)}
                for f, m, s in zip(FEATURES, sc.mean_, sc.scale_)]
        return "# scaler_table.to_dict('records')\nSCALER_TABLE = " + L(recs)

    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        return "EXAMPLES = " + L([{"inputs": floats(X.iloc[i]), "expected": float(pred[i])}
                                  for i in first(5)])

    cells = [
        md("""
# Random forest regressor (scheduled job)

Run by the scheduler with papermill: `-p n_estimators 12 -p max_depth 3`.
"""),
        code("""
model_name = "diabetes-forest"  # package name
n_estimators: int = 30  # trees (training only), range [1, 30]
max_depth: int = 4  # training only, range [1, 4]
""", "parameters"),
        code(IMPORTS + """from sklearn.ensemble import RandomForestRegressor
from sklearn.preprocessing import StandardScaler
"""),
        code(LOAD),
        code(features_cell(), "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES], df["progression"], test_size=0.25, random_state=42)
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("forest", RandomForestRegressor(n_estimators=n_estimators, max_depth=max_depth,
                                     random_state=0, n_jobs=1)),
])
pipeline.fit(X_train, y_train)
print(f"{n_estimators} trees of depth {max_depth}: test R^2 {pipeline.score(X_test, y_test):.3f}")
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["scaler"]
assert [r["feature"] for r in SCALER_TABLE] == FEATURES
assert [r["mean"] for r in SCALER_TABLE] == sc.mean_.tolist()
assert [r["std"] for r in SCALER_TABLE] == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
got = pipeline.predict(pd.DataFrame([e["inputs"] for e in EXAMPLES], columns=FEATURES))
np.testing.assert_allclose(got, [e["expected"] for e in EXAMPLES], rtol=1e-12)
"""),
        export(),
    ]
    return Case(
        "diabetes-rf-std-inside-papermill",
        "papermill -p n_estimators 12 -p max_depth 3 (training-only parameters injected); "
        "StandardScaler + RandomForestRegressor inside; scaling as a list of records "
        "{feature, mean, std}; examples as {inputs: [list], expected: y}",
        "converts",
        "scaler inside the PMML and equal to the table; examples reproduce with the injected "
        "12-tree model",
        cells, lambda ns: rows(ns), papermill={"n_estimators": 12, "max_depth": 3})
