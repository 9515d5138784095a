"""Grading a class: one folder per student, resumable, parallel, shardable.

Results go to OUT/students/<student>.json, each written atomically as soon as that student is
graded; a student whose file is already there is not graded again, so an interrupted batch
picks up where it stopped. Then OUT/gradebook.csv and OUT/report.html are written from all the
students' files. `--shard K/N` takes every N-th student (in sorted order) starting at the K-th,
so N jobs split a class without talking to each other; `merge` joins their OUT folders.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import torch

from graders import catalog, engine, reports
from graders.worker import Limits


def students(folder: Path) -> list[str]:
    """The student folders of a class folder, in sorted order (hidden entries skipped). A
    symbolic link counts as a student, so that it is reported, never followed."""
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if not e.name.startswith(".") and (e.is_symlink() or e.is_dir(follow_symlinks=False)))


def shard(names: list[str], k: int, n: int) -> list[str]:
    """The K-th of N slices (1 <= K <= N): every N-th name, starting at the K-th."""
    return names[k - 1 :: n]


def done(out: Path) -> dict[str, dict]:
    """The reports already written in OUT/students/ (unreadable ones are graded again)."""
    found = {}
    for path in sorted((out / "students").glob("*.json")):
        try:
            found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return found


def grade_batch(
    folder: Path,
    out: Path,
    workers: int = 1,
    part: tuple[int, int] = (1, 1),
    exercises: list[str] | None = None,
    limits: Limits = Limits(),
    progress=None,
) -> dict[str, dict]:
    """Grade the students of `folder` (this shard of them) not yet graded in `out`; write the
    gradebook and the class report of this shard; return every report of the shard."""
    names = shard(students(folder), *part)
    reports_ = {name: r for name, r in done(out).items() if name in names}
    todo = [name for name in names if name not in reports_]
    progress = progress or (lambda i, n, name: None)
    for i, (name, report) in enumerate(_grade_all(folder, todo, workers, exercises, limits), 1):
        if report is not None:
            reports.write_atomically(out / "students" / f"{name}.json", reports.to_json(report))
            reports_[name] = report
        progress(i, len(todo), name)
    write_summaries(out, reports_)
    return reports_


def _grade_all(folder, names, workers, exercises, limits):
    if workers <= 1:
        for name in names:
            yield name, _grade_one(folder / name, exercises, limits)
        return
    # The examples are drawn here, once, and the grader processes forked from this one inherit
    # them (torch on one thread from the start: no thread pool exists to be broken by a fork).
    torch.set_num_threads(1)
    engine.draw_examples(exercises or catalog.EXERCISES)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {pool.submit(_grade_one, folder / name, exercises, limits): name for name in names}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _grade_one(path: Path, exercises, limits) -> dict | None:
    """A student's report, or None (and a message) when the grader itself failed: that is never
    a zero for the student; the student is left ungraded and a rerun tries again."""
    try:
        if path.is_symlink():
            return engine.refused(path.name, "the student's folder is a symbolic link: it is not followed", exercises)
        return engine.grade(path, exercises, limits)
    except engine.WorkerDidNotStart:
        if limits.require_sandbox:
            raise  # refusing to grade at a lower level is the point: stop the batch
        print(f"torchkata: could not grade {path.name} (grader error, not the student's): a worker did not start", file=sys.stderr)
        return None
    except Exception as error:  # noqa: BLE001 - one student's grader failure must not stop the class
        print(f"torchkata: could not grade {path.name} (grader error, not the student's): {error}", file=sys.stderr)
        return None


def write_summaries(out: Path, reports_: dict[str, dict]) -> None:
    reports.write_atomically(out / "gradebook.csv", reports.gradebook(reports_))
    reports.write_atomically(out / "report.html", reports.class_report(reports_))


def merge(parts: list[Path], out: Path) -> dict[str, dict]:
    """Join the OUT folders of several shards into one gradebook and class report in `out`."""
    joined = {}
    for part in parts:
        for name, report in done(part).items():
            joined[name] = report
            if part.resolve() != out.resolve():
                reports.write_atomically(out / "students" / f"{name}.json", reports.to_json(report))
    write_summaries(out, joined)
    return joined


def progress_bar(stream=sys.stderr):
    """A one-line progress bar on a terminal; nothing when output goes to a file or a CI log."""
    if not stream.isatty():
        return None

    def show(i: int, n: int, name: str) -> None:
        filled = 30 * i // max(n, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {i}/{n} {name[:30]:<30}")
        if i == n:
            stream.write("\n")
        stream.flush()

    return show
