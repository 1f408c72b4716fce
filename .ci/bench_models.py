"""The scikit-learn models behind the benchmarked nbship packages, retrained for the reference tools of `.ci/bench`.

Each model is trained with the same data, split, hyper-parameters and seeds as the script that made its PMML
(Samples/make_samples.py, Samples/make_more_samples.py, .ci/make_forest.py), but on plain numpy arrays (same
numbers, so the same fitted model; predicting on a numpy row then costs no feature-name checks). Before use,
each model is checked against the rows.csv that was written next to its PMML: the probabilities must agree to
1e-9. Trained models are cached with joblib in the folder given to `load`.

    from bench_models import load
    m = load("breast-cancer-logistic", cache_dir, forest_dir)
    m.model            # fitted estimator or Pipeline (predict_proba on float64 rows)
    m.features         # input column names, in the model's order
    m.rows             # float64 array: the inputs of rows.csv
    m.proba            # the probabilities of rows.csv (columns in m.classes order)
"""
import csv
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("breast-cancer-logistic", "breast-cancer-gradient-boosting", "iris-mlp", "forest-300")


@dataclass
class Reference:
    name: str
    model: object
    features: list
    classes: list
    rows: np.ndarray
    proba: np.ndarray
    rows_csv: Path


def _breast_cancer():
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    data = load_breast_cancer(as_frame=True)
    frame = data.frame.copy()
    frame["diagnosis"] = frame.pop("target").map({0: "malignant", 1: "benign"})
    features = list(data.feature_names)
    X, y = frame[features], frame["diagnosis"]
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, random_state=42, stratify=y)
    return features, X_train.to_numpy(dtype=np.float64), y_train.to_numpy()


def _train(name, forest_dir):
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    if name == "breast-cancer-logistic":  # Samples/make_samples.py, make_breast_cancer
        features, X, y = _breast_cancer()
        model = Pipeline([("scaler", StandardScaler()),
                          ("classifier", LogisticRegression(C=1.0, max_iter=1000))]).fit(X, y)
        return model, features, ROOT / "Samples" / name / "rows.csv"
    if name == "breast-cancer-gradient-boosting":  # Samples/make_more_samples.py, make_breast_cancer_gb
        features, X, y = _breast_cancer()
        model = GradientBoostingClassifier(n_estimators=100, max_depth=3, learning_rate=0.1,
                                           random_state=42).fit(X, y)
        return model, features, ROOT / "Samples" / name / "rows.csv"
    if name == "iris-mlp":  # Samples/make_more_samples.py, make_iris_mlp
        from sklearn.datasets import load_iris
        data = load_iris(as_frame=True)
        frame = data.frame.copy()
        frame["species"] = frame.pop("target").map(dict(enumerate(data.target_names.tolist())))
        features = list(data.feature_names)
        X, y = frame[features], frame["species"]
        X_train, _, y_train, _ = train_test_split(X, y, test_size=0.4, random_state=42, stratify=y)
        model = Pipeline([
            ("scaler", StandardScaler()),
            ("classifier", MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", solver="lbfgs",
                                         alpha=1.0, max_iter=2000, random_state=42)),
        ]).fit(X_train.to_numpy(dtype=np.float64), y_train.to_numpy())
        return model, features, ROOT / "Samples" / name / "rows.csv"
    if name == "forest-300":  # .ci/make_forest.py
        from sklearn.datasets import make_classification
        X, y = make_classification(n_samples=6000, n_features=30, n_informative=12, flip_y=0.08, random_state=0)
        y = np.where(y == 1, "yes", "no")
        model = RandomForestClassifier(n_estimators=300, random_state=0, min_samples_leaf=3,
                                       max_samples=0.5).fit(X, y)
        return model, [f"x{i}" for i in range(30)], Path(forest_dir) / "rows.csv"
    raise SystemExit(f"unknown model {name}; known: {', '.join(NAMES)}")


def _read_rows(path, features, classes):
    with open(path, newline="") as fh:
        records = list(csv.DictReader(fh))
    rows = np.array([[float(r[f]) for f in features] for r in records], dtype=np.float64)
    proba = np.array([[float(r[f"probability({c})"]) for c in classes] for r in records], dtype=np.float64)
    return rows, proba


def _source_key():
    """Changes when a training script changes, so a stale cached model is never used."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    import sklearn
    digest.update(sklearn.__version__.encode())
    return digest.hexdigest()[:16]


def load(name, cache_dir, forest_dir):
    cache = Path(cache_dir) / f"{name}-{_source_key()}.joblib"
    if cache.exists():
        model, features, rows_csv = joblib.load(cache)
    else:
        model, features, rows_csv = _train(name, forest_dir)
        cache.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump((model, features, rows_csv), cache)
    classes = [str(c) for c in model.classes_]
    rows, proba = _read_rows(rows_csv, features, classes)
    got = model.predict_proba(rows)
    if not np.allclose(got, proba, rtol=0, atol=1e-9):
        worst = float(np.max(np.abs(got - proba)))
        raise SystemExit(f"{name}: the retrained model does not reproduce {rows_csv} (max difference {worst:g})")
    return Reference(name, model, features, classes, rows, proba, Path(rows_csv))


if __name__ == "__main__":
    # python3 .ci/bench_models.py CACHE_DIR FOREST_DIR [NAME ...]: trains, checks and caches the models.
    for n in sys.argv[3:] or NAMES:
        r = load(n, sys.argv[1], sys.argv[2])
        print(f"{n}: {type(r.model).__name__}, {len(r.features)} features, {len(r.rows)} rows reproduced")
