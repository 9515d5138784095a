"""The `torchkata` command.

  torchkata grade PATH [--json F] [--gradescope F] [--junit F] [--fail-under P] [--only NAME]
      [--timeout S] [--require-sandbox]
  torchkata grade-batch DIR [--out OUT] [--workers N] [--shard K/N] [--only NAME] [--timeout S]
      [--require-sandbox]
  torchkata merge OUT... --out MERGED
  torchkata compare NBGRADER_CSV RESULTS
  torchkata similarity DIR --csv FILE [--threshold T] [--only NAME]
  torchkata release [--check | --student DIR | --dist DIR] [--root DIR]
  torchkata watch [DIR]
  torchkata dev check [--only NAME] [--root DIR]
  torchkata dev new ASSIGNMENT/NAME [--root DIR]

Exit status:
  0  the command did its work, whatever the scores
  1  a --fail-under gate is not met, `grade` found no exercise in the submission, `compare`
     finds scores that differ, or `release --check` finds files out of date
  2  it could not run: a bad path or option, or --require-sandbox where no sandbox can start
     (the message says what is wrong and the valid values)
  3  the kit itself failed: checks it could not grade (withheld, never counted against the
     student) or students it could not grade; the message says so, and a rerun retries
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from pathlib import Path

import graders
from graders import catalog, errors
from graders.results import ExitCode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="torchkata", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser(
        "grade",
        help="grade one submission (a folder shaped like exercises/, or nbgrader notebooks)",
    )
    grade.add_argument(
        "path", type=Path, help="the submission's folder, a notebook, or a folder of notebooks"
    )
    grade.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="write the report as JSON (graders/report.schema.json)",
    )
    grade.add_argument(
        "--gradescope", type=Path, metavar="FILE", help="write Gradescope's results.json"
    )
    grade.add_argument("--junit", type=Path, metavar="FILE", help="write JUnit XML")
    grade.add_argument(
        "--fail-under",
        type=_percent,
        metavar="P",
        help="exit 1 when the score is below P percent (0 to 100)",
    )
    _grading_options(grade)

    batch = commands.add_parser(
        "grade-batch", help="grade a class: DIR holds one folder per student"
    )
    batch.add_argument("dir", type=Path, help="the class folder")
    batch.add_argument(
        "--out", type=Path, default=Path("grades"), help="results folder (default: grades)"
    )
    batch.add_argument(
        "--workers",
        type=_positive(int),
        default=1,
        metavar="N",
        help="students graded at once (default: 1)",
    )
    batch.add_argument(
        "--force",
        action="store_true",
        help=(
            "grade every student again, even those whose submission is unchanged since their report"
        ),
    )
    batch.add_argument(
        "--shard",
        type=_shard,
        default=(1, 1),
        metavar="K/N",
        help="grade only the K-th of N slices",
    )
    _grading_options(batch)

    merge = commands.add_parser("merge", help="join the results folders of several shards")
    merge.add_argument(
        "parts", type=Path, nargs="+", help="results folders of grade-batch --shard runs"
    )
    merge.add_argument("--out", type=Path, required=True, help="the joined results folder")

    compare = commands.add_parser(
        "compare",
        help=(
            "nbgrader's scores (nbgrader export's CSV) beside grade-batch's, per student and "
            "assignment"
        ),
    )
    compare.add_argument("grades", type=Path, help="the CSV that `nbgrader export` wrote")
    compare.add_argument(
        "results", type=Path, help="the results folder of `torchkata grade-batch submitted/`"
    )

    sim = commands.add_parser(
        "similarity",
        help=(
            "pairs of students whose code for an exercise looks alike (a pointer for a human to "
            "read both files, not a verdict)"
        ),
    )
    sim.add_argument(
        "dir", type=Path, help="the class folder: one folder per student, as for grade-batch"
    )
    sim.add_argument(
        "--csv",
        type=Path,
        required=True,
        metavar="FILE",
        help="write the pairs here: exercise,student_a,student_b,similarity, most similar first",
    )
    sim.add_argument(
        "--threshold",
        type=float,
        default=None,
        metavar="T",
        help=(
            "list the pairs whose similarity is at least T, in [0, 1] (default: 0.8). "
            "The similarity is the mean share of each file's code, "
            "stub text left out, found in the other, names and layout ignored. "
            "On the kit's test class a copy with every name renamed and "
            "the layout redone scores 1.0, independently written solutions at most 0.71 "
            "(rmse_loss, three short lines) and 0.55 (sgd)"
        ),
    )
    sim.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=(
            "compare only this assignment or exercise (repeatable), "
            "e.g. a1_backprop or a2_modules/mlp"
        ),
    )

    rel = commands.add_parser(
        "release",
        help=(
            "write the student stubs in exercises/ and the nbgrader notebooks in "
            "assignments/source/ from solutions/"
        ),
    )
    rel.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the kit's folder (default: here)"
    )
    what = rel.add_mutually_exclusive_group()
    what.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if exercises/ or the notebooks are out of date",
    )
    what.add_argument(
        "--student",
        type=Path,
        metavar="DIR",
        help=(
            "write a repository for students into DIR (new or empty): exercises/, the notebooks, "
            "the graders, a README; no solutions"
        ),
    )
    what.add_argument(
        "--dist",
        type=Path,
        metavar="DIR",
        help=(
            "build the course's wheel and sdist of the kit into DIR, with constraints.txt beside "
            "them, for installs without a checkout (the instructor extra)"
        ),
    )

    watch = commands.add_parser(
        "watch", help="check each exercise again as soon as you save it (Ctrl-C quits)"
    )
    watch.add_argument(
        "dir",
        type=Path,
        nargs="?",
        default=Path("exercises"),
        help="the folder of your exercises (default: exercises)",
    )

    dev = commands.add_parser(
        "dev", help="the contributor's tools, in a checkout of the kit: `dev new`, `dev check`"
    )
    dev_commands = dev.add_subparsers(dest="dev_command", required=True, metavar="COMMAND")
    dev_check = dev_commands.add_parser(
        "check",
        help=(
            "check every exercise's rules (introduction, release, corpus: sizes, each wrong "
            "variant caught for its reason, right ones at full marks, every check able to "
            "fail), with a fix for each finding; exit 1 on an error"
        ),
    )
    dev_check.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the kit's folder (default: here)"
    )
    dev_check.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="check only this assignment or exercise (repeatable)",
    )

    dev_new = dev_commands.add_parser(
        "new",
        help=(
            "scaffold a new exercise: its solution, grader, probes and corpus, and its record in "
            "graders/curriculum.toml; then `torchkata release` and `torchkata dev check`"
        ),
    )
    dev_new.add_argument("exercise", metavar="ASSIGNMENT/NAME", help="e.g. a2_modules/huber_loss")
    dev_new.add_argument(
        "--root", type=Path, default=Path.cwd(), help="the kit's folder (default: here)"
    )

    args = parser.parse_args(argv)
    command = {
        "dev": _dev,
        "watch": _watch,
        "grade": _grade,
        "grade-batch": _grade_batch,
        "merge": _merge,
        "compare": _compare,
        "similarity": _similarity,
        "release": _release,
    }[args.command]
    try:
        return command(args, parser)
    except BrokenPipeError:  # `torchkata grade ... | head`: the reader has gone; so do we, quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK


def _warn_if_public(command: str) -> None:
    """Grading with the public seed: any student can draw every example at home."""
    from graders import modes

    if modes.public(modes.course_seed()):
        print(
            f"torchkata {command}: grading with the public examples (no {modes.SEED_VARIABLE} is "
            "set): a student can draw every example the checks use at home. Set "
            f"{modes.SEED_VARIABLE} to the course's secret where grading runs "
            "(docs/instructors.md#the-course-seed).",
            file=sys.stderr,
        )


def _grading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help=(
            "grade only this assignment or exercise (repeatable), "
            "e.g. a1_backprop or a2_modules/mlp"
        ),
    )
    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=60.0,
        metavar="S",
        help="seconds allowed per exercise, more than 0 (default: 60)",
    )
    p.add_argument(
        "--require-sandbox",
        action="store_true",
        help=(
            "refuse to grade unless a confined level (namespaces or landlock: an allow-list "
            "filesystem and no network) can start"
        ),
    )


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text} must be more than 0")
        return value

    return parse


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"{text} is not a percentage: choose a value from 0 to 100"
        )
    return value


def _shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"{text!r} is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(match[1]), int(match[2])


def _exercises(args, parser) -> list[str] | None:
    if not args.only:
        return None  # every exercise (of a single notebook: its assignment's)
    unknown = [n for n in args.only if n not in catalog.ASSIGNMENTS and n not in catalog.EXERCISES]
    if unknown:
        parser.error(
            f"--only {unknown[0]}: not an assignment or exercise; "
            f"choose from {', '.join(catalog.ASSIGNMENTS)} or e.g. {catalog.EXERCISES[0]}"
        )
    return [e for e in catalog.EXERCISES if e in args.only or e.split("/")[0] in args.only]


def _refuse_unwritable(parser, option: str, path: Path | None, folder: bool = False) -> None:
    """An output (a file, or a `folder`) this user cannot write is refused before any work is
    done, saying where: after grading, it would end in a traceback, the results lost."""
    if path is None:
        return
    place = path if folder else path.parent
    existing = next(p for p in (place.absolute(), *place.absolute().parents) if p.exists())
    if not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
        parser.error(
            f"{option} {path}: cannot write there ({existing} is not a folder you can write in)"
        )


def _limits(args):
    from graders.isolation.sandbox import Limits

    return Limits(timeout=args.timeout, require_sandbox=args.require_sandbox)


def _grade(args, parser) -> int:
    if not (args.path.is_dir() or args.path.suffix == ".ipynb" and args.path.is_file()):
        parser.error(
            f"{args.path} is neither a folder nor a notebook; "
            "pass a submission folder shaped like exercises/, or nbgrader notebooks"
        )
    exercises, limits = _exercises(args, parser), _limits(args)
    for option in ("json", "gradescope", "junit"):
        _refuse_unwritable(parser, f"--{option}", getattr(args, option))
    from graders import reports
    from graders.grading import engine

    _warn_if_public("grade")
    try:
        report = engine.grade(args.path.resolve(), exercises, limits)
    except engine.WorkerDidNotStart as error:
        print(f"torchkata grade: could not grade: {error}", file=sys.stderr)
        return ExitCode.CANNOT_RUN
    # The files first: a closed terminal or pipe cannot lose them.
    if args.json:
        reports.write_atomically(args.json, reports.to_json(report))
    if args.gradescope:
        reports.write_atomically(
            args.gradescope, json.dumps(reports.gradescope(report), indent=2) + "\n"
        )
    if args.junit:
        reports.write_atomically(args.junit, reports.junit(report))
    print(reports.table(report), flush=True)
    if report.withheld:
        print(
            f"torchkata: the grader itself failed on {len(report.grader_errors)} checks "
            f"({report.withheld} points withheld, not counted against the student): "
            "this is the kit's fault; please report it with the report's grader_errors",
            file=sys.stderr,
        )
        return ExitCode.KIT_FAILED
    if not report.found:
        print(
            f"torchkata: no exercise found in {args.path}: "
            "expected the exercises/ layout (a1_backprop/manual_backprop.py, ...), "
            "the module files at the top, or nbgrader notebooks",
            file=sys.stderr,
        )
        return ExitCode.NOT_MET
    percent = 100 * report.score / report.max_score if report.max_score else 100.0
    if args.fail_under is not None and percent < args.fail_under:
        print(
            f"torchkata: {percent:.1f}% is under --fail-under {args.fail_under:g}%", file=sys.stderr
        )
        return ExitCode.NOT_MET
    return ExitCode.OK


def _grade_batch(args, parser) -> int:
    if not args.dir.is_dir():
        parser.error(f"{args.dir} is not a folder; pass a class folder with one folder per student")
    exercises, limits = _exercises(args, parser), _limits(args)
    _refuse_unwritable(parser, "--out", args.out, folder=True)
    from graders.grading.engine import WorkerDidNotStart
    from graders.instructor import batch

    _warn_if_public("grade-batch")
    try:
        done = batch.grade_batch(
            args.dir.resolve(),
            args.out,
            args.workers,
            args.shard,
            exercises,
            limits,
            batch.progress_bar(),
            args.force,
        )
    except WorkerDidNotStart as error:
        print(f"torchkata grade-batch: stopped: {error}", file=sys.stderr)
        return ExitCode.CANNOT_RUN
    empty = [name for name, r in done.reports.items() if not r.found]
    print(
        f"{len(done.reports)} students in {args.out / 'gradebook.csv'} "
        f"({len(done.graded)} graded, {len(done.reused)} unchanged since their report and reused"
        f"{f', {len(done.ungraded)} could not be graded' if done.ungraded else ''}); "
        f"class report in {args.out / 'report.html'}"
    )
    if empty:
        print(
            f"torchkata grade-batch: no exercise found for {len(empty)} students "
            f"({', '.join(empty[:5])}): their rows are flagged",
            file=sys.stderr,
        )
    withheld = {name: r.withheld for name, r in done.reports.items() if r.withheld}
    if done.ungraded or withheld:
        print(
            "torchkata grade-batch: the grader itself failed (the kit's fault, not the students'): "
            f"{len(done.ungraded)} students not graded, "
            f"{sum(withheld.values())} points withheld from {len(withheld)} students; "
            "run it again to retry, and please report it",
            file=sys.stderr,
        )
        return ExitCode.KIT_FAILED
    return ExitCode.OK


def _merge(args, parser) -> int:
    from graders.instructor import batch

    missing = [p for p in args.parts if not (p / "students").is_dir()]
    if missing:
        parser.error(
            f"{missing[0]} is not a grade-batch results folder (it has no students/ folder)"
        )
    _refuse_unwritable(parser, "--out", args.out, folder=True)
    unreadable: dict[str, str] = {}
    joined = batch.merge(args.parts, args.out, unreadable)
    print(f"{len(joined)} students in {args.out / 'gradebook.csv'}")
    for path, why in unreadable.items():
        print(
            f"torchkata merge: could not read {path} ({why}); that student is not in the "
            "gradebook: grade them again",
            file=sys.stderr,
        )
    return ExitCode.NOT_MET if unreadable else ExitCode.OK


def _compare(args, parser) -> int:
    from graders import reports
    from graders.instructor import batch

    if not args.grades.is_file():
        parser.error(f"{args.grades} is not a file; pass the CSV that `nbgrader export` wrote")
    if not (args.results / "students").is_dir():
        parser.error(
            f"{args.results} is not a grade-batch results folder (it has no students/ folder)"
        )
    text = args.grades.read_text(errors="replace")
    header = next(csv.reader(text.splitlines()[:1]), [])
    needed = {"student_id", "assignment", "raw_score"}
    if not needed <= set(header):
        parser.error(
            f"{args.grades} is not a CSV from `nbgrader export`: "
            f"it has no {', '.join(sorted(needed - set(header)))} column"
        )
    unreadable: dict[str, str] = {}
    try:
        rows = reports.against_nbgrader(text, batch.done(args.results, unreadable))
    except (KeyError, ValueError, csv.Error) as error:
        parser.error(
            f"{args.grades} is not a CSV from `nbgrader export` ({type(error).__name__}: {error})"
        )
    if not rows:
        parser.error(f"{args.grades} has no rows: nothing to compare")
    for path, why in unreadable.items():
        print(f"torchkata compare: could not read {path} ({why})", file=sys.stderr)
    ungraded = [r for r in rows if r[3] is None]
    differ = [r for r in rows if r[3] is not None and r[2] != r[3]]
    for student, assignment, theirs, ours in differ + ungraded:
        print(
            f"{student}  {assignment}: nbgrader {theirs:g}, "
            f"torchkata {'not graded' if ours is None else ours}"
        )
    print(
        f"{len(rows) - len(differ) - len(ungraded)} of {len(rows)} scores agree"
        + (f", {len(ungraded)} not graded by torchkata" if ungraded else "")
        + (
            " (a higher nbgrader score may mean a notebook tampered with its checks)"
            if any(theirs > ours for _, _, theirs, ours in differ)
            else ""
        )
    )
    return ExitCode.NOT_MET if differ or ungraded or unreadable else ExitCode.OK


def _similarity(args, parser) -> int:
    from graders import reports
    from graders.instructor import similarity

    if not args.dir.is_dir():
        parser.error(f"{args.dir} is not a folder; pass a class folder with one folder per student")
    threshold = similarity.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 <= threshold <= 1.0:
        parser.error(f"--threshold {args.threshold:g}: must be in [0, 1]")
    if args.csv.is_dir():
        parser.error(f"--csv {args.csv} is a folder; pass the path of the CSV file to write")
    _refuse_unwritable(parser, "--csv", args.csv)
    try:
        pairs = similarity.similar_pairs(args.dir, threshold, exercises=_exercises(args, parser))
    except errors.SimilarityError as error:
        print(f"torchkata similarity: {error}", file=sys.stderr)
        return ExitCode.CANNOT_RUN
    reports.write_atomically(args.csv, similarity.to_csv(pairs))
    count = len(similarity.students(args.dir, note=lambda message: None))
    print(
        f"{len(pairs)} pairs at or above {threshold:g} among {count} students in {args.csv} "
        "(a pointer for a human to read both files, not a verdict)"
    )
    return ExitCode.OK


def _watch(args, parser) -> int:
    if not args.dir.is_dir():
        parser.error(
            f"{args.dir} is not a folder; run this where exercises/ is, "
            "or pass the folder of your exercises"
        )
    from graders.frontends import watch

    watch.watch(args.dir.resolve())
    return ExitCode.OK


def _refuse_another_checkout(parser, root: Path, command: str, writes_graders=False) -> None:
    """The catalogue and the graders come from the kit this command runs from: pointed at
    another checkout (one with graders/ of its own, or any other where the command writes
    graders/), it would work with this one's list, silently wrong. Refuse, saying how."""
    kit = graders.PACKAGE.parent
    if (root / "graders").resolve() == kit / "graders":
        return
    if writes_graders or (root / "graders").is_dir():
        parser.error(
            f"{root} is not the checkout this torchkata runs from ({kit}); run that checkout's "
            f"own torchkata (cd {root} && python -m graders.frontends.cli {command})"
        )


def _release(args, parser) -> int:
    from graders.instructor import release

    root = args.root.resolve()
    if not (root / "solutions").is_dir():
        parser.error(
            f"{root} has no solutions/ folder; run this in the kit's folder or pass --root"
        )
    _refuse_another_checkout(parser, root, "release")
    if (
        args.student
        and args.student.exists()
        and (not args.student.is_dir() or any(args.student.iterdir()))
    ):
        parser.error(
            f"--student {args.student}: not an empty folder; "
            "pass a new or empty folder for the students' repository"
        )
    try:
        if args.dist:
            for path in release.build_dist(root, args.dist.resolve()):
                print(f"wrote {path}")
            return ExitCode.OK
        if args.student:
            written = release.student_repository(root, args.student.resolve())
            print(
                f"wrote {len(written)} files in {args.student}: "
                "a repository for students, without the solutions"
            )
            return ExitCode.OK
        if args.check:
            out_of_date = release.stale(root)
            for path in out_of_date:
                print(f"out of date: {path.relative_to(root)}")
            if out_of_date:
                print("run `torchkata release` to regenerate them from solutions/")
            return ExitCode.NOT_MET if out_of_date else ExitCode.OK
        for path in release.release(root):
            print(f"wrote {path.relative_to(root)}")
    except errors.ReleaseError as error:
        print(f"torchkata release: {error}", file=sys.stderr)
        return ExitCode.CANNOT_RUN
    return ExitCode.OK


def _dev(args, parser) -> int:
    from graders.instructor import dev

    root = args.root.resolve()
    if not (root / "solutions").is_dir() or not (root / "tests" / "corpus").is_dir():
        parser.error(f"{root} has no solutions/ and tests/corpus/: run this in the kit's checkout")
    _refuse_another_checkout(parser, root, "dev ...", writes_graders=args.dev_command == "new")
    if args.dev_command == "new":
        try:
            written = dev.new(root, args.exercise)
        except ValueError as error:
            parser.error(f"dev new {args.exercise}: {error}")
        for path in written:
            print(f"wrote {path.relative_to(root)}")
        print(
            f"next: write what each {dev.PLACEHOLDER} asks for, grow the corpus, then "
            "`torchkata release` and `torchkata dev check`"
        )
        return ExitCode.OK
    chosen = _exercises(args, parser)
    findings = dev.check(
        root, chosen, progress=lambda e: print(f"checking {e}", file=sys.stderr, flush=True)
    )
    for finding in findings:
        print(finding)
    errors = [f for f in findings if not f.warning]
    print(
        f"{len(errors)} errors, {len(findings) - len(errors)} warnings in "
        f"{len(chosen or catalog.EXERCISES)} exercises"
    )
    return ExitCode.NOT_MET if errors else ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
