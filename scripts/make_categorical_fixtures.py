"""Models with categorical splits for Tests/NBShipTests/Fixtures/boosters/ (beside make_booster_fixtures.py):

  lgb-categorical-codes    two categorical features fit as integer codes (categorical_feature=[...]), one numeric
  lgb-categorical-pandas   two pandas categorical columns (names in the model's pandas_categorical), one numeric
  xgb-categorical-codes    XGBoost, two categorical features given as codes (DMatrix feature_types "c")
  xgb-categorical-pandas   XGBoost, two pandas categorical columns whose categories are not in sorted order (names
                           in the model's `cats`)

Rows: every category, unknown and missing names, and for codes: negative, fractional (-0.5, 2.7), past the last
category, huge, NaN and values within LightGBM's zero threshold; outputs from lightgbm 4.6's own predict.

    /work/venv/bin/python scripts/make_categorical_fixtures.py
"""
import csv
import math
import pathlib

import lightgbm
import numpy as np
import pandas as pd
import xgboost

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/NBShipTests/Fixtures/boosters"
COLORS = ["blue", "gold", "green", "red", "teal"]
SHAPES = ["disc", "ring", "star"]
PARAMS = dict(n_estimators=6, num_leaves=7, min_data_per_group=5, cat_smooth=1, min_child_samples=5, verbose=-1,
              deterministic=True, force_row_wise=True, n_jobs=1, random_state=0)


def data(n=1500, seed=0):
    rng = np.random.default_rng(seed)
    color = rng.integers(0, len(COLORS), n)
    shape = rng.integers(0, len(SHAPES), n)
    size = rng.normal(size=n)
    y = (np.isin(color, [3, 4]) * 2.0 + (shape == 1) * 1.3 + size + rng.normal(0, 0.1, n))
    return color, shape, size, y


def cell(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return repr(float(value)) if isinstance(value, (float, np.floating)) else str(value)


def write(name, header, rows, predictions):
    with open(OUT / f"{name}.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header + ["prediction"])
        for row, p in zip(rows, predictions):
            writer.writerow([cell(v) for v in row] + [repr(float(p))])


color, shape, size, y = data()
# Integer codes.
frame = pd.DataFrame({"color": color.astype(float), "shape": shape.astype(float), "size": size})
model = lightgbm.LGBMRegressor(**PARAMS).fit(frame, y, categorical_feature=["color", "shape"])
model.booster_.save_model(OUT / "lgb-categorical-codes.txt")
booster = lightgbm.Booster(model_file=str(OUT / "lgb-categorical-codes.txt"))
codes = [0, 1, 2, 3, 4, 5, 40, -1, -0.5, 0.5, 2.7, 3.999, 1e10, float("nan"), 1e-36, -1e-36]
rows = [[c, s, z] for c in codes for s in [0, 1, 2, float("nan")] for z in [-0.4, 0.8]]
write("lgb-categorical-codes", ["color", "shape", "size"], rows,
      booster.predict(pd.DataFrame(rows, columns=["color", "shape", "size"])))

# pandas categoricals.
frame = pd.DataFrame({
    "color": pd.Categorical([COLORS[i] for i in color], categories=COLORS),
    "size": size,
    "shape": pd.Categorical([SHAPES[i] for i in shape], categories=SHAPES),
})
model = lightgbm.LGBMRegressor(**PARAMS).fit(frame, y)
model.booster_.save_model(OUT / "lgb-categorical-pandas.txt")
booster = lightgbm.Booster(model_file=str(OUT / "lgb-categorical-pandas.txt"))
rows = [[c, z, s] for c in COLORS + ["purple", None] for z in [-0.4, 0.8] for s in SHAPES + [None]]
test = pd.DataFrame(rows, columns=["color", "size", "shape"])
test["color"] = pd.Categorical(test["color"], categories=COLORS)
test["shape"] = pd.Categorical(test["shape"], categories=SHAPES)
write("lgb-categorical-pandas", ["color", "size", "shape"], rows, booster.predict(test))

# XGBoost: codes.
XGB = dict(n_estimators=6, max_depth=3, tree_method="hist", enable_categorical=True, max_cat_to_onehot=1, n_jobs=1,
           random_state=0)
frame = pd.DataFrame({"color": color.astype(np.float32), "shape": shape.astype(np.float32),
                      "size": size.astype(np.float32)})
train = xgboost.DMatrix(frame, label=y, feature_types=["c", "c", "float"], enable_categorical=True)
booster = xgboost.train({k: v for k, v in XGB.items() if k not in ("n_estimators", "enable_categorical", "n_jobs",
                                                                  "random_state")} | {"nthread": 1, "seed": 0},
                        train, num_boost_round=XGB["n_estimators"])
booster.save_model(OUT / "xgb-categorical-codes.json")
loaded = xgboost.Booster(model_file=str(OUT / "xgb-categorical-codes.json"))
codes = [0, 1, 2, 3, 4, 5, 40, -1, -0.5, 0.5, 2.7, 3.999, 1e10, float("nan")]
rows = [[c, s, z] for c in codes for s in [0, 1, 2, float("nan")] for z in [-0.4, 0.8]]
test = pd.DataFrame(rows, columns=["color", "shape", "size"]).astype(np.float32)
predictions = loaded.predict(xgboost.DMatrix(test, feature_types=["c", "c", "float"], enable_categorical=True))
write("xgb-categorical-codes", ["color", "shape", "size"],
      [[float(np.float32(v)) if not (isinstance(v, float) and math.isnan(v)) else v for v in row] for row in rows],
      [float(p) for p in predictions])

# XGBoost: pandas categoricals, categories in a non-sorted order.
ORDERED_COLORS = ["teal", "red", "blue", "gold", "green"]
ORDERED_SHAPES = ["star", "disc", "ring"]
frame = pd.DataFrame({
    "color": pd.Categorical([COLORS[i] for i in color], categories=ORDERED_COLORS),
    "size": size.astype(np.float32),
    "shape": pd.Categorical([SHAPES[i] for i in shape], categories=ORDERED_SHAPES),
})
model = xgboost.XGBRegressor(**XGB).fit(frame, y)
model.save_model(OUT / "xgb-categorical-pandas.json")
rows = [[c, z, s] for c in ORDERED_COLORS for z in [-0.4, 0.8] for s in ORDERED_SHAPES + [None]]
test = pd.DataFrame(rows, columns=["color", "size", "shape"])
test["color"] = pd.Categorical(test["color"], categories=ORDERED_COLORS)
test["shape"] = pd.Categorical(test["shape"], categories=ORDERED_SHAPES)
test["size"] = test["size"].astype(np.float32)
loaded = xgboost.XGBRegressor()
loaded.load_model(OUT / "xgb-categorical-pandas.json")
write("xgb-categorical-pandas", ["color", "size", "shape"],
      [[r[0], float(np.float32(r[1])), r[2]] for r in rows], [float(p) for p in loaded.predict(test)])
print("wrote lgb-categorical-codes, lgb-categorical-pandas, xgb-categorical-codes and xgb-categorical-pandas")
