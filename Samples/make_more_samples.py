"""The eight tree / ensemble / neural-network / one-hot / missing-value samples.

Not run directly: `python3 Samples/make_samples.py` imports this module and
calls every `make_*` function in `SAMPLES`, after the three original samples.
The helpers (literal formatting, notebook building and execution, PMML
scrubbing, CSV writing) come from make_samples.py, so all eleven samples
follow the same conventions.  See Samples/README.md.
"""

import math

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import LabelEncoder, OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from make_samples import (
    EXPORT_CELL,
    HERE,
    assign,
    build_notebook,
    execute_and_write,
    floats,
    pick_examples,
    scrub_pmml,
    write_rows,
)


def num(v):
    """A CSV cell: a string as is, repr() of a number, or an empty cell for a missing value."""
    if isinstance(v, str):
        return v
    f = float(v)
    return "" if math.isnan(f) else repr(f)


def finish(folder, cells, header, rows, pmml=True):
    """Execute the notebook, scrub its model.pmml (unless pmml=False: the native
    samples of make_native_samples.py export no PMML) and write rows.csv."""
    nb = build_notebook(cells)
    execute_and_write(nb, folder)
    if pmml:
        scrub_pmml(folder / "model.pmml")
    write_rows(folder / "rows.csv", header, rows)
    return folder, len(rows)


def classification_rows(X, labels, proba, extra=None):
    rows = []
    for i in range(len(X)):
        row = [num(v) for v in X.iloc[i]]
        row.append(labels[i])
        row += [repr(float(p)) for p in proba[i]]
        if extra is not None:
            row.append(extra[i])
        rows.append(row)
    return rows


def record_examples(X, idx, features, labels, proba, classes):
    out = []
    for i in idx:
        rec = {f: X.iloc[i][f] for f in features}
        rec = {f: (v if isinstance(v, str) else float(v)) for f, v in rec.items()}
        rec["label"] = labels[i]
        rec["probabilities"] = {c: float(p) for c, p in zip(classes, proba[i])}
        out.append(rec)
    return out


IRIS_DATA_CELL = """
data = load_iris(as_frame=True)
frame = data.frame.copy()
frame["species"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
print(f"{frame.shape[0]} flowers, {frame.shape[1] - 1} features")
print(frame["species"].value_counts().sort_index().to_string())
"""


def load_iris_frame():
    data = load_iris(as_frame=True)
    frame = data.frame.copy()
    frame["species"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
    return frame, list(data.feature_names)


# --------------------------------------------------------------------------
# Sample 4: iris, DecisionTreeClassifier (max_depth 4), threshold rows
# --------------------------------------------------------------------------

def threshold_rows(model, X_train, features):
    """Rows whose value of a split feature sits exactly on (or next to) a
    split threshold.  For every internal node, the first training row whose
    decision path goes through the node is copied and the node's feature is
    replaced by, in order (duplicates dropped):
      * t: tree_.threshold, the float64 midpoint scikit-learn compares with;
      * f: the largest float32 <= t, which is the value sklearn2pmml writes
        into the PMML (as float32's shortest decimal), as a float64;
      * d: that shortest decimal string parsed as a float64;
      * f + ulp/4: a float64 just above f that still rounds to f in float32;
      * the next float32 above f, the smallest input that goes right.
    scikit-learn casts X to float32 and goes left when float32(x) <= t."""
    tree = model.tree_
    paths = model.decision_path(X_train).tocsc()
    out = []
    for node in range(tree.node_count):
        if tree.children_left[node] == -1:
            continue
        j, t = int(tree.feature[node]), float(tree.threshold[node])
        f32 = np.float32(t)
        if float(f32) > t:
            f32 = np.nextafter(f32, np.float32(-np.inf))
        above = np.nextafter(f32, np.float32(np.inf))
        # The base row: the first training row through this node for which
        # the two sides of the split give different probabilities (so the
        # side taken is visible in the output), else the first one.
        through = sorted(paths[:, node].nonzero()[0])
        base = X_train.iloc[through[0]].to_numpy(dtype=float)
        for i in through:
            pair = np.tile(X_train.iloc[i].to_numpy(dtype=float), (2, 1))
            pair[0, j], pair[1, j] = float(f32), float(above)
            p = model.predict_proba(pd.DataFrame(pair, columns=features))
            if not np.array_equal(p[0], p[1]):
                base = pair[0].copy()
                break
        values = [t, float(f32), float(str(f32)), float(f32) + float(np.spacing(f32)) / 4, float(above)]
        seen = []
        for v in values:
            if v not in seen:
                seen.append(v)
        for v in seen:
            row = base.copy()
            row[j] = v
            out.append((node, features[j], t, row))
    return out


def make_iris_tree():
    folder = HERE / "iris-decision-tree"
    folder.mkdir(exist_ok=True)
    max_depth, criterion, test_size, random_state = 4, "gini", 0.4, 42

    frame, features = load_iris_frame()
    X, y = frame[features], frame["species"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    model = DecisionTreeClassifier(max_depth=max_depth, criterion=criterion, random_state=random_state)
    pipe = Pipeline([("classifier", model)]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]

    edge = threshold_rows(model, X_train, features)
    X_edge = pd.DataFrame([r for _, _, _, r in edge], columns=features)
    X_all = pd.concat([X_test, X_edge], ignore_index=True)
    labels = [str(c) for c in pipe.predict(X_all)]
    proba = pipe.predict_proba(X_all)
    n_test = len(X_test)
    examples = record_examples(X_all, pick_examples(labels[:n_test]), features, labels, proba, classes)

    cells = [
        ("md", """
# Iris species (decision tree)

This notebook identifies the species of an iris flower (*setosa*,
*versicolor* or *virginica*) from four measurements of its sepals and petals,
using a single shallow decision tree whose rules a person can read.  It is
meant for engineers and students who need a small, interpretable multi-class
model to exercise a deployment pipeline.  Data: Fisher's iris dataset bundled
with scikit-learn (`sklearn.datasets.load_iris`, 150 flowers, 50 per species).

Caveats: tiny dataset; the tree is limited to depth 4 and its class
probabilities are leaf frequencies, so they are coarse (often exactly 0 or 1).
Any flower that is not one of these three species is still assigned to one of
them.  scikit-learn compares every split on the `float32` value of the input,
which matters only for inputs that fall exactly on a threshold.
""", None),
        ("code", f"""
model_name = "iris-species-tree"  # package name
max_depth = {max_depth}  # maximum depth of the tree (training only), range [1, inf)
criterion = "{criterion}"  # split quality measure (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the tree (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier, export_text
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", IRIS_DATA_CELL, None),
        ("md", "The model inputs (in centimetres), in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["species"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit the tree", None),
        ("code", """
pipeline = PMMLPipeline([
    ("classifier", DecisionTreeClassifier(
        max_depth=max_depth, criterion=criterion, random_state=random_state)),
])
pipeline.fit(X_train, y_train)
tree = pipeline.named_steps["classifier"]
print("classes:", list(pipeline.classes_))
print(f"{tree.tree_.node_count} nodes, {tree.get_n_leaves()} leaves, depth {tree.get_depth()}")
print(export_text(tree, feature_names=FEATURES))
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
print(f"accuracy = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}")
""", None),
        ("md", """
## Golden examples

Five held-out rows with the predicted species and the class probabilities
(the class frequencies in the leaf the row ends in).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
expected = [[e["probabilities"][c] for c in pipeline.classes_] for e in EXAMPLES]
assert list(pipeline.predict(inputs)) == [e["label"] for e in EXAMPLES]
assert np.allclose(pipeline.predict_proba(inputs), expected, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    folder, n = finish(folder, cells, header, classification_rows(X_all, labels, proba))
    # A summary for the README / report.
    goes_right = 0
    for node, name, t, row in edge:
        x32 = np.float32(row[features.index(name)])
        goes_right += float(x32) > t
    print(f"  iris-decision-tree: {n_test} test rows + {len(edge)} threshold rows "
          f"({len({e[0] for e in edge})} split nodes; {goes_right} of them go right)")
    return folder, n


# --------------------------------------------------------------------------
# Sample 5: diabetes, RandomForestRegressor(50 trees, max_depth 8)
# --------------------------------------------------------------------------

DIABETES_MD_DATA = """
from `sklearn.datasets.load_diabetes(scaled=False)` (442 patients, Efron et
al., *Least Angle Regression*, 2004) in original units (`sex` is 1 or 2).
"""


def diabetes_split(test_size, random_state):
    data = load_diabetes(scaled=False, as_frame=True)
    frame = data.frame.rename(columns={"target": "progression"})
    features = list(data.feature_names)
    X, y = frame[features], frame["progression"]
    return features, train_test_split(X, y, test_size=test_size, random_state=random_state)


DIABETES_DATA_CELL = """
data = load_diabetes(scaled=False, as_frame=True)
frame = data.frame.rename(columns={"target": "progression"})
print(f"{frame.shape[0]} patients, {frame.shape[1] - 1} features")
"""

DIABETES_SPLIT_CELL = """
X = frame[FEATURES]
y = frame["progression"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
"""

REGRESSION_METRICS_CELL = """
pred = pipeline.predict(X_test)
rmse = mean_squared_error(y_test, pred) ** 0.5
print(f"R^2 = {r2_score(y_test, pred):.4f}  RMSE = {rmse:.2f}  MAE = {mean_absolute_error(y_test, pred):.2f}")
"""

REGRESSION_EXAMPLES_CHECK = """
examples = pd.DataFrame(EXAMPLES)
assert np.allclose(pipeline.predict(examples[FEATURES]), examples["prediction"], rtol=1e-12, atol=0)
print(f"{len(EXAMPLES)} golden examples reproduced")
"""


def regression_examples(X_test, pred, features, idx):
    out = []
    for i in idx:
        rec = {f: (None if math.isnan(float(X_test.iloc[i][f])) else float(X_test.iloc[i][f]))
               for f in features}
        rec["prediction"] = float(pred[i])
        out.append(rec)
    return out


def regression_rows(X_test, pred):
    return [[num(v) for v in X_test.iloc[i]] + [repr(float(pred[i]))] for i in range(len(X_test))]


def missing_value_rows(X_test, features, roots, split_counts, predict):
    """Held-out rows with some inputs blanked (NaN), for the two boosters that
    take a missing input natively (wine-xgboost, diabetes-lightgbm).  They are
    appended to rows.csv after the test set; their outputs come from the
    booster itself, like the test rows'.

    roots: the root-split features of the first boosting round, in tree order;
    split_counts: {feature: number of splits on it in the whole model};
    predict: the model's outputs (an array, one row per input row).
    Each missing row is a copy of a held-out row with these inputs blanked:
      * each distinct root feature, alone;
      * the most used non-root feature, alone;
      * the two most used features;
      * the first root feature and the two most used other ones;
      * every other feature (FEATURES[0::2]), then the rest (FEATURES[1::2]);
      * every feature but the first root feature;
      * every feature.
    Ties in use are broken by FEATURES order.  The held-out row is the first
    one (test-set order), not used by an earlier missing row, whose outputs
    change when those inputs are blanked, so that each row shows the missing
    values' effect.  Returns the rows (a DataFrame with the columns of X_test)
    and the blanked features of each."""
    by_use = sorted(features, key=lambda f: (-split_counts.get(f, 0), features.index(f)))
    distinct_roots = list(dict.fromkeys(roots))
    root = distinct_roots[0]
    others = [f for f in by_use if f != root]
    blanks = [[f] for f in distinct_roots]
    blanks.append([next(f for f in by_use if f not in distinct_roots)])
    blanks.append(by_use[:2])
    blanks.append([root] + others[:2])
    blanks.append(features[0::2])
    blanks.append(features[1::2])
    blanks.append([f for f in features if f != root])
    blanks.append(list(features))
    full = X_test.to_numpy(dtype=float)
    before = np.asarray(predict(X_test))
    rows, used = [], set()
    for blank in blanks:
        cols = [features.index(f) for f in blank]
        trial = full.copy()
        trial[:, cols] = np.nan
        after = np.asarray(predict(pd.DataFrame(trial, columns=list(X_test.columns))))
        changed = [i for i in range(len(full))
                   if i not in used and not np.array_equal(before[i], after[i])]
        if not changed:
            raise RuntimeError(f"blanking {blank} changes no held-out row's output")
        used.add(changed[0])
        rows.append(trial[changed[0]])
    return pd.DataFrame(rows, columns=list(X_test.columns)), blanks


def describe_missing_rows(name, n_test, blanks):
    print(f"  {name}: {n_test} test rows + {len(blanks)} rows with missing inputs "
          f"(blanked per row: {[len(b) for b in blanks]}; alone: "
          f"{[b[0] for b in blanks if len(b) == 1]})")


def make_diabetes_forest():
    folder = HERE / "diabetes-random-forest"
    folder.mkdir(exist_ok=True)
    n_estimators, max_depth, test_size, random_state = 50, 8, 0.25, 42

    features, (X_train, X_test, y_train, y_test) = diabetes_split(test_size, random_state)
    pipe = Pipeline([("regressor", RandomForestRegressor(
        n_estimators=n_estimators, max_depth=max_depth, random_state=random_state, n_jobs=1))])
    pipe.fit(X_train, y_train)
    pred = pipe.predict(X_test)
    examples = regression_examples(X_test, pred, features, range(5))

    cells = [
        ("md", """
# Diabetes disease progression (random forest)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements), by averaging
50 regression trees.  It is meant for engineers and students who need a
realistic tree-ensemble regressor to exercise a deployment pipeline.  Data:
the diabetes dataset bundled with scikit-learn""" + DIABETES_MD_DATA + """
Caveats: small, old cohort; the forest explains well under half of the
variance on held-out data and cannot predict outside the range of training
targets; the target is a research-specific score: **not for clinical use**.
No scaling is needed: the exported `model.pmml` takes raw values.
""", None),
        ("code", f"""
model_name = "diabetes-progression-forest"  # package name
bmi_min = 10.0  # lowest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
bmi_max = 60.0  # highest body mass index the package accepts (a guard rail), range [0, 100], unit: kg/m2
prediction_max = 400.0  # predictions above this cap are lowered to it
n_estimators = {n_estimators}  # number of trees (training only), range [1, inf)
max_depth = {max_depth}  # maximum depth of each tree (training only), range [1, inf)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the bootstrap samples (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", DIABETES_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", DIABETES_SPLIT_CELL, None),
        ("md", "## Fit the forest (single-threaded, so the result is reproducible)", None),
        ("code", """
pipeline = PMMLPipeline([
    ("regressor", RandomForestRegressor(
        n_estimators=n_estimators, max_depth=max_depth, random_state=random_state, n_jobs=1)),
])
pipeline.fit(X_train, y_train)
forest = pipeline.named_steps["regressor"]
print(f"{len(forest.estimators_)} trees, {sum(t.tree_.node_count for t in forest.estimators_)} nodes in total")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", REGRESSION_METRICS_CELL, None),
        ("md", """
## Golden examples

The first five held-out rows with the forest's prediction (the mean of the 50
tree predictions).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", REGRESSION_EXAMPLES_CHECK, None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    return finish(folder, cells, features + ["prediction"], regression_rows(X_test, pred))


# --------------------------------------------------------------------------
# Sample 6: breast cancer, GradientBoostingClassifier, threshold parameter
# --------------------------------------------------------------------------

def make_breast_cancer_gb():
    folder = HERE / "breast-cancer-gradient-boosting"
    folder.mkdir(exist_ok=True)
    threshold, positive_class = 0.4, "malignant"
    n_estimators, max_depth, learning_rate, test_size, random_state = 100, 3, 0.1, 0.25, 42

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.copy()
    frame["diagnosis"] = frame.pop("target").map({0: "malignant", 1: "benign"})
    features = list(data.feature_names)
    X, y = frame[features], frame["diagnosis"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    pipe = Pipeline([("classifier", GradientBoostingClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        random_state=random_state))]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]
    labels = [str(c) for c in pipe.predict(X_test)]
    proba = pipe.predict_proba(X_test)
    pos = classes.index(positive_class)
    decisions = ["true" if p[pos] >= threshold else "false" for p in proba]

    idx = pick_examples(labels)
    cells = [
        ("md", """
# Breast cancer risk (gradient boosting)

This notebook estimates the probability that a breast mass is **malignant**
from 30 features computed from a digitized image of a fine-needle aspirate,
with 100 boosted regression trees of depth 3, and flags a case when that
probability reaches a tunable threshold.  It is meant for engineers and
students who need a realistic boosted-tree binary classifier to exercise a
deployment pipeline.  Data: the Breast Cancer Wisconsin (Diagnostic) dataset
bundled with scikit-learn (`sklearn.datasets.load_breast_cancer`, 569 cases,
UCI Machine Learning Repository).

Caveats: one small, old, single-centre dataset; boosted trees give
over-confident probabilities near 0 and 1; the threshold (default 0.4 on
P(malignant)) was not clinically validated: **not a diagnostic device**.
No scaling is needed: the exported `model.pmml` takes raw values.
""", None),
        ("code", f"""
model_name = "breast-cancer-risk-gbm"  # package name
threshold: float = {threshold}  # decision threshold on P(malignant), range [0, 1]
positive_class = "{positive_class}"  # the class the threshold applies to
n_estimators = {n_estimators}  # number of boosting stages (training only), range [1, inf)
max_depth = {max_depth}  # depth of each regression tree (training only), range [1, inf)
learning_rate = {learning_rate}  # shrinkage applied to each tree (training only), range (0, 1]
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1)
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score, recall_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_breast_cancer(as_frame=True)
frame = data.frame.copy()
frame["diagnosis"] = frame.pop("target").map({0: "malignant", 1: "benign"})
print(f"{frame.shape[0]} cases, {frame.shape[1] - 1} features")
print(frame["diagnosis"].value_counts().to_string())
""", None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["diagnosis"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit the boosted trees", None),
        ("code", """
pipeline = PMMLPipeline([
    ("classifier", GradientBoostingClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        random_state=random_state)),
])
pipeline.fit(X_train, y_train)
print("classes:", list(pipeline.classes_))
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
p_pos = proba[:, list(pipeline.classes_).index(positive_class)]
actual = (y_test == positive_class).to_numpy()
flagged = p_pos >= threshold
print(f"accuracy (most likely class) = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}"
      f"  ROC AUC = {roc_auc_score(actual, p_pos):.4f}")
print(f"at threshold {threshold}: sensitivity = {recall_score(actual, flagged):.4f}"
      f"  specificity = {recall_score(~actual, ~flagged):.4f}")
""", None),
        ("md", """
## Golden examples

Five held-out rows (raw inputs, aligned with `FEATURES`) with the most likely
class and the class probabilities, in `CLASSES` order.
""", None),
        ("code", "\n".join([
            assign("CLASSES", classes),
            assign("EXAMPLE_INPUTS", [floats(X_test.iloc[i]) for i in idx]),
            assign("EXAMPLE_LABELS", [labels[i] for i in idx]),
            assign("EXAMPLE_PROBABILITIES", [floats(proba[i]) for i in idx]),
        ]), ["examples"]),
        ("code", """
inputs = pd.DataFrame(EXAMPLE_INPUTS, columns=FEATURES)
assert list(pipeline.classes_) == CLASSES
assert list(pipeline.predict(inputs)) == EXAMPLE_LABELS
assert np.allclose(pipeline.predict_proba(inputs), EXAMPLE_PROBABILITIES, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLE_INPUTS)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes] + ["decision"]
    return finish(folder, cells, header, classification_rows(X_test, labels, proba, decisions))


# --------------------------------------------------------------------------
# Sample 7: wine, XGBClassifier (multi:softprob, 30 rounds)
# --------------------------------------------------------------------------

def make_wine_xgboost():
    import xgboost

    folder = HERE / "wine-xgboost"
    folder.mkdir(exist_ok=True)
    n_estimators, max_depth, learning_rate, test_size, random_state = 30, 3, 0.3, 0.3, 42

    data = load_wine(as_frame=True)
    frame = data.frame.copy()
    frame["cultivar"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
    features = list(data.feature_names)
    X, y = frame[features], frame["cultivar"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    encoder = LabelEncoder().fit(y_train)
    model = xgboost.XGBClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        tree_method="hist", n_jobs=1, random_state=random_state)
    model.fit(X_train, encoder.transform(y_train))
    classes = [str(c) for c in encoder.classes_]
    proba = model.predict_proba(X_test)  # float32
    labels = [str(c) for c in encoder.inverse_transform(model.predict(X_test))]
    examples = record_examples(X_test, pick_examples(labels), features, labels, proba, classes)
    # Rows with missing inputs, scored by XGBoost itself (a NaN follows each
    # split's learned default direction).  Round 1 has one tree per class.
    trees = model.get_booster().trees_to_dataframe()
    roots = trees[(trees["Node"] == 0) & (trees["Tree"] < len(classes))].sort_values("Tree")
    X_missing, blanks = missing_value_rows(
        X_test, features, roots["Feature"].tolist(),
        model.get_booster().get_score(importance_type="weight"), model.predict_proba)
    proba_missing = model.predict_proba(X_missing)  # float32
    labels_missing = [str(c) for c in encoder.inverse_transform(model.predict(X_missing))]
    describe_missing_rows("wine-xgboost", len(X_test), blanks)

    cells = [
        ("md", """
# Wine cultivar (XGBoost)

This notebook identifies which of three cultivars (`class_0`, `class_1`,
`class_2`) an Italian wine comes from, using 13 results of a chemical
analysis, with a gradient-boosted tree ensemble (XGBoost, 30 rounds of one
tree per class).  It is meant for engineers and students who need a
realistic XGBoost multi-class model to exercise a deployment pipeline.
Data: the wine recognition dataset bundled with scikit-learn
(`sklearn.datasets.load_wine`, 178 wines from one region, UCI Machine
Learning Repository).

Caveats: very small dataset (54 held-out wines, so the metrics are noisy);
any other wine is forced into one of the three classes.  XGBoost computes in
32-bit floating point (inputs, splits, leaf sums and probabilities), and so
does the exported `model.pmml`, which takes raw values.
""", None),
        ("code", f"""
model_name = "wine-cultivar-xgboost"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
max_depth = {max_depth}  # depth of each tree (training only), range [1, inf)
learning_rate = {learning_rate}  # shrinkage (eta) applied to each round (training only), range (0, 1]
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1)
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_wine
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
from xgboost import XGBClassifier
""", None),
        ("md", "## Data", None),
        ("code", """
data = load_wine(as_frame=True)
frame = data.frame.copy()
frame["cultivar"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
print(f"{frame.shape[0]} wines, {frame.shape[1] - 1} features")
print(frame["cultivar"].value_counts().sort_index().to_string())
""", None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["cultivar"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", """
## Fit

XGBoost only accepts the class codes `0..k-1`, so the labels go through a
`LabelEncoder`.  The converter reads the real class names from the
`pmml_classes_` attribute.
""", None),
        ("code", """
encoder = LabelEncoder().fit(y_train)
pipeline = PMMLPipeline([
    ("classifier", XGBClassifier(
        n_estimators=n_estimators, max_depth=max_depth, learning_rate=learning_rate,
        tree_method="hist", n_jobs=1, random_state=random_state)),
])
pipeline.fit(X_train, pd.Series(encoder.transform(y_train), index=y_train.index, name="cultivar"))
pipeline.named_steps["classifier"].pmml_classes_ = encoder.classes_.tolist()
print("classes:", encoder.classes_.tolist())
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
pred = encoder.inverse_transform(pipeline.predict(X_test))
print(f"accuracy = {accuracy_score(y_test, pred):.4f}"
      f"  log loss = {log_loss(encoder.transform(y_test), proba):.4f}")
""", None),
        ("md", """
## Golden examples

Five held-out rows with the most likely cultivar and the probability of each
cultivar (XGBoost's own `float32` results, written out exactly).
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
expected = [[e["probabilities"][c] for c in encoder.classes_] for e in EXAMPLES]
assert list(encoder.inverse_transform(pipeline.predict(inputs))) == [e["label"] for e in EXAMPLES]
assert np.array_equal(pipeline.predict_proba(inputs), np.array(expected, dtype=np.float32))
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    rows = (classification_rows(X_test, labels, proba)
            + classification_rows(X_missing, labels_missing, proba_missing))
    return finish(folder, cells, header, rows)


# --------------------------------------------------------------------------
# Sample 8: diabetes, LGBMRegressor (50 trees)
# --------------------------------------------------------------------------

def make_diabetes_lightgbm():
    import lightgbm

    folder = HERE / "diabetes-lightgbm"
    folder.mkdir(exist_ok=True)
    n_estimators, num_leaves, learning_rate, test_size, random_state = 50, 15, 0.1, 0.25, 42

    features, (X_train, X_test, y_train, y_test) = diabetes_split(test_size, random_state)
    pipe = Pipeline([("regressor", lightgbm.LGBMRegressor(
        n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
        random_state=random_state, n_jobs=1, deterministic=True, force_row_wise=True,
        verbose=-1))]).fit(X_train, y_train)
    pred = pipe.predict(X_test)
    examples = regression_examples(X_test, pred, features, range(5))
    # Rows with missing inputs, scored by LightGBM itself.  This model was
    # trained without missing values (missing_type None at every split), so
    # LightGBM sends a NaN where 0.0 would go: left, as every threshold is > 0.
    booster = pipe.named_steps["regressor"].booster_
    root = features[booster.dump_model()["tree_info"][0]["tree_structure"]["split_feature"]]
    X_missing, blanks = missing_value_rows(
        X_test, features, [root],
        dict(zip(features, booster.feature_importance(importance_type="split").tolist())),
        pipe.predict)
    pred_missing = pipe.predict(X_missing)
    describe_missing_rows("diabetes-lightgbm", len(X_test), blanks)

    cells = [
        ("md", """
# Diabetes disease progression (LightGBM)

This notebook predicts a quantitative measure of diabetes disease progression
one year after baseline from ten baseline measurements (age, sex, body mass
index, average blood pressure and six blood-serum measurements), with 50
gradient-boosted trees (LightGBM).  It is meant for engineers and students
who need a realistic LightGBM regressor to exercise a deployment pipeline.
Data: the diabetes dataset bundled with scikit-learn""" + DIABETES_MD_DATA + """
Caveats: small, old cohort; boosting on 331 training rows overfits easily and
explains well under half of the variance on held-out data; the target is a
research-specific score: **not for clinical use**.  No scaling is needed: the
exported `model.pmml` takes raw values.
""", None),
        ("code", f"""
model_name = "diabetes-progression-lightgbm"  # package name
n_estimators = {n_estimators}  # boosting rounds (training only), range [1, inf)
num_leaves = {num_leaves}  # maximum leaves per tree (training only), range [2, inf)
learning_rate = {learning_rate}  # shrinkage applied to each tree (training only), range (0, 1]
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the booster (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from lightgbm import LGBMRegressor
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", DIABETES_DATA_CELL, None),
        ("md", "The model inputs, in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", DIABETES_SPLIT_CELL, None),
        ("md", "## Fit (single-threaded and deterministic, so the result is reproducible)", None),
        ("code", """
pipeline = PMMLPipeline([
    ("regressor", LGBMRegressor(
        n_estimators=n_estimators, num_leaves=num_leaves, learning_rate=learning_rate,
        random_state=random_state, n_jobs=1, deterministic=True, force_row_wise=True, verbose=-1)),
])
pipeline.fit(X_train, y_train)
booster = pipeline.named_steps["regressor"].booster_
print(f"{booster.num_trees()} trees")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", REGRESSION_METRICS_CELL, None),
        ("md", """
## Golden examples

The first five held-out rows with the model's prediction.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", REGRESSION_EXAMPLES_CHECK, None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    rows = regression_rows(X_test, pred) + regression_rows(X_missing, pred_missing)
    return finish(folder, cells, features + ["prediction"], rows)


# --------------------------------------------------------------------------
# Sample 9: iris, StandardScaler + MLPClassifier (one hidden layer of 8)
# --------------------------------------------------------------------------

def make_iris_mlp():
    folder = HERE / "iris-mlp"
    folder.mkdir(exist_ok=True)
    hidden_units, activation, alpha, max_iter = 8, "tanh", 1.0, 2000
    test_size, random_state = 0.4, 42

    frame, features = load_iris_frame()
    X, y = frame[features], frame["species"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    pipe = Pipeline([
        ("scaler", StandardScaler()),
        ("classifier", MLPClassifier(
            hidden_layer_sizes=(hidden_units,), activation=activation, solver="lbfgs",
            alpha=alpha, max_iter=max_iter, random_state=random_state)),
    ]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]
    labels = [str(c) for c in pipe.predict(X_test)]
    proba = pipe.predict_proba(X_test)
    scaler = pipe.named_steps["scaler"]
    idx = pick_examples(labels)

    cells = [
        ("md", """
# Iris species (neural network)

This notebook identifies the species of an iris flower (*setosa*,
*versicolor* or *virginica*) from four measurements of its sepals and petals
with a small neural network: the inputs are standardized, go through one
hidden layer of 8 `tanh` units and a softmax output layer.  It is meant for
engineers and students who need a small multi-layer perceptron to exercise a
deployment pipeline.  Data: Fisher's iris dataset bundled with scikit-learn
(`sklearn.datasets.load_iris`, 150 flowers, 50 per species).

Caveats: tiny dataset (60 held-out flowers, so the metrics are noisy); the
L2 penalty `alpha` was picked by hand to keep the probabilities from being
over-confident; a flower of another species is still assigned to one of
these three.  The exported `model.pmml` contains the
standardization and the network, so it takes raw measurements in centimetres.
""", None),
        ("code", f"""
model_name = "iris-species-mlp"  # package name
hidden_units = {hidden_units}  # neurons in the hidden layer (training only), range [1, inf)
activation = "{activation}"  # hidden-layer activation function (training only)
alpha = {alpha}  # L2 penalty (training only), range [0, inf)
max_iter = {max_iter}  # L-BFGS iteration limit (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the split and the initial weights (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data", None),
        ("code", IRIS_DATA_CELL, None),
        ("md", "The model inputs (in centimetres), in the order the model expects them:", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["species"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit: standardize, then the network", None),
        ("code", """
pipeline = PMMLPipeline([
    ("scaler", StandardScaler()),
    ("classifier", MLPClassifier(
        hidden_layer_sizes=(hidden_units,), activation=activation, solver="lbfgs",
        alpha=alpha, max_iter=max_iter, random_state=random_state)),
])
pipeline.fit(X_train, y_train)
mlp = pipeline.named_steps["classifier"]
print("classes:", pipeline.classes_.tolist())
print(f"converged after {mlp.n_iter_} iterations, loss {mlp.loss_:.4f}")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
print(f"accuracy = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}"
      f"  log loss = {log_loss(y_test, proba, labels=pipeline.classes_):.4f}")
""", None),
        ("md", """
## Standardization constants

The PMML file already contains the scaler; these copies of `scaler.mean_` and
`scaler.scale_` (aligned with `FEATURES`) document it.
""", None),
        ("code", assign("scaler_mean_", floats(scaler.mean_)) + "\n"
         + assign("scaler_scale_", floats(scaler.scale_)), ["scaling"]),
        ("code", """
scaler = pipeline.named_steps["scaler"]
assert np.array_equal(scaler.mean_, scaler_mean_)
assert np.array_equal(scaler.scale_, scaler_scale_)
print("scaling constants match the fitted scaler")
""", None),
        ("md", """
## Golden examples

Five held-out rows (raw inputs, aligned with `FEATURES`) with the most likely
species and the class probabilities, in `CLASSES` order.
""", None),
        ("code", "\n".join([
            assign("CLASSES", classes),
            assign("EXAMPLE_INPUTS", [floats(X_test.iloc[i]) for i in idx]),
            assign("EXAMPLE_LABELS", [labels[i] for i in idx]),
            assign("EXAMPLE_PROBABILITIES", [floats(proba[i]) for i in idx]),
        ]), ["examples"]),
        ("code", """
inputs = pd.DataFrame(EXAMPLE_INPUTS, columns=FEATURES)
assert list(pipeline.classes_) == CLASSES
assert list(pipeline.predict(inputs)) == EXAMPLE_LABELS
assert np.allclose(pipeline.predict_proba(inputs), EXAMPLE_PROBABILITIES, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLE_INPUTS)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    return finish(folder, cells, header, classification_rows(X_test, labels, proba))


# --------------------------------------------------------------------------
# Sample 10: synthetic census-style data, one-hot + StandardScaler + LogisticRegression
# --------------------------------------------------------------------------

# Pasted verbatim into the notebook and exec'd here, so both see the same data.
CENSUS_CODE = '''
CATEGORICAL = ["workclass", "marital_status", "region"]
NUMERIC = ["age", "education_years", "hours_per_week"]


def make_census(n_rows, seed):
    """Synthetic census-style records (the layout of the UCI Adult data)."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 71, size=n_rows).astype(float)
    education_years = rng.integers(6, 21, size=n_rows).astype(float)
    workclass = rng.choice(["private", "self-employed", "government", "unemployed"],
                           size=n_rows, p=[0.6, 0.15, 0.15, 0.1])
    hours = np.clip(np.round(rng.normal(40.0, 10.0, size=n_rows)), 5.0, 80.0)
    hours_per_week = np.where(workclass == "unemployed", 0.0, hours)
    marital_status = rng.choice(["married", "never-married", "divorced", "widowed"],
                                size=n_rows, p=[0.45, 0.3, 0.15, 0.1])
    region = rng.choice(["north", "south", "east", "west"], size=n_rows)
    effect = {"private": 0.0, "self-employed": 0.6, "government": 0.2, "unemployed": -2.0,
              "married": 0.8, "never-married": -0.6, "divorced": -0.2, "widowed": -0.3,
              "north": 0.3, "south": -0.4, "east": 0.1, "west": 0.0}
    score = (-9.5 + 0.045 * age + 0.4 * education_years + 0.04 * hours_per_week
             + np.array([effect[v] for v in workclass])
             + np.array([effect[v] for v in marital_status])
             + np.array([effect[v] for v in region])
             + rng.logistic(size=n_rows))
    return pd.DataFrame({
        "workclass": workclass, "marital_status": marital_status, "region": region,
        "age": age, "education_years": education_years, "hours_per_week": hours_per_week,
        "income": np.where(score > 0, ">50K", "<=50K"),
    })
'''


def make_adult_onehot():
    folder = HERE / "adult-onehot"
    folder.mkdir(exist_ok=True)
    n_rows, data_seed, C, max_iter, test_size, random_state = 1000, 7, 1.0, 1000, 0.2, 42

    ns = {"np": np, "pd": pd}
    exec(CENSUS_CODE, ns)
    frame = ns["make_census"](n_rows, data_seed)
    numeric, categorical = ns["NUMERIC"], ns["CATEGORICAL"]
    features = categorical + numeric
    X, y = frame[features], frame["income"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state, stratify=y)
    pipe = Pipeline([
        ("preprocess", ColumnTransformer([
            ("categorical", OneHotEncoder(sparse_output=False), categorical),
            ("numeric", StandardScaler(), numeric),
        ])),
        ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
    ]).fit(X_train, y_train)
    classes = [str(c) for c in pipe.classes_]
    labels = [str(c) for c in pipe.predict(X_test)]
    proba = pipe.predict_proba(X_test)
    scaler = pipe.named_steps["preprocess"].named_transformers_["numeric"]
    onehot = pipe.named_steps["preprocess"].named_transformers_["categorical"]
    for col, cats in zip(categorical, onehot.categories_):
        missing = set(cats) - set(X_test[col])
        if missing:
            raise RuntimeError(f"adult-onehot: test rows lack {col} = {sorted(missing)}")
    scaling = {f: {"mean": float(m), "std": float(s)}
               for f, m, s in zip(numeric, scaler.mean_, scaler.scale_)}
    examples = record_examples(X_test, pick_examples(labels), features, labels, proba, classes)

    cells = [
        ("md", """
# Income above 50K (logistic regression on census-style data)

This notebook estimates the probability that a person earns more than 50K a
year from class of worker, marital status, region, age, years of education
and weekly working hours.  The three categorical inputs are one-hot encoded
and the three numeric ones standardized, inside one pipeline.  It is
meant for engineers and students who need a classifier with **string
(categorical) inputs** to exercise a deployment pipeline.  Data: a
**synthetic** table with the layout of the UCI Adult census data, generated
below with a fixed seed (so no download is needed).

Caveats: the data and every relationship in it are made up, so the model
says nothing about real incomes; a category not seen in training is an
error, not a zero vector.  The exported `model.pmml` contains the encoding
and the scaling, so it takes the raw values (strings for the categorical
inputs).
""", None),
        ("code", f"""
model_name = "adult-income"  # package name
n_rows = {n_rows}  # size of the synthetic dataset (training only), range [100, inf)
data_seed = {data_seed}  # seed of the synthetic data generator (training only)
C = {C}  # inverse regularisation strength (training only), range (0, inf)
max_iter = {max_iter}  # solver iteration limit (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the train/test split (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data (synthetic)", None),
        ("code", CENSUS_CODE, None),
        ("code", """
frame = make_census(n_rows, data_seed)
print(f"{frame.shape[0]} people, {frame.shape[1] - 1} features")
print(frame["income"].value_counts().to_string())
""", None),
        ("md", """
The model inputs, in the order the model expects them: the categorical
columns (strings), then the numeric ones.
""", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
assert FEATURES == CATEGORICAL + NUMERIC
X = frame[FEATURES]
y = frame["income"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state, stratify=y
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit: standardize the numbers, one-hot encode the categories, logistic regression", None),
        ("code", """
pipeline = PMMLPipeline([
    ("preprocess", ColumnTransformer([
        ("categorical", OneHotEncoder(sparse_output=False), CATEGORICAL),
        ("numeric", StandardScaler(), NUMERIC),
    ])),
    ("classifier", LogisticRegression(C=C, max_iter=max_iter)),
])
pipeline.fit(X_train, y_train)
onehot = pipeline.named_steps["preprocess"].named_transformers_["categorical"]
print("classes:", list(pipeline.classes_))
for column, categories in zip(CATEGORICAL, onehot.categories_):
    print(f"{column}: {categories.tolist()}")
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", """
proba = pipeline.predict_proba(X_test)
p_high = proba[:, list(pipeline.classes_).index(">50K")]
print(f"accuracy = {accuracy_score(y_test, pipeline.predict(X_test)):.4f}"
      f"  ROC AUC = {roc_auc_score(y_test == '>50K', p_high):.4f}")
""", None),
        ("md", """
## Scaling constants

Mean and standard deviation (`scaler.mean_`, `scaler.scale_`) of each numeric
input, from the training rows.  The categorical inputs are not scaled.  The
PMML file already contains this scaling.
""", None),
        ("code", assign("SCALING", scaling), ["scaling"]),
        ("code", """
scaler = pipeline.named_steps["preprocess"].named_transformers_["numeric"]
assert list(SCALING) == NUMERIC
assert np.array_equal(scaler.mean_, [SCALING[f]["mean"] for f in NUMERIC])
assert np.array_equal(scaler.scale_, [SCALING[f]["std"] for f in NUMERIC])
print("scaling constants match the fitted scaler")
""", None),
        ("md", """
## Golden examples

Five held-out people with the most likely income class and the probability
of each class.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
inputs = pd.DataFrame([[e[f] for f in FEATURES] for e in EXAMPLES], columns=FEATURES)
expected = [[e["probabilities"][c] for c in pipeline.classes_] for e in EXAMPLES]
assert list(pipeline.predict(inputs)) == [e["label"] for e in EXAMPLES]
assert np.allclose(pipeline.predict_proba(inputs), expected, rtol=1e-12, atol=1e-15)
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    header = features + ["label"] + [f"probability({c})" for c in classes]
    return finish(folder, cells, header, classification_rows(X_test, labels, proba))


# --------------------------------------------------------------------------
# Sample 11: synthetic regression with missing inputs, SimpleImputer + LinearRegression
# --------------------------------------------------------------------------

BUILDINGS_CODE = '''
def make_buildings(n_rows, missing_rate, seed):
    """Synthetic building survey: annual heating energy and four inputs, some
    of them not recorded (NaN, missing completely at random)."""
    rng = np.random.default_rng(seed)
    floor_area_m2 = np.round(rng.uniform(50.0, 400.0, size=n_rows), 1)
    building_age_years = rng.integers(0, 100, size=n_rows).astype(float)
    occupants = rng.integers(1, 9, size=n_rows).astype(float)
    mean_outdoor_temp_c = np.round(rng.normal(8.0, 4.0, size=n_rows), 1)
    energy = (2000.0 + 45.0 * floor_area_m2 + 30.0 * building_age_years + 600.0 * occupants
              - 250.0 * mean_outdoor_temp_c + rng.normal(0.0, 1500.0, size=n_rows))
    inputs = pd.DataFrame({
        "floor_area_m2": floor_area_m2,
        "building_age_years": building_age_years,
        "occupants": occupants,
        "mean_outdoor_temp_c": mean_outdoor_temp_c,
    })
    inputs = inputs.mask(rng.random(inputs.shape) < missing_rate)
    return inputs.assign(annual_energy_kwh=np.round(energy, 1))
'''


def make_imputed_missing():
    folder = HERE / "imputed-missing"
    folder.mkdir(exist_ok=True)
    n_rows, missing_rate, data_seed, strategy, test_size, random_state = 600, 0.12, 11, "mean", 0.25, 42

    ns = {"np": np, "pd": pd}
    exec(BUILDINGS_CODE, ns)
    frame = ns["make_buildings"](n_rows, missing_rate, data_seed)
    features = [c for c in frame.columns if c != "annual_energy_kwh"]
    X, y = frame[features], frame["annual_energy_kwh"]
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=random_state)
    pipe = Pipeline([("imputer", SimpleImputer(strategy=strategy)),
                     ("regressor", LinearRegression())]).fit(X_train, y_train)
    # The held-out rows, then one row with every input missing.
    X_rows = pd.concat([X_test, pd.DataFrame([[np.nan] * len(features)], columns=features)],
                       ignore_index=True)
    pred = pipe.predict(X_rows)
    has_nan = X_test.isna().any(axis=1).to_numpy()
    idx = sorted([int(i) for i in np.flatnonzero(has_nan)[:3]] + [int(i) for i in np.flatnonzero(~has_nan)[:2]])
    examples = regression_examples(X_rows, pred, features, idx)
    print(f"  imputed-missing: test rows with a missing value: {int(has_nan.sum())} of {len(X_test)}; "
          f"missing cells per column: {X_test.isna().sum().to_dict()}")

    cells = [
        ("md", """
# Building heating energy (linear regression with missing inputs)

This notebook predicts the annual heating energy of a building (kWh) from
its floor area, age, number of occupants and the mean outdoor temperature of
its location.  Survey records are often incomplete, so any input may be
missing: a missing value is replaced by the training mean of that column
before the linear model is applied.  It is meant for engineers and students
who need a model with **missing-value handling** to exercise a deployment
pipeline.  Data: a **synthetic** survey generated below with a fixed seed
(about 12% of the input values are blanked out at random).

Caveats: the data and the relationships are made up; mean imputation is
the simplest possible treatment and biases predictions for incomplete
records towards the average building.  The exported `model.pmml` contains the
imputation (as missing-value replacements) and the model, so it takes raw
values, with a missing value where an input is unknown.
""", None),
        ("code", f"""
model_name = "building-energy"  # package name
n_rows = {n_rows}  # size of the synthetic dataset (training only), range [100, inf)
missing_rate = {missing_rate}  # share of input values blanked out at random (training only), range [0, 1), unit: fraction
data_seed = {data_seed}  # seed of the synthetic data generator (training only)
impute_strategy = "{strategy}"  # how a missing input is filled in (training only)
test_size = {test_size}  # share of rows held out for evaluation (training only), range (0, 1), unit: fraction
random_state = {random_state}  # seed for the train/test split (training only)
""", ["parameters"]),
        ("code", """
import contextlib
import io

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline
""", None),
        ("md", "## Data (synthetic)", None),
        ("code", BUILDINGS_CODE, None),
        ("code", """
frame = make_buildings(n_rows, missing_rate, data_seed)
print(f"{frame.shape[0]} buildings, {frame.shape[1] - 1} features")
print("missing values per column:", frame.isna().sum().to_dict())
""", None),
        ("md", "The model inputs, in the order the model expects them (any of them may be missing):", None),
        ("code", assign("FEATURES", features), ["features"]),
        ("code", """
X = frame[FEATURES]
y = frame["annual_energy_kwh"]
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=test_size, random_state=random_state
)
print(f"train: {len(X_train)} rows, test: {len(X_test)} rows")
""", None),
        ("md", "## Fit: impute, then linear regression", None),
        ("code", """
pipeline = PMMLPipeline([
    ("imputer", SimpleImputer(strategy=impute_strategy)),
    ("regressor", LinearRegression()),
])
pipeline.fit(X_train, y_train)
imputer = pipeline.named_steps["imputer"]
print("fill values:", dict(zip(FEATURES, imputer.statistics_.round(3).tolist())))
""", None),
        ("md", "## Evaluate on the held-out rows", None),
        ("code", REGRESSION_METRICS_CELL, None),
        ("md", """
## Golden examples

Five held-out buildings (three with a missing input, written `None`) with the
predicted annual energy in kWh.
""", None),
        ("code", assign("EXAMPLES", examples), ["examples"]),
        ("code", """
examples = pd.DataFrame(EXAMPLES).astype({f: float for f in FEATURES})
assert examples[FEATURES].isna().any(axis=1).sum() >= 1
assert np.allclose(pipeline.predict(examples[FEATURES]), examples["prediction"], rtol=1e-12, atol=0)
print(f"{len(EXAMPLES)} golden examples reproduced")
""", None),
        ("md", "## Export", None),
        ("code", EXPORT_CELL, None),
    ]
    return finish(folder, cells, features + ["prediction"], regression_rows(X_rows, pred))


SAMPLES = [
    make_iris_tree,
    make_diabetes_forest,
    make_breast_cancer_gb,
    make_wine_xgboost,
    make_diabetes_lightgbm,
    make_iris_mlp,
    make_adult_onehot,
    make_imputed_missing,
]
