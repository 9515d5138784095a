"""Reading a submission as data (graders.isolation.staging) and screening its source
(graders.isolation.screen), each on its own: quick cases; tests/test_adversarial.py grades the
hostile ones end to end."""

import os
from pathlib import Path

import pytest

from corpus import CORPUS, ROOT
from graders import catalog
from graders.isolation import screen, staging


def submission(folder: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text)
    return folder


def test_the_exercises_layout_a_flat_upload_and_a_folder_one_level_down_are_all_found(tmp_path):
    nested = staging.stage(
        str(submission(tmp_path / "a", {"a1_backprop/manual_backprop.py": "A = 1\n"}))
    )
    flat = staging.stage(str(submission(tmp_path / "b", {"manual_backprop.py": "A = 1\n"})))
    down = staging.stage(
        str(
            submission(
                tmp_path / "c",
                {
                    "kit-main/exercises/a1_backprop/manual_backprop.py": "A = 1\n",
                    "kit-main/exercises/a2_modules/mlp.py": "B = 1\n",
                },
            )
        )
    )
    for staged in (nested, flat, down):
        assert staged.source("a1_backprop/manual_backprop") == "A = 1\n"
        assert staged.absent["a1_backprop/autograd_step"][0] == "missing"
    assert down.base == "kit-main/exercises/" and down.source("a2_modules/mlp") == "B = 1\n"
    assert nested.base == flat.base == ""


def test_links_fifos_and_hard_links_are_refused_with_a_reason(tmp_path):
    folder = submission(tmp_path / "s", {"a2_modules/mlp.py": "B = 1\n"})
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET = 1\n")
    (folder / "a1_backprop").mkdir()
    (folder / "a1_backprop" / "manual_backprop.py").symlink_to(outside)
    os.mkfifo(folder / "a1_backprop" / "autograd_step.py")
    os.link(outside, folder / "a1_backprop" / "dynamic_graph.py")
    (folder / "loop").symlink_to(".")
    staged = staging.stage(str(folder))
    refused = dict(staged.refused)
    assert "symbolic link" in refused["a1_backprop/manual_backprop.py"]
    assert "FIFO" in refused["a1_backprop/autograd_step.py"]
    assert "hard link" in refused["a1_backprop/dynamic_graph.py"]
    assert "symbolic link" in refused["loop"]
    assert "SECRET" not in "".join(staged.modules.values())
    assert staged.source("a2_modules/mlp") == "B = 1\n"


def test_caps_on_size_count_and_depth(tmp_path):
    limits = staging.ReadLimits(entries=20, depth=2, file_bytes=100, total_bytes=150)
    folder = submission(
        tmp_path / "s",
        {
            "a1_backprop/manual_backprop.py": "x = 1\n" * 50,
            "a2_modules/mlp.py": "y = 1\n",
            "a2_modules/a/b/c/deep.py": "z = 1\n",
        },
    )
    for i in range(30):
        (folder / "zzz").mkdir(exist_ok=True)
        (folder / "zzz" / f"{i}.py").write_text("w = 1\n")
    staged = staging.stage(str(folder), limits=limits)
    reasons = " ".join(reason for _, reason in staged.refused)
    assert "bytes" in reasons and "levels down" in reasons and "entries" in reasons
    assert (
        staged.source("a2_modules/mlp") == "y = 1\n"
        and staged.source("a1_backprop/manual_backprop") is None
    )


def test_a_module_written_as_a_file_wins_over_a_notebook(tmp_path):
    notebook = (ROOT / "assignments" / "source" / "a1_backprop" / "a1_backprop.ipynb").read_text()
    folder = submission(
        tmp_path / "s", {"a1_backprop.ipynb": notebook, "a1_backprop/manual_backprop.py": "A = 1\n"}
    )
    staged = staging.stage(str(folder))
    assert staged.source("a1_backprop/manual_backprop") == "A = 1\n"
    assert "def sgd_step_" in staged.source("a1_backprop/autograd_step")


# --- the source screen -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, says",
    [
        ("import gc\n", "imports gc"),
        ("from graders import references\n", "imports graders"),
        ("import graders.probe as p\n", "imports graders.probe"),
        ("import importlib\n", "imports importlib"),
        ("from inspect import currentframe\n", "imports inspect"),
        ("import sys as s\nm = s.modules\n", "sys.modules"),
        ("import sys\nf = sys._getframe(1)\n", "_getframe"),
        ("def f(e):\n    return e.__traceback__\n", "__traceback__"),
        ("x = ().__class__.__base__.__subclasses__()\n", "__subclasses__"),
        ("g = (lambda: 0).__globals__\n", "__globals__"),
        ("v = eval('1 + 1')\n", "eval"),
        ("exec('x = 1')\n", "exec"),
        ("m = __import__('os')\n", "__import__"),
        ("t = getattr(ValueError(), '__traceback__')\n", "names '__traceback__'"),
        (
            "import torch\nengine = torch.autograd.variable.Variable._execution_engine\n",
            "_execution_engine",
        ),
        ("import ctypes\n", "imports ctypes"),
        ("from operator import attrgetter\nf = attrgetter('o.f_back')\n", "names 'f_back'"),
        ("import string\nstring.Formatter().get_field('0.f_back', [1], {})\n", "'f_back'"),
        ("t = '{0.__globals__}'.format(print)\n", "names '__globals__'"),
        ("import os\nm = os.sys.modules\n", "sys.modules"),
    ],
)
def test_the_screen_refuses_what_reaches_into_other_modules_or_frames(source, says):
    found = screen.findings(source, "a1_backprop/manual_backprop.py")
    assert any(says in f.what and f.kind == screen.REFUSED for f in found), found
    assert str(found[0]).startswith("a1_backprop/manual_backprop.py, line ")


@pytest.mark.parametrize(
    "source, says",
    [
        ("import torch\nname = 'relu'\nf = getattr(torch, name)\n", "getattr() with a name"),
        ("import torch\nfor k, v in vars(torch.autograd).items():\n    pass\n", "vars()"),
        ("import pickle\nf = pickle.loads(b'')\n", "imports pickle"),
        ("import sys\nsys.path.insert(0, '.')\n", "sys.path"),
        ("import operator\nf = operator.attrgetter('weight')\n", "operator.attrgetter"),
        ("class A:\n    pass\nd = A().__dict__\n", "__dict__"),
    ],
)
def test_the_screen_asks_for_review_of_what_it_cannot_prove_harmless(source, says):
    found = screen.findings(source, "a1_backprop/manual_backprop.py")
    assert any(says in f.what and f.kind == screen.REVIEW for f in found), found
    assert not [f for f in found if f.kind == screen.REFUSED], found


def test_words_in_a_docstring_are_just_words():
    source = '"""Walks f_back frames? No: this docstring only mentions __globals__."""\nx = 1\n'
    assert screen.findings(source, "a1_backprop/manual_backprop.py") == []


def test_the_screen_passes_every_solution_and_every_variant_of_the_corpus():
    sources = {
        p: p.read_text() for p in [*(ROOT / "solutions").rglob("*.py"), *CORPUS.rglob("*.py")]
    }
    flagged = {str(p): screen.findings(text, str(p)) for p, text in sources.items()}
    assert not {p: f for p, f in flagged.items() if f}
    assert len(sources) > 250


EXERCISES = ["a1_backprop/manual_backprop", "a1_backprop/autograd_step", "a2_modules/mlp"]


def test_the_screen_follows_the_submissions_own_imports():
    modules = {
        "a1_backprop/autograd_step.py": "from .manual_backprop import forward\n",
        "a1_backprop/manual_backprop.py": "from . import helpers\n",
        "a1_backprop/helpers.py": "import gc\n",
        "a2_modules/mlp.py": "x = 1\n",
    }
    screened = screen.submission(modules, EXERCISES)
    assert [f.file for f in screened.refused["a1_backprop/autograd_step"]] == [
        "a1_backprop/helpers.py"
    ]
    assert screened.refused["a2_modules/mlp"] == []


def test_a_module_no_exercise_imports_is_screened_too_and_refuses_every_exercise():
    """A package's __init__.py, or a helper only pickle would load: it can only run some other
    way, so what it holds refuses every exercise."""
    modules = {
        "a1_backprop/__init__.py": "import sys\nf = sys._getframe(0)\n",
        "a1_backprop/manual_backprop.py": "x = 1\n",
        "a2_modules/mlp.py": "x = 1\n",
        "a2_modules/helper.py": "import pickle\n",
    }
    screened = screen.submission(modules, EXERCISES)
    assert all(
        [f.file for f in screened.refused[e]] == ["a1_backprop/__init__.py"] for e in EXERCISES
    )
    assert [f.file for f in screened.review] == ["a2_modules/helper.py"]


def test_every_exercise_of_the_catalog_screens_clean_in_the_solutions():
    modules = {
        p.relative_to(ROOT / "solutions").as_posix(): p.read_text()
        for p in (ROOT / "solutions").rglob("*.py")
    }
    screened = screen.submission(modules, catalog.EXERCISES)
    assert not any(screened.refused.values()) and screened.review == []
