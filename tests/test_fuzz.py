"""No value a student's function returns can make the kit blame itself.

Every public function and method of every exercise (as the solutions define them) is made to
return a value of the wrong kind, one at a time: None, numbers, a bool, a string, empty
sequences, a dict, a generator, a 0-d tensor, a rank-3 tensor, NaNs, a tensor of the wrong dtype
or on another device, a list of tensors. Each such submission is graded
through the service every front end uses; a grader error (the kit's own fault, withheld from the
score) must never appear: a wrong answer is always the student's.
"""

from __future__ import annotations

import ast

import pytest

from corpus import ROOT, grade_folder, implementation
from graders import catalog

# What the replaced function returns: built inside the submission, from its own arguments where
# a value needs their shape (NaNs of the right shape, the right shape in the wrong dtype).
RETURNS = {
    "None": "None",
    "zero": "0",
    "a float": "1.5",
    "a string": "'x'",
    "an empty list": "[]",
    "an empty tuple": "()",
    "a 0-d tensor": "torch.tensor(0.5)",
    "a rank-3 tensor": "torch.zeros(2, 3, 4)",
    "NaNs": "_like(args, float('nan'))",
    "the wrong dtype": "_like(args, 0.0, torch.float16)",
    "another device": "torch.zeros(2, 3, device='meta')",
    "a bool": "True",
    "a dict": "{'x': 1}",
    "a list of tensors": "[torch.zeros(2), torch.ones(3)]",
    "a generator": "(i for i in range(3))",
}
HELPER = '''

def _like(args, value, dtype=None):
    """A tensor shaped like the first tensor among `args`, filled with `value`."""
    first = next((a for a in args if isinstance(a, torch.Tensor)), torch.zeros(3))
    return torch.full_like(first, value, dtype=dtype or first.dtype)
'''


def public_functions(exercise: str) -> list[tuple[str | None, str]]:
    """(class or None, name) for every public function and every method a solution's class
    defines (its constructor excepted)."""
    tree = ast.parse((ROOT / "solutions" / f"{exercise}.py").read_text())
    found = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            found.append((None, node.name))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            found += [
                (node.name, f.name)
                for f in node.body
                if isinstance(f, ast.FunctionDef) and (f.name == "forward" or f.name[0] != "_")
            ]
    return found


def replaced(exercise: str, owner: str | None, name: str, value: str) -> str:
    """The solution, with `owner.name` (or the function `name`) returning `value`."""
    source = (ROOT / "solutions" / f"{exercise}.py").read_text() + HELPER
    if owner is None:
        return source + f"\n\ndef {name}(*args, **kwargs):\n    return {value}\n"
    wrap = "staticmethod(_replacement)" if _static(source, owner, name) else "_replacement"
    return (
        source
        + f"\n\ndef _replacement(*args, **kwargs):\n    return {value}\n\n\n"
        + f"{owner}.{name} = {wrap}\n"
    )


def _static(source: str, owner: str, name: str) -> bool:
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == owner:
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and f.name == name:
                    return any(getattr(d, "id", None) == "staticmethod" for d in f.decorator_list)
    return False


CASES = [
    (exercise, owner, name, label)
    for exercise in catalog.EXERCISES
    for owner, name in public_functions(exercise)
    for label in RETURNS
]


@pytest.mark.parametrize(
    ("exercise", "owner", "name", "label"),
    CASES,
    ids=[f"{e}:{o + '.' if o else ''}{n}:{label}" for e, o, n, label in CASES],
)
def test_a_wrong_kind_of_answer_is_the_students_never_the_kits(
    tmp_path, exercise, owner, name, label
):
    folder = implementation(
        tmp_path / "impl", {exercise: replaced(exercise, owner, name, RETURNS[label])}
    )
    results = grade_folder(folder, exercise, explain=False)
    errors = [f"{r.name}: {r.problem}" for r in results if r.status == "grader-error"]
    assert not errors, errors
