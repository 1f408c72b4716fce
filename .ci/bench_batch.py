"""Batch scoring with pandas + scikit-learn, for `.ci/bench` (section 3).

    python3 .ci/bench_batch.py MODEL IN.csv OUT.csv --passes N [--budget S] --cache DIR --forest DIR

N times (or only 2 once the passes so far took over S seconds together): pandas.read_csv, predict_proba on the feature columns, then to_csv of the label and the
probability columns (what `<name>-predict` writes, without a decision column); prints one JSON object
{"tool": "pandas+sklearn", "model", "rows", "passes_s": [...], "cpu_s": [...]} (or {"error": reason}). Each pass is timed
inside the process: interpreter start, imports and loading the model are not counted.
"""
import argparse
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_models import load  # noqa: E402


def timed(args):
    import numpy as np
    import pandas as pd

    result = {"tool": "pandas+sklearn", "model": args.model}
    try:
        ref = load(args.model, args.cache, args.forest)
        times, cpu = [], []
        begun = time.perf_counter()
        for _ in range(args.passes):
            if len(times) >= 2 and args.budget and time.perf_counter() - begun > args.budget:
                break
            start, start_cpu = time.perf_counter(), time.process_time()
            frame = pd.read_csv(args.input)
            proba = ref.model.predict_proba(frame[ref.features].to_numpy(dtype=np.float64))
            labels = np.asarray(ref.model.classes_)[proba.argmax(axis=1)]
            out = pd.DataFrame(proba, columns=[f"probability({c})" for c in ref.classes])
            out.insert(0, "label", labels)
            out.to_csv(args.output, index=False)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            result["rows"] = len(frame)
            del frame, proba, labels, out
        result["passes_s"] = times
        result["cpu_s"] = cpu
    except Exception as e:
        traceback.print_exc()
        result["error"] = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:200]
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--budget", type=float, default=0)
    parser.add_argument("--cache", required=True)
    parser.add_argument("--forest", required=True)
    timed(parser.parse_args())


if __name__ == "__main__":
    main()
