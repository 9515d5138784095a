"""`torchkata similarity` and graders/instructor/similarity.py on a class built from the corpus,
with one planted copy (needs the `instructor` extra: without copydetect these tests are skipped,
except under CI=true, where they fail).

The class, for a2_modules/rmse_loss and a3_training/sgd (no other exercise has files):
- ada wrote her own solutions; bea handed in ada's files with every local name renamed, the
  indentation halved, lines broken after every comma inside brackets, blank lines added and the
  comments replaced (`disguise`, checked to be the same program);
- cyd (flat layout: <student>/<module>.py), dot and eve solved each exercise with a right variant
  of the corpus, eve's sgd and fay's rmse_loss are wrong variants; fay has no sgd file;
- gus and hal handed in the stubs untouched;
- ivy's rmse_loss.py and her a3_training/ folder are symbolic links into ada's folder, jon's
  whole folder is one, kim's rmse_loss.py is over 1 MiB, lea's is a FIFO: all skipped.

A variant is appended to the *stub*, as a student edits the file they were given: the
definitions that come last win, as tests/corpus.py's variant_source appends to the solution. (It
is not appended to the solution here: every student would then share the whole reference
solution, and honest pairs measure 0.6 to 1.0.) The corpus' wrong variants are one-line edits of
the reference solution, so two of them are near-copies of each other, and those that keep its
error message match right_mse_loss_inside_sqrt, which keeps it too (0.78 to 0.93): the class has
one wrong variant per exercise, one that writes its shape check its own way.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from corpus import CORPUS, ROOT
from graders import errors
from graders.frontends import cli

if importlib.util.find_spec("copydetect") is None:
    if os.environ.get("CI"):
        raise ImportError(
            "CI runs the similarity tests: install the kit with its extras, "
            "pip install -e '.[test,nbgrader,instructor]'"
        )
    pytest.skip(
        "copydetect is not installed (pip install -e '.[instructor]')", allow_module_level=True
    )

from graders.instructor import similarity
from graders.instructor.similarity import DEFAULT_THRESHOLD, Pair, similar_pairs

RMSE, SGD = "a2_modules/rmse_loss", "a3_training/sgd"
SOLVED = {  # student: {exercise: corpus variant}
    "ada": {RMSE: "right_vector_norm", SGD: "right_clone_detach_explicit_nesterov"},
    "cyd": {RMSE: "right_method_chain_value_error_subclass", SGD: "right_data_loops"},
    "dot": {RMSE: "right_mse_loss_inside_sqrt", SGD: "right_zeros_like_buffer_filled"},
    "eve": {RMSE: "right_pow_sum_over_numel", SGD: "wrong_nesterov_ignored"},
    "fay": {RMSE: "wrong_compares_numel"},
}
SKIPPED = {"ivy", "jon", "kim", "lea"}


def stub(exercise: str) -> str:
    return (ROOT / "exercises" / f"{exercise}.py").read_text()


def solved(exercise: str, variant: str) -> str:
    """The stub with a variant's definitions appended (they replace the stub's)."""
    return f"{stub(exercise)}\n\n{(CORPUS / exercise / f'{variant}.py').read_text()}"


def local_names(tree: ast.AST) -> dict[str, str]:
    """{old: new} for every parameter (but self) and every name assigned inside a function."""
    names = set()
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for node in ast.walk(fn):
                if isinstance(node, ast.arg) and node.arg != "self":
                    names.add(node.arg)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return {old: f"{old[0]}{i}_" for i, old in enumerate(sorted(names))}


def disguise(source: str) -> str:
    """The same program with every local name renamed and a new layout: indentation halved
    (outside multi-line strings), a line break after every comma inside brackets (outside
    f-strings), a blank line after every `def` line, every comment replaced, and a comment added
    above every `return`."""
    tree, lines = ast.parse(source), source.splitlines(keepends=True)
    names = local_names(tree)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits = []  # (offset in source, characters removed, text inserted)
    for node in ast.walk(tree):
        old = (
            node.id
            if isinstance(node, ast.Name)
            else node.arg
            if isinstance(node, ast.arg)
            else None
        )
        if old in names:  # ast columns count UTF-8 bytes
            offset = starts[node.lineno - 1] + len(
                lines[node.lineno - 1].encode()[: node.col_offset].decode()
            )
            assert source.startswith(old, offset)
            edits.append((offset, len(old), names[old]))
    in_strings, depth, line_start = set(), 0, True
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        kind, text, (row, col) = tok.type, tok.string, tok.start
        at = starts[row - 1] + col
        depth += {"FSTRING_START": 1000, "FSTRING_END": -1000}.get(tokenize.tok_name[kind], 0)
        if kind == tokenize.OP and text in "([{":
            depth += 1
        elif kind == tokenize.OP and text in ")]}":
            depth -= 1
        elif kind == tokenize.OP and text == "," and 0 < depth < 1000:
            edits.append((at + 1, 0, "\n"))
        elif kind == tokenize.COMMENT:
            edits.append((at, len(text), "# (see my notes)"))
        elif kind == tokenize.NAME and text == "return" and line_start:
            edits.append((starts[row - 1], 0, " " * (col // 2) + "# the answer\n"))
        elif kind == tokenize.NEWLINE and tok.line.lstrip().startswith("def "):
            edits.append((starts[tok.end[0] - 1] + tok.end[1], 0, "\n"))
        if kind == tokenize.STRING or tokenize.tok_name[kind] == "FSTRING_MIDDLE":
            in_strings.update(range(row + 1, tok.end[0] + 1))
        line_start = (
            kind in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT, tokenize.DEDENT)
            or kind == tokenize.COMMENT
            and line_start
        )
    for row, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent and row not in in_strings:
            edits.append((starts[row - 1], indent, " " * (indent // 2)))
    for offset, removed, inserted in sorted(edits, key=lambda e: e[:2], reverse=True):
        source = source[:offset] + inserted + source[offset + removed :]
    return source


def renamed_tree(source: str) -> str:
    tree = ast.parse(source)
    names = local_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            node.id = names.get(node.id, node.id)
        elif isinstance(node, ast.arg):
            node.arg = names.get(node.arg, node.arg)
    return ast.dump(tree)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for student, exercises in SOLVED.items():
        for exercise, variant in exercises.items():
            flat = student == "cyd"
            write(
                folder / student / (f"{exercise.split('/')[1]}.py" if flat else f"{exercise}.py"),
                solved(exercise, variant),
            )
    for exercise in (RMSE, SGD):
        write(
            folder / "bea" / f"{exercise}.py",
            disguise((folder / "ada" / f"{exercise}.py").read_text()),
        )
        for student in ("gus", "hal"):
            write(folder / student / f"{exercise}.py", stub(exercise))
    (folder / "ivy" / "a2_modules").mkdir(parents=True)
    (folder / "ivy" / f"{RMSE}.py").symlink_to(folder / "ada" / f"{RMSE}.py")
    (folder / "ivy" / "a3_training").symlink_to(
        folder / "ada" / "a3_training", target_is_directory=True
    )
    (folder / "jon").symlink_to(folder / "ada", target_is_directory=True)
    big = (folder / "ada" / f"{RMSE}.py").read_text()
    write(folder / "kim" / f"{RMSE}.py", big + "#" * (similarity.MAX_BYTES - len(big.encode()) + 1))
    (folder / "lea" / "a2_modules").mkdir(parents=True)
    os.mkfifo(folder / "lea" / f"{RMSE}.py")
    write(folder / ".git" / f"{RMSE}.py", stub(RMSE))  # hidden: not a student
    (folder / "notes.txt").write_text("a plain file: not a student")
    return folder


@pytest.fixture(scope="module")
def every_pair(klass) -> tuple[list[Pair], list[str]]:
    """Every pair that shares anything (threshold 0), and the notes."""
    notes = []
    return similar_pairs(klass, 0.0, note=notes.append), notes


def by_exercise(pairs: list[Pair], exercise: str) -> list[Pair]:
    return [p for p in pairs if p.exercise == exercise]


def test_the_disguise_is_the_same_program_renamed_and_laid_out_anew():
    for exercise, variant in [
        (RMSE, "right_vector_norm"),
        (SGD, "right_clone_detach_explicit_nesterov"),
    ]:
        original = solved(exercise, variant)
        copy = disguise(original)
        assert ast.dump(ast.parse(copy)) == renamed_tree(original)
        assert not {n.id for n in ast.walk(ast.parse(copy)) if isinstance(n, ast.Name)} & set(
            local_names(ast.parse(original))
        )
        code = [
            line
            for line in original.splitlines()
            if line.strip() and not line.lstrip().startswith(("#", '"""'))
        ]
        body = code[
            code.index(next(line for line in code if line.startswith("class "))) :
        ]  # past the introduction
        kept = set(copy.splitlines())
        assert sum(line in kept for line in body) < len(body) / 4, (
            "the copy keeps too many lines as they were"
        )


def test_the_planted_copy_is_the_top_pair_and_honest_pairs_are_below_the_threshold(every_pair):
    pairs, _ = every_pair
    for exercise in (RMSE, SGD):
        ranked = by_exercise(pairs, exercise)
        top, *rest = ranked
        assert (top.student_a, top.student_b) == ("ada", "bea")
        assert top.similarity >= 0.99 >= DEFAULT_THRESHOLD
        assert rest, "the honest students share something: their pairs must be compared"
        assert all(p.similarity < DEFAULT_THRESHOLD for p in rest), [
            p for p in rest if p.similarity >= DEFAULT_THRESHOLD
        ]
    honest = [p for p in pairs if "ada" not in (p.student_a, p.student_b)]
    print(
        "\n".join(
            f"{p.exercise} {p.student_a} {p.student_b} {p.similarity:.3f}"
            for p in pairs[:2] + honest[:4]
        )
    )


def test_the_default_threshold_lists_only_the_planted_pairs(klass):
    assert [
        (p.exercise, p.student_a, p.student_b) for p in similar_pairs(klass, note=lambda m: None)
    ] == [(RMSE, "ada", "bea"), (SGD, "ada", "bea")]


def test_the_stubs_text_is_boilerplate(klass, tmp_path, every_pair):
    """Two untouched stubs have nothing of their own, so no pair (at any threshold); with empty
    stubs as boilerplate the same two files are identical."""
    pairs, _ = every_pair
    assert not [p for p in pairs if {"gus", "hal"} & {p.student_a, p.student_b}]
    for exercise in (RMSE, SGD):
        write(tmp_path / "kit" / "exercises" / f"{exercise}.py", "")
    without = similar_pairs(
        klass, 0.99, boilerplate_root=tmp_path / "kit", exercises=[RMSE, SGD], note=lambda m: None
    )
    assert {(p.exercise, p.student_a, p.student_b) for p in without} >= {
        (RMSE, "gus", "hal"),
        (SGD, "gus", "hal"),
    }


def test_links_big_files_and_fifos_are_skipped_with_a_note(every_pair):
    pairs, notes = every_pair
    assert not [p for p in pairs if SKIPPED & {p.student_a, p.student_b}]
    assert sorted(notes) == [
        "skipped ivy/a2_modules/rmse_loss.py: a symbolic link, not followed",
        "skipped ivy/a3_training/: a symbolic link, not followed",
        "skipped jon/: a symbolic link, not followed",
        f"skipped kim/a2_modules/rmse_loss.py: {similarity.MAX_BYTES + 1} bytes, "
        "over the 1 MiB limit",
        "skipped lea/a2_modules/rmse_loss.py: not a regular file",
    ]


def test_layouts_and_missing_files(every_pair):
    pairs, _ = every_pair
    for exercise in (RMSE, SGD):
        assert any("cyd" in (p.student_a, p.student_b) for p in by_exercise(pairs, exercise)), (
            "the flat layout is read"
        )
    assert any("fay" in (p.student_a, p.student_b) for p in by_exercise(pairs, RMSE))
    assert not any("fay" in (p.student_a, p.student_b) for p in by_exercise(pairs, SGD)), (
        "fay has no sgd file"
    )
    assert {p.exercise for p in pairs} == {RMSE, SGD}


def test_pairs_are_sorted_symmetric_and_in_the_unit_interval(every_pair, tmp_path):
    pairs, _ = every_pair
    assert pairs == sorted(
        pairs, key=lambda p: (-p.similarity, p.student_a, p.student_b, p.exercise)
    )
    assert all(0.0 < p.similarity <= 1.0 and p.student_a < p.student_b for p in pairs)
    scores = []
    for first, second in [
        ("cyd", "eve"),
        ("eve", "cyd"),
    ]:  # the same two files, the other way round
        folder = tmp_path / first
        write(folder / "a" / f"{SGD}.py", solved(SGD, SOLVED[first][SGD]))
        write(folder / "b" / f"{SGD}.py", solved(SGD, SOLVED[second][SGD]))
        found = similar_pairs(folder, 0.0, exercises=[SGD])
        scores.append([p.similarity for p in found if p.student_a != similarity.REFERENCE])
    assert scores[0] == scores[1] and len(scores[0]) == 1


def test_arguments_are_checked(klass):
    for threshold in (-0.1, 1.5, math.nan):
        with pytest.raises(ValueError, match="threshold"):
            similar_pairs(klass, threshold)
    with pytest.raises(ValueError, match="not an exercise"):
        similar_pairs(klass, exercises=["a2_modules/nope"])
    with pytest.raises(errors.SimilarityError, match="no released stub"):
        similar_pairs(klass, boilerplate_root=klass)


def test_without_copydetect_it_says_which_extra_to_install(klass, monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "copydetect", None)
    with pytest.raises(errors.SimilarityError, match=r"\[instructor\]"):
        similar_pairs(klass)
    assert cli.main(["similarity", str(klass), "--csv", str(tmp_path / "out.csv")]) == 2
    assert "pip install" in capsys.readouterr().err


def test_cli_writes_the_csv(klass, tmp_path, capsys):
    out = tmp_path / "pairs.csv"
    assert cli.main(["similarity", str(klass), "--csv", str(out), "--threshold", "0.3"]) == 0
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["exercise", "student_a", "student_b", "similarity"]
    assert rows[1:3] == [[RMSE, "ada", "bea", "1.000"], [SGD, "ada", "bea", "1.000"]]
    values = [float(r[3]) for r in rows[1:]]
    assert values == sorted(values, reverse=True) and min(values) >= 0.3 and len(rows) > 3
    assert all(len(r[3].split(".")[1]) == 3 for r in rows[1:])
    printed = capsys.readouterr()
    assert printed.out.splitlines() == [
        f"{len(rows) - 1} pairs at or above 0.3 among 11 students in {out} "
        "(a pointer for a human to read both files, not a verdict)"
    ]
    assert "skipped jon/" in printed.err

    assert cli.main(["similarity", str(klass), "--csv", str(out), "--only", "a3_training"]) == 0
    assert list(csv.reader(out.open()))[1:] == [[SGD, "ada", "bea", "1.000"]]


@pytest.mark.parametrize(
    "args",
    [
        ["--threshold", "1.5"],
        ["--threshold", "-0.1"],
        ["--threshold", "nan"],
        ["--only", "a9_nothing"],
        ["--csv", "."],
    ],
)
def test_cli_rejects_bad_options(klass, tmp_path, args):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["similarity", str(klass), "--csv", str(tmp_path / "x.csv"), *args])
    assert exit_.value.code == 2


def test_cli_rejects_a_missing_class_folder(tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["similarity", str(tmp_path / "nowhere"), "--csv", str(tmp_path / "x.csv")])
    assert exit_.value.code == 2


def test_the_help_states_the_default_threshold(capsys):
    with pytest.raises(SystemExit):
        cli.main(["similarity", "--help"])
    assert f"(default: {DEFAULT_THRESHOLD:g})" in " ".join(capsys.readouterr().out.split())


def test_the_module_never_imports_torch(klass):
    """graders.instructor.similarity, and a whole comparison, run without torch (a test process
    has it)."""
    code = (
        "import sys; from graders.instructor import similarity; "
        "print(len(similarity.similar_pairs(sys.argv[1], 0.0, note=lambda m: None)), "
        "'torch' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(klass)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    count, torch_loaded = done.stdout.split()
    assert int(count) > 2 and torch_loaded == "False"


def test_a_copy_of_the_class_folder_gives_the_same_pairs(klass, tmp_path, every_pair):
    """Nothing depends on the folder's place or the process (copydetect's hash is salted per
    process; keeping every fingerprint makes the result salt-free)."""
    copy = tmp_path / "copy"
    shutil.copytree(
        klass,
        copy,
        symlinks=True,
        ignore=lambda d, names: [
            n
            for n in names
            if n == "rmse_loss.py" and Path(d).name == "a2_modules" and Path(d).parent.name == "lea"
        ],
    )
    code = (
        "import sys; from graders.instructor import similarity; "
        "print(similarity.to_csv(similarity.similar_pairs(sys.argv[1], 0.0, note=lambda m: None)), "
        "end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(copy)],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == similarity.to_csv(every_pair[0])


def _notebook_with(assignment: str, cells: dict[str, str]) -> str:
    """The released notebook of `assignment` with some solution cells (by grade_id) filled in."""
    notebook = json.loads(
        (ROOT / "assignments" / "source" / assignment / f"{assignment}.ipynb").read_text()
    )
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            cell["source"] = cells.get(grade_id, "")
    return json.dumps(notebook)


def test_notebooks_are_read_as_the_engine_reads_them(klass, tmp_path):
    """A notebook that copies a classmate's solution cell is paired with the classmate, the
    kit's own solution copied into a file is paired with the kit's, and a notebook that cannot
    be read is named with the reason."""
    folder = tmp_path / "class"
    shutil.copytree(klass, folder, symlinks=True, ignore=shutil.ignore_patterns("lea"))
    ada = (klass / "ada" / f"{RMSE}.py").read_text()
    write(folder / "nia" / "a2_modules.ipynb", _notebook_with("a2_modules", {"rmse_loss": ada}))
    write(folder / "ola" / "a2_modules.ipynb", '{"cells": [')
    write(folder / "pia" / f"{SGD}.py", (ROOT / "solutions" / f"{SGD}.py").read_text())
    notes = []
    pairs = {
        (p.exercise, p.student_a, p.student_b)
        for p in similar_pairs(folder, exercises=[RMSE, SGD], note=notes.append)
    }
    assert (RMSE, "ada", "nia") in pairs
    assert (SGD, similarity.REFERENCE, "pia") in pairs
    assert any(n.startswith("could not read ola/a2_modules.ipynb is not a notebook") for n in notes)
