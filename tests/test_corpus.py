"""Every grader against the corpus, beyond `torchkata dev check` (graders/instructor/dev.py),
which CI runs before this suite and which holds the corpus' rules (the solution at full marks,
each wrong variant rejected for the reason it names, each right one accepted, every check shown
able to fail; tests/test_dev.py plants a fault of each kind): here, the stubs score zero and say
"not implemented yet", the device checks judge every solution conclusively, and what a student
reads of a wrong variant graded on every check agrees with what failed."""

import os
import zlib

import pytest

from corpus import ROOT, grade_folder, implementation, variant_source, variants
from graders import catalog
from graders.checks import devices, scoring
from graders.results import message

WRONG = variants("wrong")


def errors(results):
    return [f"{r.name}: {message(r)}" for r in results if r.status == "grader-error"]


def test_the_device_checks_judge_every_solution_conclusively():
    """A device check that cannot run the reference on the meta device would pass anything."""
    devices.INCONCLUSIVE.clear()
    for exercise in catalog.EXERCISES:
        names = [c.name for c in scoring.checks_of(catalog.grader(exercise))]
        grade_folder(ROOT / "solutions", exercise, only=[n for n in names if "device" in n])
    assert devices.INCONCLUSIVE == []


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_stub_gets_zero_and_says_not_implemented(exercise):
    results = grade_folder(ROOT / "exercises", exercise)
    assert sum(r.score for r in results) == 0
    for r in results:
        assert r.status == "not-implemented", message(r)
        assert message(r).startswith("not implemented yet: ") and "\n" not in message(r)


# Graded on every check (not only CAUGHT_BY), so CI takes the variants that say what a student
# reads (HINTS, PASSES), those of exercises with a FOUNDATION, and a stable quarter of the rest;
# TORCHKATA_WHOLE_CORPUS=1 takes every wrong variant.
def _read_whole(v) -> bool:
    return (
        os.environ.get("TORCHKATA_WHOLE_CORPUS") == "1"
        or bool(v.hints or v.passes)
        or hasattr(catalog.grader(v.exercise), "FOUNDATION")
        or zlib.crc32(v.id.encode()) % 4 == 0
    )


@pytest.mark.parametrize("variant", [v for v in WRONG if _read_whole(v)], ids=lambda v: v.id)
def test_what_a_student_reads_agrees_with_the_failure(variant, tmp_path):
    """Every failed check shows one of the hints it declares (or, when a check it builds on
    fails, points there instead); the hint a variant names is the one shown; the checks whose
    hints would not fit its mistake pass; a failed foundation is the root of every other failure
    of the exercise."""
    folder = implementation(tmp_path / "impl", {variant.exercise: variant_source(variant)})
    results = grade_folder(folder, variant.exercise, explain=False)
    scoring.root_causes({variant.exercise: results})
    checks = {c.name: c for c in scoring.checks_of(catalog.grader(variant.exercise))}
    assert not errors(results), errors(results)
    shown = {r.name: r for r in results if not r.passed}
    for r in shown.values():
        if not r.root_cause:
            assert r.hint in {checks[r.name].hint, *checks[r.name].hints.values()}, r.name
    for name, words in variant.hints.items():
        assert name in shown and words in (shown[name].hint or ""), (name, shown.get(name))
    assert not set(variant.passes) & set(shown), f"{sorted(set(variant.passes) & set(shown))}"
    foundation = getattr(catalog.grader(variant.exercise), "FOUNDATION", ())
    if any(f in shown for f in foundation):
        for r in shown.values():
            assert r.name in foundation or r.root_cause, f"{r.name} does not point to its root"
