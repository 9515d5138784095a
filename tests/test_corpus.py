"""Every grader against the corpus: the solution gets full marks, the stub zero, each wrong
variant is rejected for the reason it names, each correct variant is accepted, and every
check is shown able to fail."""

import os
import zlib

import pytest

from corpus import ROOT, grade_folder, grade_variant, implementation, variant_source, variants
from graders import catalog
from graders.checks import devices, scoring
from graders.results import message

WRONG, RIGHT = variants("wrong"), variants("right")


# {exercise: {variant id: the CAUGHT_BY checks it failed}}, filled as the wrong variants are
# graded: which checks some plausible mistake really trips.
TRIPPED: dict[str, dict[str, set[str]]] = {}


def failed(results):
    return {r.name for r in results if not r.passed}


def errors(results):
    return [f"{r.name}: {message(r)}" for r in results if r.status == "grader-error"]


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_solution_gets_full_marks(exercise):
    results = grade_folder(ROOT / "solutions", exercise)
    assert not failed(results), "\n\n".join(message(r) for r in results if not r.passed)


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


@pytest.mark.parametrize("variant", WRONG, ids=lambda v: v.id)
def test_wrong_variant_is_rejected_for_its_reason(variant, tmp_path):
    assert variant.caught_by, f"{variant.path.name} names no CAUGHT_BY checks"
    names = {c.name for c in scoring.checks_of(catalog.grader(variant.exercise))}
    assert set(variant.caught_by) <= names, (
        f"unknown checks in CAUGHT_BY: {set(variant.caught_by) - names}"
    )
    results = grade_variant(variant, tmp_path)
    assert not errors(results), errors(results)
    TRIPPED.setdefault(variant.exercise, {})[variant.id] = failed(results) & set(variant.caught_by)
    assert failed(results) & set(variant.caught_by), (
        f"{variant.path.name} was not caught by {variant.caught_by}; "
        f"failed: {sorted(failed(results))}"
    )


@pytest.mark.parametrize("variant", RIGHT, ids=lambda v: v.id)
def test_correct_variant_is_accepted(variant, tmp_path):
    results = grade_variant(variant, tmp_path)
    assert not failed(results), "\n\n".join(message(r) for r in results if not r.passed)


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_corpus_is_large_enough(exercise):
    assert sum(v.exercise == exercise for v in WRONG) >= 8
    assert sum(v.exercise == exercise for v in RIGHT) >= 3


@pytest.mark.parametrize("exercise", catalog.EXERCISES)
def test_every_check_is_the_reason_some_wrong_variant_fails(exercise):
    """A check that no plausible mistake trips is a check that cannot fail: each is named by
    some wrong variant, and (once every wrong variant of the exercise has been graded in this
    run, above) actually failed by one."""
    checks = {c.name for c in scoring.checks_of(catalog.grader(exercise))}
    named = {name for v in WRONG if v.exercise == exercise for name in v.caught_by}
    assert checks <= named, f"checks no wrong variant is meant to trip: {sorted(checks - named)}"
    graded = TRIPPED.get(exercise, {})
    if len(graded) < sum(v.exercise == exercise for v in WRONG):
        pytest.skip("not every wrong variant of the exercise was graded in this run")
    tripped = set().union(*graded.values())
    assert checks <= tripped, f"checks no wrong variant fails: {sorted(checks - tripped)}"


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
