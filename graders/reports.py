"""Reports: results (graders.results) written out for people and machines. The edges of the
result model: every function here renders fields, none reads rendered text back.

One submission:
- `table`: what `torchkata grade` prints: points per exercise, a one-line reason per lost point
- `to_json`: the JSON report (documented and validated by graders/report.schema.json)
- `gradescope`: Gradescope's results.json (one test per check)
- `junit`: JUnit XML for CI test views (one testsuite per exercise, one testcase per check)

A class (graders.instructor.batch), from many reports:
- `gradebook`: CSV, a row per student, a column per exercise, the total and the flags
- `canvas`: the gradebook as a CSV that Canvas imports
- `class_report`: an HTML page an instructor reads in a minute
- `against_nbgrader`: a class's scores per assignment beside the ones nbgrader exported

Nothing here imports torch: `merge` and `compare` start at once.
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

from graders import results
from graders.results import Report, message

SCHEMA = Path(__file__).with_name("report.schema.json")


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: an interrupted run never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def to_json(report: Report, **extra) -> str:
    """The JSON report; `extra` adds top-level fields (grade-batch's fingerprint)."""
    return json.dumps(report.to_dict() | extra, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> Report:
    return Report.from_dict(json.loads(text))


# --- one submission ---------------------------------------------------------------------------


def table(report: Report) -> str:
    """Points per exercise; under each, the checks that lost points and why, in one line each;
    then where the exercises were found, what was not read, what the screen flagged, and the
    checks the kit itself could not grade."""
    width = max((len(e.name) for e in report.exercises), default=10)
    lines = [f"{'exercise'.ljust(width)}  {'points':>7}  status", "-" * (width + 17)]
    for e in report.exercises:
        lines.append(f"{e.name.ljust(width)}  {e.score:>3}/{e.max_score:<3}  {e.status}")
        lost = [c for c in e.checks if not c.passed and not c.withheld]
        if e.status != results.GRADED and lost:
            lines.append(f"    {lost[0].problem}")
            continue
        for c in lost:
            why = c.problem if not c.root_cause else f"{c.problem} ({c.root_cause})"
            lines.append(f"    -{c.points} {c.name}: {why}")
    lines += ["-" * (width + 17), f"{'total'.ljust(width)}  {report.score:>3}/{report.max_score}"]
    if report.staging.get("base"):
        lines.append(
            f"the exercises were found in {report.staging['base']}, "
            "not at the top of the submission"
        )
    refused = report.staging.get("refused", [])
    if refused:
        lines.append("not read from the submission:")
        lines += [f"    {r['path']}: {r['reason']}" for r in refused[:10]]
    if report.integrity:
        lines.append("integrity flags (these exercises are not graded):")
        lines += [f"    {f}" for f in report.integrity[:10]]
    if report.review:
        lines.append("for review (graded as usual; code the screen could not prove harmless):")
        lines += [f"    {f}" for f in report.review[:10]]
    if report.withheld:
        lines.append(
            f"withheld: {report.withheld} points the grader itself failed to grade "
            "(the kit's fault, not the student's; left out of the total):"
        )
        lines += [f"    {name}" for name in report.grader_errors[:10]]
    return "\n".join(lines)


def gradescope(report: Report) -> dict:
    """Gradescope's results.json: one visible test per check, numbered exercise.check. A
    withheld check is worth 0 of 0 points there, and says why."""
    tests = [
        {
            "name": f"{e.name}: {c.name}",
            "number": f"{i}.{j}",
            "score": c.score,
            "max_score": c.max_score,
            "status": "passed" if c.passed else "failed",
            "output": message(c),
            "visibility": "visible",
        }
        for i, e in enumerate(report.exercises, 1)
        for j, c in enumerate(e.checks, 1)
    ]
    notes = "".join(f"\nIntegrity flag (your instructor sees it): {f}" for f in report.integrity)
    notes += "".join(f"\nFor your instructor to review: {f}" for f in report.review)
    if report.withheld:
        notes += (
            f"\n{report.withheld} points were not graded because the grader itself failed "
            "(the kit's fault, not yours); they are left out of the total."
        )
    return {
        "score": report.score,
        "execution_time": round(report.seconds),
        "output": f"torchkata: {report.score}/{report.max_score} points.{notes}\n\n{table(report)}",
        "tests": tests,
    }


def junit(report: Report) -> str:
    """JUnit XML: a testsuite per exercise, a testcase per check; a lost point is a failure, a
    check the kit could not grade an error (JUnit's word for a test that broke)."""
    root = ET.Element("testsuites", name="torchkata", time=f"{report.seconds:.3f}")
    total = failures = errors = 0
    for e in report.exercises:
        lost = [c for c in e.checks if not c.passed and not c.withheld]
        broken = [c for c in e.checks if c.withheld]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=e.name,
            tests=str(len(e.checks)),
            failures=str(len(lost)),
            errors=str(len(broken)),
        )
        for c in e.checks:
            case = ET.SubElement(suite, "testcase", classname=e.name.replace("/", "."), name=c.name)
            if not c.passed:
                outcome = ET.SubElement(
                    case, "error" if c.withheld else "failure", message=c.problem
                )
                outcome.text = message(c)
        total, failures, errors = total + len(e.checks), failures + len(lost), errors + len(broken)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --- a class ----------------------------------------------------------------------------------


def _exercise_names(reports: dict[str, Report]) -> list[str]:
    names: list[str] = []
    for r in reports.values():
        names += [e.name for e in r.exercises if e.name not in names]
    return names


def flags(report: Report) -> str:
    """What an instructor should look at, in a few words: integrity flags, withheld points,
    refused files, no exercise found."""
    said = []
    if not report.found:
        said.append("no exercise found")
    if report.integrity:
        said.append(f"integrity ({len(report.integrity)})")
    if report.review:
        said.append(f"review ({len(report.review)})")
    if report.withheld:
        said.append(f"grader error ({report.withheld} points withheld)")
    if report.staging.get("refused"):
        said.append(f"{len(report.staging['refused'])} files not read")
    if report.staging.get("base"):
        said.append(f"found in {report.staging['base']}")
    return "; ".join(said)


def _assignment(report: Report, assignment: str) -> tuple[int, int] | None:
    """A report's (score, max_score) over one assignment's exercises; None when the report
    graded none of them (a run with --only another assignment)."""
    mine = [e for e in report.exercises if e.name.split("/")[0] == assignment]
    return (sum(e.score for e in mine), sum(e.max_score for e in mine)) if mine else None


def _cell(value):
    """A CSV cell that no spreadsheet takes for a formula: text starting with =, +, -, @ (or a
    tab or carriage return) gets a leading apostrophe, as OWASP advises; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = results.clean(value, 300).replace("\n", " ")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook(reports: dict[str, Report]) -> str:
    """CSV: one row per student (sorted), a column per exercise, the total, the maximum (less
    any withheld points) and the flags."""
    names = _exercise_names(reports)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *names, "total", "max_score", "flags"])
    for student in sorted(reports):
        r = reports[student]
        scores = {e.name: e.score for e in r.exercises}
        writer.writerow(
            [
                _cell(student),
                *(scores.get(n, "") for n in names),
                r.score,
                r.max_score,
                _cell(flags(r)),
            ]
        )
    return out.getvalue()


def canvas(reports: dict[str, Report]) -> str:
    """The gradebook as Canvas imports it (Grades > Import): the columns Student, ID, SIS User
    ID, SIS Login ID, Section, then one column per assignment (a1_backprop, ...: Canvas creates
    an assignment for a header it does not know), and a "Points Possible" row first. Students
    are matched by SIS Login ID, which is the student's folder name here; the other identifying
    columns are left empty for Canvas to fill in. Canvas has one "Points Possible" per column:
    a student with withheld points (a grader error) is flagged in gradebook.csv; regrade them
    before importing."""
    assignments = list(dict.fromkeys(name.split("/")[0] for name in _exercise_names(reports)))
    possible = {
        a: max((g[1] for r in reports.values() if (g := _assignment(r, a))), default=0)
        for a in assignments
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *assignments])
    writer.writerow(["Points Possible", "", "", "", "", *(possible[a] for a in assignments)])
    for student in sorted(reports):
        graded = [_assignment(reports[student], a) for a in assignments]
        writer.writerow(["", "", "", _cell(student), "", *(g[0] if g else "" for g in graded)])
    return out.getvalue()


def against_nbgrader(
    grades_csv: str, reports: dict[str, Report]
) -> list[tuple[str, str, float, int | None]]:
    """(student, assignment, nbgrader's raw score, torchkata's score or None if not graded)
    for every row of the CSV that `nbgrader export` writes."""
    rows = []
    for row in csv.DictReader(io.StringIO(grades_csv)):
        student, assignment = row["student_id"], row["assignment"]
        report = reports.get(student)
        graded = None if report is None else _assignment(report, assignment)
        ours = None if graded is None else graded[0]
        rows.append((student, assignment, float(row["raw_score"] or 0), ours))
    return sorted(rows)


def attempted(exercise: results.ExerciseResult) -> bool:
    """A student attempted an exercise when it was there and not every check met a stub."""
    return exercise.status != results.MISSING and not all(
        c.status == results.NOT_IMPLEMENTED for c in exercise.checks
    )


def class_summary(reports: dict[str, Report]) -> dict:
    """What the class report shows, as data (tested on its own): totals, per exercise mean,
    completion and attempts, the checks the class fails most among attempted exercises, and
    how often each check met a stub."""
    exercises = {}
    for name in _exercise_names(reports):
        entries = [e for r in reports.values() for e in r.exercises if e.name == name]
        top = max(e.max_score for e in entries) if entries else 0
        attempts = sum(attempted(e) for e in entries)
        exercises[name] = {
            "mean": statistics.fmean(e.score for e in entries) if entries else 0.0,
            "max_score": top,
            "completion": sum(e.done for e in entries) / len(reports) if reports else 0.0,
            "attempted": attempts / len(reports) if reports else 0.0,
            "attempts": attempts,
        }
    failed, stubbed, problems, exercise_of = Counter(), Counter(), {}, {}
    for r in reports.values():
        for e in r.exercises:
            for c in e.checks:
                key = f"{e.name}: {c.name}"
                exercise_of[key] = e.name
                if c.status == results.NOT_IMPLEMENTED:
                    stubbed[key] += 1
                elif attempted(e) and e.status == results.GRADED and c.status == results.FAILED:
                    failed[key] += 1
                    problems.setdefault(key, Counter())[c.problem] += 1
    return {
        "totals": [r.score for r in reports.values()],
        "max_score": max((r.max_score for r in reports.values()), default=0),
        "exercises": exercises,
        "failed": [
            (key, count, exercise_of[key], problems[key].most_common(1)[0][0])
            for key, count in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "stubbed": sorted(stubbed.items(), key=lambda kv: (-kv[1], kv[0])),
    }


def histogram(totals: list[int], top: int, n: int = 10) -> list[tuple[str, int]]:
    """Counts of integer scores in n bins of [0, top] whose labels never share an edge:
    "0–13", "14–27", ..., the last ending at `top`."""
    n = max(1, min(n, top + 1))
    edges = [round(i * (top + 1) / n) for i in range(n + 1)]
    counts = Counter(
        next(i for i in range(n) if edges[i] <= t < edges[i + 1]) for t in totals if 0 <= t <= top
    )
    return [
        (
            f"{edges[i]}–{edges[i + 1] - 1}" if edges[i + 1] - 1 > edges[i] else f"{edges[i]}",
            counts.get(i, 0),
        )
        for i in range(n)
    ]


def _chart(bins: list[tuple[str, int]]) -> str:
    """The score distribution as an inline SVG bar chart, drawn with matplotlib (the
    `instructor` extra); without it, a sentence saying how to get the chart."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot, ticker
    except ImportError:
        return (
            "<p>(Install the instructor extra for charts: "
            "<code>pip install -c constraints.txt -e '.[instructor]'</code>.)</p>"
        )
    figure, axes = pyplot.subplots(figsize=(8, 3))
    labels, counts = [b[0] for b in bins], [b[1] for b in bins]
    bars = axes.bar(range(len(bins)), counts, color="#4a7bd0")
    axes.bar_label(bars, padding=2)
    axes.set_xticks(range(len(bins)), labels, rotation=30, ha="right")
    axes.set_xlabel("points")
    axes.set_ylabel("students")
    axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))  # no half students
    axes.set_ylim(0, max(counts + [1]) * 1.25)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    svg = io.StringIO()
    figure.savefig(svg, format="svg")
    pyplot.close(figure)
    text = svg.getvalue()
    return text[text.index("<svg") :]


def class_report(reports: dict[str, Report], pairs=()) -> str:
    """An HTML page an instructor reads in a minute: the score distribution, each exercise's
    mean, completion and attempts, the checks the class fails most among attempted exercises
    (stubs counted apart), pairs of submissions that look alike, and a row per student."""
    data = class_summary(reports)
    totals, top = data["totals"], data["max_score"]
    esc = html.escape
    summary = (
        f"{len(reports)} submissions; mean {statistics.fmean(totals):.1f}, "
        f"median {statistics.median(totals):g} of {top} points"
        if totals
        else "no submissions"
    )
    flagged = [
        f"<li>{esc(s)}: {esc(flags(r))}</li>" for s, r in sorted(reports.items()) if flags(r)
    ]
    exercise_rows = "".join(
        f"<tr><td>{esc(n)}</td><td>{d['mean']:.1f} / {d['max_score']}</td>"
        f"<td>{100 * d['completion']:.0f}%</td><td>{100 * d['attempted']:.0f}%</td></tr>"
        for n, d in data["exercises"].items()
    )
    failed_rows = "".join(
        f"<tr><td>{esc(key)}</td><td>{count} of {data['exercises'][exercise]['attempts']}</td>"
        f"<td>{esc(problem)}</td></tr>"
        for key, count, exercise, problem in data["failed"][:15]
    )
    stub_rows = "".join(
        f"<tr><td>{esc(key)}</td><td>{count}</td></tr>" for key, count in data["stubbed"][:10]
    )
    pair_rows = "".join(
        f"<tr><td>{esc(p.exercise)}</td><td>{esc(p.student_a)}</td><td>{esc(p.student_b)}</td><td>{p.similarity:.2f}</td></tr>"
        for p in pairs
    )
    names = list(data["exercises"])
    student_rows = "".join(
        "<tr><td>"
        + esc(s)
        + "</td><td>"
        + f"{r.score} / {r.max_score}"
        + "</td>"
        + "".join(
            f"<td>{next((e.score for e in r.exercises if e.name == n), '')}</td>" for n in names
        )
        + f"<td>{esc(flags(r))}</td></tr>"
        for s, r in sorted(reports.items())
    )
    short = "".join(f"<th>{esc(n.split('/')[1])}</th>" for n in names)
    return (
        f"""<!doctype html>
<html><head><meta charset="utf-8"><title>torchkata class report</title>
"""
        f"<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto}}"
        f"td,th{{padding:.2em .6em;text-align:left}}table{{border-collapse:collapse}}"
        f"tr:nth-child(even){{background:#f4f4f4}}</style></head>"
        f"""
<body><h1>Class report</h1><p>{summary}</p>
{"<h2>To look at</h2><ul>" + "".join(flagged) + "</ul>" if flagged else ""}
<h2>Score distribution</h2>{_chart(histogram(totals, top))}
<h2>Exercises</h2>
<table><tr><th>exercise</th><th>mean</th><th>completed</th><th>attempted</th></tr>{exercise_rows}</table>
<h2>Checks the class fails most</h2>
<p>Among students who attempted the exercise (a stub, not yet written, is counted apart below).</p>
<table><tr><th>check</th><th>failing</th><th>what went wrong most often</th></tr>"""
        f"""{failed_rows}</table>
<h2>Not implemented yet</h2>
<table><tr><th>check</th><th>students with the stub</th></tr>{stub_rows}</table>
{
            "<h2>Similar submissions</h2><p>Pairs at or above the threshold "
            "(<code>torchkata similarity</code>): a pointer for a human to read both files, "
            "not a verdict.</p><table><tr><th>exercise</th><th>student</th><th>student</th>"
            "<th>similarity</th></tr>" + pair_rows + "</table>"
            if pairs
            else ""
        }
<h2>Students</h2>
<table><tr><th>student</th><th>total</th>{short}<th>flags</th></tr>{student_rows}</table>
</body></html>
"""
    )
