"""`torchkata watch`: the student's loop. Save a file, read the verdict.

One warm process imports torch, hypothesis and every grader once (and torch's lazily imported
parts up front), then watches exercises/ with watchfiles. When an exercise's file changes, it
checks that exercise again through the service every front end shares (graders.grading.service): the
same checks, in the same student mode, as `pytest exercises/`, the student's module imported
afresh in a new worker (a fork of this process, stopped past its CPU time). It shows a compact
verdict: the failure to fix first, the curriculum's progress, what to do next. It works in any
terminal (over SSH too): plain text, the screen cleared between verdicts only when the output is
a terminal. Ctrl-C quits.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from graders import errors


def warm_up() -> None:
    """Import what every check needs, once, before any fork: torch, hypothesis, the graders,
    the probes and torch's lazily imported parts. No torch operation runs here."""
    import torch

    from graders import catalog
    from graders.isolation import worker

    torch.set_num_threads(1)
    worker.prepare()
    for exercise in catalog.EXERCISES:
        catalog.grader(exercise)
    # all of that lives to the end: out of the garbage collector's passes, in every fork
    gc.freeze()


def verdict(root: Path, exercise: str, seconds: float | None = None) -> list[dict]:
    """Every check of `exercise` on the module at `root`, in student mode, each with `seconds`
    of CPU time (CHECK_SECONDS); the results as plain dicts (graders.results.CheckResult.to_dict,
    with the exercise and why the module did not import, if it did not)."""
    from graders import catalog, modes
    from graders.grading import service
    from graders.isolation import launch

    session = service.Session(grading=False, seconds=seconds or modes.CHECK_SECONDS)
    runner = service.Runner(exercise, lambda: launch.start(exercise, root, quiet=True), session)
    try:
        found = service.check_exercise(catalog.grader(exercise), runner)
    except errors.WorkerDidNotStart as error:
        return [{"error": str(error)}]
    finally:
        runner.close()
    return [
        r.to_dict() | {"exercise": exercise, "import_failure": runner.import_failure} for r in found
    ]


class Progress:
    """What the student has done so far: the latest results of every exercise."""

    def __init__(self):
        from graders import catalog

        self.results: dict[str, list] = {e: [] for e in catalog.EXERCISES}
        self.errors: dict[str, str] = {}
        self.import_failures: dict[str, str | None] = {}

    def update(self, exercise: str, answer: list[dict]) -> None:
        from graders.checks import scoring
        from graders.results import CheckResult

        if answer and "error" in answer[0]:
            self.errors[exercise] = answer[0]["error"]
            return
        self.errors.pop(exercise, None)
        self.import_failures[exercise] = answer[0].get("import_failure") if answer else None
        self.results[exercise] = [CheckResult.from_dict(a, exercise) for a in answer]
        scoring.root_causes({e: r for e, r in self.results.items() if r})

    def done(self, exercise: str) -> bool:
        checks = self.results[exercise]
        return bool(checks) and all(c.passed for c in checks)

    def next_exercise(self) -> str | None:
        """The first exercise, in the curriculum's order, that was checked and is not done;
        else the first one not checked (its file is not there yet); None when all are done."""
        checked = [e for e, checks in self.results.items() if checks or e in self.errors]
        return next((e for e in checked if not self.done(e)), None) or next(
            (e for e in self.results if not self.done(e)), None
        )

    def render(self, exercise: str) -> str:
        """The verdict on `exercise` and the curriculum's progress, compactly."""
        from graders.checks import scoring
        from graders.results import message

        lines = []
        checks = self.results[exercise]
        earned, possible = sum(c.score for c in checks), sum(c.max_score for c in checks)
        if exercise in self.errors:
            lines.append(f"✗ {exercise}: {self.errors[exercise]}")
        elif not checks:
            lines.append(f"· {exercise}: not checked yet (no exercises/{exercise}.py here)")
        elif self.import_failures.get(exercise):
            lines += [f"✗ {exercise}: it does not import", f"  {self.import_failures[exercise]}"]
        elif self.done(exercise):
            lines.append(f"✓ {exercise}: every check passes ({earned}/{possible} points)")
        else:
            lost = [c for c in checks if not c.passed]
            root = scoring.fix_first({exercise: checks}, count=1) or lost
            lines.append(
                f"✗ {exercise}: {earned}/{possible} points, "
                f"{len(lost)} check{'s' * (len(lost) != 1)} failing; fix first:"
            )
            lines += [f"  {line}" for line in (message(root[0]).splitlines() or [root[0].problem])]
        done = [e for e in self.results if self.done(e)]
        total = sum(c.score for checks in self.results.values() for c in checks)
        lines += [
            "",
            f"progress: {len(done)}/{len(self.results)} exercises done, {total} points so far",
        ]
        upcoming = self.next_exercise()
        if upcoming is None:
            lines.append("every exercise passes every check. Well done!")
        elif upcoming != exercise or not self.done(exercise):
            lines.append(
                f"next: {'keep going on' if upcoming == exercise else 'open'} "
                f"exercises/{upcoming}.py"
            )
        lines.append("(watching exercises/ for changes; Ctrl-C quits)")
        return "\n".join(lines)


def exercise_at(path: str, root: Path) -> str | None:
    """'a1_backprop/manual_backprop' for root/a1_backprop/manual_backprop.py, else None."""
    from graders import catalog

    try:
        relative = Path(path).resolve().relative_to(root.resolve()).with_suffix("").as_posix()
    except ValueError:
        return None
    return relative if relative in catalog.EXERCISES else None


def show(text: str, stream=sys.stdout) -> None:
    if stream.isatty():
        stream.write("\033[2J\033[H")  # clear the screen, cursor home
    stream.write(text + "\n")
    stream.flush()


def watch(root: Path, stream=sys.stdout, changes=None) -> None:
    """Check every exercise once, then again each one whose file changes, until Ctrl-C.
    `changes` (an iterable of sets of paths, for tests) stands in for the file watcher."""
    import watchfiles

    from graders import catalog

    show("torchkata watch: loading torch and the checks...", stream)
    warm_up()
    progress = Progress()
    for i, exercise in enumerate(catalog.EXERCISES, 1):
        if (root / f"{exercise}.py").is_file():
            show(
                "torchkata watch: checking your exercises, "
                f"{i}/{len(catalog.EXERCISES)} ({exercise})...",
                stream,
            )
            progress.update(exercise, verdict(root, exercise))
    current = progress.next_exercise() or catalog.EXERCISES[-1]
    show(progress.render(current), stream)
    batches = (
        changes
        if changes is not None
        else (
            {path for _, path in batch}
            for batch in watchfiles.watch(
                root, step=20, debounce=400, watch_filter=lambda _, p: p.endswith(".py")
            )
        )
    )
    try:
        for paths in batches:
            for exercise in dict.fromkeys(e for p in sorted(paths) if (e := exercise_at(p, root))):
                show(f"checking {exercise}...", stream)
                progress.update(exercise, verdict(root, exercise))
                show(progress.render(exercise), stream)
    except KeyboardInterrupt:
        stream.write("\nbye\n")
