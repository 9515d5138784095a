"""The design holds: imports run one way through the graders package's layers, and the commands
that only read reports start without torch."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graders"

# Each module's layer; a module may import its own layer and the ones below it, never above.
LAYERS = {
    "core": ["catalog", "feedback", "results", "modes"],
    "problems": ["problems"],
    # what a worker holds: nothing here or below knows an answer (test_a_worker_imports_no_answer)
    "door": ["plain", "door", "guards", "probes", "channel"],
    "worker": ["sandbox", "cgroups", "uprobes", "worker", "zygote", "launch"],
    "checks": [
        "strategies",
        "compare",
        "stats",
        "scoring",
        "references",
        "modules",
        "devices",
        "a1_backprop",
        "a2_modules",
        "a3_training",
    ],
    "service": ["service", "screen", "staging", "notebook_reader", "engine"],
    "front ends": [
        "pytest_plugin",
        "notebooks",
        "notebook_writer",
        "release",
        "reports",
        "batch",
        "similarity",
        "watch",
        "dev",
        "cli",
    ],
}
ORDER = {name: rank for rank, names in enumerate(LAYERS.values()) for name in names}


def modules():
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


def layer(path: Path) -> int:
    return ORDER[path.relative_to(PACKAGE).parts[0].removesuffix(".py")]


def imported(path: Path) -> set[str]:
    """The graders modules `path` imports, anywhere in it (inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + (
                ([f"{node.module}.{a.name}" for a in node.names])
                if node.module == "graders"
                else []
            )
        else:
            continue
        found.update(
            n.split(".")[1] for n in names if n.startswith("graders.") and n.split(".")[1] in ORDER
        )
    return found


def test_every_module_has_a_layer():
    assert {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in modules()} <= set(ORDER)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_one_way(path):
    upward = sorted(m for m in imported(path) if ORDER[m] > layer(path))
    assert not upward, (
        f"{path.relative_to(ROOT)} ({list(LAYERS)[layer(path)]}) imports {upward}, "
        "which sit above it"
    )


def test_merge_and_compare_need_no_torch(tmp_path):
    """`sys.modules['torch'] = None` makes any import of torch fail: these commands never try."""
    (tmp_path / "results" / "students").mkdir(parents=True)
    (tmp_path / "grades.csv").write_text(
        "assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score\n"
    )
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from graders import cli\n"
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
    """The zygote imports graders.worker and nothing else of the kit's: no reference, judge,
    tolerance or check may be in a worker, even unreachable."""
    code = (
        "import sys; import graders.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith('graders')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[1] for name in eval(out.stdout) if "." in name}
    worker_side = {n for layer in ("core", "problems", "door", "worker") for n in LAYERS[layer]}
    assert loaded <= worker_side, sorted(loaded - worker_side)
