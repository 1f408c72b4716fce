"""Single-row latency of the reference tools, for `.ci/bench` (section 2).

    python3 .ci/bench_latency.py TOOL MODEL --cache DIR --forest DIR --rows R --passes N --work DIR

TOOL is one of
  sklearn      scikit-learn `predict_proba` on one float64 row (a (1, n) numpy array), defaults otherwise;
  onnxruntime  the model converted with skl2onnx (float32 input, zipmap off), one row per `InferenceSession.run`,
               one intra-op and one inter-op thread (the fastest setting for one row);
  m2cgen       the C code m2cgen generates for the estimator, compiled with `gcc -O2` into a small harness that
               times an in-process loop (a StandardScaler step is applied by the harness, and a binary logistic
               regression's decision value goes through the logistic function, so the harness computes what
               predict_proba computes).
MODEL is a name from bench_models.NAMES. All tools use the same method as the generated Swift's harness in
`.ci/bench`: the first R rows of the model's rows.csv, scored one call per row, the rows in turn (a sweep), never
the same row twice in a row (repeating one row would let the branch predictor learn its paths through the trees);
warm-up sweeps, then N passes of whole sweeps lasting about 0.5 s (0.2 s in C); a pass's value is its time divided
by its calls. Prints one JSON object: {"tool", "model", "passes_us": [...], "sweeps_per_pass", "checksum": sum over
the R rows of the first class's probability} or {"tool", "model", "error": reason}.
"""
import argparse
import hashlib
import json
import subprocess
import sys
import time
import traceback
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_models import load  # noqa: E402


def sweep_passes(call, rows, passes, pass_s=0.5):
    """Warm-up sweeps, then `passes` passes of whole sweeps (each row once, in order) lasting about pass_s; the
    value of a pass is its time divided by the calls it made (µs)."""
    start = time.perf_counter()
    sweeps = 0
    while sweeps < 3 or time.perf_counter() - start < min(2.0, 3 * pass_s):
        for x in rows:
            call(x)
        sweeps += 1
    per_sweep = (time.perf_counter() - start) / sweeps
    k = max(1, round(pass_s / per_sweep))
    results = []
    for _ in range(passes):
        t0 = time.perf_counter_ns()
        for _ in range(k):
            for x in rows:
                call(x)
        results.append((time.perf_counter_ns() - t0) / (k * len(rows)) / 1000.0)
    return results, k


def run_sklearn(ref, rows, passes, args):
    model = ref.model
    singles = [np.ascontiguousarray(rows[i:i + 1]) for i in range(len(rows))]
    times, k = sweep_passes(model.predict_proba, singles, passes)
    checksum = float(sum(model.predict_proba(x)[0, 0] for x in singles))
    return {"passes_us": times, "sweeps_per_pass": k, "checksum": checksum}


def _estimator(model):
    return model.steps[-1][1] if hasattr(model, "steps") else model


def run_onnxruntime(ref, rows, passes, args):
    import onnxruntime as ort
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType

    cache = Path(args.cache) / f"{ref.name}-{_model_key(ref, 'skl2onnx')}.onnx"
    if not cache.exists():
        onx = convert_sklearn(ref.model, initial_types=[("input", FloatTensorType([None, len(ref.features)]))],
                              options={id(_estimator(ref.model)): {"zipmap": False}})
        cache.write_bytes(onx.SerializeToString())
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(cache), options, providers=["CPUExecutionProvider"])
    outputs = [o.name for o in session.get_outputs()]
    proba_name = next((n for n in outputs if "prob" in n), outputs[-1])
    input_name = session.get_inputs()[0].name
    singles = [np.ascontiguousarray(rows[i:i + 1], dtype=np.float32) for i in range(len(rows))]
    times, k = sweep_passes(lambda x: session.run([proba_name], {input_name: x}), singles, passes)
    checksum = float(sum(session.run([proba_name], {input_name: x})[0][0, 0] for x in singles))
    return {"passes_us": times, "sweeps_per_pass": k, "checksum": checksum}


def _model_key(ref, tool):
    """Names a cached ONNX file, C file or object file: changes with the training code, scikit-learn and the tool."""
    from importlib.metadata import version
    from bench_models import _source_key
    return hashlib.sha256(f"{_source_key()} {tool} {version(tool)}".encode()).hexdigest()[:16]


C_HARNESS = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "rows.h"

#if DECISION
double score(double *input);
#else
void score(double *input, double *output);
#endif

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* predict_proba(x)[0]: the first class's probability. */
static double first_probability(const double *x) {
    double z[N_FEATURES];
    for (int i = 0; i < N_FEATURES; i++) z[i] = SCALED ? (x[i] - MEAN[i]) / SCALE[i] : x[i];
#if DECISION
    double d = score(z);
    return 1.0 - 1.0 / (1.0 + exp(-d));
#else
    double out[N_CLASSES];
    score(z, out);
    return out[0];
#endif
}

static volatile double sink = 0;

static void sweep(void) {
    for (int r = 0; r < N_ROWS; r++) sink += first_probability(ROWS[r]);
}

int main(int argc, char **argv) {
    int passes = argc > 1 ? atoi(argv[1]) : 5, sweeps = 0;
    double start = now_ns();
    while (sweeps < 3 || now_ns() - start < 0.6e9) {
        sweep();
        sweeps++;
    }
    int k = (int)(0.2e9 / ((now_ns() - start) / sweeps));
    if (k < 1) k = 1;
    printf("{\"passes_us\": [");
    for (int p = 0; p < passes; p++) {
        double t0 = now_ns();
        for (int j = 0; j < k; j++) sweep();
        printf("%s%.5f", p ? ", " : "", (now_ns() - t0) / ((double)k * N_ROWS) / 1000.0);
    }
    double checksum = 0;
    for (int r = 0; r < N_ROWS; r++) checksum += first_probability(ROWS[r]);
    printf("], \"sweeps_per_pass\": %d, \"checksum\": %.17g}\n", k, checksum);
    return 0;
}
"""


def _c_array(values):
    return ", ".join(repr(float(v)) for v in values)


def run_m2cgen(ref, rows, passes, args):
    import m2cgen

    sys.setrecursionlimit(1_000_000)
    model = ref.model
    scaler = None
    if hasattr(model, "steps"):
        if len(model.steps) == 2 and type(model.steps[0][1]).__name__ == "StandardScaler":
            scaler = model.steps[0][1]
        elif len(model.steps) != 1:
            raise Unsupported(f"m2cgen exports estimators, not a {len(model.steps)}-step pipeline")
    estimator = _estimator(model)
    kind = type(estimator).__name__
    from m2cgen.assemblers import SUPPORTED_MODELS
    if f"sklearn_{kind}" not in SUPPORTED_MODELS:
        raise Unsupported(f"m2cgen {m2cgen.__version__} has no assembler for scikit-learn's {kind}")
    decision = kind.startswith("Logistic")
    if decision and len(ref.classes) != 2:
        raise Unsupported("the harness handles binary logistic regression only")

    work = Path(args.work) / f"m2cgen-{ref.name}"
    work.mkdir(parents=True, exist_ok=True)
    key = _model_key(ref, "m2cgen")
    source = Path(args.cache) / f"{ref.name}-{key}.m2cgen.c"
    if not source.exists():
        started = time.time()
        code = m2cgen.export_to_c(estimator)
        source.write_text(code)
        print(f"m2cgen: exported {ref.name} in {time.time() - started:.0f} s ({len(code) / 1e6:.1f} MB of C)",
              file=sys.stderr)
    n = len(ref.features)
    header = [f"#define N_ROWS {len(rows)}", f"#define N_FEATURES {n}", f"#define N_CLASSES {len(ref.classes)}",
              f"#define DECISION {int(decision)}", f"#define SCALED {int(scaler is not None)}",
              f"static const double MEAN[{n}] = {{{_c_array(scaler.mean_ if scaler is not None else [0] * n)}}};",
              f"static const double SCALE[{n}] = {{{_c_array(scaler.scale_ if scaler is not None else [1] * n)}}};",
              f"static const double ROWS[{len(rows)}][{n}] = {{"]
    header += ["    {" + _c_array(row) + "}," for row in rows] + ["};"]
    (work / "rows.h").write_text("\n".join(header) + "\n")
    (work / "harness.c").write_text(C_HARNESS)
    # The model's object file is cached: gcc -O2 on the forest's C (about 24 MB) takes minutes.
    obj = Path(args.cache) / f"{ref.name}-{key}.m2cgen.o"
    if not obj.exists():
        started = time.time()
        tmp = obj.with_suffix(".o.tmp")
        subprocess.run(["gcc", "-O2", "-c", str(source), "-o", str(tmp)], check=True)
        tmp.rename(obj)
        print(f"m2cgen: gcc -O2 compiled {ref.name} in {time.time() - started:.0f} s", file=sys.stderr)
    binary = work / "harness"
    subprocess.run(["gcc", "-O2", "-o", str(binary), str(work / "harness.c"), str(obj), "-lm"], check=True)
    out = subprocess.run([str(binary), str(args.passes)], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    expected = float(np.sum(ref.model.predict_proba(rows)[:, 0]))
    if abs(result["checksum"] - expected) > 1e-6 * max(1.0, abs(expected)):
        raise Unsupported(f"the m2cgen harness disagrees with scikit-learn (checksum {result['checksum']} "
                          f"vs {expected})")
    return result


class Unsupported(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tool", choices=["sklearn", "onnxruntime", "m2cgen"])
    parser.add_argument("model")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--forest", required=True)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    result = {"tool": args.tool, "model": args.model}
    try:
        ref = load(args.model, args.cache, args.forest)
        rows = ref.rows[:args.rows]
        runner = {"sklearn": run_sklearn, "onnxruntime": run_onnxruntime, "m2cgen": run_m2cgen}[args.tool]
        result.update(runner(ref, rows, args.passes, args))
    except Unsupported as e:
        result["error"] = str(e)
    except subprocess.CalledProcessError as e:
        result["error"] = f"{Path(e.cmd[0]).name} failed (exit {e.returncode})"
    except Exception as e:  # reported in the table, not fatal
        traceback.print_exc()
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:200]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
