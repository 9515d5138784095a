"""Reading a submission as untrusted data, before any of its code runs.

The engine never copies a submission folder: it reads it here, into memory, with rules that
nothing in the folder can bend:

- nothing is followed: a symbolic link (to a file or a folder), a device, a FIFO, a socket or
  a file with more than one name (a hard link, possibly to a file outside the submission) is
  refused, with a reason per entry; only regular files are read, each opened without following
  links and checked again once open;
- caps: entries looked at, folder depth, bytes per file, bytes in all (LIMITS), and a
  deadline for the whole walk;
- only Python modules (*.py) and notebooks (*.ipynb) are read; hidden entries (".git", ...)
  and `__pycache__` are skipped unread.

What comes out (`Staged`) is text: each exercise's module, the other modules beside them (a
helper a module imports), why each missing exercise is missing, and what was refused. The
engine writes that text into the worker's private folder; the worker sees nothing else.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from graders import catalog, errors
from graders.isolation import notebook_reader
from graders.results import ERROR, MISSING


@dataclass(frozen=True)
class ReadLimits:
    entries: int = 2000  # files and folders looked at
    depth: int = 6  # folders below the submission's top
    file_bytes: int = 2 * 2**20  # one module
    notebook_bytes: int = 16 * 2**20  # one notebook (outputs and images included)
    total_bytes: int = 64 * 2**20  # everything read
    seconds: float = 30.0


LIMITS = ReadLimits()


@dataclass
class Staged:
    """A submission read into memory: text only, laid out like exercises/."""

    modules: dict[str, str] = field(
        default_factory=dict
    )  # "a1_backprop/manual_backprop.py" -> source, helpers too
    absent: dict[str, tuple[str, str]] = field(default_factory=dict)  # exercise -> (status, why)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path in the submission, reason)
    base: str = ""  # where the exercises were found, when not at the top ("exercises/")
    notebooks: bool = False  # the exercises came from nbgrader notebooks

    def source(self, exercise: str) -> str | None:
        return self.modules.get(f"{exercise}.py")


class _Walk:
    """One bounded walk of a folder by file descriptors (openat, O_NOFOLLOW)."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.entries = 0
        self.bytes = 0
        self.files: dict[str, bytes] = {}  # relative path -> contents
        self.refused: list[tuple[str, str]] = []

    def folder(self, fd: int, path: PurePosixPath, depth: int) -> None:
        with os.scandir(fd) as listing:
            names = sorted(entry.name for entry in listing)
        for name in names:
            if name.startswith(".") or name == "__pycache__":
                continue
            where = path / name
            self.entries += 1
            if self.entries > self.limits.entries or time.monotonic() > self.deadline:
                self.refused.append(
                    (
                        where.as_posix(),
                        f"not read: the submission has more than {self.limits.entries} entries, "
                        f"or reading it took longer than {self.limits.seconds:g} s",
                    )
                )
                return
            try:
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except OSError as error:
                self.refused.append((where.as_posix(), f"could not be read ({error.strerror})"))
                continue
            why = _refusal(info)
            if why:
                self.refused.append((where.as_posix(), why))
            elif stat.S_ISDIR(info.st_mode):
                if depth >= self.limits.depth:
                    self.refused.append(
                        (
                            where.as_posix(),
                            f"a folder more than {self.limits.depth} levels down: not read",
                        )
                    )
                    continue
                try:
                    inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except OSError as error:
                    self.refused.append(
                        (where.as_posix(), f"could not be opened ({error.strerror})")
                    )
                    continue
                try:
                    self.folder(inner, where, depth + 1)
                finally:
                    os.close(inner)
            elif name.endswith((".py", ".ipynb")):
                self.file(fd, name, where, info)

    def file(self, fd: int, name: str, where: PurePosixPath, seen: os.stat_result) -> None:
        cap = self.limits.notebook_bytes if name.endswith(".ipynb") else self.limits.file_bytes
        if seen.st_size > cap:
            self.refused.append(
                (
                    where.as_posix(),
                    f"{seen.st_size:,} bytes, more than the {cap:,} a file may have: not read",
                )
            )
            return
        if self.bytes + seen.st_size > self.limits.total_bytes:
            self.refused.append(
                (
                    where.as_posix(),
                    "not read: the submission's files add up to more than "
                    f"{self.limits.total_bytes:,} bytes",
                )
            )
            return
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        except OSError as error:
            self.refused.append((where.as_posix(), f"could not be opened ({error.strerror})"))
            return
        with os.fdopen(handle, "rb") as f:
            now = os.fstat(f.fileno())
            if (now.st_dev, now.st_ino) != (seen.st_dev, seen.st_ino) or _refusal(now):
                self.refused.append((where.as_posix(), "changed while it was being read: not read"))
                return
            data = f.read(cap + 1)
        if len(data) > cap:
            self.refused.append(
                (where.as_posix(), f"more than the {cap:,} bytes a file may have: not read")
            )
            return
        self.bytes += len(data)
        self.files[where.as_posix()] = data


def _refusal(info: os.stat_result) -> str | None:
    """Why an entry is not read, or None for a plain folder or a regular file of its own."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return (
            "a symbolic link: the grader reads only the submission's own files and follows no link"
        )
    if stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        )
        return f"{kind}, not a regular file: not read"
    if info.st_nlink > 1:
        return (
            f"a hard link ({info.st_nlink} names for one file, maybe outside the submission): "
            "not read"
        )
    return None


def read(root: str, limits: ReadLimits = LIMITS) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """The *.py and *.ipynb files under folder `root` ({relative path: bytes}), and what was
    refused. `root` itself is the instructor's path and may be reached through links."""
    walk = _Walk(limits)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        walk.folder(fd, PurePosixPath(""), 0)
    finally:
        os.close(fd)
    return walk.files, walk.refused


def read_file(
    path: str, limits: ReadLimits = LIMITS
) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """A single notebook given by the instructor, read with the same caps."""
    walk = _Walk(limits)
    folder, name = os.path.split(os.path.abspath(path))
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        why = _refusal(info)
        if why or stat.S_ISDIR(info.st_mode):
            walk.refused.append((name, why or "a folder"))
        else:
            walk.file(fd, name, PurePosixPath(name), info)
    finally:
        os.close(fd)
    return walk.files, walk.refused


def stage(root: str, is_file: bool = False, limits: ReadLimits = LIMITS) -> Staged:
    """Read the submission at `root` (a folder, or with `is_file` one notebook) and lay it
    out like exercises/: {"a1_backprop/manual_backprop.py": source, ...}.

    Where a module is found: at its place in the exercises/ layout, else at the top (a flat
    upload, as Gradescope often has it); a module written as a .py file wins over the same
    exercise in a notebook, and the notebook named after its assignment (the one nbgrader
    grades) over other notebooks. When nothing is found at the top but a folder holds the
    exercises/ layout further down (the whole kit uploaded, or "exercises/" inside a zip's
    folder), that folder is used and `base` says so.
    """
    files, refused = read_file(root, limits) if is_file else read(root, limits)
    staged = Staged(refused=refused)
    texts: dict[str, str] = {}
    for path, data in files.items():
        if path.endswith(".py"):
            try:
                texts[path] = data.decode("utf-8")
            except UnicodeDecodeError:
                refused.append((path, "not UTF-8 text: not read"))
    staged.base = "" if is_file else _base(texts, files)
    prefix = staged.base
    for path, text in texts.items():
        if path.startswith(prefix):
            staged.modules[path.removeprefix(prefix)] = text
    for exercise in catalog.EXERCISES:
        flat = f"{exercise.split('/')[1]}.py"
        if f"{exercise}.py" not in staged.modules and flat in staged.modules:
            staged.modules[f"{exercise}.py"] = staged.modules[flat]
    unreadable = _notebooks(staged, files, refused, is_file)
    for exercise in catalog.EXERCISES:
        if staged.source(exercise) is not None:
            continue
        if exercise in unreadable:
            staged.absent[exercise] = (ERROR, unreadable[exercise])
        elif staged.notebooks:
            staged.absent[exercise] = (
                MISSING,
                f"{exercise} is missing: no notebook has its solution cell "
                f"(grade_id {exercise.split('/')[1]}).",
            )
        else:
            staged.absent[exercise] = (MISSING, f"{exercise}.py is missing from the submission.")
    return staged


def _base(texts: dict[str, str], files: dict[str, bytes]) -> str:
    """'' when the exercises (or notebooks) are at the top; else the shallowest folder that
    holds an assignment folder with an exercise module ('exercises/', 'kit/exercises/')."""
    modules = {f"{e}.py" for e in catalog.EXERCISES} | {
        f"{e.split('/')[1]}.py" for e in catalog.EXERCISES
    }
    if any(p in modules for p in texts) or any("/" not in p for p in files if p.endswith(".ipynb")):
        return ""
    found = sorted(
        (p.count("/"), p)
        for p in texts
        if any(p.endswith("/" + m) for m in (f"{e}.py" for e in catalog.EXERCISES))
    )
    if not found:
        return ""
    path = found[0][1]
    exercise = next(e for e in catalog.EXERCISES if path.endswith(f"/{e}.py"))
    return path.removesuffix(f"{exercise}.py")


def _notebooks(
    staged: Staged, files: dict[str, bytes], refused: list, is_file: bool
) -> dict[str, str]:
    """Read the notebooks into staged.modules where no .py file holds the exercise; return
    {exercise: why} for the exercises of notebooks that could not be read."""
    unreadable: dict[str, str] = {}
    found = [p for p in files if p.endswith(".ipynb") and ".ipynb_checkpoints" not in p]
    staged.notebooks = bool(found)
    for path in sorted(found, key=lambda p: (PurePosixPath(p).stem not in catalog.ASSIGNMENTS, p)):
        stem = PurePosixPath(path).stem
        try:
            sources = notebook_reader.exercise_sources(files[path], PurePosixPath(path).name)
        except errors.NotebookError as error:
            assignment = stem if stem in catalog.ASSIGNMENTS else None
            unreadable.update(
                {
                    e: f"{path} {error}"
                    for e in catalog.EXERCISES
                    if assignment is None or e.startswith(assignment + "/")
                }
            )
            continue
        for exercise, source in sources.items():
            staged.modules.setdefault(f"{exercise}.py", source)
    return unreadable


def write(staged: Staged, folder: str) -> None:
    """Write the staged modules into `folder` (a new, private folder of the grader's). A module
    whose place another one already takes (a folder named like a module, a module inside a
    module's name) is not written, and is listed as refused, with the reason."""
    for path, text in sorted(staged.modules.items(), key=lambda kv: (kv[0].count("/"), kv[0])):
        target = os.path.join(folder, *PurePosixPath(path).parts)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "x", encoding="utf-8") as f:
                f.write(text)
        except OSError:
            staged.refused.append(
                (path, "its place is taken by another file or folder of the submission: not read")
            )
