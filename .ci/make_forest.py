"""A 300-tree random forest for measuring nbship on a large model (not a sample: nothing here is committed but this
script). Writes model.pmml (about 27 MB, 172,918 nodes) and rows.csv (1,000 rows with scikit-learn's outputs) into
the folder given (default: /tmp/nbship-forest-300), and model-xgboost.json: an XGBoost random forest of 300 trees on
the same data (XGBRFClassifier, depth 12), saved with save_model, for timing conversion from XGBoost JSON, the same
booster as model-xgboost.ubj (UBJSON), model-lightgbm.txt: 300 LightGBM trees of up to 255 leaves on the same data
(gradient boosting: nbship refuses LightGBM's random-forest mode), saved with save_model, and model.onnx: the
scikit-learn forest itself through skl2onnx (float32 input, probabilities as a tensor).

    python3 .ci/make_forest.py [folder]

Then: nbship convert --model <folder>/model.pmml --out <dist>; build the package; <name>-predict <folder>/rows.csv."""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn2pmml import sklearn2pmml
from sklearn2pmml.pipeline import PMMLPipeline

folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/nbship-forest-300")
folder.mkdir(parents=True, exist_ok=True)
X, y = make_classification(n_samples=6000, n_features=30, n_informative=12, flip_y=0.08, random_state=0)
X = pd.DataFrame(X, columns=[f"x{i}" for i in range(30)])
y = pd.Series(np.where(y == 1, "yes", "no"), name="y")
pipeline = PMMLPipeline([
    ("classifier", RandomForestClassifier(n_estimators=300, random_state=0, min_samples_leaf=3, max_samples=0.5)),
])
pipeline.fit(X, y)
sklearn2pmml(pipeline, str(folder / "model.pmml"))
rows = X.head(1000).copy()
probabilities = pipeline.predict_proba(X.head(1000))
rows["label"] = pipeline.predict(X.head(1000))
rows["probability(no)"] = probabilities[:, 0]
rows["probability(yes)"] = probabilities[:, 1]
rows.to_csv(folder / "rows.csv", index=False)
nodes = sum(tree.tree_.node_count for tree in pipeline.named_steps["classifier"].estimators_)
print(f"{folder / 'model.pmml'}: 300 trees, {nodes} nodes")
try:
    import xgboost
except ImportError:
    print("xgboost is not installed: no model-xgboost.json")
else:
    forest = xgboost.XGBRFClassifier(
        n_estimators=300, max_depth=12, subsample=0.5, colsample_bynode=0.8, random_state=0, n_jobs=1)
    forest.fit(X, (y == "yes").astype(int))
    forest.save_model(folder / "model-xgboost.json")
    forest.save_model(folder / "model-xgboost.ubj")
    frame = forest.get_booster().trees_to_dataframe()
    print(f"{folder / 'model-xgboost.json'}: {frame['Tree'].nunique()} trees, {len(frame)} nodes")

try:
    import lightgbm
except ImportError:
    print("lightgbm is not installed: no model-lightgbm.txt")
else:
    booster = lightgbm.LGBMClassifier(
        n_estimators=300, num_leaves=255, min_child_samples=3, subsample=0.5, subsample_freq=1,
        colsample_bytree=0.8, learning_rate=0.05, random_state=0, n_jobs=1, verbose=-1)
    booster.fit(X, (y == "yes").astype(int))
    booster.booster_.save_model(str(folder / "model-lightgbm.txt"))
    frame = booster.booster_.trees_to_dataframe()
    print(f"{folder / 'model-lightgbm.txt'}: {frame['tree_index'].nunique()} trees, {len(frame)} nodes")

try:
    from skl2onnx import to_onnx
except ImportError:
    print("skl2onnx is not installed: no model.onnx")
else:
    forest = pipeline.named_steps["classifier"]
    onx = to_onnx(forest, X.head(1).to_numpy(dtype=np.float32), options={id(forest): {"zipmap": False}})
    (folder / "model.onnx").write_bytes(onx.SerializeToString())
    print(f"{folder / 'model.onnx'}: {(folder / 'model.onnx').stat().st_size} bytes")
