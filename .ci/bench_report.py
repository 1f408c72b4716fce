"""Results and report of `.ci/bench`: standard library only (it runs with any python3, venv or not).

    python3 .ci/bench_report.py record RESULTS.jsonl --section S --workload W --tool T --unit U
            [--values "v1 v2 ..."] [--rss-kb "k1 k2 ..."] [--from-json FILE] [--error TEXT] [--set key=value ...]
        appends one measurement (a line of JSON). --from-json takes a helper's JSON output (passes_us or
        passes_s become the values; error, checksum, rows, calls_per_timing are kept); an empty or unreadable
        file records an error instead.
    python3 .ci/bench_report.py write RESULTS.jsonl OUT.md --runs N --mode full|quick --batch-rows N
            --venv DIR --started ISO --load-start TEXT
        writes the Markdown report (machine, results with medians and ratios, targets with PASS/MISS).
"""
import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

NBSHIP = "nbship"


# ---------------------------------------------------------------------------------------------------------------
# record

def record(args):
    rec = {"section": args.section, "workload": args.workload, "tool": args.tool, "unit": args.unit}
    if args.from_json:
        try:
            text = Path(args.from_json).read_text().strip().splitlines()
            data = json.loads(text[-1]) if text else {}
        except (OSError, ValueError) as e:
            data = {"error": f"no result from the helper ({type(e).__name__})"}
        if not data:
            data = {"error": "the helper printed nothing (see the log above)"}
        values = data.get("passes_us", data.get("passes_s"))
        if values is not None:
            rec["values"] = values
        for key in ("error", "checksum", "rows", "sweeps_per_pass", "cpu_s"):
            if key in data:
                rec[key] = data[key]
    if args.values:
        rec["values"] = [float(v) for v in args.values.split()]
    if args.rss_kb:
        rec["rss_kb"] = [float(v) for v in args.rss_kb.split()]
    if args.cpu_s:
        rec["cpu_s"] = [float(v) for v in args.cpu_s.split()]
    for item in args.set or []:
        key, _, value = item.partition("=")
        rec[key] = value
    if args.error:
        rec["error"] = args.error
    if "error" not in rec and not rec.get("values"):
        rec["error"] = "no values were measured"
    with open(args.results, "a") as fh:
        fh.write(json.dumps(rec) + "\n")


# ---------------------------------------------------------------------------------------------------------------
# formatting

def med(values):
    return statistics.median(values) if values else None


def fmt_time(seconds):
    if seconds is None:
        return "–"
    if seconds >= 100:
        return f"{seconds:.0f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.3g} µs"
    return f"{seconds * 1e9:.3g} ns"


def fmt_bytes(n):
    if n is None:
        return "–"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:.0f} B"


def fmt_rate(rows_per_s):
    if rows_per_s >= 1e6:
        return f"{rows_per_s / 1e6:.2f} M rows/s"
    if rows_per_s >= 1e3:
        return f"{rows_per_s / 1e3:.1f} k rows/s"
    return f"{rows_per_s:.0f} rows/s"


def seconds_of(rec):
    scale = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6}[rec["unit"]]
    return [v * scale for v in rec["values"]]


def spread(values, cpu=None):
    """'median (min–max, n runs)' of a list of seconds; with the median CPU time (user + system) when given."""
    if not values:
        return "–"
    extra = f"; CPU {fmt_time(med(cpu))}" if cpu else ""
    if len(values) == 1:
        return f"{fmt_time(values[0])} (1 run{extra})"
    return f"{fmt_time(med(values))} ({fmt_time(min(values))}–{fmt_time(max(values))}, {len(values)} runs{extra})"


def fmt_ratio(r):
    return f"{r:.0f}x" if r >= 100 else f"{r:.1f}x" if r >= 10 else f"{r:.2f}x"


def compare(ours, theirs, ours_name, theirs_name):
    """'nbship 0.6 s vs JPMML 3.1 s: 5.2x faster' for times (lower is better)."""
    if ours is None or theirs is None:
        return "–"
    if ours <= theirs:
        verdict = f"{fmt_ratio(theirs / ours)} faster" if ours > 0 else "faster"
    else:
        verdict = f"{fmt_ratio(ours / theirs)} slower" if theirs > 0 else "slower"
    return f"{ours_name} {fmt_time(ours)} vs {theirs_name} {fmt_time(theirs)}: {verdict}"


def not_measured(rec):
    return f"not measured: {rec['error']}"


class Results:
    def __init__(self, path):
        self.records = []
        if Path(path).exists():
            for line in Path(path).read_text().splitlines():
                if line.strip():
                    self.records.append(json.loads(line))

    def get(self, section, workload, tool):
        found = [r for r in self.records if r["section"] == section and r["workload"] == workload
                 and r["tool"] == tool]
        return found[-1] if found else None

    def workloads(self, section):
        seen = []
        for r in self.records:
            if r["section"] == section and r["workload"] not in seen:
                seen.append(r["workload"])
        return seen

    def tools(self, section, workload):
        seen = []
        for r in self.records:
            if r["section"] == section and r["workload"] == workload and r["tool"] not in seen:
                seen.append(r["tool"])
        return seen


def ok(rec):
    return rec is not None and "error" not in rec and rec.get("values")


# ---------------------------------------------------------------------------------------------------------------
# machine

def run(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"unavailable ({type(e).__name__})"


def machine(args):
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1048576:.1f} GiB"
    except (OSError, AttributeError):
        pass
    os_name = platform.platform()
    try:
        os_name = re.search(r'PRETTY_NAME="([^"]*)"', Path("/etc/os-release").read_text()).group(1) + \
            f" (Linux {platform.release()})"
    except (OSError, AttributeError):
        pass
    swift = run(["swift", "--version"]).splitlines()
    swift = next((line for line in swift if "Swift version" in line), swift[0] if swift else "unknown")
    java = run(["java", "-version"]).splitlines()
    gcc = run(["gcc", "--version"]).splitlines()
    python = Path(args.venv) / "bin" / "python"
    packages = "venv unavailable"
    if python.exists():
        code = ("import importlib.metadata as m, sys\n"
                "names = ['scikit-learn', 'numpy', 'pandas', 'sklearn2pmml', 'jpmml_evaluator', 'onnxruntime', "
                "'skl2onnx', 'onnx', 'm2cgen', 'nbformat']\n"
                "def v(n):\n"
                "    try: return m.version(n)\n"
                "    except Exception: return 'missing'\n"
                "print('Python ' + sys.version.split()[0] + '; ' + ', '.join(n + ' ' + v(n) for n in names))")
        packages = run([str(python), "-c", code])
    jars = sorted(p.name for p in Path(args.venv).glob("lib/python*/site-packages/jpmml_evaluator/dependencies/"
                                                      "pmml-evaluator-[0-9]*.jar"))
    return [
        ("Date", f"{args.started} (report written {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')})"),
        ("CPU", f"{cpu}, {os.cpu_count()} cores (`nproc`: {run(['nproc'])})"),
        ("Memory", memory),
        ("OS", os_name),
        ("Swift", swift),
        ("Python and packages", packages),
        ("Java", f"{java[0] if java else 'unknown'}; JPMML-Evaluator {', '.join(jars) or 'jars not found'}"),
        ("C compiler", gcc[0] if gcc else "unknown"),
        ("Load average", f"{args.load_start} at the start, {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
                         f" at the end (the machine is shared: other builds may run at the same time)"),
        ("Run", f"`bash .ci/bench{' --quick' if args.mode == 'quick' else ''} --runs {args.runs}`: {args.runs} runs "
                f"per measurement, batch CSVs of {args.batch_rows:,} rows"),
    ]


# ---------------------------------------------------------------------------------------------------------------
# report

LATENCY_REFS = ["scikit-learn", "onnxruntime", "m2cgen C -O2"]
BATCH_REFS = ["pandas+scikit-learn"]


def write(args):
    res = Results(args.results)
    out = []
    targets = []
    p = out.append

    p("# nbship benchmarks")
    p("")
    p("nbship and the tools users would pick instead, on the same work, in the same run: written by "
      "`bash .ci/bench` (see the comment at its top for what each measurement does). Times are medians of the "
      "runs, with the fastest and slowest run in parentheses.")
    p("")
    p("| | |")
    p("| --- | --- |")
    for key, value in machine(args):
        p(f"| {key} | {value.replace('|', '/')} |")
    p("")
    body = []
    q = body.append

    # 1. Conversion ---------------------------------------------------------------------------------------------
    q("## 1. Conversion")
    q("")
    q("`nbship convert` (release build) wall time and peak resident memory (`/usr/bin/time -f %M`), one process "
      "per run, a fresh `--out` folder each time. JPMML-Evaluator: `new LoadingModelEvaluatorBuilder().load(file)"
      ".build()` on the same PMML, timed inside the JVM with `System.nanoTime` (JVM start excluded): *first* is the "
      "first load in a fresh JVM (classes loaded and interpreted, as a service does it once), *warm* the later "
      "loads in the same JVM. CPU: user + system time of the nbship process.")
    q("")
    q("| input | size | nbship convert | nbship peak memory | JPMML load, first in JVM | JPMML load, warm JVM | "
      "nbship vs JPMML (first) | nbship vs JPMML (warm) |")
    q("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for w in [w for w in res.workloads("convert") if w != "notebook-50mb"]:
        ours = res.get("convert", w, NBSHIP)
        first = res.get("convert", w, "JPMML first")
        warm = res.get("convert", w, "JPMML warm")
        size = float(ours.get("input_bytes", 0)) if ours else None
        if ok(ours):
            t = seconds_of(ours)
            rss = med(ours.get("rss_kb", [])) * 1024 if ours.get("rss_kb") else None
            mem = f"{fmt_bytes(rss)} ({rss / size:.1f}x the input)" if rss and size and size > 1e6 else fmt_bytes(rss)
            cols = [spread(t, ours.get("cpu_s")), mem]
        else:
            t = None
            cols = [not_measured(ours) if ours else "–", "–"]
        for ref in (first, warm):
            cols.append(spread(seconds_of(ref)) if ok(ref) else (not_measured(ref) if ref else "–"))
        for ref, label in ((first, "JPMML first"), (warm, "JPMML warm")):
            cols.append(compare(med(t), med(seconds_of(ref)), NBSHIP, label) if t and ok(ref) else "–")
        q(f"| {w} | {fmt_bytes(size)} | " + " | ".join(cols) + " |")
        if w == "forest-300":
            ct = med(t) if t else None
            targets.append(("Convert the 300-tree forest (~25 MB PMML) in under 1 s",
                            fmt_time(ct) if ct else not_measured(ours),
                            None if ct is None else ct < 1.0))
            for ref, label in ((first, "first load in a fresh JVM"), (warm, "load in a warm JVM")):
                if ct and ok(ref):
                    r = med(seconds_of(ref))
                    targets.append((f"Forest: at least 5x faster than JPMML-Evaluator's {label}",
                                    compare(ct, r, NBSHIP, "JPMML"), ct * 5 <= r))
                else:
                    targets.append((f"Forest: at least 5x faster than JPMML-Evaluator's {label}",
                                    not_measured(ref) if ref and not ok(ref) else "not measured", None))
            if ok(ours) and ours.get("rss_kb") and size:
                rss = med(ours["rss_kb"]) * 1024
                targets.append(("Forest: conversion peak memory under 4x the file size",
                                f"{fmt_bytes(rss)} = {rss / size:.1f}x of {fmt_bytes(size)}", rss < 4 * size))
            else:
                targets.append(("Forest: conversion peak memory under 4x the file size", "not measured", None))
    q("")
    q("Sizes: the PMML file for the forest; the notebook plus the PMML file for the samples.")
    q("")

    nb = res.get("convert", "notebook-50mb", NBSHIP)
    if nb is not None:
        ref = res.get("convert", "notebook-50mb", "nbformat.read")
        q("### A 50 MB notebook")
        q("")
        q("The `breast-cancer-logistic` notebook with PNG figures added as outputs (`.ci/bench_notebook.py`), "
          "converted with that sample's PMML; nbformat: `nbformat.read(path, as_version=4)` (validating, the "
          "default) timed inside Python (interpreter start and imports excluded); its peak memory is the whole "
          "Python process's.")
        q("")
        q("| input | size | tool | time | peak memory | comparison |")
        q("| --- | --- | --- | --- | --- | --- |")
        size = float(nb.get("input_bytes", 0)) or None
        t = seconds_of(nb) if ok(nb) else None
        mem = fmt_bytes(med(nb["rss_kb"]) * 1024) if ok(nb) and nb.get("rss_kb") else "–"
        q(f"| notebook-50mb | {fmt_bytes(size)} | nbship convert | "
          f"{spread(t, nb.get('cpu_s')) if t else not_measured(nb)} | {mem} | |")
        if ref is not None:
            rt = seconds_of(ref) if ok(ref) else None
            rmem = fmt_bytes(med(ref["rss_kb"]) * 1024) if ok(ref) and ref.get("rss_kb") else "–"
            q(f"| notebook-50mb | {fmt_bytes(size)} | nbformat.read | "
              f"{spread(rt, ref.get('cpu_s')) if rt else not_measured(ref)} | "
              f"{rmem} | {compare(med(t), med(rt), NBSHIP, 'nbformat.read') if t and rt else '–'} |")
        q("")

    # 2. Latency -------------------------------------------------------------------------------------------------
    q("## 2. Single-row latency")
    q("")
    q("Every tool scores the same rows, the first 100 of the model's rows.csv, one call per row and the rows in "
      "turn (never the same row twice in a row: repeating one row lets the branch predictor learn its path "
      "through the trees: tried on the forest, it made Swift and C look 2-3x faster), in process, after warm-up "
      "sweeps; each run is a pass of whole sweeps over the rows (about 0.2 s in Swift and C, 0.5 s in Python, at "
      "least one sweep), and its value is its time divided by its calls. nbship: the generated package's "
      "`Model().predict(Input)` in a release-built Swift harness (inputs built before timing). scikit-learn: "
      "`predict_proba` on a (1, n) float64 numpy array, default settings. onnxruntime: the model converted with "
      "skl2onnx (float32 input, zipmap off), `InferenceSession.run` with one thread. m2cgen: its C for the "
      "estimator compiled with `gcc -O2`, called from a C loop (the harness standardises the inputs where the "
      "pipeline has a StandardScaler, and applies the logistic function to a logistic regression's decision "
      "value).")
    q("")
    q("| model | nbship | reference | reference latency | nbship vs reference |")
    q("| --- | --- | --- | --- | --- |")
    notes = []
    for w in res.workloads("latency"):
        ours = res.get("latency", w, NBSHIP)
        t = med(seconds_of(ours)) if ok(ours) else None
        ours_text = spread(seconds_of(ours)) if ok(ours) else not_measured(ours) if ours else "–"
        base = res.get("latency", w, "scikit-learn")
        for tool in LATENCY_REFS:
            ref = res.get("latency", w, tool)
            if ref is None:
                continue
            rt = med(seconds_of(ref)) if ok(ref) else None
            q(f"| {w} | {ours_text} | {tool} | {spread(seconds_of(ref)) if ok(ref) else not_measured(ref)} | "
              f"{compare(t, rt, NBSHIP, tool) if t and rt else '–'} |")
            goal = {"scikit-learn": ("at least 100x faster than scikit-learn", lambda a, b: a * 100 <= b),
                    "onnxruntime": ("faster than onnxruntime", lambda a, b: a < b),
                    "m2cgen C -O2": ("within 1.5x of m2cgen's C (gcc -O2)", lambda a, b: a <= 1.5 * b)}[tool]
            if t and rt:
                targets.append((f"Latency, {w}: {goal[0]}", compare(t, rt, NBSHIP, tool), goal[1](t, rt)))
            else:
                targets.append((f"Latency, {w}: {goal[0]}",
                                not_measured(ref) if not ok(ref) else not_measured(ours) if ours else "–", None))
            if ok(ref) and ok(base) and "checksum" in ref and "checksum" in base:
                a, b = float(ref["checksum"]), float(base["checksum"])
                if abs(a - b) > 1e-4 * max(1.0, abs(b)):
                    notes.append(f"{w}, {tool}: the sum of the first class's probability over the timed rows is "
                                 f"{a:.6g}, scikit-learn's {b:.6g}")
        if ok(ours) and ok(base) and "checksum" in ours and "checksum" in base:
            a, b = float(ours["checksum"]), float(base["checksum"])
            if abs(a - b) > 1e-6 * max(1.0, abs(b)):
                notes.append(f"{w}, nbship: the sum of the first class's probability over the timed rows is "
                             f"{a:.9g}, scikit-learn's {b:.9g}")
    q("")
    if notes:
        q("Disagreements between tools (same rows): " + "; ".join(notes) + ".")
    else:
        q("All measured tools agree with scikit-learn on the timed rows (sum of the first class's probability, "
          "to 1e-4; onnxruntime computes in float32).")
    q("")

    # 3. Batch ---------------------------------------------------------------------------------------------------
    q("## 3. Batch throughput")
    q("")
    q(f"A CSV of {args.batch_rows:,} rows (the model's rows.csv inputs repeated). nbship: the generated "
      "`<name>-predict` (release build) reading the file and writing its CSV to a file, one process per run. "
      "pandas+scikit-learn: `read_csv`, `predict_proba` on the feature columns, `to_csv` of the label and the "
      "probabilities, timed inside Python (interpreter start, imports and loading the model excluded); both "
      "single-threaded where the model allows (the forest's `n_jobs` is its default, 1). CPU: user + system time "
      "of the process (nbship) or of the timed part (Python); where it is well below the wall time, other work "
      "on the machine took the CPU.")
    q("")
    q("| model | rows | nbship | reference | reference time | nbship vs reference |")
    q("| --- | --- | --- | --- | --- | --- |")
    for w in res.workloads("batch"):
        ours = res.get("batch", w, NBSHIP)
        rows = float(ours.get("rows", args.batch_rows)) if ours else args.batch_rows
        t = med(seconds_of(ours)) if ok(ours) else None
        ours_text = (f"{spread(seconds_of(ours), ours.get('cpu_s'))}, {fmt_rate(rows / t)}" if t else
                     not_measured(ours) if ours else "–")
        for tool in BATCH_REFS:
            ref = res.get("batch", w, tool)
            if ref is None:
                continue
            rt = med(seconds_of(ref)) if ok(ref) else None
            ref_text = (f"{spread(seconds_of(ref), ref.get('cpu_s'))}, {fmt_rate(rows / rt)}" if rt else
                        not_measured(ref))
            cmp = (f"{compare(t, rt, NBSHIP, tool)} ({fmt_ratio(rt / t)} the throughput)" if t and rt else "–")
            q(f"| {w} | {rows:,.0f} | {ours_text} | {tool} | {ref_text} | {cmp} |")
            if t and rt:
                targets.append((f"Batch, {w}: at least 3x the throughput of pandas+scikit-learn",
                                f"{fmt_rate(rows / t)} vs {fmt_rate(rows / rt)}: {fmt_ratio(rt / t)}", t * 3 <= rt))
            else:
                targets.append((f"Batch, {w}: at least 3x the throughput of pandas+scikit-learn",
                                not_measured(ref) if not ok(ref) else not_measured(ours) if ours else "–", None))
    q("")

    # 4. Build ---------------------------------------------------------------------------------------------------
    q("## 4. Generated package build time")
    q("")
    q("`swift build` (debug) and `swift build -c release` of the unpacked package, each run in a new, empty "
      "scratch folder (a clean build of the library and its `<name>-predict` tool; the package has no "
      "dependencies).")
    q("")
    q("| model | debug | release |")
    q("| --- | --- | --- |")
    for w in res.workloads("build"):
        cols = []
        for tool in ("debug", "release"):
            rec = res.get("build", w, tool)
            cols.append(spread(seconds_of(rec)) if ok(rec) else not_measured(rec) if rec else "–")
        q(f"| {w} | {cols[0]} | {cols[1]} |")
        if w == "forest-300":
            rec = res.get("build", w, "release")
            if ok(rec):
                t = med(seconds_of(rec))
                targets.append(("The 300-tree forest's package builds in release in under 2 minutes", fmt_time(t),
                                t < 120))
            else:
                targets.append(("The 300-tree forest's package builds in release in under 2 minutes",
                                not_measured(rec) if rec else "not measured", None))
    q("")

    # Targets first ----------------------------------------------------------------------------------------------
    p("## Targets")
    p("")
    p("| target | measured | result |")
    p("| --- | --- | --- |")
    for name, measured, passed in targets:
        p(f"| {name} | {measured} | {'PASS' if passed else 'MISS' if passed is not None else 'n/a'} |")
    p("")
    summary = [x[2] for x in targets]
    p(f"{summary.count(True)} PASS, {summary.count(False)} MISS, {summary.count(None)} not measured.")
    p("")
    out.extend(body)
    Path(args.out).write_text("\n".join(out).rstrip() + "\n")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record")
    r.add_argument("results")
    r.add_argument("--section", required=True)
    r.add_argument("--workload", required=True)
    r.add_argument("--tool", required=True)
    r.add_argument("--unit", default="s")
    r.add_argument("--values")
    r.add_argument("--rss-kb")
    r.add_argument("--cpu-s")
    r.add_argument("--from-json")
    r.add_argument("--error")
    r.add_argument("--set", action="append")
    w = sub.add_parser("write")
    w.add_argument("results")
    w.add_argument("out")
    w.add_argument("--runs", type=int, required=True)
    w.add_argument("--mode", default="full")
    w.add_argument("--batch-rows", type=int, required=True)
    w.add_argument("--venv", required=True)
    w.add_argument("--started", required=True)
    w.add_argument("--load-start", default="?")
    args = parser.parse_args()
    record(args) if args.command == "record" else write(args)


if __name__ == "__main__":
    main()
