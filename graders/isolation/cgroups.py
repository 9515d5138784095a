"""Per-worker cgroups and a machine-wide pool of worker user ids, for a grader running as root.

Why cgroups: the worker's rlimits cannot bound everything. RLIMIT_AS does not count tmpfs,
shared memory or memfd pages, RLIMIT_NPROC counts per user rather than per worker, and a process
left behind can only be found by pid number, which the kernel may have given to someone else by
the time it is signalled. A cgroup per worker fixes all three:

- memory (cgroup v1): memory.limit_in_bytes, and memory.memsw.limit_in_bytes where it exists so
  that swap cannot extend it. The kernel charges every page a task touches, tmpfs, shmem and memfd
  pages included, and OOM-kills inside the cgroup when the limit is reached;
- pids: pids.max bounds the tasks (processes and threads) alive in the cgroup at once;
- cpuacct: cpuacct.usage is the CPU time of every task ever in the cgroup, user and system;
- a way to kill everything inside: cgroup v2's cgroup.kill on the unified hierarchy (Linux 5.14+:
  the kernel signals every task, including ones forking at that moment), or else the v1 freezer
  (see WorkerCgroup.kill_all). No pid is ever signalled by number alone.

Where they live: <hierarchy>/<this process's own cgroup>/torchkata/<name>, e.g.
/sys/fs/cgroup/memory/process_api/<hash>/torchkata/uid1879048192. Nesting under the grader's own
cgroup, not the root of each hierarchy, keeps a container's or a service's limits meaningful
(v1 memory is hierarchical: the workers are charged to the grader's cgroup too) and keeps the
workers inside whatever cleans up after that container. Cgroup v1 puts no rule on where root may
move a process, so a worker put at the root of the memory hierarchy would simply have left the
grader's limit. The torchkata folder is made on demand and removed when its last worker's cgroup
goes (the kernel refuses to remove a cgroup that has children or tasks, so no grader can remove
another's).

User ids: a worker at the "namespaces" sandbox level switches to a uid of its own, so that it can
neither signal nor trace the grader. lease_uid() hands out the lowest uid of
UID_BASE..UID_BASE + POOL_SIZE - 1 that no live lease holds, across every grader on this machine:
each uid has a lock file in a root-only folder (/run/torchkata, else a folder in the temporary
directory), and a lease is an flock on it, held until Lease.release() or until the holder dies
(the kernel drops the lock of a dead process). The range is one that systemd leaves unused
(0x70000000 and up: above the container ranges, below 2**31). A lease also names its worker's
cgroup, so cgroup names never collide between graders either.

Where unavailable() gives a reason (not root, a hierarchy missing, a read-only cgroup
filesystem), WorkerCgroup.create raises OSError and the grader keeps only its rlimits, its uid
and the sandbox's own clean-up. Cgroup v2 controllers (memory.max, pids.max on the unified
hierarchy) are not used: on a v2-only machine this module reports itself unavailable.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import signal
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

UID_BASE = 0x7000_0000  # 1879048192: systemd's first unused uid above the container ranges
POOL_SIZE = 1024  # workers alive at once on this machine, every grader together
CGROUP_FOLDER = "torchkata"  # the folder of per-worker cgroups in each hierarchy
CONTROLLERS = ("memory", "pids", "cpuacct")  # the cgroup v1 hierarchies a worker needs
UNIFIED = "unified"  # the cgroup v2 hierarchy, named as this module's key for it


# --- the uid pool --------------------------------------------------------------------------------


@dataclass
class Lease:
    """A worker uid that no other lease on this machine holds until release() (or this process
    exits). A child forked meanwhile shares the lock until it exits or closes the descriptor."""

    uid: int
    _fd: int | None = field(default=None, repr=False, compare=False)

    @property
    def cgroup_name(self) -> str:
        """The name of this uid's worker cgroup (WorkerCgroup.create)."""
        return f"uid{self.uid}"

    def release(self) -> None:
        """Free the uid; idempotent. Call it once the worker's cgroup is removed."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)  # a clean release: no leftovers for the next holder to check
            os.close(self._fd)  # drops the lock
            self._fd = None


def lease_uid() -> Lease:
    """The lowest free uid of the pool. A uid whose last holder died without releasing it (its
    lock file still names that holder) is passed over while any process still runs as it: those
    are a crashed grader's leftovers, which must not share a uid with a new worker."""
    folder = _lock_folder()
    for uid in range(UID_BASE, UID_BASE + POOL_SIZE):
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(folder / str(uid), flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # a live lease
            os.close(fd)
            continue
        if os.fstat(fd).st_size and _runs_as(uid):
            os.close(fd)
            continue
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return Lease(uid, fd)
    raise RuntimeError(f"all {POOL_SIZE} worker uids from {UID_BASE} are leased")


def _lock_folder() -> Path:
    """/run/torchkata (root's, emptied at boot), or where there is no writable /run a folder in
    the temporary directory. Either must be a real folder that only root can enter: a lock file
    that another user could create or replace would let them take uids away."""
    for folder in (
        Path("/run") / CGROUP_FOLDER,
        Path(tempfile.gettempdir()) / f"{CGROUP_FOLDER}-uids",
    ):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError:  # no /run, or not writable: try the next place
            continue
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o077:
            raise PermissionError(f"{folder} must be a folder of root's with mode 0700")
        return folder
    raise PermissionError("no folder for the uid pool's lock files")


def _runs_as(uid: int) -> bool:
    """Whether any live (not zombie) process has `uid` as its real, effective, saved or
    filesystem user id."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):  # it exited meanwhile
                with open(f"/proc/{entry.name}/status") as status:
                    fields = dict(line.partition(":")[::2] for line in status)
                if fields["State"].split()[0] != "Z" and str(uid) in fields["Uid"].split():
                    return True
    return False


# --- per-worker cgroups ---------------------------------------------------------------------------


def unavailable() -> str | None:
    """None when per-worker cgroups can be made here (root, cgroupfs writable, the needed
    controllers); else a short reason."""
    if os.geteuid() != 0:
        return "per-worker cgroups need root"
    parents = _own_cgroups()
    missing = [c for c in (*CONTROLLERS, _killer()) if c not in parents]
    if missing:
        return "no cgroup v1 hierarchy mounted for " + ", ".join(missing)
    for key in (*CONTROLLERS, _killer()):
        if not os.access(parents[key], os.W_OK):
            return f"{parents[key]} is not writable"
    return None


@functools.cache
def _own_cgroups() -> dict[str, Path]:
    """This process's own cgroup folder in each mounted hierarchy, by controller name (UNIFIED
    for cgroup v2), from /proc/self/mountinfo and /proc/self/cgroup."""
    own = {}
    with open("/proc/self/cgroup") as lines:
        for line in lines:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for key in controllers.split(",") if controllers else [UNIFIED]:
                own[key] = path
    found: dict[str, Path] = {}
    with open("/proc/self/mountinfo") as lines:
        for line in lines:
            mount, _, filesystem = line.partition(" - ")
            root, mountpoint = mount.split()[3:5]
            fstype, _, options = filesystem.split()[:3]
            if fstype == "cgroup2":
                keys = [UNIFIED]
            elif fstype == "cgroup":
                keys = options.split(",")
            else:
                continue
            for key in keys:
                path = own.get(key)
                inside = path is not None and (path + "/").startswith(root.rstrip("/") + "/")
                if inside and key not in found:
                    found[key] = Path(mountpoint) / os.path.relpath(path, root)
    return found


def _killer() -> str:
    """The hierarchy that kills a worker's tasks: cgroup v2's cgroup.kill where the unified
    hierarchy is mounted and the kernel has it (5.14), else the v1 freezer."""
    version = tuple(int(n) for n in re.findall(r"\d+", os.uname().release)[:2])
    return UNIFIED if UNIFIED in _own_cgroups() and version >= (5, 14) else "freezer"


@dataclass
class WorkerCgroup:
    """One worker's cgroup: memory and pids limits, CPU accounting, and a safe way to kill
    everything in it. `paths` holds its folder in each hierarchy it uses."""

    name: str
    paths: dict[str, Path]

    @classmethod
    def create(cls, name: str, memory_bytes: int, max_pids: int) -> WorkerCgroup:
        """A new cgroup called `name` in every hierarchy, with its limits set; OSError when not
        possible. `name` must come from a Lease held by the caller (Lease.cgroup_name): a cgroup
        of that name found already is a dead holder's leftover, and it is removed first."""
        reason = unavailable()
        if reason:
            raise OSError(reason)
        if not name or "/" in name or name in {".", ".."}:
            raise ValueError(f"not a cgroup name: {name!r}")
        parents = _own_cgroups()
        cgroup = cls(
            name, {key: parents[key] / CGROUP_FOLDER / name for key in (*CONTROLLERS, _killer())}
        )
        if any(path.exists() for path in cgroup.paths.values()):
            cgroup.remove()
        try:
            for path in cgroup.paths.values():
                _mkdir(path)
            memory = cgroup.paths["memory"]
            _write(memory / "memory.limit_in_bytes", memory_bytes)
            if (memory / "memory.memsw.limit_in_bytes").exists():  # no more with swap either
                _write(memory / "memory.memsw.limit_in_bytes", memory_bytes)
            _write(cgroup.paths["pids"] / "pids.max", max_pids)
        except BaseException:
            cgroup.remove()
            raise
        return cgroup

    def add(self, pid: int) -> None:
        """Move a process (and its threads) in. Do it before the process runs untrusted code (have
        it wait on a pipe, say): what it forks before is not moved, and memory it touched before
        stays charged where it was."""
        for path in self.paths.values():
            _write(path / "cgroup.procs", pid)

    def cpu_seconds(self) -> float:
        """CPU time used by all its tasks, user+system, the exited ones included."""
        return int((self.paths["cpuacct"] / "cpuacct.usage").read_text()) / 1e9

    def memory_exceeded(self) -> bool:
        """Whether the memory limit was hit: an OOM kill in the cgroup, or a charge refused (some
        kernels, 6.18 for one, leave failcnt at 0 even then: the OOM kill is what tells)."""
        memory = self.paths["memory"]
        control = (memory / "memory.oom_control").read_text().split()
        failures = [memory / "memory.failcnt", memory / "memory.memsw.failcnt"]
        refused = sum(int(path.read_text()) for path in failures if path.exists())
        return int(control[control.index("oom_kill") + 1]) + refused > 0

    def pids(self) -> list[int]:
        """The processes inside now, in any of its hierarchies (none once it is removed)."""
        found: set[int] = set()
        for path in self.paths.values():
            found.update(_listed(path / "cgroup.procs"))
        return sorted(found)

    def kill_all(self, timeout: float = 5.0) -> None:
        """Kill every task inside and wait until none is left (each has exited: a zombie is no
        longer listed, and the caller reaps its own child); TimeoutError past `timeout` seconds.

        Safe against pid reuse: with cgroup.kill the kernel signals the tasks themselves and never
        looks at a pid number. With the freezer, the cgroup is frozen first: a frozen task cannot
        run, so it cannot fork, exit or leave, and the list read then is the whole cgroup. Each
        pid of it is pinned with a pidfd, and signalled through that pidfd only if the pid is
        still listed once the pidfd is open: a pidfd names one process for good, so if the pid had
        meanwhile been reused (a frozen task can still be OOM-killed and reaped), the signal
        fails instead of reaching a process outside. The cgroup is thawed afterwards, and the
        killed tasks die."""
        deadline = time.monotonic() + timeout
        while left := self.pids():
            if time.monotonic() > deadline:
                raise TimeoutError(f"cgroup {self.name}: {left} still alive after {timeout}s")
            if UNIFIED in self.paths:
                _write(self.paths[UNIFIED] / "cgroup.kill", 1)
            else:
                self._kill_frozen(deadline)
            time.sleep(0.001)

    def _kill_frozen(self, deadline: float) -> None:
        """Freeze, SIGKILL every process inside through a pidfd, thaw."""
        freezer = self.paths["freezer"]
        _write(freezer / "freezer.state", "FROZEN")
        try:
            while (freezer / "freezer.state").read_text().strip() != "FROZEN":
                if time.monotonic() > deadline:
                    raise TimeoutError(f"cgroup {self.name} did not freeze")
                time.sleep(0.001)
            pidfds = []
            for pid in _listed(freezer / "cgroup.procs"):
                with contextlib.suppress(ProcessLookupError):
                    pidfds.append((pid, os.pidfd_open(pid)))
            still_inside = set(_listed(freezer / "cgroup.procs"))
            for pid, pidfd in pidfds:
                with contextlib.suppress(ProcessLookupError):
                    if pid in still_inside:
                        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                os.close(pidfd)
        finally:
            _write(freezer / "freezer.state", "THAWED")

    def remove(self) -> None:
        """kill_all, then remove its folder in every hierarchy, and the torchkata folder above
        when no other worker's cgroup is left in it; idempotent."""
        self.kill_all()
        for path in self.paths.values():
            with contextlib.suppress(FileNotFoundError):
                path.rmdir()
            with contextlib.suppress(OSError):  # EBUSY: another worker's cgroup is in it
                path.parent.rmdir()


def _mkdir(path: Path) -> None:
    """Make a worker's cgroup folder, and the torchkata folder above it if need be."""
    while True:
        path.parent.mkdir(exist_ok=True)
        try:
            path.mkdir()
            return
        except FileNotFoundError:  # another grader removed the empty torchkata folder just now
            continue


def _write(path: Path, value: object) -> None:
    path.write_text(str(value))


def _listed(procs: Path) -> list[int]:
    """The pids in a cgroup.procs file; none when the cgroup is gone."""
    try:
        return [int(pid) for pid in procs.read_text().split()]
    except FileNotFoundError:
        return []
