"""Writes the XGBoost, LightGBM, ONNX and pickle files of Tests/NBShipTests/BadInputs/ (one broken input each).

    /work/venv/bin/python scripts/make_bad_model_inputs.py   # xgboost 3.2, lightgbm 4.6, skl2onnx 1.20
"""
import pathlib
import pickle

import pandas as pd

import lightgbm
from sklearn.svm import SVR
import numpy
import xgboost
from skl2onnx import to_onnx
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/BadInputs"
X, y = load_diabetes(return_X_y=True, as_frame=True)
tmp = pathlib.Path("/tmp/nbship-bad-booster")
tmp.mkdir(exist_ok=True)

xgboost.XGBRegressor(booster="gblinear", n_estimators=3, random_state=0, n_jobs=1).fit(X, y).save_model(
    OUT / "xgboost-gblinear.json")
trees = xgboost.XGBRegressor(n_estimators=2, max_depth=2, random_state=0, n_jobs=1).fit(X, y)
trees.save_model(tmp / "ok.json")
trees.save_model(tmp / "ok.ubj")
(OUT / "xgboost-truncated.json").write_bytes((tmp / "ok.json").read_bytes()[:1000])
(OUT / "xgboost-truncated.ubj").write_bytes((tmp / "ok.ubj").read_bytes()[:1500])
(OUT / "other-schema.json").write_text('{"name": "churn", "coefficients": [1.5, -0.25]}\n')
params = dict(n_estimators=2, verbose=-1, deterministic=True, force_row_wise=True, n_jobs=1)
linear = lightgbm.LGBMRegressor(linear_tree=True, **params).fit(X, y)
linear.booster_.save_model(OUT / "lightgbm-linear-tree.txt")
small = lightgbm.LGBMRegressor(num_leaves=4, **params).fit(X, y)
small.booster_.save_model(tmp / "ok.txt")
text = (tmp / "ok.txt").read_text()
start = text.index("threshold=", text.index("Tree=0"))
end = text.index("\n", start)
(OUT / "lightgbm-bad-threshold.txt").write_text(text[:start] + "threshold=0.5 abc 0.25" + text[end:])
(OUT / "pickled-model.pkl").write_bytes(pickle.dumps({"model": 1}, protocol=4))

X32 = X.to_numpy(dtype=numpy.float32)
forest = RandomForestRegressor(n_estimators=2, max_depth=2, random_state=0, n_jobs=1).fit(X32, y)
(OUT / "onnx-truncated.onnx").write_bytes(to_onnx(forest, X32[:1]).SerializeToString()[:200])
# A support vector machine: an ONNX-ML op nbship does not translate (it reads the Scaler before it).
svm = make_pipeline(StandardScaler(), SVR()).fit(X32, y)
(OUT / "onnx-svm-pipeline.onnx").write_bytes(to_onnx(svm, X32[:1]).SerializeToString())

# A pandas categorical next to a categorical feature fit as integer codes: the file lists one list of names for two
# categorical features.
rng = numpy.random.default_rng(0)
mixed = pd.DataFrame({
    "color": pd.Categorical(rng.choice(["red", "green", "blue"], 600)),
    "code": rng.integers(0, 12, 600),
    "size": rng.normal(size=600),
})
target = (mixed["color"] == "red") * 2.0 + (mixed["code"] % 3 == 0) + mixed["size"]
lightgbm.LGBMRegressor(min_data_per_group=5, cat_smooth=1, **params).fit(
    mixed, target, categorical_feature=["color", "code"]).booster_.save_model(OUT / "lightgbm-categorical-ambiguous.txt")
