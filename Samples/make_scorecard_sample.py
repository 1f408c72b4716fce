"""The credit-scorecard sample: a points scorecard with reason codes, built by hand from a logistic regression.

Not run directly: `python3 Samples/make_samples.py credit-scorecard` imports this module (same helpers and
conventions as the other samples; see Samples/README.md).

What the notebook does is what credit-risk teams do without a PMML exporter: bin each characteristic by hand, compute
the weight of evidence (WoE) of each bin on the training rows, fit scikit-learn's LogisticRegression on the WoE
columns, turn the coefficients into integer points (points to double the odds, `pdo`, and a base score at base odds),
and write the PMML Scorecard itself with xml.etree: one Characteristic per input, its bins as Attributes, the best
bin's points as the baseline (`baselineMethod="max"`, reason codes `pointsBelow`: a reason code says where the
applicant lost the most points), and three reason-code OutputFields.

rows.csv holds what JPMML-Evaluator (the jpmml_evaluator package, the PMML runtime) computes for every held-out row
and for rows with a missing or unseen value: the score and the three reason codes. The notebook's own scorer (pure
Python, in the notebook) must agree with it on every row, or this script stops.
"""

import math

import numpy as np
import pandas as pd

from make_samples import HERE, assign, build_notebook, execute_and_write, scrub_pmml, write_rows

FOLDER = "credit-scorecard"
FEATURES = ["age", "monthly_income", "months_employed", "debt_ratio", "home"]

DATA_CELL = '''
rng = np.random.default_rng(data_seed)
n = n_applicants
age = np.clip(rng.normal(41, 12, n).round(), 18, 80)
monthly_income = np.round(rng.lognormal(8.0, 0.5, n), 2)
months_employed = np.clip(rng.exponential(60, n).round(), 0, 480)
debt_ratio = np.round(np.clip(rng.gamma(2.0, 0.18, n), 0, 2), 3)
home = rng.choice(["own", "mortgage", "rent", "other"], size=n, p=[0.25, 0.35, 0.33, 0.07])
# Applicants who left the income box empty (the model must take them).
monthly_income[rng.random(n) < income_missing_rate] = np.nan

# Who defaulted within 12 months: more likely when young, poorer, recently employed, indebted or renting.
log_odds = (
    -2.2 - 0.03 * (age - 40) - 0.5 * (np.nan_to_num(monthly_income, nan=2500) / 3000 - 1)
    - 0.006 * (months_employed - 60) + 2.0 * (debt_ratio - 0.36)
    + np.select([home == "rent", home == "other"], [0.45, 0.7], 0.0) + 0.4 * np.isnan(monthly_income)
)
bad = (rng.random(n) < 1 / (1 + np.exp(-log_odds))).astype(int)
frame = pd.DataFrame({
    "age": age, "monthly_income": monthly_income, "months_employed": months_employed,
    "debt_ratio": debt_ratio, "home": home, "bad": bad,
})
print(f"{len(frame)} applicants, {frame.bad.mean():.1%} defaulted, {frame.monthly_income.isna().mean():.1%} without income")
'''

BINNING_CELL = '''
def bin_of(feature, value):
    """The name of the bin a raw value falls in (the Attribute it becomes in the scorecard)."""
    spec = BINS[feature]
    if spec["kind"] == "categories":
        return value if value in spec["categories"] else "other"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    edges = spec["edges"]
    for lower, upper in zip([None] + edges, edges + [None]):
        if upper is None or value < upper:
            return interval_name(lower, upper)
    raise AssertionError("unreachable")


def interval_name(lower, upper):
    if lower is None:
        return f"< {upper:g}"
    if upper is None:
        return f">= {lower:g}"
    return f"[{lower:g}, {upper:g})"


def bins(feature):
    """Every bin of a feature, in scorecard order."""
    spec = BINS[feature]
    if spec["kind"] == "categories":
        return spec["categories"] + ["other"]
    edges = spec["edges"]
    names = [interval_name(lo, hi) for lo, hi in zip([None] + edges, edges + [None])]
    return (["missing"] if spec.get("missing") else []) + names


binned_train = pd.DataFrame({f: [bin_of(f, v) for v in X_train[f]] for f in FEATURES}, index=X_train.index)
binned_test = pd.DataFrame({f: [bin_of(f, v) for v in X_test[f]] for f in FEATURES}, index=X_test.index)
'''

WOE_CELL = '''
# Weight of evidence of each bin on the training rows: ln(share of goods / share of bads), with half a count added
# to every cell so that an empty bin stays finite.
goods, bads = (y_train == 0).sum(), (y_train == 1).sum()
WOE = {}
for f in FEATURES:
    WOE[f] = {}
    for b in bins(f):
        in_bin = binned_train[f] == b
        good = ((y_train == 0) & in_bin).sum() + 0.5
        bad = ((y_train == 1) & in_bin).sum() + 0.5
        WOE[f][b] = math.log((good / goods) / (bad / bads))
woe_train = pd.DataFrame({f: binned_train[f].map(WOE[f]) for f in FEATURES})
woe_test = pd.DataFrame({f: binned_test[f].map(WOE[f]) for f in FEATURES})

regression = LogisticRegression(C=C, max_iter=1000).fit(woe_train, y_train)
auc = roc_auc_score(y_test, regression.predict_proba(woe_test)[:, 1])
print(f"test AUC {auc:.3f}; coefficients", dict(zip(FEATURES, regression.coef_[0].round(3))))
'''

POINTS_CELL = '''
# Points: score = offset + factor * ln(odds of good), split evenly over the characteristics, rounded to integers.
factor = pdo / math.log(2)
offset = base_score - factor * math.log(base_odds)
intercept, coefficients = regression.intercept_[0], dict(zip(FEATURES, regression.coef_[0]))
POINTS = {
    f: {b: int(round(-(coefficients[f] * WOE[f][b] + intercept / len(FEATURES)) * factor + offset / len(FEATURES)))
        for b in bins(f)}
    for f in FEATURES
}
for f in FEATURES:
    print(f, POINTS[f])
'''

SCORER_CELL = '''
def score(applicant):
    """The scorecard by hand: the points of each characteristic's bin, and the reason codes (the characteristics
    where the applicant is furthest below the best bin, most first; a characteristic at its best bin still counts,
    with 0 points)."""
    total, below = 0, {}
    for f in FEATURES:
        b = bin_of(f, applicant.get(f))
        total += POINTS[f][b]
        code = REASON_CODES[f] if not (f == "monthly_income" and b == "missing") else "INCOME_NOT_STATED"
        below[code] = below.get(code, 0) + max(POINTS[f].values()) - POINTS[f][b]
    ranked = sorted((c for c in below if below[c] >= 0), key=lambda c: -below[c])
    return total, ranked
'''

EXPORT_CELL = '''
# The PMML Scorecard, written by hand: one Characteristic per input, its bins as Attributes in order, the best bin's
# points as the baseline.
P = "http://www.dmg.org/PMML-4_4"
ET.register_namespace("", P)


def el(parent, tag, **attributes):
    return ET.SubElement(parent, f"{{{P}}}{tag}", {k: str(v) for k, v in attributes.items()})


def number(x):
    return repr(float(x)) if isinstance(x, float) else str(x)


pmml = ET.Element(f"{{{P}}}PMML", version="4.4")
header = el(pmml, "Header", description="credit-risk points scorecard (WoE bins, logistic regression)")
el(header, "Application", name="hand-written xml.etree", version=platform.python_version())
dictionary = el(pmml, "DataDictionary")
for f in FEATURES:
    if f == "home":
        field = el(dictionary, "DataField", name=f, optype="categorical", dataType="string")
        for category in BINS[f]["categories"] + ["other"]:
            el(field, "Value", value=category)
    else:
        el(dictionary, "DataField", name=f, optype="continuous", dataType="double")
el(dictionary, "DataField", name="score", optype="continuous", dataType="double")
card = el(pmml, "Scorecard", modelName=model_name, functionName="regression", initialScore="0",
          useReasonCodes="true", reasonCodeAlgorithm="pointsBelow", baselineMethod="max")
schema = el(card, "MiningSchema")
for f in FEATURES:
    # An unseen home (not in the DataDictionary) is scored as "other", as bin_of does.
    el(schema, "MiningField", name=f, invalidValueTreatment="asIs")
el(schema, "MiningField", name="score", usageType="target")
output = el(card, "Output")
el(output, "OutputField", name="Final score", optype="continuous", dataType="double", feature="predictedValue")
for rank in (1, 2, 3):
    el(output, "OutputField", name=f"Reason code {rank}", optype="categorical", dataType="string",
       feature="reasonCode", rank=rank)
characteristics = el(card, "Characteristics")
for f in FEATURES:
    characteristic = el(characteristics, "Characteristic", name=f"{f}_points", reasonCode=REASON_CODES[f],
                        baselineScore=max(POINTS[f].values()))
    spec = BINS[f]
    for b in bins(f):
        attribute = el(characteristic, "Attribute", partialScore=POINTS[f][b])
        if spec["kind"] == "categories":
            if b == "other":
                el(attribute, "True")
            else:
                el(attribute, "SimplePredicate", field=f, operator="equal", value=b)
            continue
        if b == "missing":
            attribute.set("reasonCode", "INCOME_NOT_STATED")
            el(attribute, "SimplePredicate", field=f, operator="isMissing")
            continue
        index = bins(f).index(b) - (1 if spec.get("missing") else 0)
        edges = spec["edges"]
        lower = edges[index - 1] if index > 0 else None
        upper = edges[index] if index < len(edges) else None
        if lower is not None and upper is not None:
            both = el(attribute, "CompoundPredicate", booleanOperator="and")
            el(both, "SimplePredicate", field=f, operator="greaterOrEqual", value=number(lower))
            el(both, "SimplePredicate", field=f, operator="lessThan", value=number(upper))
        elif upper is not None:
            el(attribute, "SimplePredicate", field=f, operator="lessThan", value=number(upper))
        else:
            el(attribute, "SimplePredicate", field=f, operator="greaterOrEqual", value=number(lower))
ET.indent(pmml)
ET.ElementTree(pmml).write("model.pmml", encoding="UTF-8", xml_declaration=True)
print("exported model.pmml")
'''


def make_credit_scorecard():
    from jpmml_evaluator import make_evaluator

    folder = HERE / FOLDER
    folder.mkdir(exist_ok=True)
    params = dict(
        n_applicants=4000, data_seed=7, income_missing_rate=0.08, test_size=0.25, random_state=42, C=1.0,
        pdo=20.0, base_score=600.0, base_odds=50.0)
    bins = {
        "age": {"kind": "edges", "edges": [25.0, 35.0, 50.0]},
        "monthly_income": {"kind": "edges", "edges": [2000.0, 3500.0, 5000.0], "missing": True},
        "months_employed": {"kind": "edges", "edges": [12.0, 36.0, 120.0]},
        "debt_ratio": {"kind": "edges", "edges": [0.2, 0.4, 0.7]},
        "home": {"kind": "categories", "categories": ["own", "mortgage", "rent"]},
    }
    reason_codes = {
        "age": "AGE", "monthly_income": "INCOME", "months_employed": "EMPLOYMENT", "debt_ratio": "DEBT_RATIO",
        "home": "HOUSING",
    }

    # The notebook's first cells, run here too: the same data, bins, WoE and points, so that the examples and the
    # edge rows can be pasted into it.
    scope = dict(np=np, pd=pd, math=math, FEATURES=FEATURES, BINS=bins, REASON_CODES=reason_codes, **params)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split
    scope.update(LogisticRegression=LogisticRegression, roc_auc_score=roc_auc_score)
    exec(DATA_CELL, scope)
    frame = scope["frame"]
    X_train, X_test, y_train, y_test = train_test_split(
        frame[FEATURES], frame["bad"], test_size=params["test_size"], random_state=params["random_state"],
        stratify=frame["bad"])
    scope.update(X_train=X_train, X_test=X_test, y_train=y_train, y_test=y_test)
    for cell in (BINNING_CELL, WOE_CELL, POINTS_CELL, SCORER_CELL):
        exec(cell, scope)
    score = scope["score"]

    def applicant(row):
        return {f: (None if (f != "home" and isinstance(row[f], float) and math.isnan(row[f])) else
                    (row[f] if f == "home" else float(row[f]))) for f in FEATURES}

    test_rows = [applicant(row) for _, row in X_test.iterrows()]
    # Rows the held-out set may not have: a missing income, an unseen home, values on every bin edge.
    edge_rows = [
        {"age": 25.0, "monthly_income": None, "months_employed": 12.0, "debt_ratio": 0.2, "home": "rent"},
        {"age": 35.0, "monthly_income": 2000.0, "months_employed": 36.0, "debt_ratio": 0.4, "home": "boat"},
        {"age": 50.0, "monthly_income": 3500.0, "months_employed": 120.0, "debt_ratio": 0.7, "home": "own"},
        {"age": 18.0, "monthly_income": 5000.0, "months_employed": 0.0, "debt_ratio": 1.9, "home": "other"},
        {"age": 80.0, "monthly_income": 1999.99, "months_employed": 480.0, "debt_ratio": 0.0, "home": "mortgage"},
    ]
    chosen = [0, 1, 2, 3]
    first_missing = next(i for i, r in enumerate(test_rows) if r["monthly_income"] is None)
    examples = []
    for r in [test_rows[i] for i in chosen + [first_missing]]:
        total, _ = score(r)
        examples.append({**r, "prediction": float(total)})

    cells = [
        ("md", """
# Credit-risk scorecard (points and reason codes)

A points scorecard for personal-loan applications: each of five characteristics (age, monthly income, months with
the current employer, debt-to-income ratio, housing) gives points for the bin the applicant falls in; the score is
their sum, higher is safer.  The reason codes name the characteristics where the applicant lost the most points
against the best bin, the explanation lenders give with a decline.

Data: synthetic applicants generated below with a fixed seed (no personal data).  Method: hand-made bins, weight of
evidence per bin, scikit-learn's LogisticRegression on the WoE columns, points scaled so that `pdo` points double
the odds of repaying and `base_score` means odds of `base_odds` to one.  There is no PMML exporter for this, so the
last cell writes the PMML Scorecard by hand.  Caveats: synthetic data, a demonstration of the method only; **not for
lending decisions**.
""", None),
        ("code", f"""
model_name = "credit-scorecard"  # package name
n_applicants = {params['n_applicants']}  # size of the synthetic dataset (training only)
data_seed = {params['data_seed']}  # seed of the synthetic data generator (training only)
income_missing_rate = {params['income_missing_rate']}  # share of applicants without a stated income (training only), range [0, 1), unit: fraction
test_size = {params['test_size']}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {params['random_state']}  # seed for the train/test split (training only)
C = {params['C']}  # inverse regularisation strength of the logistic regression (training only)
pdo = {params['pdo']}  # points that double the odds of repaying (training only), unit: points
base_score = {params['base_score']}  # the score at base_odds (training only), unit: points
base_odds = {params['base_odds']}  # odds of repaying at base_score (training only)
""", ["parameters"]),
        ("code", """
import math
import platform
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split
""", None),
        ("md", "## Data", None),
        ("code", DATA_CELL, None),
        ("md", "The model inputs, in scorecard order:", None),
        ("code", assign("FEATURES", FEATURES), ["features"]),
        ("code", """
X_train, X_test, y_train, y_test = train_test_split(
    frame[FEATURES], frame["bad"], test_size=test_size, random_state=random_state, stratify=frame["bad"]
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", """
## Bins

Chosen by hand from the training distribution, rounded to values a credit officer can read.  A numeric bin
`[a, b)` holds `a <= x < b`; monthly income has a bin of its own for applicants who did not state it; a home that is
none of the listed ones counts as `other`.
""", None),
        ("code", assign("BINS", bins), None),
        ("code", BINNING_CELL, None),
        ("md", "## Weight of evidence and the logistic regression", None),
        ("code", WOE_CELL, None),
        ("md", "## Points", None),
        ("code", POINTS_CELL, None),
        ("md", """
## Reason codes

One per characteristic; an applicant without a stated income gets `INCOME_NOT_STATED` instead of `INCOME`.
""", None),
        ("code", assign("REASON_CODES", reason_codes), None),
        ("code", SCORER_CELL, None),
        ("md", """
## Golden examples

Held-out applicants (one without a stated income) with the score of the scorecard above.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
for example in EXAMPLES:
    assert score(example)[0] == example["prediction"], example
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    nb = build_notebook(cells)
    execute_and_write(nb, folder)

    # The PMML runtime scores every row; the notebook's scorer must agree with it.
    evaluator = make_evaluator(str(folder / "model.pmml")).verify()
    header = FEATURES + ["prediction", "reasonCode(1)", "reasonCode(2)", "reasonCode(3)"]
    rows = []
    for r in test_rows + edge_rows:
        result = evaluator.evaluate({f: r[f] for f in FEATURES})
        total, ranked = score(r)
        codes = [result.get(f"Reason code {k}") for k in (1, 2, 3)]
        if float(result["Final score"]) != total or [c for c in codes if c] != ranked[:3]:
            raise RuntimeError(f"JPMML-Evaluator and the notebook's scorer differ on {r}: {result} vs {total}, {ranked}")
        cells = ["" if r[f] is None else (r[f] if f == "home" else repr(float(r[f]))) for f in FEATURES]
        rows.append(cells + [repr(float(result["Final score"]))] + [c or "" for c in codes])
    write_rows(folder / "rows.csv", header, rows)
    return folder, len(rows)


SCORECARD_SAMPLES = {FOLDER: make_credit_scorecard}
