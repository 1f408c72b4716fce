"""Zoo cases on small synthetic frames generated in the notebooks with a
fixed seed (string columns, missing values, business-style names)."""

import numpy as np
import pandas as pd

from zoo_lib import (
    A, Case, L, classification_rows, code, differs, export, floats, md, pick, record, register,
    regression_rows, with_blanks,
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

CT_IMPORTS = """from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
"""

CHURN_DATA = """
rng = np.random.default_rng(seed)
n = 800
df = pd.DataFrame({
    "plan": rng.choice(["basic", "plus", "premium"], n, p=[0.5, 0.3, 0.2]),
    "region": rng.choice(["north", "south", "east", "west"], n),
    "contract": rng.choice(["monthly", "annual"], n, p=[0.6, 0.4]),
    "tenure_months": rng.integers(1, 73, n).astype(float),
    "monthly_charges": rng.normal(60, 20, n).clip(15, 130).round(2),
    "support_calls": rng.poisson(1.5, n).astype(float),
})
logit = (-0.8 + 1.1 * (df["contract"] == "monthly") - 0.04 * df["tenure_months"]
         + 0.02 * (df["monthly_charges"] - 60) + 0.4 * df["support_calls"]
         - 0.4 * (df["plan"] == "premium"))
df["churned"] = np.where(rng.random(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
# the CRM export has gaps
for col, rate in [("tenure_months", 0.07), ("monthly_charges", 0.05)]:
    df.loc[rng.random(n) < rate, col] = np.nan
df.isna().sum().to_dict()
"""

LOANS_DATA = """
rng = np.random.default_rng(seed)
n = 900
df = pd.DataFrame({
    "purpose": rng.choice(["car", "home", "education", "business"], n, p=[0.35, 0.3, 0.2, 0.15]),
    "employment": rng.choice(["salaried", "self-employed", "unemployed"], n, p=[0.7, 0.2, 0.1]),
    "income_k": rng.lognormal(3.8, 0.45, n).round(1),
    "loan_amount_k": rng.gamma(2.0, 8.0, n).round(1),
    "credit_score": rng.normal(680, 60, n).clip(300, 850).round(),
    "debt_ratio": rng.beta(2, 5, n).round(3),
})
risk = (-2.2 + 2.5 * df["debt_ratio"] + 0.03 * df["loan_amount_k"] - 0.012 * (df["income_k"] - 45)
        - 0.01 * (df["credit_score"] - 680) + 1.0 * (df["employment"] == "unemployed")
        + 0.5 * (df["purpose"] == "business"))
df["outcome"] = np.where(rng.random(n) < 1 / (1 + np.exp(-risk)), "default", "repaid")
df.loc[rng.random(n) < 0.06, "income_k"] = np.nan
df.loc[rng.random(n) < 0.04, "credit_score"] = np.nan
df["outcome"].value_counts().to_dict()
"""


def clf_rows(ns, X="X_test", model="pipeline", threshold=None, positive=None, extra=None,
             transform=None, decode=None):
    X = ns[X]
    if extra is not None:
        X = pd.concat([X.reset_index(drop=True), extra(ns)], ignore_index=True)
    Xin = transform(ns, X) if transform else X
    pipe = ns[model]
    pred, classes = pipe.predict(Xin), list(pipe.classes_)
    if decode is not None:
        pred, classes = decode(ns, pred), decode(ns, np.array(classes))
    return classification_rows(X, [str(p) for p in pred], pipe.predict_proba(Xin), classes,
                               threshold, positive)


def reg_rows(ns, X="X_test", model="pipeline", extra=None, transform=None):
    X = ns[X]
    if extra is not None:
        X = pd.concat([X.reset_index(drop=True), extra(ns)], ignore_index=True)
    Xin = transform(ns, X) if transform else X
    return regression_rows(X, ns[model].predict(Xin))


def numeric_blanks(columns):
    def extra(ns):
        X = ns["X_test"].dropna()
        patterns = [[c] for c in columns] + [list(columns)]
        return with_blanks(X, patterns)
    return extra


# --------------------------------------------------------------------------

@register
def churn_columntransformer_logreg_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["preprocess"].named_transformers_["num"].named_steps["scale"]
        num = ns["NUMERIC"]
        return ("# StandardScaler of the numeric branch (after median imputation)\n"
                + A("NUMERIC_MEANS", dict(zip(num, floats(sc.mean_)))) + "\n"
                + A("NUMERIC_STDS", dict(zip(num, floats(sc.scale_)))))

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)[:, 1]
        missing = [i for i in range(len(X)) if X.iloc[i].isna().any()][:2]
        idx = sorted(set(pick(labels, 3)) | set(missing))
        recs = []
        for i in idx:
            r = record(X, i)
            r["churned"] = labels[i]
            r["proba"] = float(proba[i])
            recs.append(r)
        return "# None = missing in the CRM export (the pipeline imputes it)\n" + A("EXAMPLES", recs)

    cells = [
        md("""
# Customer churn: one-hot + imputation + scaling + logistic regression

The CRM extract is confidential, so this notebook uses a simulated frame
with the same columns.  `tenure_months` and `monthly_charges` have gaps that
the pipeline imputes with the training median.
"""),
        code("""
model_name = "churn-risk"  # package name
threshold: float = 0.35  # retention team calls customers with P(churn) >= threshold, range [0, 1]
positive_class = "yes"  # one of {no, yes}
seed = 7  # simulation + split seed (training only)
""", "parameters"),
        code(IMPORTS + CT_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler
"""),
        code(CHURN_DATA),
        code("""
CATEGORICAL = ["plan", "region", "contract"]
NUMERIC = ["tenure_months", "monthly_charges", "support_calls"]
""", "features"),
        code("""
X = df[CATEGORICAL + NUMERIC]
y = df["churned"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=seed, stratify=y)
preprocess = ColumnTransformer([
    ("cat", OneHotEncoder(), CATEGORICAL),
    ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), NUMERIC),
])
pipeline = PMMLPipeline([("preprocess", preprocess), ("clf", LogisticRegression(max_iter=2000))])
pipeline.fit(X_train, y_train)
print("AUC:", round(roc_auc_score(y_test == "yes", pipeline.predict_proba(X_test)[:, 1]), 3))
"""),
        code("""
imputer = pipeline.named_steps["preprocess"].named_transformers_["num"].named_steps["impute"]
dict(zip(NUMERIC, imputer.statistics_))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["preprocess"].named_transformers_["num"].named_steps["scale"]
assert list(NUMERIC_MEANS.values()) == sc.mean_.tolist() and list(NUMERIC_STDS.values()) == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
inputs = ex[CATEGORICAL + NUMERIC].astype({c: float for c in NUMERIC})
assert (pipeline.predict(inputs) == ex["churned"]).all()
np.testing.assert_allclose(pipeline.predict_proba(inputs)[:, 1], ex["proba"], rtol=1e-12)
"""),
        code("pipeline.verify(X_test.sample(10, random_state=seed))"),
        export(),
    ]
    return Case(
        "churn-columntransformer-logreg-verify",
        "ColumnTransformer(OneHotEncoder on 3 string columns, SimpleImputer(median) + "
        "StandardScaler on 3 numeric columns with NaN) + LogisticRegression, verify(); features "
        "cell with CATEGORICAL/NUMERIC lists; scaling dicts for the numeric columns only; "
        "examples with None inputs, label 'churned' and 'proba'",
        "converts",
        "the scaler (numeric columns only) and the median imputation (missingValueReplacement) "
        "are inside the PMML; constants agree; examples with missing inputs reproduce",
        cells, lambda ns: clf_rows(ns, threshold=ns["threshold"], positive="yes",
                                   extra=numeric_blanks(["tenure_months", "monthly_charges"])))


@register
def churn_columntransformer_gbc_papermill():
    def scaling(ns):
        mm = ns["pipeline"].named_steps["prep"].named_transformers_["numeric"].named_steps["minmax"]
        return "minmax = " + L({f: {"min": float(lo), "max": float(hi)} for f, lo, hi in
                                zip(ns["NUMERIC"], mm.data_min_, mm.data_max_)})

    def examples(ns):
        X, pipe, t = ns["X_test"], ns["pipeline"], ns["threshold"]
        proba = pipe.predict_proba(X)[:, 1]
        border = [int(i) for i in np.where((proba >= 0.4) & (proba < 0.5))[0][:2]]
        idx = sorted(set(pick(list(pipe.predict(X)), 3)) | set(border))
        recs = []
        for i in idx:
            r = record(X, i)
            r["will_churn"] = bool(proba[i] >= t)
            r["note"] = ("borderline" if abs(proba[i] - t) < 0.1 else "clear") + f" (test row {i})"
            recs.append(r)
        return "# will_churn: P(churn) >= threshold\n" + A("EXAMPLES", recs)

    def check(ns):
        p = ns["pipeline"].predict_proba(pd.DataFrame(ns["EXAMPLES"])[ns["X_test"].columns])[:, 1]
        assert np.any((p >= 0.4) != (p >= 0.5)), "no example tells 0.4 from 0.5"

    cells = [
        md("""
# Churn model for the weekly retention list (papermill job)

The retention job runs `papermill churn.ipynb out.ipynb -p threshold 0.4`.
Gradient boosting after one-hot encoding and min-max scaling.
"""),
        code("""
model_name = "churn-weekly"  # package name
threshold = 0.5  # P(churn) cut-off, range [0, 1]
positive_class = "yes"  # one of {no, yes}
n_estimators = 20  # training only
max_depth = 3  # training only
seed = 11  # training only
""", "parameters"),
        code(IMPORTS + CT_IMPORTS + """from sklearn.ensemble import GradientBoostingClassifier
from sklearn.preprocessing import MinMaxScaler
"""),
        code(CHURN_DATA),
        code("""
CATEGORICAL = ["plan", "region", "contract"]
NUMERIC = ["tenure_months", "monthly_charges", "support_calls"]
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[CATEGORICAL + NUMERIC], df["churned"], test_size=0.25, random_state=seed)
prep = ColumnTransformer([
    ("onehot", OneHotEncoder(), CATEGORICAL),
    ("numeric", Pipeline([("impute", SimpleImputer()), ("minmax", MinMaxScaler())]), NUMERIC),
])
pipeline = PMMLPipeline([("prep", prep), ("gbm", GradientBoostingClassifier(
    n_estimators=n_estimators, max_depth=max_depth, random_state=0))])
pipeline.fit(X_train, y_train)
flagged = pipeline.predict_proba(X_test)[:, 1] >= threshold
print(f"{flagged.sum()} of {len(X_test)} test customers flagged at threshold {threshold}")
"""),
        code(scaling, "scaling"),
        code("""
mm = pipeline.named_steps["prep"].named_transformers_["numeric"].named_steps["minmax"]
assert [minmax[f]["min"] for f in NUMERIC] == mm.data_min_.tolist()
assert [minmax[f]["max"] for f in NUMERIC] == mm.data_max_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
p = pipeline.predict_proba(ex[CATEGORICAL + NUMERIC].astype({c: float for c in NUMERIC}))[:, 1]
assert ((p >= threshold) == ex["will_churn"]).all()
"""),
        export(),
    ]
    return Case(
        "churn-columntransformer-gbc-papermill",
        "papermill -p threshold 0.4; ColumnTransformer(OneHotEncoder, SimpleImputer(mean) + "
        "MinMaxScaler) + GradientBoostingClassifier(20 trees); scaling as per-feature "
        "{'min', 'max'} dicts for the numeric columns; examples with only a decision boolean "
        "'will_churn' (borderline rows) and a 'note' string",
        "converts",
        "preprocessing inside the PMML; the examples' decisions hold at the injected threshold "
        "0.4 (not at the default 0.5)",
        cells, lambda ns: clf_rows(ns, threshold=ns["threshold"], positive="yes",
                                   extra=numeric_blanks(["tenure_months", "monthly_charges"])),
        papermill={"threshold": 0.4}, check=check)


@register
def loans_columntransformer_rf():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["features"].named_transformers_["num"][-1]
        return ("# StandardScaler of the numeric branch, aligned with NUMERIC_FEATURES\n"
                f"NUM_MEAN = {L(floats(sc.mean_))}\nNUM_STD = {L(floats(sc.scale_))}")

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        proba = pipe.predict_proba(X)
        missing = [i for i in range(len(X)) if X.iloc[i].isna().any()][:2]
        idx = sorted(set(pick(labels, 3)) | set(missing))
        lines = ["EXAMPLES = ["]
        for i in idx:
            p = dict(zip([str(c) for c in pipe.classes_], floats(proba[i])))
            lines.append(f"    ({L(record(X, i), 4)}, {L(labels[i])}, {L(p)}),")
        lines.append("]")
        return "# (applicant, predicted outcome, probabilities)\n" + "\n".join(lines)

    cells = [
        md("""
# Loan default risk: random forest

Simulated applications.  The credit team wants to review every application
with P(default) >= 0.25.  Note that `default` sorts before `repaid`, so it
is the *first* class.
"""),
        code("""
model_name = "loan-default"  # package name
threshold = 0.25  # review when P(default) >= threshold, range [0, 1]
positive_class = "default"  # one of {default, repaid}
n_estimators = 20  # training only, range [1, 30]
max_depth = 4  # training only
seed = 3  # training only
""", "parameters"),
        code(IMPORTS + CT_IMPORTS + """from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler
"""),
        code(LOANS_DATA),
        code("""
CATEGORICAL_FEATURES = ["purpose", "employment"]
NUMERIC_FEATURES = ["income_k", "loan_amount_k", "credit_score", "debt_ratio"]
""", "features"),
        code("""
X = df.drop(columns="outcome")
X_train, X_test, y_train, y_test = train_test_split(X, df["outcome"], test_size=0.25, random_state=seed)
pipeline = PMMLPipeline([
    ("features", ColumnTransformer([
        ("cat", OneHotEncoder(), CATEGORICAL_FEATURES),
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]),
         NUMERIC_FEATURES),
    ])),
    ("forest", RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                      min_samples_leaf=5, random_state=0, n_jobs=1)),
])
pipeline.fit(X_train, y_train)
print(list(pipeline.classes_), "accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["features"].named_transformers_["num"][-1]
assert NUM_MEAN == sc.mean_.tolist() and NUM_STD == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
for applicant, outcome, proba in EXAMPLES:
    row = pd.DataFrame([applicant])[list(X.columns)].astype({c: float for c in NUMERIC_FEATURES})
    assert pipeline.predict(row)[0] == outcome
    got = dict(zip(pipeline.classes_, pipeline.predict_proba(row)[0]))
    assert all(abs(got[c] - p) < 1e-12 for c, p in proba.items())
"""),
        export(),
    ]
    return Case(
        "loans-columntransformer-rf",
        "ColumnTransformer(OneHotEncoder, SimpleImputer(median) + StandardScaler) + "
        "RandomForestClassifier(20 trees, depth 4); threshold with positive_class = the FIRST "
        "class ('default'); scaling lists aligned with NUMERIC_FEATURES only; examples as "
        "(inputs, label, proba_dict) tuples with None inputs",
        "converts",
        "preprocessing inside the PMML, constants agree for the numeric columns; examples "
        "reproduce; decision is on probability(default)",
        cells, lambda ns: clf_rows(ns, threshold=ns["threshold"], positive="default",
                                   extra=numeric_blanks(["income_k", "credit_score"])))


@register
def housing_columntransformer_linear_verify():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["prep"].named_transformers_["num"].named_steps["scaler"]
        return "NUMERIC_SCALING = " + L({f: {"mean": float(m), "var": float(v)} for f, m, v in
                                         zip(ns["NUMERIC"], sc.mean_, sc.var_)})

    def examples(ns):
        X, pred = ns["X_test"], ns["pipeline"].predict(ns["X_test"])
        missing = [i for i in range(len(X)) if X.iloc[i].isna().any()][:2]
        recs = []
        for i in sorted({0, 1, 2} | set(missing)):
            r = record(X, i)
            r["expected"] = float(pred[i])
            r["comment"] = "age unknown (imputed)" if r["age_years"] is None else "complete listing"
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Asking-price model (simulated listings)

Linear regression on one-hot neighbourhood/heating and standardized numeric
features; the building age is missing for some listings (mean-imputed).
Prices in thousands of euros.
"""),
        code("""
model_name = "asking-price"  # package name
price_floor_k = 50.0  # lowest price the app displays, unit: kEUR
seed = 5  # training only
""", "parameters"),
        code(IMPORTS + CT_IMPORTS + """from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler
"""),
        code("""
rng = np.random.default_rng(seed)
n = 600
df = pd.DataFrame({
    "neighbourhood": rng.choice(["center", "suburb", "rural"], n, p=[0.3, 0.5, 0.2]),
    "heating": rng.choice(["gas", "heat_pump", "oil"], n),
    "floor_area_m2": rng.normal(95, 30, n).clip(25, 250).round(1),
    "rooms": rng.integers(1, 8, n).astype(float),
    "age_years": rng.integers(0, 120, n).astype(float),
    "distance_km": rng.exponential(8, n).round(2),
})
df["price_k"] = (60 + 2.4 * df["floor_area_m2"] + 9 * df["rooms"] - 0.6 * df["age_years"]
                 - 3.5 * df["distance_km"] + 80 * (df["neighbourhood"] == "center")
                 - 35 * (df["neighbourhood"] == "rural") + 15 * (df["heating"] == "heat_pump")
                 + rng.normal(0, 25, n)).round(1)
df.loc[rng.random(n) < 0.1, "age_years"] = np.nan
"""),
        code("""
CATEGORICAL = ["neighbourhood", "heating"]
NUMERIC = ["floor_area_m2", "rooms", "age_years", "distance_km"]
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[CATEGORICAL + NUMERIC], df["price_k"], test_size=0.25, random_state=seed)
prep = ColumnTransformer([
    ("cat", OneHotEncoder(), CATEGORICAL),
    ("num", Pipeline([("imputer", SimpleImputer(strategy="mean")), ("scaler", StandardScaler())]), NUMERIC),
])
pipeline = PMMLPipeline([("prep", prep), ("ols", LinearRegression())])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["prep"].named_transformers_["num"].named_steps["scaler"]
assert [NUMERIC_SCALING[f]["mean"] for f in NUMERIC] == sc.mean_.tolist()
assert [NUMERIC_SCALING[f]["var"] for f in NUMERIC] == sc.var_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
got = pipeline.predict(ex[CATEGORICAL + NUMERIC].astype({c: float for c in NUMERIC}))
np.testing.assert_allclose(got, ex["expected"], rtol=1e-12)
pipeline.verify(X_test.head(12))
"""),
        export(),
    ]
    return Case(
        "housing-columntransformer-linear-verify",
        "regression: ColumnTransformer(OneHotEncoder, SimpleImputer(mean) + StandardScaler) + "
        "LinearRegression, verify(); scaling as per-feature {'mean', 'var'} (variance) for the "
        "numeric columns only; examples with 'expected', a 'comment' string and None inputs",
        "converts",
        "preprocessing inside the PMML, the notebook's means and variances agree with its "
        "scaler; examples with a missing age reproduce",
        cells, lambda ns: reg_rows(ns, extra=numeric_blanks(["age_years"])))


@register
def sensor_robust_outside_mlp():
    def scaling(ns):
        sc = ns["scaler"]
        f = ns["SENSORS"]
        return ("# RobustScaler fitted on the training window\n"
                + A("center_", dict(zip(f, floats(sc.center_)))) + "\n"
                + A("scale_", dict(zip(f, floats(sc.scale_)))))

    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(ns["scaler"].transform(X))
        return ("# [[temperature_c, pressure_kpa, humidity_pct, vibration_mm_s], health_index]\n"
                + "EXAMPLES = " + L([[floats(X.iloc[i]), float(pred[i])] for i in range(5)]))

    def check(ns):
        raw = pd.DataFrame([e[0] for e in ns["EXAMPLES"]], columns=ns["SENSORS"])
        m = ns["pipeline"]
        assert differs(m.predict(raw), m.predict(ns["scaler"].transform(raw)))

    cells = [
        md("""
# Pump health index from four sensors

Robust scaling happens in the edge gateway, so the exported network takes
scaled inputs.  Simulated sensor data.
"""),
        code("""
model_name = "pump-health"  # package name
hidden = (8,)  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import RobustScaler
"""),
        code("""
rng = np.random.default_rng(42)
n = 700
df = pd.DataFrame({
    "temperature_c": rng.normal(65, 8, n).round(1),
    "pressure_kpa": rng.normal(310, 25, n).round(1),
    "humidity_pct": rng.uniform(20, 90, n).round(1),
    "vibration_mm_s": rng.gamma(2.0, 1.2, n).round(2),
})
df["health_index"] = (100 - 0.8 * (df["temperature_c"] - 65).clip(0) - 6 * df["vibration_mm_s"]
                      - 0.05 * np.abs(df["pressure_kpa"] - 310) - 0.05 * df["humidity_pct"]
                      + rng.normal(0, 2, n)).round(2)
"""),
        code("""
SENSORS = ["temperature_c", "pressure_kpa", "humidity_pct", "vibration_mm_s"]  # units in the names
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(df[SENSORS], df["health_index"], test_size=0.2, random_state=0)
scaler = RobustScaler().set_output(transform="pandas").fit(X_train)
pipeline = PMMLPipeline([("mlp", MLPRegressor(hidden_layer_sizes=hidden, solver="lbfgs", alpha=0.1,
                                              max_iter=5000, random_state=0))])
pipeline.fit(scaler.transform(X_train), y_train)
print("test R^2:", round(pipeline.score(scaler.transform(X_test), y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
assert list(center_.values()) == scaler.center_.tolist() and list(scale_.values()) == scaler.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
for x, y in EXAMPLES:
    z = scaler.transform(pd.DataFrame([x], columns=SENSORS))
    assert abs(pipeline.predict(z)[0] - y) < 1e-9
"""),
        export(),
    ]
    return Case(
        "sensor-robust-outside-mlp",
        "RobustScaler outside (edge gateway), MLPRegressor exported alone; scaling as dicts "
        "named center_ / scale_ keyed by sensor; features list named SENSORS; examples as "
        "[input_list, output] pairs",
        "converts",
        "the PMML reads raw fields; the raw examples reproduce only with (x - center_) / scale_ "
        "applied",
        cells, lambda ns: reg_rows(ns, transform=lambda ns, X: ns["scaler"].transform(X)),
        check=check)


@register
def shop_xgb_missing_papermill():
    def examples(ns):
        X, pipe, t = ns["X_test"], ns["pipeline"], ns["threshold"]
        proba = pipe.predict_proba(X)[:, 1]
        border = [int(i) for i in np.where((proba >= 0.3) & (proba < 0.5))[0][:2]]
        missing = [i for i in range(len(X)) if X.iloc[i].isna().any()][:2]
        idx = sorted(set(border) | set(missing) | {0})
        lines = ["# send_offer = P(converted = 1) >= threshold; NaN = not tracked", "EXAMPLES = ["]
        for i in idx:
            r = record(X, i)
            r["p_convert"] = float(proba[i])
            r["send_offer"] = bool(proba[i] >= t)
            lines.append("    " + L(r, 4).replace("None", 'float("nan")') + ",")
        lines.append("]")
        return "\n".join(lines)

    def check(ns):
        p = np.array([e["p_convert"] for e in ns["EXAMPLES"]])
        assert np.any((p >= 0.3) != (p >= 0.5))

    cells = [
        md("""
# Offer targeting (XGBoost, papermill)

Marketing runs `papermill offers.ipynb out.ipynb -p threshold 0.3` before
each campaign.  Tracking gaps are left as NaN: XGBoost handles them.
"""),
        code("""
model_name = "offer-targeting"  # package name
threshold = 0.5  # send an offer when P(converted) >= threshold, range [0, 1]
n_estimators = 15  # training only
max_depth = 3  # training only
""", "parameters"),
        code(IMPORTS + """from xgboost import XGBClassifier
"""),
        code("""
rng = np.random.default_rng(99)
n = 700
df = pd.DataFrame({
    "visits_per_month": rng.poisson(4, n).astype(float),
    "avg_basket_eur": rng.lognormal(3.5, 0.5, n).round(2),
    "days_since_last_order": rng.integers(0, 365, n).astype(float),
    "email_open_rate": rng.beta(2, 5, n).round(3),
})
z = (-0.5 + 0.25 * df["visits_per_month"] - 0.006 * df["days_since_last_order"]
     + 3 * df["email_open_rate"] + 0.005 * df["avg_basket_eur"])
df["converted"] = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
for col in ["avg_basket_eur", "email_open_rate"]:
    df.loc[rng.random(n) < 0.1, col] = np.nan
"""),
        code("""
FEATURES = ["visits_per_month", "avg_basket_eur", "days_since_last_order", "email_open_rate"]
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(df[FEATURES], df["converted"], test_size=0.25, random_state=1)
pipeline = PMMLPipeline([("xgb", XGBClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                                learning_rate=0.3, n_jobs=1, random_state=0))])
pipeline.fit(X_train, y_train)
send = pipeline.predict_proba(X_test)[:, 1] >= threshold
print(f"threshold {threshold}: {send.mean():.1%} of test customers get an offer")
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
p = pipeline.predict_proba(ex[FEATURES])[:, 1]
assert p.tolist() == ex["p_convert"].tolist()
assert ((p >= threshold) == ex["send_offer"]).all()
"""),
        export(),
    ]
    return Case(
        "shop-xgb-missing-papermill",
        "papermill -p threshold 0.3; binary XGBClassifier (0/1 target, float32) trained with NaN "
        "gaps; examples with float('nan') inputs, p_convert and a send_offer decision boolean "
        "(borderline rows between 0.3 and 0.5)",
        "converts",
        "raw-input XGBoost with missing-value handling; examples reproduce and their decisions "
        "hold at the injected threshold 0.3",
        cells, lambda ns: clf_rows(ns, threshold=ns["threshold"], positive=1,
                                   extra=numeric_blanks(["visits_per_month", "days_since_last_order"])),
        papermill={"threshold": 0.3}, check=check)


@register
def penguins_std_inside_separate_variables():
    def scaling(ns):
        sc = ns["pipeline"].named_steps["scaler"]
        lines = ["# StandardScaler statistics, one variable each"]
        for f, m, s in zip(ns["MEASUREMENTS"], sc.mean_, sc.scale_):
            lines.append(f"{f}_mean = {float(m)!r}")
            lines.append(f"{f}_std = {float(s)!r}")
        return "\n".join(lines)

    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        labels = list(pipe.predict(X))
        recs = []
        for i in pick(labels, 5):
            r = record(X, i)
            r["species"] = labels[i]
            recs.append(r)
        return A("EXAMPLES", recs)

    cells = [
        md("""
# Penguin species from body measurements (simulated)

Three species with overlapping measurements; standardize, then multinomial
logistic regression.
"""),
        code("""
model_name = "penguin-species"  # package name
C = 1.0  # training only
""", "parameters"),
        code(IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code("""
rng = np.random.default_rng(1)
centres = {
    "Adelie": (38.8, 18.3, 190.0, 3700.0),
    "Chinstrap": (48.8, 18.4, 196.0, 3730.0),
    "Gentoo": (47.5, 15.0, 217.0, 5080.0),
}
spread = (2.8, 1.1, 6.5, 450.0)
frames = []
for species, mu in centres.items():
    block = pd.DataFrame(rng.normal(mu, spread, size=(120, 4)),
                         columns=["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
    block["species"] = species
    frames.append(block)
df = pd.concat(frames, ignore_index=True).round({"bill_length_mm": 1, "bill_depth_mm": 1,
                                                  "flipper_length_mm": 0, "body_mass_g": 0})
"""),
        code("""
MEASUREMENTS = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[MEASUREMENTS], df["species"], test_size=0.3, random_state=0, stratify=df["species"])
pipeline = PMMLPipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(C=C, max_iter=2000))])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(scaling, "scaling"),
        code("""
sc = pipeline.named_steps["scaler"]
assert [bill_length_mm_mean, bill_depth_mm_mean, flipper_length_mm_mean, body_mass_g_mean] == sc.mean_.tolist()
assert [bill_length_mm_std, bill_depth_mm_std, flipper_length_mm_std, body_mass_g_std] == sc.scale_.tolist()
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
assert (pipeline.predict(ex[MEASUREMENTS]) == ex["species"]).all()
"""),
        export(),
    ]
    return Case(
        "penguins-std-inside-separate-variables",
        "StandardScaler + multinomial LogisticRegression inside; scaling as one variable per "
        "feature and statistic (bill_length_mm_mean = ..., bill_length_mm_std = ...); features "
        "list named MEASUREMENTS; examples as records keyed by 'species'",
        "converts",
        "scaler inside the PMML and equal to the per-variable constants; example labels "
        "reproduce",
        cells, lambda ns: clf_rows(ns))


@register
def insurance_lgbm_verify():
    def examples(ns):
        X = ns["X_test"]
        pred = ns["pipeline"].predict(X)
        return "EXAMPLES = " + L([{"input": record(X, i), "expected_premium": float(pred[i])}
                                  for i in range(5)])

    cells = [
        md("""
# Annual premium (LightGBM, simulated policies)

`smoker` is coded 0/1.  Exported with verification records.
"""),
        code("""
model_name = "premium"  # package name
n_estimators = 20  # training only
num_leaves = 8  # training only
currency = "EUR"  # unit of the prediction
""", "parameters"),
        code(IMPORTS + """from lightgbm import LGBMRegressor
"""),
        code("""
rng = np.random.default_rng(8)
n = 600
df = pd.DataFrame({
    "age": rng.integers(18, 80, n).astype(float),
    "bmi": rng.normal(27, 4.5, n).clip(16, 50).round(1),
    "children": rng.integers(0, 5, n).astype(float),
    "smoker": (rng.random(n) < 0.2).astype(float),
    "annual_km": rng.normal(12000, 5000, n).clip(0).round(-2),
})
df["premium_eur"] = (300 + 12 * df["age"] + 15 * (df["bmi"] - 25).clip(0) + 40 * df["children"]
                     + 900 * df["smoker"] + 0.01 * df["annual_km"] + rng.normal(0, 80, n)).round(2)
"""),
        code("""
FEATURES = ["age", "bmi", "children", "smoker", "annual_km"]  # smoker: one of {0, 1}
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(df[FEATURES], df["premium_eur"], test_size=0.25, random_state=4)
pipeline = PMMLPipeline([("lgbm", LGBMRegressor(n_estimators=n_estimators, num_leaves=num_leaves,
                                                 learning_rate=0.15, random_state=0, n_jobs=1,
                                                 deterministic=True, force_row_wise=True, verbose=-1))])
pipeline.fit(X_train, y_train)
print("test R^2:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
got = pipeline.predict(pd.DataFrame([e["input"] for e in EXAMPLES]))
np.testing.assert_allclose(got, [e["expected_premium"] for e in EXAMPLES], rtol=1e-12)
pipeline.verify(X_test.sample(10, random_state=0))
"""),
        export(),
    ]
    return Case(
        "insurance-lgbm-verify",
        "LGBMRegressor (20 trees) with verify(); a 0/1 numeric input; examples as {input: "
        "{...}, expected_premium: y}; a non-numeric parameter (currency)",
        "converts",
        "raw-input LightGBM regression with ModelVerification; examples reproduce",
        cells, lambda ns: reg_rows(ns))


@register
def loans_flags_from_old_threshold():
    def examples(ns):
        X, pipe = ns["X_test"], ns["pipeline"]
        pos = list(pipe.classes_).index("default")
        proba = pipe.predict_proba(X)[:, pos]
        mid = [int(i) for i in np.where((proba >= 0.3) & (proba < 0.5))[0][:3]]
        idx = sorted(set(mid) | {int(np.argmax(proba)), int(np.argmin(proba))})
        recs = []
        for i in idx:
            r = record(X, i)
            r["p_default"] = float(proba[i])
            r["review"] = bool(proba[i] >= 0.5)  # written when the cut-off was 0.5
            recs.append(r)
        return "# review = P(default) >= threshold\n" + A("EXAMPLES", recs)

    def check(ns):
        p = np.array([e["p_default"] for e in ns["EXAMPLES"]])
        flags = np.array([e["review"] for e in ns["EXAMPLES"]])
        assert np.any((p >= ns["threshold"]) != flags)

    cells = [
        md("""
# Loan review queue (logistic regression)

The risk committee lowered the review cut-off from 0.5 to 0.3 in Q3.
"""),
        code("""
model_name = "loan-review"  # package name
threshold = 0.3  # review when P(default) >= threshold, range [0, 1] (was 0.5 until Q3)
positive_class = "default"  # one of {default, repaid}
seed = 21  # training only
""", "parameters"),
        code(IMPORTS + CT_IMPORTS + """from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
"""),
        code(LOANS_DATA),
        code("""
CATEGORICAL = ["purpose", "employment"]
NUMERIC = ["income_k", "loan_amount_k", "credit_score", "debt_ratio"]
""", "features"),
        code("""
X_train, X_test, y_train, y_test = train_test_split(
    df[CATEGORICAL + NUMERIC], df["outcome"], test_size=0.25, random_state=seed)
pipeline = PMMLPipeline([
    ("prep", ColumnTransformer([
        ("cat", OneHotEncoder(), CATEGORICAL),
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), NUMERIC),
    ])),
    ("clf", LogisticRegression(max_iter=2000)),
])
pipeline.fit(X_train, y_train)
print("accuracy:", round(pipeline.score(X_test, y_test), 3))
"""),
        code(examples, "examples"),
        code("""
ex = pd.DataFrame(EXAMPLES)
p = pipeline.predict_proba(ex[CATEGORICAL + NUMERIC].astype({c: float for c in NUMERIC}))[:, 0]
np.testing.assert_allclose(p, ex["p_default"], rtol=1e-12)  # probabilities are current
"""),
        export(),
    ]
    return Case(
        "loans-flags-from-old-threshold",
        "ColumnTransformer + LogisticRegression; threshold parameter 0.3 but the examples' "
        "'review' booleans were computed at the old cut-off 0.5 (the probabilities are current)",
        "refused",
        "the examples' decisions contradict the package: with the model's probabilities and "
        "the notebook's threshold 0.3, rows with 0.3 <= P(default) < 0.5 must be reviewed but "
        "the examples say False",
        cells, lambda ns: clf_rows(ns, threshold=ns["threshold"], positive="default"),
        diagnostic="spec.example-mismatch", check=check)
