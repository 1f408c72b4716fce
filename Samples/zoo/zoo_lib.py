"""Shared machinery for the notebook zoo (see make_zoo.py and README.md).

A case is a list of cells plus a function that writes rows.csv.  A cell's
source is either a string or a callable ``source(ns)``: the callable sees
the namespace the earlier cells produced (the generator first runs the
notebook's code cells itself, in order, in one namespace) and returns the
source of the cell, typically a tagged cell with the fitted constants and
golden examples pasted in as Python literals.  The finished notebook is then
executed for real (nbclient, or papermill for the cases that inject
parameters); its own asserts check that the pasted literals are what the
kernel computed.
"""

import os

# Single-threaded BLAS / OpenMP: deterministic floating point, gentle on a
# shared machine.  Set before numpy is imported; the kernels inherit it.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.setdefault("PYTHONHASHSEED", "0")

import contextlib
import copy
import io
import json
import math
import sys
import tempfile
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import nbformat
import numpy as np
import pandas as pd

ZOO = Path(__file__).resolve().parent
SAMPLES = ZOO.parent
sys.path.insert(0, str(SAMPLES))

from make_samples import build_notebook, lit, scrub_pmml, write_rows  # noqa: E402

REFUSAL_IDS = {"spec.scaling-ambiguous", "spec.example-mismatch", "spec.scaling-mismatch",
               "spec.scaling-needs-features"}

EXPORT = '''
# sklearn2pmml runs a Java converter that prints a banner and timestamped log
# lines; keep them out of the notebook.
with contextlib.redirect_stdout(io.StringIO()):
    sklearn2pmml(pipeline, "model.pmml")
print("wrote model.pmml")
'''


# --------------------------------------------------------------------------
# Literals
# --------------------------------------------------------------------------

def L(v, indent=0):
    """A Python literal for v (repr precision), wrapped to ~88 columns."""
    return lit(_plain(v), indent)


def _plain(v):
    if isinstance(v, dict):
        return {_plain_key(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return [_plain(x) for x in v.tolist()]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v


def _plain_key(k):
    if isinstance(k, np.integer):
        return int(k)
    if isinstance(k, np.str_):
        return str(k)
    return k


def T(v, indent=0):
    """Like L, but a flat list becomes a tuple literal."""
    s = L(v, indent)
    assert s[0] == "[" and s[-1] == "]", s
    return "(" + s[1:-1] + ")"


def A(name, v):
    return f"{name} = {L(v)}"


def floats(xs):
    return [float(x) for x in xs]


def value(v):
    """A raw input value for an example literal: str as is, NaN -> None."""
    if isinstance(v, str):
        return v
    if v is None:
        return None
    f = float(v)
    return None if math.isnan(f) else f


def record(X, i, columns=None):
    columns = list(X.columns) if columns is None else columns
    return {c: value(X.iloc[i][c]) for c in columns}


def pick(labels, n=5):
    """n row indices: the first row of each label, topped up with early rows."""
    chosen, seen = [], set()
    for i, lab in enumerate(labels):
        if lab not in seen:
            seen.add(lab)
            chosen.append(i)
    i = 0
    while len(chosen) < n and i < len(labels):
        if i not in chosen:
            chosen.append(i)
        i += 1
    return sorted(chosen[:n])


# --------------------------------------------------------------------------
# rows.csv
# --------------------------------------------------------------------------

def csv_value(v):
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if v is None:
        return ""
    f = float(v)
    return "" if math.isnan(f) else repr(f)


def classification_rows(X, labels, proba, classes, threshold=None, positive=None):
    """Header and rows: raw inputs, label, probability(<class>)..., [decision]."""
    classes = [str(c) for c in classes]
    header = list(X.columns) + ["label"] + [f"probability({c})" for c in classes]
    if threshold is not None:
        header.append("decision")
        pos = classes.index(str(positive)) if positive is not None else 1
    rows = []
    proba = np.asarray(proba)
    for i in range(len(X)):
        row = [csv_value(v) for v in X.iloc[i]]
        row.append(str(labels[i]))
        row += [repr(float(p)) for p in proba[i]]
        if threshold is not None:
            row.append("true" if proba[i][pos] >= threshold else "false")
        rows.append(row)
    return header, rows


def regression_rows(X, pred):
    header = list(X.columns) + ["prediction"]
    rows = [[csv_value(v) for v in X.iloc[i]] + [repr(float(pred[i]))] for i in range(len(X))]
    return header, rows


def decimals(series):
    """How many decimals the values of a numeric column are written with (max 6)."""
    best = 0
    for v in series.dropna().to_numpy()[:500]:
        s = repr(float(v))
        if "e" in s:
            return 6
        frac = s.split(".")[1] if "." in s else ""
        frac = frac.rstrip("0")
        best = max(best, len(frac))
    return min(best, 6)


def jitter_rows(X, n, seed, scale=0.15):
    """n new rows that look like X: random rows of X, numeric columns moved by
    N(0, scale * std), rounded to the column's precision and clipped to its
    observed range.  Used to top up small held-out sets to >= 100 rows."""
    rng = np.random.default_rng(seed)
    base = X.iloc[rng.integers(0, len(X), size=n)].reset_index(drop=True).copy()
    for c in X.columns:
        if not pd.api.types.is_numeric_dtype(X[c]):
            continue
        col = X[c].astype(float)
        lo, hi, sd = col.min(), col.max(), col.std()
        moved = base[c].astype(float) + rng.normal(0.0, scale * sd, size=n)
        moved = moved.clip(lo, hi).round(decimals(col))
        moved[base[c].isna()] = np.nan
        base[c] = moved.astype(float)
    return base


def with_blanks(X, columns_per_row):
    """Copies of the first rows of X with the given columns blanked (NaN)."""
    out = X.iloc[: len(columns_per_row)].reset_index(drop=True).copy()
    for r, cols in enumerate(columns_per_row):
        for c in cols:
            out.loc[r, c] = np.nan
    return out


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

@dataclass
class Case:
    id: str
    what: str
    outcome: str  # "converts" or "refused"
    why: str
    cells: list
    rows: Callable  # ns -> (header, rows)
    diagnostic: Optional[str] = None
    papermill: Optional[dict] = None  # parameters injected with papermill
    check: Optional[Callable] = None  # ns -> None, generator-side sanity checks
    notes: list = field(default_factory=list)

    def expected(self):
        if self.outcome == "converts":
            return {"outcome": "converts", "why": self.why}
        assert self.diagnostic in REFUSAL_IDS, self.diagnostic
        return {"outcome": "refused", "diagnostic": self.diagnostic, "why": self.why}


CASES = {}


def register(fn):
    """Decorator: fn() returns a Case; it is built lazily by make_zoo."""
    CASES[fn.__name__] = fn
    return fn


def md(text):
    return ("md", text, None)


def code(src, *tags):
    return ("code", src, list(tags) or None)


def export(src=EXPORT):
    return ("export", src, None)


def _clean(src):
    return textwrap.dedent(src).strip("\n")


def injected_source(params):
    # What papermill 2.x writes into the injected-parameters cell.
    lines = ["# Parameters"]
    for k, v in params.items():
        lines.append(f"{k} = {v!r}")
    return "\n".join(lines) + "\n"


def materialize(case):
    """Run the notebook's code cells in-process (the export cell excepted) and
    return (namespace, [(kind, source, tags)]) with every callable resolved."""
    ns = {"__name__": "__main__", "display": lambda *a, **k: None}
    cells = []
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for kind, src, tags in case.cells:
            if callable(src):
                src = src(ns)
            src = _clean(src)
            cells.append(("code" if kind == "export" else kind, src, tags))
            if kind == "code":
                exec(compile(src, f"<{case.id}:{len(cells)}>", "exec"), ns)
                if case.papermill and tags and "parameters" in tags:
                    exec(injected_source(case.papermill), ns)
    return ns, cells


# --------------------------------------------------------------------------
# Execution
# --------------------------------------------------------------------------

def _strip(nb):
    lang = dict(nb.metadata.get("language_info", {}))
    meta = {"kernelspec": nb.metadata["kernelspec"], "language_info": lang}
    pm = nb.metadata.get("papermill")
    if pm is not None:
        # Keep what papermill records about the run, minus timings and paths.
        meta["papermill"] = {
            "default_parameters": pm.get("default_parameters", {}),
            "parameters": pm.get("parameters", {}),
            "version": pm.get("version"),
        }
    nb.metadata = meta
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{i:02d}"
        for key in list(cell.metadata):
            if key != "tags":
                del cell.metadata[key]
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    raise RuntimeError(f"error output in {cell.id}")
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    raise RuntimeError(f"stderr output in {cell.id}: {out.get('text', '')[:400]}")
                if "metadata" in out and not out["metadata"]:
                    out["metadata"] = {}
    nbformat.validate(nb)
    return nb


def execute(case, cells, folder):
    nb = build_notebook(cells)
    if case.papermill is None:
        from nbclient import NotebookClient

        NotebookClient(
            nb, timeout=600, kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
            record_timing=False, coalesce_streams=True, allow_errors=False,
        ).execute()
    else:
        import papermill as pm

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "notebook.ipynb"
            dst = Path(tmp) / "executed.ipynb"
            nbformat.write(nb, str(src))
            with contextlib.redirect_stderr(io.StringIO()):
                pm.execute_notebook(
                    str(src), str(dst), parameters=case.papermill, kernel_name="python3",
                    cwd=str(folder), progress_bar=False, log_output=False,
                )
            nb = nbformat.read(str(dst), as_version=4)
        # papermill marks every cell with its own metadata; coalesce streams
        # the way nbclient does for the other notebooks.
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = _coalesce(cell.outputs)
    nb = _strip(nb)
    with open(folder / "notebook.ipynb", "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(nb, fh)
    size = (folder / "notebook.ipynb").stat().st_size
    if size > 60_000:
        raise RuntimeError(f"notebook is {size} bytes")
    return nb


def _coalesce(outputs):
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def build(case):
    folder = ZOO / case.id
    folder.mkdir(exist_ok=True)
    ns, cells = materialize(case)
    if case.check is not None:
        case.check(ns)
    header, rows = case.rows(ns)
    if len(rows) < 100:
        raise RuntimeError(f"{case.id}: only {len(rows)} rows")
    execute(case, cells, folder)
    scrub_pmml(folder / "model.pmml")
    write_rows(folder / "rows.csv", header, rows)
    with open(folder / "expected.json", "w", encoding="utf-8", newline="\n") as fh:
        json.dump(case.expected(), fh, indent=2)
        fh.write("\n")
    return folder, len(rows)


# --------------------------------------------------------------------------
# Generator-side sanity checks
# --------------------------------------------------------------------------

def differs(a, b, atol=1e-6):
    """True when two output arrays clearly differ (labels or numbers)."""
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind in "OUS" or b.dtype.kind in "OUS":
        return bool(np.any(a.astype(str) != b.astype(str)))
    return bool(np.max(np.abs(a.astype(float) - b.astype(float))) > atol)
