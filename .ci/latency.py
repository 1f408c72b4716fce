"""Single-row latency of scikit-learn on the diabetes-random-forest sample, for comparison with the generated
Swift (bash .ci/benchmark prints both). Retrains the sample's model with the same data, split and seeds as
Samples/make_more_samples.py, checks it reproduces rows.csv exactly, then times predict() on one row at a time."""
import csv
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_diabetes
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

rows_path = Path(__file__).resolve().parent.parent / "Samples" / "diabetes-random-forest" / "rows.csv"
data = load_diabetes(as_frame=True, scaled=False)
X, y = data.data, data.target
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
model = RandomForestRegressor(n_estimators=50, max_depth=8, random_state=42, n_jobs=1).fit(X_train, y_train)

rows = list(csv.DictReader(rows_path.open()))
inputs = pd.DataFrame([[float(r[c]) for c in X.columns] for r in rows], columns=X.columns)
expected = np.array([float(r["prediction"]) for r in rows])
if not np.array_equal(model.predict(inputs), expected):
    sys.exit("the retrained forest does not reproduce rows.csv")

single = [inputs.iloc[[i]] for i in range(len(inputs))]
for frame in single[:20]:
    model.predict(frame)
times = []
for _ in range(5):
    for frame in single:
        start = time.perf_counter()
        model.predict(frame)
        times.append(time.perf_counter() - start)
print(f"scikit-learn RandomForestRegressor.predict, one row: median {statistics.median(times) * 1e6:.1f} us "
      f"over {len(times)} calls")
