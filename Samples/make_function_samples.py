#!/usr/bin/env python3
"""Three samples whose model is a hand-written Python function (a cell tagged `model`), no model file:

    python3 Samples/make_function_samples.py     # writes the three folders below

  dosing-rule-python/     a weight-based daily dose with age bands, a renal adjustment table, a cap and rounding
                          to tablet sizes (returns a number: `prediction`)
  triage-score-python/    an early-warning score from vital signs, returning a label (`low`, `medium`, `high`)
  price-table-python/     a price from a lookup table by region and size, a volume discount and rounding to cents
                          with round(x, 2) (returns a number)

Each notebook is executed (nbclient) so that its examples are what CPython computes, and rows.csv holds many more
calls scored by the same function in this process (random inputs with a fixed seed, plus every branch edge:
thresholds exactly, just below and above, and values where rounding meets a half). A call where the function
raises is left out of rows.csv (the package refuses such a row with the exception's name; the differential test
in Tests/NBShipTests/Fixtures/python holds that).
"""
import csv
import pprint
import pathlib
import random

HERE = pathlib.Path(__file__).resolve().parent

DOSING_PARAMETERS = '''model_name = "dosing-rule"  # package name
child_mg_per_kg = 10.0  # daily dose per kg of body weight under 12 years, range [0, 50], unit: mg/kg
adult_mg_per_kg = 7.5  # daily dose per kg of body weight from 12 years, range [0, 50], unit: mg/kg
elderly_factor = 0.8  # share of the adult dose from 65 years, range [0, 1]
max_daily_mg = 1000.0  # the highest daily dose, range [0, 4000], unit: mg
tablet_mg = 12.5  # doses are rounded to whole multiples of this, range (0, 500], unit: mg
'''

DOSING_MODEL = '''import math

# Share of the dose by kidney function (eGFR band).
RENAL = {"normal": 1.0, "mild": 0.75, "moderate": 0.5, "severe": 0.25}


def _mg_per_kg(age: int) -> float:
    if age < 12:
        return child_mg_per_kg
    elif age >= 65:
        return adult_mg_per_kg * elderly_factor
    return adult_mg_per_kg


def daily_dose(weight_kg: float, age: int, renal: str = "normal") -> float:
    """Daily dose in mg: by weight and age, adjusted for kidney function, capped, rounded to tablets."""
    mg = weight_kg * _mg_per_kg(age) * RENAL[renal]
    mg = min(mg, max_daily_mg)
    tablets = round(mg / tablet_mg)
    return max(tablets, 1) * tablet_mg
'''

TRIAGE_PARAMETERS = '''model_name = "early-warning-score"  # package name
high_at = 7  # a total score from which the patient is high risk, range [1, 20]
medium_at = 5  # a total score from which the patient is medium risk, range [1, 20]
'''

TRIAGE_MODEL = '''def _respiration(rate):
    if rate <= 8:
        return 3
    if rate <= 11:
        return 1
    if rate <= 20:
        return 0
    if rate <= 24:
        return 2
    return 3


def _saturation(spo2):
    return 3 if spo2 <= 91 else 2 if spo2 <= 93 else 1 if spo2 <= 95 else 0


def _pulse(bpm):
    if bpm <= 40 or bpm >= 131:
        return 3
    if 111 <= bpm <= 130:
        return 2
    if bpm <= 50 or 91 <= bpm <= 110:
        return 1
    return 0


def _temperature(celsius):
    if celsius <= 35.0:
        return 3
    elif celsius >= 39.1:
        return 2
    elif celsius <= 36.0 or celsius >= 38.1:
        return 1
    return 0


def risk(respiration_rate: int, spo2: int, pulse: int, temperature: float, on_oxygen: bool) -> str:
    score = _respiration(respiration_rate) + _saturation(spo2) + _pulse(pulse) + _temperature(temperature)
    if on_oxygen:
        score += 2
    if score >= high_at:
        return "high"
    if score >= medium_at or _respiration(respiration_rate) == 3:
        return "medium"
    return "low"
'''

PRICE_PARAMETERS = '''model_name = "parcel-price"  # package name
vat_rate = 0.2  # value-added tax, range [0, 0.5]
discount_from = 10  # parcels per order from which the volume discount applies, range [1, 1000]
discount = 0.05  # volume discount, range [0, 0.5]
'''

PRICE_MODEL = '''import math

# Base price in EUR by region and size class.
BASE = {
    "domestic-S": 4.5, "domestic-M": 6.9, "domestic-L": 11.0,
    "eu-S": 9.0, "eu-M": 13.5, "eu-L": 21.0,
    "world-S": 16.0, "world-M": 26.0, "world-L": 44.0,
}


def _size(weight_kg):
    if weight_kg <= 2:
        return "S"
    elif weight_kg <= 10:
        return "M"
    return "L"


def price(region: str, weight_kg: float, parcels: int) -> float:
    """Price per parcel in EUR, tax included, rounded to cents."""
    base = BASE.get(region + "-" + _size(weight_kg), 60.0)
    extra = max(0.0, math.ceil(weight_kg - 20)) * 1.5
    net = (base + extra) * (1 - discount if parcels >= discount_from else 1)
    return round(net * (1 + vat_rate), 2)
'''


def dosing_rows(rng):
    rows = []
    for _ in range(160):
        rows.append({"weight_kg": round(rng.uniform(3, 150), rng.choice([0, 1, 2])), "age": rng.randint(0, 99),
                     "renal": rng.choice(["normal", "mild", "moderate", "severe"])})
    for age in (11, 12, 64, 65):
        for weight in (40.0, 133.33, 133.34, 0.5, 1000.0):
            rows.append({"weight_kg": weight, "age": age, "renal": "normal"})
    rows.append({"weight_kg": 70.0, "age": 40, "renal": "kidney-transplant"})  # KeyError: left out
    return rows


def triage_rows(rng):
    rows = []
    for _ in range(200):
        rows.append({"respiration_rate": rng.randint(5, 35), "spo2": rng.randint(85, 100),
                     "pulse": rng.randint(30, 150), "temperature": round(rng.uniform(34, 41), 1),
                     "on_oxygen": rng.random() < 0.2})
    for rate in (8, 9, 11, 12, 20, 21, 24, 25):
        for temperature in (35.0, 35.1, 36.0, 36.1, 38.0, 38.1, 39.0, 39.1):
            rows.append({"respiration_rate": rate, "spo2": 96, "pulse": 70, "temperature": temperature,
                         "on_oxygen": False})
    return rows


def price_rows(rng):
    rows = []
    for _ in range(200):
        rows.append({"region": rng.choice(["domestic", "eu", "world", "moon"]),
                     "weight_kg": round(rng.uniform(0.1, 40), rng.choice([1, 2, 3])), "parcels": rng.randint(1, 30)})
    for weight in (2.0, 2.01, 10.0, 10.01, 20.0, 20.001, 21.0):
        for parcels in (9, 10):
            rows.append({"region": "eu", "weight_kg": weight, "parcels": parcels})
    return rows


SAMPLES = {
    "dosing-rule-python": ("Daily dose by weight, age and kidney function (a hand-written rule)", DOSING_PARAMETERS,
                           DOSING_MODEL, "daily_dose", dosing_rows, "prediction"),
    "triage-score-python": ("Early-warning score from vital signs (a hand-written score)", TRIAGE_PARAMETERS,
                            TRIAGE_MODEL, "risk", triage_rows, "label"),
    "price-table-python": ("Parcel price from a table (a hand-written price list)", PRICE_PARAMETERS, PRICE_MODEL,
                           "price", price_rows, "prediction"),
}


def cell(source, tags=(), kind="code"):
    c = {"cell_type": kind, "metadata": {"tags": list(tags)} if tags else {}, "source": source}
    if kind == "code":
        c.update(execution_count=None, outputs=[])
    return c


def make(folder, title, parameters, model, entry, make_rows, output):
    namespace = {}
    exec(parameters, namespace)
    exec(model, namespace)
    function = namespace[entry]
    rng = random.Random(folder)
    scored = []
    for row in make_rows(rng):
        try:
            value = function(**row)
        except Exception:  # noqa: BLE001 - a row where the function raises is not a prediction
            continue
        scored.append((row, value))
    columns = list(scored[0][0])

    def text(value):
        return repr(float(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    path = HERE / folder
    path.mkdir(exist_ok=True)
    # A label's classes, as nbship reads them: the string literals the function returns, in source order. The
    # package gives the label probability 1 and the others 0.
    classes = []
    if output == "label":
        import re
        for literal in re.findall(r'return "([^"]*)"', model):
            if literal not in classes:
                classes.append(literal)
    with open(path / "rows.csv", "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns + [output] + [f"probability({c})" for c in classes])
        for row, value in scored:
            writer.writerow([str(row[c]) if not isinstance(row[c], float) else repr(row[c]) for c in columns]
                            + [text(value) if output == "prediction" else value]
                            + [repr(1.0 if value == c else 0.0) for c in classes])
    examples = [dict(row, **{output: float(value) if output == "prediction" else value}) for row, value in scored[:6]]
    cells = [
        cell(f"# {title}\n\nThe model is the function in the cell tagged `model`: nbship translates it (it never runs "
             "it) into a tested Swift package. The parameters cell holds the values a domain expert may change.\n",
             kind="markdown"),
        cell(parameters, ["parameters"]),
        cell(model, ["model"]),
        cell("EXAMPLES = " + pprint.pformat(examples, width=110, sort_dicts=False) + "\n", ["examples"]),
        cell("for e in EXAMPLES:\n    args = {k: v for k, v in e.items() if k != " + repr(output) + "}\n"
             f"    assert {entry}(**args) == e[{output!r}], e\n"
             "print(len(EXAMPLES), 'examples reproduced')\n"),
    ]
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                       "language_info": {"name": "python"}},
          "cells": cells}
    for number, c in enumerate(nb["cells"]):
        c["id"] = f"{folder}-{number}"
    import nbformat
    from nbclient import NotebookClient
    notebook = nbformat.from_dict(nb)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    for c in notebook.cells:
        c.pop("execution_count", None) if c.get("cell_type") != "code" else None
        if c.get("cell_type") == "code":
            c["execution_count"] = None
            for out in c.get("outputs", []):
                out.pop("execution_count", None)
    nbformat.write(notebook, str(path / "notebook.ipynb"))
    print(f"Samples/{folder}: notebook.ipynb, rows.csv ({len(scored)} rows)")


if __name__ == "__main__":
    for name, spec in SAMPLES.items():
        make(name, *spec)
