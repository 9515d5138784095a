"""What confines a worker, applied inside it right after the fork, before any submission code.

Two levels, and every report says which one ran (`level`):

- "namespaces": the grader runs as root and the kernel lets it create namespaces. The worker
  gets a network namespace with no interface up (no network), a private mount namespace in which
  empty filesystems it cannot write (root's, mode 0755) cover the grader's files (graders/,
  solutions/, tests/, assignments/, the submissions folder, the grader's home) and fresh private
  ones cover the world-writable folders (SCRATCH); only the interpreter, the virtualenv and the
  worker's own copy of the submission are mounted back. Then it drops to a user id of its own
  (no other process has it), so RLIMIT_NPROC binds, it cannot signal or trace the grader, and
  its leftover processes can be found and killed by that id.
- "rlimits": anywhere else. Own session, kernel limits, a scrubbed environment; the filesystem
  and the network are those of the grader's user. `torchkata grade --require-sandbox` refuses
  to grade at this level.

Both levels: an own session and process group, limits on address space, CPU time, file size,
core dumps (and processes at the first level), and an environment with nothing of the grader's
(no tokens or secrets): PATH, HOME (the submission's folder), LANG, and one torch thread.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
from pathlib import Path

NAMESPACES, RLIMITS = "namespaces", "rlimits"
REQUIREMENT = "it needs root and the permission to create network and mount namespaces"
UID_BASE = 100_000  # a worker's user id is UID_BASE + its pid: unique among live processes
MAX_PROCESSES = 32
CLEAN_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"}
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")  # the world-writable folders, made private

_CLONE_NEWNS, _CLONE_NEWNET = 0x00020000, 0x40000000
_MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18
_libc = ctypes.CDLL(None, use_errno=True)


def worker_uid(pid: int) -> int:
    return UID_BASE + pid


def confine(folder: str, hidden: list[str], limits) -> str:
    """Confine this process (a fresh worker) and return the level reached."""
    os.setsid()
    os.environ.clear()
    os.environ.update(CLEAN_ENVIRONMENT, HOME=folder)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
    level = _namespaces(folder, hidden) if os.geteuid() == 0 else RLIMITS
    _rlimits(limits, processes=level == NAMESPACES)
    if level == NAMESPACES:
        uid = worker_uid(os.getpid())
        for path in [folder, *(str(p) for p in Path(folder).rglob("*"))]:
            os.lchown(path, uid, uid)
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    os.chdir(folder)
    return level


def _namespaces(folder: str, hidden: list[str]) -> str:
    if _libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET) != 0:
        return RLIMITS
    try:
        _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
        keep = {p: os.open(p, os.O_PATH) for p in {sys.base_prefix, sys.prefix, folder} if os.path.isdir(p)}
        # Empty root-owned filesystems (mode 0755: the worker's user cannot write them) over
        # what it must not read; fresh world-writable ones over the shared scratch folders.
        covers = [(p, "mode=0755,size=1m") for p in hidden if os.path.realpath(p) != "/"] + [(p, "mode=1777,size=256m") for p in SCRATCH]
        covered: list[str] = []
        for path, options in sorted({(os.path.realpath(p), o) for p, o in covers if os.path.isdir(p)}, key=lambda c: len(c[0])):
            if not any(path == c or path.startswith(c + "/") for c in covered):  # else already hidden
                _mount("tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, options)
                covered.append(path)
        for path, fd in sorted(keep.items(), key=lambda kv: len(kv[0])):  # mounted back
            os.makedirs(path, exist_ok=True)
            _mount(f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
            os.close(fd)
    except OSError:
        os._exit(70)  # half a sandbox is no sandbox: the grader sees a worker that did not start
    return NAMESPACES


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _rlimits(limits, processes: bool) -> None:
    mapped = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
    chosen = [
        (resource.RLIMIT_AS, mapped + limits.memory),
        (resource.RLIMIT_CPU, limits.cpu),
        (resource.RLIMIT_FSIZE, limits.file_size),
        (resource.RLIMIT_CORE, 0),
    ]
    if processes:  # RLIMIT_NPROC counts per user: it only binds once the worker has its own
        chosen.append((resource.RLIMIT_NPROC, MAX_PROCESSES))
    for limit, value in chosen:
        resource.setrlimit(limit, (value, value))


def kill_children(pid: int, level: str) -> None:
    """Between two exercises: kill every process the worker started, and keep the worker."""
    if level == NAMESPACES:
        _kill_user(worker_uid(pid), spare=pid)


def kill_leftovers(pid: int, level: str) -> None:
    """Kill the worker's process group and, at the namespaces level, every process that runs
    under the worker's user id (those that left the group with setsid too)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if level == NAMESPACES:
        _kill_user(worker_uid(pid))


def _kill_user(uid: int, spare: int | None = None) -> None:
    """SIGKILL every process of `uid` but `spare`, until none is left."""
    for _ in range(50):  # a fork swarm may fork while it is being killed
        found = [p for p in _pids_of(uid) if p != spare]
        if not found:
            return
        for p in found:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _pids_of(uid: int) -> list[int]:
    pids = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids
