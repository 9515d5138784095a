"""graders/curriculum.toml, the manifest: read strictly, and what derives from it (the order of
the exercises, the points, `uses`, and the door's type checks)."""

import types
from pathlib import Path

import pytest
import torch

from graders import catalog, errors
from graders.checks import scoring
from graders.errors import CheckFailed
from graders.inside import door, plain

RECORD = """
[[exercise]]
assignment = "a1_backprop"
name = "manual_backprop"
builds_on = []

[exercise.contract]
forward = "function -> Tensor"

[exercise.points]
forward_matches_torch = 2
"""


def read(tmp_path: Path, text: str):
    path = tmp_path / "curriculum.toml"
    path.write_text(text)
    return catalog.read(path)


def test_a_record_reads_into_its_fields(tmp_path):
    (record,) = read(tmp_path, RECORD)
    assert record.id == "a1_backprop/manual_backprop" and record.builds_on == ()
    assert record.contract == {"forward": catalog.Contract("function", returns="Tensor")}
    assert record.points == {"forward_matches_torch": 2}


@pytest.mark.parametrize(
    "change, says",
    [
        (('"function -> Tensor"', '"fonction -> Tensor"'), "is not 'function -> T'"),
        (('"function -> Tensor"', '"class(nn.Linear)"'), "with BASE one of nn.Module"),
        (('"function -> Tensor"', '"class(nn.Module) -> Tensor"'), "a class returns nothing"),
        (("= 2", "= 0"), "points are a positive integer"),
        (("= 2", '= "2"'), "points are a positive integer"),
        (('name = "manual_backprop"', 'nme = "manual_backprop"'), "unknown keys ['nme']"),
        (("[exercise.points]", "[exercise.points"), "curriculum.toml"),  # not TOML
    ],
)
def test_a_malformed_record_is_refused_saying_where(tmp_path, change, says):
    with pytest.raises(errors.ManifestError) as refused:
        read(tmp_path, RECORD.replace(*change))
    assert says in str(refused.value)


def test_an_exercise_listed_twice_is_refused(tmp_path):
    with pytest.raises(errors.ManifestError, match="listed twice"):
        read(tmp_path, RECORD + RECORD)


def test_the_kits_manifest_is_the_curriculum_and_its_points():
    """The exercises in the records' order (an assignment's together), every check worth what
    its record says."""
    records = catalog.read()
    assignments = list(dict.fromkeys(r.assignment for r in records))
    assert catalog.EXERCISES == sorted(
        (r.id for r in records), key=lambda e: assignments.index(e.split("/")[0])
    )
    for exercise in catalog.EXERCISES:
        checks = scoring.checks_of(catalog.grader(exercise))
        assert {c.name: c.points for c in checks} == catalog.record(exercise).points
    assert scoring.points() == sum(sum(r.points.values()) for r in records)


@pytest.mark.parametrize(
    "text, schema",
    [
        ("Tensor", torch.Tensor),
        ("None", None),
        ("[float]", [float]),
        ("(Tensor, Tensor)", (torch.Tensor, torch.Tensor)),
        ("([int], (Tensor, str))", ([int], (torch.Tensor, str))),
        ("[dict]", [plain.DictOf(object)]),
    ],
)
def test_a_contracts_type_is_a_plain_schema(text, schema):
    assert plain.schema_of(text) == schema


def test_an_unknown_type_is_refused():
    with pytest.raises(ValueError):
        plain.schema_of("ndarray")


def submission(exercise: str, **names) -> door.Submission:
    return door.Submission(types.SimpleNamespace(**names), f"{exercise}.py", Path("."), exercise)


def test_the_door_holds_a_name_to_the_kind_its_contract_declares():
    class RMSELoss(torch.nn.Module):
        pass

    assert submission("a2_modules/rmse_loss", RMSELoss=RMSELoss).RMSELoss is RMSELoss
    for wrong, says in [
        (lambda eps=1e-6: None, "RMSELoss is a function; the exercise asks for a class deriving"),
        (object, "RMSELoss is a class; the exercise asks for a class deriving from nn.Module"),
        (torch.optim.SGD, "is a class deriving from optim.Optimizer; the exercise asks for a"),
    ]:
        with pytest.raises(CheckFailed, match=says):
            _ = submission("a2_modules/rmse_loss", RMSELoss=wrong).RMSELoss
    with pytest.raises(CheckFailed, match="forward is a class deriving from nn.Module; the exer"):
        _ = submission("a1_backprop/manual_backprop", forward=RMSELoss).forward


def test_the_door_holds_what_a_call_returns_to_the_contract():
    """By the name the probe reaches the function by, whatever its own name."""

    def total(pred, y):
        return ((pred - y) ** 2).sum().item()  # a float, where the contract says Tensor

    sse_loss = total
    backward = lambda x, y, w1, w2: [w1, w2]  # noqa: E731 - a list of two tensors is a pair
    mod = submission("a1_backprop/manual_backprop", sse_loss=sse_loss, backward=backward)
    door.serving(mod)
    try:
        x = torch.ones(2, 2)
        with pytest.raises(CheckFailed, match="what sse_loss returned is a float, a tensor was"):
            door.call(mod.sse_loss, x, x)
        assert len(door.call(mod.backward, x, x, x, x)) == 2
        assert door.call(mod.sse_loss, x, x, returns=float) == 0.0  # given, it overrides
    finally:
        door.serving(None)
