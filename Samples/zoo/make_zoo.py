#!/usr/bin/env python3
"""Build the nbship notebook zoo under Samples/zoo/.

    /work/venv/bin/python Samples/zoo/make_zoo.py            # every case
    /work/venv/bin/python Samples/zoo/make_zoo.py bc-xgb-verify iris-tree-raw ...
    /work/venv/bin/python Samples/zoo/make_zoo.py --list     # ids and expected outcomes

Each case folder gets notebook.ipynb (executed with nbclient, or papermill
for the cases that inject parameters), model.pmml (exported by the notebook
with sklearn2pmml, <Timestamp> removed), rows.csv (raw inputs + the outputs
of the full scikit-learn / XGBoost / LightGBM pipeline) and expected.json.
README.md is regenerated from the case definitions on every full run.
Deterministic: a rerun gives the same bytes.
"""

import sys

sys.dont_write_bytecode = True  # leave no __pycache__ next to the samples
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import zoo_lib  # noqa: E402  (sets the single-thread env vars first)
import cases_breast_cancer  # noqa: E402,F401
import cases_iris_wine  # noqa: E402,F401
import cases_diabetes  # noqa: E402,F401
import cases_synthetic  # noqa: E402,F401

README_HEAD = """# nbship notebook zoo

A corpus of small, executed Jupyter notebooks, each with the PMML file it
exported with sklearn2pmml, for testing nbship on notebooks written the way
data scientists write them: many pipeline shapes (scaler inside or outside
the exported model, ColumnTransformer with one-hot encoding and imputation,
trees that use only some features, XGBoost, LightGBM, MLPs, papermill
parameter injection, `verify()`), and many ways of writing scaling constants
and golden examples in the tagged cells (`parameters`, `injected-parameters`,
`features`, `scaling`, `examples`).

Each `<case-id>/` folder holds:

- `notebook.ipynb`: executed (nbclient; papermill for the cases marked
  *papermill*).  The notebook fits its own model with fixed seeds, asserts
  that the literals pasted into its tagged cells are what it computed (except
  where a case is *about* stale literals), and exports `model.pmml` in its
  last cell.
- `model.pmml`: sklearn2pmml 0.133.1 output, `<Timestamp>` removed.
- `rows.csv`: >= 100 rows of RAW inputs (held-out rows, topped up with
  jittered rows for the small datasets, plus rows with blank = missing inputs
  for models that handle them) and the outputs the full pipeline computes:
  `label`, `probability(<class>)` in the model's class order, `decision`
  (`probability(positive) >= threshold`, with the threshold in effect after
  papermill injection) when the parameters have a `threshold`; `prediction`
  for regression.  Written for refused cases too (what the right answer
  would have been).
- `expected.json`: `{"outcome": "converts", "why": ...}` or
  `{"outcome": "refused", "diagnostic": <id>, "why": ...}` with one of
  `spec.scaling-ambiguous`, `spec.example-mismatch`, `spec.scaling-mismatch`,
  `spec.scaling-needs-features`.

## Regenerating

```sh
/work/venv/bin/python Samples/zoo/make_zoo.py              # all cases (~4.5 min, 1 core)
/work/venv/bin/python Samples/zoo/make_zoo.py CASE [CASE...] # only these
/work/venv/bin/python Samples/zoo/check_zoo.py             # independent checks, exit 0 = ok
```

`check_zoo.py` uses no scikit-learn: it validates the notebooks (executed in
order, no error/stderr output, ids `cell-01`..., tagged cells parse) and
`expected.json`, and scores every row of `rows.csv` with the small PMML
evaluator of `Samples/check_samples.py` (extended for float32 derived fields,
random-forest probability averaging and MLP regression outputs).  For the
cases whose model was fit on scaled data it first scales the raw inputs with
the constants it parses (`ast`, never executed) from the notebook's scaling
cell, so it also shows that those constants are what makes the PMML
reproduce `rows.csv`.  Observed: max error 6e-16 for double models, 1.2e-7
for the float32 XGBoost ones.

Needs the venv of Samples/requirements.txt plus papermill, xgboost and
lightgbm, and Java for sklearn2pmml.  The helpers (literal formatting with
repr precision, notebook building, Timestamp scrubbing) are imported from
`Samples/make_samples.py`.  The scripts: `zoo_lib.py` (machinery),
`cases_*.py` (one function per case), `make_zoo.py` (this command),
`check_zoo.py` (checks).

## What sklearn2pmml 0.133.1 does with these pipelines

- A scaler inside the `PMMLPipeline` is never folded into coefficients and
  never goes to a `TransformationDictionary`: it becomes `DerivedField`s
  (`standardScaler(x)`, `minMaxScaler(x)`, `robustScaler(x)`) of `Apply`
  arithmetic in a `LocalTransformations` element: the model's own for
  linear models and MLPs (`dataType="double"`), and for tree ensembles
  (`dataType="float"`, as scikit-learn's trees compare in float32) either the
  top-level MiningModel's or, for GradientBoosting and sometimes for a
  RandomForest, spread over the segments (each derived field is declared in
  the first segment whose tree uses it).
- Features a tree model does not use disappear from the MiningSchema AND
  the DataDictionary (e.g. `bc-tree-std-inside-subset` keeps 3 of 30).
  The notebooks' FEATURES lists and scaling cells still list all of them.
- `SimpleImputer` becomes `missingValueReplacement` + `missingValueTreatment`
  on the MiningField; a scaler after it is applied to the imputed value.
- A model fit on a NumPy array gets fields `x1..xn` (`iris-mlp-outside-numpy`).
- XGBoost exports use `dataType="float"` fields and `x-mathContext="float"`;
  missing values follow the learnt default direction through node order and
  `noTrueChildStrategy="returnLastPrediction"`.  LightGBM MiningSchemas start
  with an `<Extension name="X-FeatureImportances">`.
- `verify()` writes `ModelVerification`; probability fields carry
  `precision`/`zeroThreshold` = the values passed to `verify()` (default
  1e-13; `bc-xgb-verify` passes 1e-5).

## Cases

| case-id | what it exercises | expected outcome |
|---|---|---|
"""


def all_cases():
    return [fn() for fn in zoo_lib.CASES.values()]


def write_readme(cases):
    lines = [README_HEAD.rstrip("\n")]
    for c in cases:
        what = c.what + (" (*papermill*: " + ", ".join(
            f"-p {k} {v}" for k, v in c.papermill.items()) + ")" if c.papermill else "")
        outcome = "converts" if c.outcome == "converts" else f"refused: `{c.diagnostic}`"
        lines.append(f"| `{c.id}` | {what.replace('|', '/')} | {outcome} |")
    n_ref = sum(c.outcome != "converts" for c in cases)
    lines.append("")
    lines.append(f"{len(cases)} cases: {len(cases) - n_ref} convert, {n_ref} refused.")
    lines.append("")
    (zoo_lib.ZOO / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv):
    cases = all_cases()
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids), "duplicate case ids"
    if argv and argv[0] == "--list":
        for c in cases:
            print(f"{c.id:45s} {c.outcome} {c.diagnostic or ''}")
        return 0
    wanted = argv or ids
    unknown = [w for w in wanted if w not in ids]
    if unknown:
        print("unknown case(s):", ", ".join(unknown), file=sys.stderr)
        return 2
    t0 = time.time()
    failed = []
    for c in cases:
        if c.id not in wanted:
            continue
        t = time.time()
        try:
            folder, n = zoo_lib.build(c)
        except Exception as e:  # keep going, report at the end
            failed.append(c.id)
            print(f"FAILED {c.id}: {type(e).__name__}: {e}", flush=True)
            continue
        size = (folder / "model.pmml").stat().st_size
        print(f"{c.id:45s} {n:4d} rows  pmml {size / 1024:6.1f} KB  {time.time() - t:5.1f}s",
              flush=True)
    if not argv:
        write_readme(cases)
    print(f"{len(wanted) - len(failed)} built, {len(failed)} failed, {time.time() - t0:.0f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
