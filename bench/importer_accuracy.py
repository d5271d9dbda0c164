"""Plan importer: field-level precision/recall and parse time.

Run from the repository root:  python bench/importer_accuracy.py

Parses the three sample plans and their damaged variants (re-wrapped,
Markdown-ised, CRLF, NFD, mistyped codes, PDF-like, ...) and compares every
field with the hand-written expectations in tests/importer/fixtures/expected.
The last line of stdout is one JSON object (see DESIGN.md, "Commands and
benchmarks"); its value is the mean time of one parse, its baseline the time
to just NFC-normalise the same text and split it into lines. Also reported
(time limits kept out of the tests, which run in parallel on shared machines):
the slowest sample plan's parse (target <= 100 ms each) and the time to refuse
a file over the size limit (target <= 500 ms: refused by its size, unread).
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from campaigns.plans.importer import FIELDS, MAX_BYTES, PlanImportError, parse_plan, read_document  # noqa: E402

FIXTURES = ROOT / "tests" / "importer" / "fixtures"
TIME_BUDGET_S = 20.0
TIMING_ROUNDS = 5
PLAN_TARGET_MS = 100
OVERSIZE_TARGET_MS = 500


def load_variants():
    path = ROOT / "tests" / "importer" / "importer_variants.py"
    spec = importlib.util.spec_from_file_location("importer_variants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def items(field: str, value) -> list:
    """The countable facts in one field: one per list element, or the scalar if set."""
    if value is None:
        return []
    if field == "references":
        return [(r["code"], r["kind"], r["date"], r["issuer"]) for r in value]
    if field == "targets":
        return [(t["quantity"], t["unit"], t["start_year"], t["end_year"]) for t in value]
    if field == "units":
        return [u["name"] for u in value] + [(u["name"], task) for u in value for task in u["tasks"]]
    if isinstance(value, list):
        return list(value)
    return [value]


def score(expected: dict, got: dict, tally: dict[str, Counter]) -> None:
    for field in FIELDS:
        want, have = Counter(items(field, expected[field])), Counter(items(field, got[field]))
        hits = sum((want & have).values())
        tally[field]["tp"] += hits
        tally[field]["fp"] += sum(have.values()) - hits
        tally[field]["fn"] += sum(want.values()) - hits


def ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def baseline_floor(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split("\n")


def timed(fn, text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start


def oversize_refusal_ms(rounds: int = 5) -> float:
    """Median time for read_document() to refuse a (sparse) file 2.5x over the size limit."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="loa-bench-") as folder:
        path = Path(folder) / "huge.txt"
        with path.open("wb") as handle:
            handle.truncate(MAX_BYTES * 5 // 2)  # sparse: nothing really written
        for _ in range(rounds):
            start = time.perf_counter()
            try:
                read_document(path)
            except PlanImportError:
                samples.append(time.perf_counter() - start)
            else:
                raise AssertionError("a file over the size limit was accepted")
    return statistics.median(samples) * 1000


def main() -> int:
    started = time.perf_counter()
    variants = load_variants()
    plans = sorted((FIXTURES / "plans").glob("*.txt"))
    tally: dict[str, Counter] = {field: Counter() for field in FIELDS}
    parse_times: list[float] = []
    floor_times: list[float] = []
    per_plan_ms: dict[str, float] = {}
    failures: list[str] = []

    for path in plans:
        original = path.read_text(encoding="utf-8")
        expected = variants.canonical(json.loads((FIXTURES / "expected" / f"{path.stem}.json").read_text("utf-8")))
        texts = {"original": original} | {name: fn(original) for name, fn in variants.VARIANTS.items()}
        parse_plan(original)  # warm-up: compile regular expressions
        plan_times = []
        for name, text in texts.items():
            if time.perf_counter() - started > TIME_BUDGET_S:
                break
            rounds = TIMING_ROUNDS if name == "original" else 1
            for _ in range(rounds):
                start = time.perf_counter()
                got = parse_plan(text)
                elapsed = time.perf_counter() - start
                parse_times.append(elapsed)
                floor_times.append(timed(baseline_floor, text))
                if name == "original":
                    plan_times.append(elapsed)
            got = variants.canonical(got)
            score(expected, got, tally)
            bad = [field for field in FIELDS if got[field] != expected[field]]
            if bad:
                failures.append(f"{path.stem} [{name}]: {', '.join(bad)}")
        per_plan_ms[path.stem] = statistics.mean(plan_times) * 1000

    print(f"{'field':<16}{'precision':>10}{'recall':>10}{'tp':>6}{'fp':>5}{'fn':>5}")
    for field in FIELDS:
        t = tally[field]
        print(
            f"{field:<16}{ratio(t['tp'], t['tp'] + t['fp']):>10.3f}{ratio(t['tp'], t['tp'] + t['fn']):>10.3f}"
            f"{t['tp']:>6}{t['fp']:>5}{t['fn']:>5}"
        )
    tp = sum(t["tp"] for t in tally.values())
    fp = sum(t["fp"] for t in tally.values())
    fn = sum(t["fn"] for t in tally.values())
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    print(f"{'all fields':<16}{precision:>10.3f}{recall:>10.3f}{tp:>6}{fp:>5}{fn:>5}")
    print(f"documents parsed: {len(plans)} plans x {len(variants.VARIANTS) + 1} forms")
    for stem, ms in per_plan_ms.items():
        print(f"parse time {stem}: {ms:.1f} ms")
    for failure in failures:
        print("mismatch:", failure)
    slowest_plan_ms = max(per_plan_ms.values())
    refusal_ms = oversize_refusal_ms()
    print(f"slowest plan: {slowest_plan_ms:.1f} ms (target <= {PLAN_TARGET_MS} ms); "
          f"file over the size limit refused in {refusal_ms:.2f} ms (target <= {OVERSIZE_TARGET_MS} ms)")

    value = statistics.mean(parse_times) * 1000
    baseline = statistics.mean(floor_times) * 1000
    print(
        json.dumps(
            {
                "bench": "importer_accuracy",
                "value": round(value, 3),
                "unit": "ms",
                "baseline": round(baseline, 4),
                "ratio": round(value / baseline, 1) if baseline else None,
                "target": "value <= 100 ms",
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "slowest_plan_ms": round(slowest_plan_ms, 3),
                "slowest_plan_target": f"<= {PLAN_TARGET_MS} ms",
                "oversize_refusal_ms": round(refusal_ms, 3),
                "oversize_refusal_target": f"<= {OVERSIZE_TARGET_MS} ms",
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
