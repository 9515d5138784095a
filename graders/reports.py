"""Reports: one submission's report (graders.engine.grade) written out for people and machines.

- `table`: what `torchkata grade` prints: points per exercise, and a one-line reason per lost point
- `gradescope`: Gradescope's results.json (one test per check)
- `junit`: JUnit XML for CI test views (one testsuite per exercise, one testcase per check)
- `gradebook` and `class_report`: a whole class, from many reports (graders.batch)
- `against_nbgrader`: a class's scores per assignment beside the ones nbgrader exported

The JSON report itself is documented and validated by graders/report.schema.json.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import statistics
import tempfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

SCHEMA = Path(__file__).with_name("report.schema.json")


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: an interrupted run never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def to_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def reason(message: str) -> str:
    """The one line of a check's feedback that says what went wrong."""
    lines = message.splitlines()
    for line in lines:
        if line.startswith("What went wrong: "):
            return line.removeprefix("What went wrong: ")
    return lines[0] if lines else ""


def table(report: dict) -> str:
    """Points per exercise; under each, the checks that lost points and why, in one line each."""
    width = max(len(e["name"]) for e in report["exercises"]) if report["exercises"] else 10
    lines = [f"{'exercise'.ljust(width)}  {'points':>7}  status", "-" * (width + 17)]
    for e in report["exercises"]:
        lines.append(f"{e['name'].ljust(width)}  {e['score']:>3}/{e['max_score']:<3}  {e['status']}")
        lost = [c for c in e["checks"] if not c["passed"]]
        if e["status"] != "graded" and lost:
            lines.append(f"    {reason(lost[0]['message'])}")
            continue
        for c in lost:
            lines.append(f"    -{c['max_score']} {c['name']}: {reason(c['message'])}")
    lines += ["-" * (width + 17), f"{'total'.ljust(width)}  {report['score']:>3}/{report['max_score']}"]
    refused = report.get("staging", {}).get("refused", [])
    if refused:
        lines.append("not read from the submission:")
        lines += [f"    {r['path']}: {r['reason']}" for r in refused[:10]]
    flagged = [f for e in report["exercises"] for f in e.get("integrity", [])]
    if flagged:
        lines.append("integrity flags (not graded):")
        lines += [f"    {f}" for f in flagged[:10]]
    return "\n".join(lines)


def gradescope(report: dict) -> dict:
    """Gradescope's results.json: one visible test per check, numbered exercise.check."""
    tests = []
    for i, e in enumerate(report["exercises"], 1):
        for j, c in enumerate(e["checks"], 1):
            tests.append(
                {
                    "name": f"{e['name']}: {c['name']}",
                    "number": f"{i}.{j}",
                    "score": c["score"],
                    "max_score": c["max_score"],
                    "status": "passed" if c["passed"] else "failed",
                    "output": c["message"],
                    "visibility": "visible",
                }
            )
    return {
        "score": report["score"],
        "execution_time": round(report["seconds"]),
        "output": f"torchkata: {report['score']}/{report['max_score']} points.\n\n{table(report)}",
        "tests": tests,
    }


def junit(report: dict) -> str:
    """JUnit XML: a testsuite per exercise, a testcase per check; lost points are failures."""
    root = ET.Element("testsuites", name="torchkata", time=f"{report['seconds']:.3f}")
    total = failures = 0
    for e in report["exercises"]:
        lost = [c for c in e["checks"] if not c["passed"]]
        suite = ET.SubElement(root, "testsuite", name=e["name"], tests=str(len(e["checks"])), failures=str(len(lost)))
        for c in e["checks"]:
            case = ET.SubElement(suite, "testcase", classname=e["name"].replace("/", "."), name=c["name"])
            if not c["passed"]:
                failure = ET.SubElement(case, "failure", message=reason(c["message"]))
                failure.text = c["message"]
        total, failures = total + len(e["checks"]), failures + len(lost)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --- a whole class ----------------------------------------------------------------------------


def gradebook(reports: dict[str, dict]) -> str:
    """CSV: one row per student (sorted), a column per exercise, the total."""
    names = [e["name"] for e in next(iter(reports.values()))["exercises"]] if reports else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *names, "total", "max_score"])
    for student in sorted(reports):
        r = reports[student]
        scores = {e["name"]: e["score"] for e in r["exercises"]}
        writer.writerow([student, *(scores.get(n, 0) for n in names), r["score"], r["max_score"]])
    return out.getvalue()


def against_nbgrader(grades_csv: str, reports: dict[str, dict]) -> list[tuple[str, str, float, int | None]]:
    """(student, assignment, nbgrader's raw score, torchkata's score or None if not graded)
    for every row of the CSV that `nbgrader export` writes."""
    rows = []
    for row in csv.DictReader(io.StringIO(grades_csv)):
        student, assignment = row["student_id"], row["assignment"]
        report = reports.get(student)
        ours = None if report is None else sum(e["score"] for e in report["exercises"] if e["name"].startswith(assignment + "/"))
        rows.append((student, assignment, float(row["raw_score"] or 0), ours))
    return sorted(rows)


def class_report(reports: dict[str, dict]) -> str:
    """An HTML page: the distribution of scores (a bar chart) and the checks the class fails most."""
    totals = [r["score"] for r in reports.values()]
    top = max((r["max_score"] for r in reports.values()), default=0)
    failed = Counter()
    sentence = {}
    for r in reports.values():
        for e in r["exercises"]:
            for c in e["checks"]:
                if not c["passed"]:
                    key = f"{e['name']}: {c['name']}"
                    failed[key] += 1
                    sentence[key] = reason(c["message"]) if e["status"] == "graded" else e["status"]
    bins = _histogram(totals, top)
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{count}</td><td>{100 * count / len(reports):.0f}%</td></tr>"
        for name, count in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    )
    summary = (
        f"{len(reports)} submissions; mean {statistics.fmean(totals):.1f}, median {statistics.median(totals):g} of {top} points"
        if totals
        else "no submissions"
    )
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>torchkata class report</title>
<style>body{{font-family:sans-serif;max-width:56em;margin:2em auto}}td,th{{padding:.2em .8em;text-align:left}}</style></head>
<body><h1>Class report</h1><p>{summary}</p>
<h2>Score distribution</h2>{_bar_chart(bins)}
<h2>Checks the class fails most</h2>
<table><tr><th>check</th><th>students failing</th><th>share</th></tr>{rows}</table>
</body></html>
"""


def _histogram(totals: list[int], top: int, n: int = 10) -> list[tuple[str, int]]:
    """Counts of scores in n equal bins of [0, top] (the last bin holds full marks)."""
    width = max(top / n, 1)
    counts = Counter(min(int(t // width), n - 1) for t in totals)
    return [(f"{round(i * width)}–{round((i + 1) * width)}", counts.get(i, 0)) for i in range(n)]


def _bar_chart(bins: list[tuple[str, int]]) -> str:
    most = max((c for _, c in bins), default=0) or 1
    bar, gap, height = 48, 8, 160
    parts = []
    for i, (label, count) in enumerate(bins):
        h = height * count / most
        x = i * (bar + gap)
        parts.append(
            f'<rect x="{x}" y="{height - h:.1f}" width="{bar}" height="{h:.1f}" fill="#4a7bd0"/>'
            f'<text x="{x + bar / 2}" y="{height + 14}" font-size="10" text-anchor="middle">{label}</text>'
            f'<text x="{x + bar / 2}" y="{height - h - 3:.1f}" font-size="10" text-anchor="middle">{count}</text>'
        )
    return f'<svg width="{len(bins) * (bar + gap)}" height="{height + 20}" role="img" aria-label="score distribution">{"".join(parts)}</svg>'
