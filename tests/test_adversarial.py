"""Hostile submissions, graded in one batch by the real `torchkata grade-batch` (see
adversarial.py), twice: as root (the "namespaces" level) and as an unprivileged user (the
"landlock" level).

For each attack: the batch finishes within its limits; the attacked exercise scores 0 (what the
same code scores without the cheat); the submission's other exercise keeps full marks; no file
outside the worker's folder appears or changes; nothing is left running; neither the grader's
secret nor anything an attack read reaches any output. An honest submission in the same batch
keeps full marks.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

import adversarial
import classroom
from graders import catalog
from graders.checks.scoring import checks_of
from graders.isolation import sandbox

ROOT = Path(__file__).resolve().parent.parent
SECRET = "torchkata-test-secret-4f1c9a"
AIMED_AT = sorted({exercise for exercise, _, _ in adversarial.AIMED.values()})
ONLY = [a for e in (classroom.VICTIM, "a2_modules/two_layer_net", *AIMED_AT) for a in ("--only", e)]
FORMULA = '=HYPERLINK("http://example.invalid","click")'  # a student folder's name
TIMEOUT = 5  # seconds per exercise
UNPRIVILEGED = "nobody"
SCREENED = {
    "read_frames_and_heap",
    "replace_the_probes",
    "rebind_the_autograd_guard",
    "empty_the_forbidden_calls",
    "call_the_references",
    "walk_the_callers_frames",
    "frames_from_a_traceback",
    "sysv_shared_memory_note",
    "read_solutions",
    "attrgetter_walks_the_frames",
    "formatter_reaches_the_frames",
    "sys_through_os",
    "vars_finds_the_autograd_engine",
    "module_written_then_imported",
    "init_py_walks_the_frames",
    "helper_loaded_by_pickle",
    "flood_of_flagged_lines",
}
# A module no exercise imports (a package's __init__.py, a helper only pickle would load) could
# only be run some other way: what the screen refuses in it refuses every exercise.
LOOSE = {"init_py_walks_the_frames", "helper_loaded_by_pickle", "flood_of_flagged_lines"}


def kit_fingerprint() -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for d in ("graders", "solutions", "exercises")
        for p in sorted((ROOT / d).rglob("*.py"))
    }


class Listener:
    """A TCP port on this machine's loopback that records whatever reaches it."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.received.append(conn.recv(100))


def unprivileged_python(tmp: Path) -> list[str]:
    """A command that runs this kit's Python as an unprivileged user: a virtualenv made from
    the system's python3 (readable by every user, unlike an interpreter in root's home) that
    imports this environment's packages. Skips (fails under CI=true) where that cannot be."""
    why = None
    system = shutil.which("python3", path="/usr/bin:/bin")
    site = next(
        (p for p in sys.path if p.endswith("site-packages") and (Path(p) / "torch").is_dir()), None
    )
    if os.geteuid() != 0:
        why = "only root can grade as another user"
    elif (
        not system
        or subprocess.run(
            [
                system,
                "-c",
                f"import sys; assert sys.version_info[:2] == {tuple(sys.version_info[:2])}",
            ]
        ).returncode
    ):
        why = f"no system python3 {sys.version_info.major}.{sys.version_info.minor} in /usr/bin"
    elif (
        site is None
        or subprocess.run(
            ["runuser", "-u", UNPRIVILEGED, "--", "test", "-r", f"{site}/torch/__init__.py"]
        ).returncode
    ):
        why = f"{site} is not readable by the user {UNPRIVILEGED}"
    if why:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"cannot grade as an unprivileged user under CI: {why}")
        pytest.skip(why)
    venv = tmp / "venv"
    subprocess.run([system, "-m", "venv", "--without-pip", venv], check=True)
    (next(venv.glob("lib/python3*/site-packages")) / "torchkata-kit.pth").write_text(
        f"import site; site.addsitedir({site!r})\n"
    )
    return ["runuser", "-u", UNPRIVILEGED, "--", "env", f"HOME={tmp}", str(venv / "bin" / "python")]


@pytest.fixture(scope="module", params=["root", "unprivileged"])
def graded(request):
    """Build the class, grade it once as this user, and return what the tests look at."""
    tmp = Path(tempfile.mkdtemp(prefix="torchkata-adversarial-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    os.chmod(tmp, 0o755)
    python = [sys.executable] if request.param == "root" else unprivileged_python(tmp)
    listener = Listener()
    klass, canaries_dir, out = tmp / "class", tmp / "canaries", tmp / "out"
    canaries_dir.mkdir(mode=0o777)
    os.chmod(canaries_dir, 0o1777)  # writable by anyone: only the sandbox keeps an attack out
    (tmp / "course" / "source" / "a1_backprop").mkdir(parents=True)
    (tmp / "course" / "source" / "a1_backprop" / "a1_backprop.ipynb").write_text('{"cells": []}')
    secret_file = tmp / "secret"
    secret_file.write_text(SECRET)
    stolen = tmp / "stolen.py"
    shutil.copy(ROOT / "solutions" / f"{classroom.VICTIM}.py", stolen)
    shm = Path(tempfile.mkstemp(prefix="torchkata-canary-", dir="/dev/shm")[1])
    request.addfinalizer(lambda: shm.unlink(missing_ok=True))
    fill = {
        "kit": ROOT,
        "port": listener.port,
        "klass": klass,
        "course": tmp / "course",
        "secret_file": secret_file,
        "stolen": stolen,
        "shm": shm,
    }
    canaries = {}
    classroom.complete(klass / "honest")
    for name, source in adversarial.ATTACKS.items():
        canaries[name] = canaries_dir / name
        classroom.hostile(klass / name, source.format(**fill, canary=canaries[name]))
    for name, build in adversarial.FILES.items():
        canaries[name] = canaries_dir / name
        build(classroom.complete(klass / name), {**fill, "canary": canaries[name]})
    for name, (exercise, source, _) in adversarial.AIMED.items():
        canaries[name] = canaries_dir / name
        folder = classroom.complete(klass / name)
        (folder / f"{exercise}.py").write_text(source.format(**fill, canary=canaries[name]))
    classroom.stub(klass / FORMULA)
    subprocess.run(["chmod", "-R", "a+rX", klass, tmp / "course", secret_file], check=True)
    out.mkdir()
    if request.param != "root":
        shutil.chown(out, UNPRIVILEGED)
    before = kit_fingerprint()
    scratch = tmp / "tmp"  # the grader's temporary folder: what a worker leaves is looked for here
    scratch.mkdir(mode=0o777)
    os.chmod(scratch, 0o1777)
    env = os.environ | {"TORCHKATA_TEST_SECRET": SECRET, "CI": "true", "TMPDIR": str(scratch)}
    done = subprocess.run(
        [
            *python,
            "-m",
            "graders.frontends.cli",
            "grade-batch",
            klass,
            "--out",
            out,
            "--timeout",
            str(TIMEOUT),
            "--workers",
            "2",
            *ONLY,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    reports = {p.stem: json.loads(p.read_text()) for p in (out / "students").glob("*.json")}
    honest = reports.get("honest", {}).get("sandbox", "")
    level = next(
        (lvl for lvl in (sandbox.NAMESPACES, sandbox.LANDLOCK) if honest.startswith(lvl)),
        sandbox.RLIMITS,
    )
    outputs = (
        done.stdout
        + done.stderr
        + "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    )
    return {
        "user": request.param,
        "level": level,
        "done": done,
        "reports": reports,
        "canaries": canaries,
        "outputs": outputs,
        "kit_changed": kit_fingerprint() != before,
        "listener": listener,
        "shm": shm,
        "scratch": scratch,
        "out": out,
    }


def test_the_batch_finishes_and_the_honest_student_keeps_full_marks(graded):
    assert graded["done"].returncode == 0, graded["done"].stderr[-2000:]
    honest = graded["reports"]["honest"]
    assert honest["score"] == honest["max_score"]
    assert graded["level"] == (
        sandbox.NAMESPACES if graded["user"] == "root" else sandbox.LANDLOCK
    ), honest["sandbox"]


def test_no_secret_and_nothing_an_attack_read_reaches_any_output(graded):
    assert SECRET not in graded["outputs"]
    assert "LEAKED" not in graded["outputs"]


def test_the_kit_is_unchanged_and_nothing_is_left_behind(graded):
    assert not graded["kit_changed"] and not (ROOT / "graders" / "evil.py").exists()
    assert graded["shm"].exists() and not Path("/dev/shm/torchkata-flood").exists()
    assert not list(graded["scratch"].glob("torchkata-scratch-*")), (
        "a worker's scratch folder was left behind"
    )
    uid = pwd.getpwnam(UNPRIVILEGED).pw_uid
    left = [
        pid
        for pid in os.listdir("/proc")
        if pid.isdigit()
        and (_uid(pid) >= sandbox.UID_BASE or _uid(pid) == uid and graded["user"] != "root")
        and not _another_checkouts(pid)
    ]
    assert not left, f"processes left running: {[_described(pid) for pid in left]}"


def test_nothing_reached_the_network(graded):
    if graded["level"] not in sandbox.CONFINED:
        pytest.skip(f"only a confined level cuts the network ({sandbox.REQUIREMENT})")
    assert graded["listener"].received == []


def test_every_report_is_small(graded):
    sizes = {p.name: p.stat().st_size for p in (graded["out"] / "students").glob("*.json")}
    assert max(sizes.values()) < 200_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def _split(report: dict, victim: str) -> tuple[dict, list[dict]]:
    exercises = {e["name"]: e for e in report["exercises"]}
    return exercises.pop(victim), list(exercises.values())


@pytest.mark.parametrize("attack", [*adversarial.ATTACKS, *adversarial.FILES])
def test_an_attack_gains_nothing_and_costs_the_others_nothing(graded, attack):
    if attack in adversarial.NEEDS_CONFINEMENT and graded["level"] not in sandbox.CONFINED:
        pytest.skip(f"the rlimits level does not stop {attack} ({sandbox.REQUIREMENT})")
    report = graded["reports"][attack]
    victim, others = _split(report, classroom.VICTIM)
    assert victim["score"] == 0, [c["message"] for c in victim["checks"] if c["passed"]]
    if attack in LOOSE:
        assert all(e["status"] == "integrity" for e in others), others
    else:
        assert all(e["score"] == e["max_score"] for e in others), others
    assert report["withheld"] == 0, report["grader_errors"]
    assert not graded["canaries"][attack].exists()
    if attack in SCREENED:
        assert victim["status"] == "integrity" and victim["integrity"], victim["status"]
    if attack in adversarial.FILES and attack not in (
        "shipped_startup_files",
        "deeply_nested_notebook",
        "init_py_walks_the_frames",
        "init_py_that_looks_harmless",
        "helper_loaded_by_pickle",
        "flood_of_flagged_lines",
    ):
        assert report["staging"]["refused"], "the refused entries are listed with their reasons"


@pytest.mark.parametrize("attack", adversarial.AIMED)
def test_an_aimed_attack_earns_nothing_by_hand_and_blames_no_one_else(graded, attack):
    """The checks of the function the attack aims at all fail (no point for work handed to
    torch, nor for objects that trip the probes), the kit withholds nothing, and the other
    exercises keep their marks."""
    exercise, _, aimed = adversarial.AIMED[attack]
    report = graded["reports"][attack]
    victim, others = _split(report, exercise)
    about = {c.name: c.tests or "" for c in checks_of(catalog.grader(exercise))}
    earned = [c["name"] for c in victim["checks"] if c["passed"] and about[c["name"]] == aimed]
    assert not earned, earned
    assert victim["status"] == "graded" and victim["score"] < victim["max_score"]
    assert report["withheld"] == 0, report["grader_errors"]
    assert all(e["score"] == e["max_score"] for e in others), others


def test_nothing_of_an_attacks_control_characters_reaches_an_output(graded):
    assert not {c for c in graded["outputs"] if c in "\x1b\x00\x07\x08"}
    report = graded["reports"]["control_characters_in_a_message"]
    message = report["exercises"][0]["checks"][0]["message"]
    assert "ALL TESTS PASSED" in message and "\x1b" not in message


def test_a_student_folder_named_like_a_formula_is_text_in_every_csv(graded):
    for name in ("gradebook.csv", "canvas.csv"):
        rows = list(csv.reader((graded["out"] / name).read_text().splitlines()))
        cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
        assert cells and all(cell.startswith("'=") for cell in cells), (name, cells)


def test_every_student_has_a_row_whatever_the_layout(graded):
    rows = list(csv.reader((graded["out"] / "gradebook.csv").read_text().splitlines()))
    named = {row[0].removeprefix("'") for row in rows[1:]}
    assert named == set(graded["reports"]) and "folder_named_like_the_module" in named
    refused = graded["reports"]["folder_named_like_the_module"]["staging"]["refused"]
    assert any("its place is taken" in r["reason"] for r in refused), refused


def test_files_the_grader_does_not_follow_are_named_with_a_reason(graded):
    refused = {
        attack: {r["path"]: r["reason"] for r in graded["reports"][attack]["staging"]["refused"]}
        for attack in adversarial.FILES
    }
    assert "symbolic link" in refused["link_into_solutions"][f"{classroom.VICTIM}.py"]
    assert "symbolic link" in refused["folder_link_into_solutions"]["a1_backprop"]
    assert "FIFO" in refused["fifo"][f"{classroom.VICTIM}.py"]
    assert "hard link" in refused["hard_link_to_a_solution_elsewhere"][f"{classroom.VICTIM}.py"]
    assert "bytes" in refused["huge_sparse_file"][f"{classroom.VICTIM}.py"]
    victim = graded["reports"]["deeply_nested_notebook"]["exercises"][0]
    assert victim["status"] == "error" and "nests more than" in victim["checks"][0]["message"]


def test_the_channel_and_the_signals_end_only_their_exercise(graded):
    def victim(attack):
        return graded["reports"][attack]["exercises"][0]

    assert victim("reply_stops_mid_frame")["status"] == "timeout"
    assert (
        victim("realtime_signal")["status"] == "error"
        and "signal" in victim("realtime_signal")["checks"][0]["message"]
    )
    for attack in ("shared_reference_bomb", "malformed_reply", "write_to_inherited_descriptors"):
        assert victim(attack)["status"] in ("error", "integrity"), attack


def _described(pid: str) -> str:
    try:
        return (
            f"{pid} {Path(f'/proc/{pid}/cmdline').read_bytes()[:120]!r} "
            f"{Path(f'/proc/{pid}/stat').read_text()[:60]}"
        )
    except OSError:
        return f"{pid} (gone)"


def _another_checkouts(pid: str) -> bool:
    """A zygote or worker of another checkout of the kit, grading at the same time on this
    machine (two CI jobs side by side): not this run's to answer for."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"zygote.main(" in command and str(ROOT).encode() not in command


def _uid(pid: str) -> int:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return -1


def test_require_sandbox_grades_only_at_a_confined_level(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders.frontends.cli",
            "grade",
            ROOT / "solutions",
            "--only",
            "a1_backprop/dynamic_graph",
            "--require-sandbox",
            "--json",
            tmp_path / "r.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert (
        json.loads((tmp_path / "r.json").read_text())["sandbox"].split(":")[0] in sandbox.CONFINED
    )
