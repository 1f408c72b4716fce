"""The large-notebook workload of `.ci/bench` (section 1).

    python3 .ci/bench_notebook.py make SAMPLE.ipynb OUT.ipynb [MEGABYTES]
        a copy of the notebook with PNG figures (valid PNGs of seeded noise, 400x400 RGB, about 640 kB of base64
        each) added as display_data outputs, spread over its code cells, until the file is about MEGABYTES
        (default 50) large; the cells nbship reads are unchanged
    python3 .ci/bench_notebook.py read NOTEBOOK.ipynb
        times nbformat.read(path, as_version=4) (which validates, as by default) inside the process and prints
        the seconds, wall and CPU; interpreter start and imports are not counted
"""
import base64
import json
import random
import struct
import sys
import time
import zlib


def png(width, height, rng):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


def make(source, target, megabytes):
    with open(source, encoding="utf-8") as fh:
        notebook = json.load(fh)
    code_cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    rng = random.Random(20240601)
    figure = 0
    goal = megabytes * 1_000_000
    size = len(json.dumps(notebook, indent=1))
    while size < goal:
        image = base64.b64encode(png(400, 400, rng)).decode("ascii") + "\n"
        cell = code_cells[figure % len(code_cells)]
        cell.setdefault("outputs", []).append({
            "data": {"image/png": image, "text/plain": ["<Figure size 400x400 with 1 Axes>"]},
            "metadata": {},
            "output_type": "display_data",
        })
        figure += 1
        size += len(image) + 200
    with open(target, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(notebook, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(f"{target}: {figure} figures added", file=sys.stderr)


def read(path):
    import nbformat
    start, start_cpu = time.perf_counter(), time.process_time()
    notebook = nbformat.read(path, as_version=4)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert notebook.cells
    print(f"{elapsed:.6f} {cpu:.6f}")


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 50)
    elif sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        sys.exit(__doc__)
