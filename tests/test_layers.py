"""The design holds: imports run one way through the graders package's layers, and the commands
that only read reports start without torch."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graders"

# The rooms of graders/, bottom to top: a module may import its own room and the ones below it,
# never above. "graders" is the package's own modules (the shared vocabulary); each other room
# is a subpackage, whose __init__ states its rules (graders/__init__.py lists them all).
ROOMS = ["graders", "inside", "isolation", "checks", "grading", "instructor", "frontends"]
# what a worker holds: nothing in these rooms knows an answer (test_a_worker_imports_no_answer)
WORKER_SIDE = {"graders", "inside", "isolation"}


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py")


def room_of(dotted: str) -> str:
    """'graders.inside.door' -> 'inside'; 'graders.catalog' -> 'graders'."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else "graders"


def room(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "graders"


def imported(path: Path) -> set[str]:
    """The rooms of the graders modules `path` imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found.update(room_of(n) for n in names if n.startswith("graders."))
    return found


def test_every_room_is_a_package_that_states_its_rules():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(ROOMS[1:])
    for name in ROOMS[1:]:
        tree = ast.parse((PACKAGE / name / "__init__.py").read_text())
        assert "Rules of this room" in (ast.get_docstring(tree) or ""), name


def test_every_exception_lives_in_the_errors_module():
    """graders/errors.py holds every exception class but the private ones (a leading _): one
    hierarchy, one place to read which failures are whose."""
    elsewhere = [
        f"{path.relative_to(ROOT)}: {node.name}"
        for path in modules()
        if path.name != "errors.py"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
        and not node.name.startswith("_")
        and any(
            getattr(b, "id", getattr(b, "attr", "")).endswith(("Exception", "Error"))
            for b in node.bases
        )
    ]
    assert elsewhere == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_one_way(path):
    upward = sorted(r for r in imported(path) if ROOMS.index(r) > ROOMS.index(room(path)))
    assert not upward, f"{path.relative_to(ROOT)} ({room(path)}) imports {upward}, above it"


def test_merge_and_compare_need_no_torch(tmp_path):
    """`sys.modules['torch'] = None` makes any import of torch fail: these commands never try."""
    (tmp_path / "results" / "students").mkdir(parents=True)
    (tmp_path / "grades.csv").write_text(
        "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score\n"
    )
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from graders.frontends import cli\n"
        f"print(cli.main(['merge', {str(tmp_path / 'results')!r}, "
        f"'--out', {str(tmp_path / 'merged')!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("0"), done.stderr[-2000:]
    code = code.replace(
        f"['merge', {str(tmp_path / 'results')!r}, '--out', {str(tmp_path / 'merged')!r}]",
        f"['compare', {str(tmp_path / 'grades.csv')!r}, {str(tmp_path / 'results')!r}]",
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "has no rows" in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]


def test_a_worker_imports_no_answer():
    """The zygote imports graders.isolation.worker and nothing else of the kit's: no reference,
    judge, tolerance or check may be in a worker, even unreachable."""
    code = (
        "import sys; import graders.isolation.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith('graders')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {name: room_of(name) for name in eval(out.stdout)}
    assert set(loaded.values()) <= WORKER_SIDE, sorted(
        name for name, where in loaded.items() if where not in WORKER_SIDE
    )
