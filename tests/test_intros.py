"""The teaching text: each solution module's docstring is its exercise's introduction (in the
student's stub and in the assignment's notebook), and every worked example in it is a doctest
that must run as written."""

import ast
import doctest

import pytest

from corpus import ROOT
from graders import catalog

INTROS = [f"{a}/__init__" for a in catalog.ASSIGNMENTS] + catalog.EXERCISES


def docstring(name: str) -> str:
    path = ROOT / "solutions" / f"{name}.py"
    return ast.get_docstring(ast.parse(path.read_text()), clean=False) or ""


@pytest.mark.parametrize("name", INTROS)
def test_every_intro_exists_and_its_examples_run(name):
    text = docstring(name)
    assert len(text.split()) >= 40, f"solutions/{name}.py needs an introduction in its docstring"
    test = doctest.DocTestParser().get_doctest(text, {}, name, f"solutions/{name}.py", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, f"a worked example in solutions/{name}.py does not run as written"


@pytest.mark.parametrize("name", catalog.EXERCISES)
def test_every_exercise_intro_has_a_worked_example(name):
    assert ">>> " in docstring(name), (
        f"solutions/{name}.py: its introduction needs a worked example"
    )
