"""Grading a class: one folder per student, resumable, parallel, shardable, regraded when it
changes.

Results go to OUT/students/<student>.json, each written atomically as soon as that student is
graded, with a fingerprint of what was graded: the submission's files (read as the engine reads
them: no link followed) and the kit's version and grader code. On the next run, a student whose
fingerprint is unchanged is reused, one whose files (or the kit) changed is graded again, so an
interrupted batch picks up where it stopped and a resubmission is never missed; `--force`
regrades everyone. Then OUT/gradebook.csv, OUT/canvas.csv and OUT/report.html are written from
all the students' files. `--shard K/N` takes every N-th student (in sorted order) starting at
the K-th, so N jobs split a class without talking to each other; `merge` joins their OUT folders.

Reading and merging results imports no torch; grading imports the engine when it starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import graders
from graders import errors, reports
from graders.isolation import staging
from graders.results import Report


def students(folder: Path) -> list[str]:
    """The student folders of a class folder, in sorted order (hidden entries skipped). A
    symbolic link counts as a student, so that it is reported, never followed."""
    with os.scandir(folder) as entries:
        return sorted(
            e.name
            for e in entries
            if not e.name.startswith(".") and (e.is_symlink() or e.is_dir(follow_symlinks=False))
        )


def shard(names: list[str], k: int, n: int) -> list[str]:
    """The K-th of N slices (1 <= K <= N): every N-th name, starting at the K-th."""
    return names[k - 1 :: n]


def kit_version() -> str:
    """What a report depends on besides the submission: the kit's version and a hash of its
    grader code, the versions of Python, torch, hypothesis and numpy (the examples and the
    arithmetic depend on them), and the hash of the course's seed. A report graded under any
    other is stale."""
    from graders import modes

    package = graders.PACKAGE
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    found = []
    for name in ("torchkata", "torch", "hypothesis", "numpy"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=unknown")
    found += [f"python={sys.version.split()[0]}", f"seed={modes.seed_hash(modes.course_seed())}"]
    return f"{digest.hexdigest()[:12]}+{','.join(found)}"


def fingerprint(path: Path, kit: str, exercises: list[str] | None) -> str:
    """What a student's report depends on: their files as the engine reads them (links are not
    followed: a link is part of the fingerprint as itself), the kit, and what was asked."""
    digest = hashlib.sha256(f"{kit}\0{sorted(exercises or [])}\0".encode())
    if path.is_symlink():
        digest.update(b"link\0" + os.readlink(path).encode())
        return digest.hexdigest()
    files, refused = staging.read(str(path))
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    for name, reason in sorted(refused):
        digest.update(f"{name}\0{reason}\0".encode())
    return digest.hexdigest()


@dataclass
class Stored:
    """A report already written in OUT/students/: as read, its text, and its fingerprint."""

    report: Report
    text: str
    fingerprint: str | None


def done(out: Path, unreadable: dict | None = None) -> dict[str, Report]:
    """The reports already written in OUT/students/; those that cannot be read are left out (a
    batch grades them again) and named in `unreadable` ({path: why}) when it is given."""
    return {name: stored.report for name, stored in _stored(out, unreadable).items()}


def _stored(out: Path, unreadable: dict | None = None) -> dict[str, Stored]:
    """The reports of `done`, each with its text and the fingerprint it was graded with."""
    found = {}
    for path in sorted((out / "students").glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
            found[path.stem] = Stored(Report.from_dict(data), text, data.get("fingerprint"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            if unreadable is not None:
                unreadable[str(path)] = f"{type(error).__name__}: {str(error)[:120]}"
    return found


@dataclass
class Batch:
    """What one grade-batch run did."""

    reports: dict[str, Report] = field(
        default_factory=dict
    )  # every student of the shard with a report
    graded: list[str] = field(default_factory=list)  # graded in this run
    reused: list[str] = field(default_factory=list)  # unchanged since their stored report
    ungraded: list[str] = field(
        default_factory=list
    )  # the grader failed on them (the kit's fault): run again


def grade_batch(
    folder: Path,
    out: Path,
    workers: int = 1,
    part: tuple[int, int] = (1, 1),
    exercises: list[str] | None = None,
    limits=None,
    progress=None,
    force: bool = False,
) -> Batch:
    """Grade the students of `folder` (this shard of them) whose submission changed since their
    report in `out` (all of them with `force`); write the gradebook and the class report of this
    shard."""
    kit = kit_version()
    batch = Batch()
    stored = _stored(out)
    prints = {}
    for name in shard(students(folder), *part):
        prints[name] = fingerprint(folder / name, kit, exercises)
        if not force and name in stored and stored[name].fingerprint == prints[name]:
            batch.reports[name] = stored[name].report
            batch.reused.append(name)
    todo = [name for name in prints if name not in batch.reports]
    progress = progress or (lambda i, n, name: None)
    graded = _grade_all(folder, todo, workers, exercises, limits)
    for i, (name, (report, ok)) in enumerate(graded, 1):
        # A report of the grader's own failure keeps the student's row (flagged, every point
        # withheld) but no fingerprint: the next run grades that student again.
        reports.write_atomically(
            out / "students" / f"{name}.json",
            reports.to_json(report, fingerprint=prints[name] if ok else None),
        )
        batch.reports[name] = report
        (batch.graded if ok else batch.ungraded).append(name)
        progress(i, len(todo), name)
    batch.reports = dict(sorted(batch.reports.items()))
    write_summaries(out, batch.reports, _similar_pairs(folder, exercises, set(prints)))
    return batch


def _grade_all(folder, names, workers, exercises, limits):
    if workers <= 1:
        for name in names:
            yield name, _grade_one(folder / name, exercises, limits)
        return
    import multiprocessing

    import torch

    from graders.grading import engine

    # The examples are drawn here, once, and the grader processes forked from this one inherit
    # them (torch on one thread from the start: no thread pool exists to be broken by a fork).
    # Each grader process starts a zygote of its own.
    torch.set_num_threads(1)
    engine.draw_examples(exercises or engine.catalog.EXERCISES)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {
            pool.submit(_grade_one, folder / name, exercises, limits): name for name in names
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _grade_one(path: Path, exercises, limits) -> tuple[Report, bool]:
    """A student's report, and whether the grader managed to grade it. When the grader itself
    failed, that is never a zero for the student: every check is withheld, the row says so,
    and a rerun tries again."""
    from graders.grading import engine

    try:
        if path.is_symlink():
            why = "the student's folder is a symbolic link: it is not followed"
            return engine.refused(path.name, why, exercises), True
        return engine.grade(path, exercises, limits or engine.Limits()), True
    except engine.WorkerDidNotStart as error:
        if limits is not None and limits.require_sandbox:
            raise  # refusing to grade at a lower level is the point: stop the batch
        why = f"a worker did not start ({error})"
    except Exception as error:  # noqa: BLE001 - one student's grader failure must not stop the class
        why = f"{type(error).__name__}: {error}"
    print(
        f"torchkata: could not grade {path.name} (a grader error, not the student's fault): {why}",
        file=sys.stderr,
    )
    return engine.not_graded(
        path.name, f"not graded: the grader itself failed ({why})", exercises
    ), False


def _similar_pairs(folder: Path, exercises, among: set[str]) -> list | None:
    """The pairs the class report lists (those of this shard's students), where the similarity
    extra is installed; None where it is not."""
    from graders.instructor import similarity

    try:
        return similarity.similar_pairs(
            folder, exercises=exercises, note=lambda message: None, among=among
        )
    except errors.SimilarityError:
        return None


def write_summaries(out: Path, reports_: dict[str, Report], pairs: list | None = None) -> None:
    """The gradebook, Canvas' CSV, the class report and, where similarity ran, the similar
    pairs (OUT/similar.csv, which `merge` joins)."""
    from graders.instructor import similarity

    reports.write_atomically(out / "gradebook.csv", reports.gradebook(reports_))
    reports.write_atomically(out / "canvas.csv", reports.canvas(reports_))
    reports.write_atomically(out / "report.html", reports.class_report(reports_, pairs or ()))
    if pairs is not None:
        reports.write_atomically(out / "similar.csv", similarity.to_csv(pairs))


def merge(parts: list[Path], out: Path, unreadable: dict | None = None) -> dict[str, Report]:
    """Join the OUT folders of several shards into one gradebook and class report in `out`;
    reports that cannot be read are named in `unreadable` ({path: why})."""
    from graders.instructor import similarity

    joined, pairs, similar = {}, set(), False
    for part in parts:
        for name, stored in _stored(part, unreadable).items():
            joined[name] = stored.report
            if part.resolve() != out.resolve():
                reports.write_atomically(out / "students" / f"{name}.json", stored.text)
        try:
            pairs.update(similarity.from_csv((part / "similar.csv").read_text(encoding="utf-8")))
            similar = True
        except FileNotFoundError:
            pass  # a shard graded without the instructor extra
        except (OSError, ValueError) as error:
            if unreadable is not None:
                unreadable[str(part / "similar.csv")] = str(error)
    joined = dict(sorted(joined.items()))
    write_summaries(out, joined, similarity.ordered(list(pairs)) if similar else None)
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
