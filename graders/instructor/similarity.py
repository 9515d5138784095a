"""Similarity across a class: which pairs of students handed in code for an exercise that looks
alike. A pointer for a human to read both files, never a verdict.

`similar_pairs(CLASS)` compares, for every exercise, every two students' files with copydetect
(the `instructor` extra): winnowing fingerprints (Schleimer, Wilkerson and Aiken, SIGMOD 2003)
of the code with its names, strings, comments and layout taken out, minus the fingerprints of the
released stub every student starts from. What the number means is said in `similar_pairs`.

Torch-free on purpose (a test keeps it so): it reads text and never runs a submission. The
students' files are untrusted: each is read through file descriptors opened one folder at a time
without following a symbolic link anywhere below the class folder (a link is skipped, with a
note), only if it is a regular file of at most 1 MiB.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import graders
from graders import catalog
from graders.catalog import NOTEBOOK_CELL
from graders.errors import SimilarityError
from graders.isolation import notebook_reader, staging

# Measured on the kit's test class (tests/test_similarity.py): the planted copy (every local name
# renamed, indentation halved, lines broken anew, comments replaced) scores 1.0 on rmse_loss and
# on sgd; independently written solutions at most 0.71 on rmse_loss (three short lines that its
# docstring nearly dictates) and 0.55 on sgd. 0.8 sits between them. A copy rewritten further
# (ast.unparse: parentheses, trailing commas, 1e-6 as 1e-06) scored 0.87 to 0.89 on sgd but 0.75
# to 0.79 on rmse_loss: on exercises that short, a lower threshold shows more, honest pairs too.
DEFAULT_THRESHOLD = 0.8
MAX_BYTES = 1 << 20  # a student's file larger than this is skipped, with a note
NOISE = 25  # copydetect's default noise and guarantee thresholds: k-grams of 25 filtered characters
KIT_ROOT = graders.PACKAGE.parent  # holds exercises/, the released stubs
CSV_COLUMNS = ("exercise", "student_a", "student_b", "similarity")
REFERENCE = "(the kit's solution)"  # solutions/<exercise>.py, compared as one more student


@dataclass(frozen=True)
class Pair:
    """Two students whose files for one exercise look alike."""

    exercise: str
    """The exercise, as in graders.catalog.EXERCISES: 'a2_modules/rmse_loss'."""
    student_a: str
    """The first of the two student folders' names, in sorted order."""
    student_b: str
    """The second one."""
    similarity: float
    """In [0, 1]: the mean of the two overlap fractions (see similar_pairs)."""


def similar_pairs(
    class_dir: Path,
    threshold: float = DEFAULT_THRESHOLD,
    boilerplate_root: Path | None = None,
    *,
    exercises: list[str] | None = None,
    note: Callable[[str], None] | None = None,
    among: set[str] | None = None,
) -> list[Pair]:
    """Every pair of students of `class_dir` (one folder per student, as grade-batch takes) whose
    files for an exercise have a similarity at or above `threshold`, most similar first (ties by
    the students' names, then by the exercise's place in the curriculum). Pairs with nothing in
    common (similarity 0) are never listed, whatever the threshold.

    A student's code for `a2_modules/rmse_loss` is `<student>/a2_modules/rmse_loss.py`, or
    `<student>/rmse_loss.py` (the flat layout), else what the grading engine finds in the folder
    (graders.isolation.staging): the exercises/ layout further down, or the solution cell
    `rmse_loss` of an nbgrader notebook (that cell alone: the cells of earlier exercises count under
    theirs). A pair is compared only when both students have code for the exercise. The kit's own
    solution, `<boilerplate_root>/solutions/<exercise>.py` where there is one, is compared as one
    more student named REFERENCE, so that a copy of it is listed too. `exercises` limits the
    comparison to some exercises of graders.catalog.EXERCISES (default: all of them).

    The stubs, `<boilerplate_root>/exercises/<assignment>/<module>.py` (default: this kit's), are
    boilerplate: text a student kept from the stub counts for nothing, so two untouched stubs
    have similarity 0. A stub that is missing raises SimilarityError (comparing the stubs' text
    would make every pair look alike).

    The number. copydetect tokenizes each file (pygments), writes every name as V (functions F,
    classes O) and every string as S, and drops comments and whitespace: renaming variables and
    reformatting change nothing. It fingerprints every run of 25 characters of that text (its
    default thresholds, so winnowing keeps them all) and removes the stub's. For a pair (a, b) it
    gives two fractions: how much of a's remaining code is found in b, and of b's in a. The
    similarity is their mean: symmetric, and high only when most of both files is shared. The
    larger fraction would put a student who wrote nothing but `self.eps = eps` in rmse_loss at
    1.0 against every classmate who filled in the same stub (the mean: 0.66 to 0.71); the price
    of the mean is that a copy padded with as much unrelated code again scores about 0.79, not 1.0.

    With `among` (a shard of grade-batch), only the pairs whose first student (in sorted order,
    the kit's solution aside) is in `among` are compared: the shards of a class share its pairs
    out between them, each pair to one shard, and `merge` joins them.

    Students' folders and files that are symbolic links are skipped, as are files over 1 MiB and
    anything that is not a regular file; `note` receives one line about each (default: printed
    on stderr). Nothing is executed. The result does not depend on the process: copydetect hashes
    with Python's salted `hash`, but keeping every fingerprint makes the selection salt-free.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got threshold={threshold!r}")
    chosen = list(catalog.EXERCISES if exercises is None else exercises)
    unknown = [e for e in chosen if e not in catalog.EXERCISES]
    if unknown:
        raise ValueError(f"not an exercise of graders.catalog: {unknown[0]!r}")
    note = _once(note or _print_note)  # a linked folder stops every exercise in it: one note
    root = KIT_ROOT if boilerplate_root is None else boilerplate_root
    stubs = {exercise: _stub(root, exercise) for exercise in chosen}
    fingerprint = _fingerprinter()
    names = students(class_dir, note)
    pairs = []
    staged: dict[str, staging.Staged | None] = {}
    for exercise in chosen:
        boilerplate = fingerprint(stubs[exercise], f"exercises/{exercise}.py", frozenset())
        prints = {}
        for name in names:
            found = submitted(class_dir, name, exercise, note, staged)
            if found is not None:
                prints[name] = fingerprint(found[1], f"{name}/{found[0]}", boilerplate.hashes)
        reference = root / "solutions" / f"{exercise}.py"
        if prints and reference.is_file():
            text = reference.read_text(encoding="utf-8")
            prints[REFERENCE] = fingerprint(text, f"solutions/{exercise}.py", boilerplate.hashes)
        for a, b in combinations(sorted(prints), 2):
            if among is not None and (b if a == REFERENCE else a) not in among:
                continue
            similarity = _similarity(prints[a], prints[b])
            if similarity > 0.0 and similarity >= threshold:
                pairs.append(Pair(exercise, a, b, similarity))
    return ordered(pairs)


def ordered(pairs: list[Pair]) -> list[Pair]:
    """Most similar first; ties by the students' names, then by the exercise's place in the
    curriculum."""
    order = {exercise: i for i, exercise in enumerate(catalog.EXERCISES)}
    return sorted(
        pairs,
        key=lambda p: (-p.similarity, p.student_a, p.student_b, order.get(p.exercise, len(order))),
    )


def to_csv(pairs: list[Pair]) -> str:
    """The pairs as CSV, in their order: exercise,student_a,student_b,similarity (3 decimals)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in pairs:
        writer.writerow([p.exercise, p.student_a, p.student_b, f"{p.similarity:.3f}"])
    return out.getvalue()


def from_csv(text: str) -> list[Pair]:
    """The pairs of a CSV that to_csv wrote (a shard's OUT/similar.csv). Raises ValueError, saying
    why, for anything else."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != CSV_COLUMNS:
        raise ValueError(f"not a list of similar pairs (its header is not {','.join(CSV_COLUMNS)})")
    pairs = []
    for number, row in enumerate(rows[1:], 2):
        try:
            exercise, a, b, value = row
            pairs.append(Pair(exercise, a, b, float(value)))
        except ValueError:
            raise ValueError(
                f"line {number} is not exercise,student_a,student_b,similarity"
            ) from None
    return pairs


def students(class_dir: Path, note: Callable[[str], None] | None = None) -> list[str]:
    """The student folders of a class folder, sorted: hidden entries and plain files are left
    out; a symbolic link is skipped with a note (it is not followed)."""
    note = note or _print_note
    found = []
    with os.scandir(class_dir) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                note(f"skipped {entry.name}/: a symbolic link, not followed")
            elif entry.is_dir(follow_symlinks=False):
                found.append(entry.name)
    return sorted(found)


def submitted(
    class_dir: Path,
    student: str,
    exercise: str,
    note: Callable[[str], None] | None = None,
    staged: dict | None = None,
) -> tuple[str, str] | None:
    """(where in the student's folder, the text) of a student's code for an exercise:
    `<assignment>/<module>.py`, else the flat `<module>.py`, else what the grading engine finds
    (graders.isolation.staging: the exercises/ layout further down, or the exercise's solution cell
    in an nbgrader notebook); None when there is none, or when it was skipped (a symbolic link on
    the way, not a regular file, over MAX_BYTES, a notebook that cannot be read: with a note).
    `staged` caches each student's staging between exercises."""
    note = note or _print_note
    assignment, module = exercise.split("/")
    for parts in ((student, assignment, f"{module}.py"), (student, f"{module}.py")):
        try:
            data = _read_below(class_dir, parts)
        except FileNotFoundError:
            continue  # absent: try the flat layout, then the engine's reading
        except _Skipped as skipped:
            where, why = skipped.args
            note(f"skipped {where}: {why}")
            return None
        return "/".join(parts[1:]), data.decode("utf-8", errors="replace")
    staged = {} if staged is None else staged
    if student not in staged:
        try:
            staged[student] = staging.stage(os.path.join(class_dir, student))
        except OSError as error:
            note(f"skipped {student}/: unreadable ({error.strerror})")
            staged[student] = None
    found = staged[student]
    if found is None:
        return None
    status, why = found.absent.get(exercise, ("", ""))
    if status == "error":
        note(f"could not read {student}/{why}")
    source = found.source(exercise)
    if source is None:
        return None
    if found.notebooks and NOTEBOOK_CELL in source:
        return f"{assignment}.ipynb ({module})", notebook_reader.solution_cell(source, module)
    return f"{found.base}{exercise}.py", source


class _Skipped(Exception):
    """A file not read: _Skipped(the path that stopped it, why)."""


def _read_below(base: Path, parts: tuple[str, ...]) -> bytes:
    """The bytes of base/parts..., opened one component at a time from `base` (trusted) without
    following a symbolic link; FileNotFoundError when a component is absent (or a file stands
    where a folder should be); _Skipped for a link, a file that is not regular, or one too big."""
    shown = "/".join(parts)
    opened = [os.open(base, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))]
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
            flags |= os.O_NONBLOCK if last else os.O_DIRECTORY  # a FIFO must not block the open
            try:
                opened.append(os.open(part, flags, dir_fd=opened[-1]))
            except FileNotFoundError:
                raise
            except OSError as error:
                if error.errno not in (errno.ELOOP, errno.ENOTDIR):
                    raise _Skipped(shown, f"unreadable ({error.strerror})") from None
                try:
                    link = stat.S_ISLNK(os.lstat(part, dir_fd=opened[-1]).st_mode)
                except OSError:
                    link = False  # gone meanwhile
                if link:
                    raise _Skipped(
                        "/".join(parts[: i + 1]) + ("" if last else "/"),
                        "a symbolic link, not followed",
                    ) from None
                raise FileNotFoundError(part) from None  # a file where a folder should be
        info = os.fstat(opened[-1])
        if not stat.S_ISREG(info.st_mode):
            raise _Skipped(shown, "not a regular file")
        if info.st_size > MAX_BYTES:
            raise _Skipped(
                shown, f"{info.st_size} bytes, over the {MAX_BYTES // (1 << 20)} MiB limit"
            )
        with os.fdopen(opened.pop(), "rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise _Skipped(shown, f"over the {MAX_BYTES // (1 << 20)} MiB limit")
        return data
    finally:
        for fd in opened:
            os.close(fd)


def _stub(root: Path, exercise: str) -> str:
    path = root / "exercises" / f"{exercise}.py"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise SimilarityError(
            f"no released stub at {path} ({error.strerror}): "
            "the stubs are the text every student starts from, to be left out of the comparison; "
            "use torchkata from a clone of the kit (an installed copy has no exercises/)"
        ) from None


def _fingerprinter():
    """fingerprint(text, name, boilerplate hashes) -> copydetect's CodeFingerprint, the
    boilerplate removed."""
    try:
        from copydetect import CodeFingerprint
        from copydetect.utils import get_token_coverage
    except ImportError as error:
        raise SimilarityError(
            f"copydetect is not installed ({error}): pip install -e '.[instructor]'"
        ) from None

    def fingerprint(text: str, name: str, boilerplate: frozenset):
        fp = CodeFingerprint(name, NOISE, 1, language="python", fp=io.StringIO(text))
        # The boilerplate is removed here rather than by CodeFingerprint(boilerplate=...): in
        # copydetect 0.5.0 that uses numpy.intersect1d(assume_unique=True) on hashes that are not
        # unique, which also drops repeated fingerprints of a student's own code.
        if boilerplate:
            fp.hashes = fp.hashes - boilerplate
            fp.hash_idx = {h: at for h, at in fp.hash_idx.items() if h not in boilerplate}
            fp.token_coverage = get_token_coverage(fp.hash_idx, NOISE, len(fp.filtered_code))
        return fp

    return fingerprint


def _similarity(a, b) -> float:
    if a.hashes.isdisjoint(b.hashes):
        return 0.0
    from copydetect import compare_files

    _, (in_b, in_a), _ = compare_files(a, b)
    return min(1.0, max(0.0, (float(in_b) + float(in_a)) / 2))


def _once(note: Callable[[str], None]) -> Callable[[str], None]:
    seen = set()

    def once(message: str) -> None:
        if message not in seen:
            seen.add(message)
            note(message)

    return once


def _print_note(message: str) -> None:
    print(f"torchkata similarity: {message}", file=sys.stderr)
