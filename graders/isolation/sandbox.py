"""What confines a worker, applied inside it right after the fork, before any submission code.

The worker sees an allow-list, not a world with holes in it: the interpreter and its libraries
(read-only), its own copy of the submission (read-only) and a private scratch folder (its
current folder, $HOME and $TMPDIR), and nothing else. Three levels, the best this machine
allows, and every report names the one reached and what it covers (`describe`):

- "namespaces" (the grader runs as root and may create namespaces): a fresh minimal root
  (pivot_root into an empty tmpfs of SCRATCH_BYTES holding read-only bind mounts of the
  allow-list, a few devices, the submission and the scratch folder), no /proc, no network
  (a network namespace with no interface up), private SysV IPC (an IPC namespace), a user id of
  the worker's own (it cannot signal or trace the grader, RLIMIT_NPROC binds, its leftovers
  are killed by that id), and the seccomp filter below. Everything it writes is in that tmpfs,
  so its total is bounded by the kernel.
- "landlock" (any user, Linux with Landlock and libseccomp): Landlock's filesystem allow-list,
  its TCP rules (ABI 4) and its scoping of signals and abstract sockets to the worker (ABI 6),
  plus the seccomp filter. Writes go to a scratch folder the grader watches: past
  SCRATCH_BYTES, the worker is stopped (graders.grading.engine).
- "rlimits": neither is available. Only the limits below and a scrubbed environment; the
  filesystem and the network of the grader's user are reachable. `--require-sandbox` refuses
  to grade at this level.

Every level: a session of its own, limits on address space, CPU time, file size and core
dumps, an environment with nothing of the grader's, no file descriptor but its channel, and
standard output and error sent to /dev/null.

The seccomp filter (libseccomp, through pyseccomp) makes these fail with EPERM: creating
processes (fork, vfork, clone without CLONE_THREAD, clone3, execve) and so every helper process
and fork swarm; sockets of any family but AF_UNIX, and connect, bind, listen, accept (no
network, and no talking to a local server either); SysV IPC (shm*, sem*, msg*); anonymous
memory files (memfd_create: pages RLIMIT_AS does not count) and POSIX message queues (mq_*: a
note that would outlive the worker); ptrace and
process_vm_readv/writev; signals to any process but itself (kill, tgkill, pidfd_*); mount,
umount, pivot_root, chroot, unshare, setns; keyctl, bpf, perf_event_open, userfaultfd,
io_uring, kexec, module loading.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import resource
import shutil
import signal
import socket
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import graders
from graders.errors import NoRoom

NAMESPACES, LANDLOCK, RLIMITS = "namespaces", "landlock", "rlimits"
CONFINED = (NAMESPACES, LANDLOCK)  # what --require-sandbox accepts
REQUIREMENT = (
    "it needs root with the permission to create namespaces, "
    "or Linux's Landlock and libseccomp (pyseccomp)"
)
UID_BASE = 100_000  # a worker's user id is UID_BASE + its pid: unique among live processes
MAX_PROCESSES = 32
SCRATCH_BYTES = 256 * 2**20  # all a worker may write
SCRATCH_INODES = 4096
CLEAN_ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "OMP_NUM_THREADS": "1",
}
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
MINIMUM_ROOM = 512 * 2**20  # address space a worker needs above what it maps at the start


@dataclass(frozen=True)
class Limits:
    """What one submission may use in `torchkata grade`. The CPU time per exercise is counted by
    the grader (graders.isolation.launch), the rest bound by the kernel inside the worker."""

    timeout: float = 60.0  # seconds of CPU time per exercise, the submission's calls only
    memory: int = 4 * 2**30  # bytes of address space on top of what a fresh worker maps
    file_size: int = 64 * 2**20  # bytes, largest file the submission may write
    require_sandbox: bool = False  # refuse to grade below the levels in CONFINED

    @property
    def cpu(self) -> int:
        """RLIMIT_CPU, a backstop behind the grader's count: the whole budget twice over (the
        grader's explanations of a failure run in the worker too, off the budget), and a minute."""
        return int(2 * self.timeout + 60)


_libc = ctypes.CDLL(None, use_errno=True)

try:
    import pyseccomp as seccomp
except (ImportError, OSError):  # no binding, or no libseccomp on this machine
    seccomp = None


def worker_uid(pid: int) -> int:
    return UID_BASE + pid


# --- what the worker may read ------------------------------------------------------------------


@functools.cache
def kit_paths() -> tuple[str, ...]:
    """The grader's own code, never in a worker's view: the graders package and, when it runs
    from a checkout of the kit, the checkout (solutions/, tests/, .git, ...)."""
    package = graders.PACKAGE
    kit = package.parent
    return (str(package), *([str(kit)] if (kit / "pyproject.toml").is_file() else []))


def read_only_paths() -> list[str]:
    """The allow-list: the system's libraries, the interpreter, the virtualenv and every
    site-packages folder Python imports from (a virtualenv inside a checkout of the kit is
    allowed; the checkout itself is not: see hidden_inside)."""
    candidates = [
        "/usr",
        "/lib",
        "/lib64",
        "/lib32",
        "/bin",
        "/sbin",
        "/etc/ld.so.cache",
        sys.base_prefix,
        sys.prefix,
    ]
    candidates += [
        p
        for p in sys.path
        if os.path.isabs(p) and {"site-packages", "dist-packages"} & set(Path(p).parts)
    ]
    chosen: list[str] = []
    for path in sorted({os.path.realpath(p) for p in candidates if os.path.exists(p)}, key=len):
        if path not in kit_paths() and not any(
            path == c or path.startswith(c + "/") for c in chosen
        ):
            chosen.append(path)
    return chosen


def hidden_inside(allowed: list[str]) -> list[str]:
    """Kit paths that lie inside an allowed folder (graders/ in site-packages, say)."""
    return [k for k in kit_paths() if any(k.startswith(a + "/") for a in allowed)]


# --- confining -----------------------------------------------------------------------------------


def confine(submission: str, scratch: str, limits, uid: int | None = None) -> tuple[str, str, str]:
    """Confine this process (a fresh worker, nothing of the submission run yet) under its own
    user id `uid` where it runs as root. Returns (level, where the submission is, where the
    scratch folder is) as the worker now sees them. Raises NoRoom when the host's limits leave a
    worker too little room to run."""
    os.setsid()
    os.environ.clear()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
    sys.dont_write_bytecode = True
    mapped = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    why = room(limits, mapped)
    if why:
        raise NoRoom(why)
    sys.path[:] = [p for p in sys.path if os.path.isabs(p)]  # not the current folder: the scratch
    root = os.geteuid() == 0
    uid = worker_uid(os.getpid()) if uid is None else uid
    level = RLIMITS
    if root and _unshare():
        submission, scratch = _minimal_root(submission, scratch, uid)
        level = NAMESPACES
    elif _landlock_abi() >= 1 and seccomp is not None:
        level = LANDLOCK
        if root:
            os.chown(scratch, uid, uid)
    _rlimits(limits, mapped, processes=root)
    if root:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    if level == LANDLOCK:
        _restrict_with_landlock(read_only_paths(), submission, scratch)
    if seccomp is not None:
        _seccomp_filter().load()
    os.environ.update(CLEAN_ENVIRONMENT, HOME=scratch, TMPDIR=scratch)
    tempfile.tempdir = scratch  # tempfile may have chosen /tmp before the fork
    os.chdir(scratch)
    return level, submission, scratch


def describe(level: str) -> str:
    """What a level covers, in a line of the report."""
    abi = _landlock_abi()
    filtered = (
        (
            "seccomp (no processes, no sockets but AF_UNIX pairs, no SysV IPC, no ptrace, "
            "no signals to others)"
        )
        if seccomp
        else "no seccomp (pyseccomp or libseccomp missing)"
    )
    common = (
        "own session; rlimits (address space, CPU, file size); scrubbed environment; "
        "no inherited file descriptors; a timeout per exercise"
    )
    return {
        NAMESPACES: (
            "namespaces: a fresh minimal root (the interpreter and its libraries read-only, "
            f"the submission read-only, a {SCRATCH_BYTES // 2**20} MiB scratch tmpfs; no /proc); "
            f"no network; private IPC; own user id; {filtered}; {common}"
        ),
        LANDLOCK: (
            f"landlock (ABI {abi}): filesystem allow-list (the interpreter and its libraries "
            "read-only, the submission read-only, a scratch folder capped at "
            f"{SCRATCH_BYTES // 2**20} MiB by the grader); "
        )
        + ("TCP refused; " if abi >= 4 else "")
        + ("signals and abstract sockets scoped to the worker; " if abi >= 6 else "")
        + f"{filtered}; {common}",
        RLIMITS: (
            f"rlimits only: {common}; {filtered}; "
            "the files and the network of the grader's user are reachable"
        ),
    }[level]


def _unshare() -> bool:
    return (
        _libc.unshare(0x00020000 | 0x40000000 | 0x08000000) == 0
    )  # CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC


_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = (
    1,
    2,
    4,
    32,
    4096,
    16384,
    1 << 18,
)


def _mount(source, target, fstype, flags, data=None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"mount {target}: {os.strerror(code)}")


def _minimal_root(submission: str, mountpoint: str, uid: int) -> tuple[str, str]:
    """Build the worker's root in a tmpfs mounted over `mountpoint` (an empty folder of the
    grader's, in this private mount namespace only) and pivot into it."""
    try:
        _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
        new = mountpoint
        _mount(
            "tmpfs",
            new,
            "tmpfs",
            _MS_NOSUID | _MS_NODEV,
            f"mode=0755,size={SCRATCH_BYTES},nr_inodes={SCRATCH_INODES}",
        )
        allowed = read_only_paths()
        for path in allowed:
            _bind(path, new + path, read_only=True)
        for path in hidden_inside(allowed):
            _mount(
                "tmpfs",
                new + path,
                "tmpfs",
                _MS_RDONLY | _MS_NOSUID | _MS_NODEV,
                "size=4k,mode=0755",
            )
        for link in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
            if os.path.islink(link) and not os.path.lexists(new + link):
                os.symlink(os.readlink(link), new + link)
        os.makedirs(new + "/dev", mode=0o755)
        _mount("tmpfs", new + "/dev", "tmpfs", _MS_NOSUID, "size=4k,mode=0755")
        for device in DEVICES:
            if os.path.exists(device):
                _bind(device, new + device, read_only=False)
        shutil.copytree(submission, new + "/submission", symlinks=True)
        for folder, mode in (("/scratch", 0o700), ("/tmp", 0o1777), ("/dev/shm", 0o1777)):
            os.makedirs(new + folder, exist_ok=True)
            os.chmod(new + folder, mode)
        os.chown(new + "/scratch", uid, uid)
        os.mkdir(new + "/.old")
        if (
            _libc.syscall(
                _PIVOT_ROOT.get(os.uname().machine, -1), new.encode(), (new + "/.old").encode()
            )
            != 0
        ):
            raise OSError(ctypes.get_errno(), "pivot_root")
        os.chdir("/")
        if _libc.umount2(b"/.old", 2) != 0:  # MNT_DETACH
            raise OSError(ctypes.get_errno(), "umount /.old")
        os.rmdir("/.old")
    except OSError:
        os._exit(70)  # half a sandbox is no sandbox: the grader sees a worker that did not start
    return "/submission", "/scratch"


def _bind(source: str, target: str, read_only: bool) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(source, target, None, _MS_BIND | _MS_REC)
    if read_only:
        _mount(None, target, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)


def _rlimits(limits, mapped: int, processes: bool) -> None:
    """The kernel's limits. A lower limit the grader inherited (a host's `ulimit -v`) is used as
    it is; the CPU limit warns first (SIGXCPU), then kills five seconds later."""
    chosen = [
        (resource.RLIMIT_AS, mapped + limits.memory, 0),
        (resource.RLIMIT_CPU, limits.cpu, 5),
        (resource.RLIMIT_FSIZE, limits.file_size, 0),
        (resource.RLIMIT_CORE, 0, 0),
    ]
    if processes:  # RLIMIT_NPROC counts per user: it only binds once the worker has its own
        chosen.append((resource.RLIMIT_NPROC, MAX_PROCESSES, 0))
    for limit, value, grace in chosen:
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value, grace = min(value, hard), min(value + grace, hard) - min(value, hard)
        resource.setrlimit(limit, (value, value + grace))


def room(limits, mapped: int) -> str | None:
    """Why a worker cannot run here (a host's address-space limit leaves torch too little room),
    or None: a fault of the host's set-up, never of the submission."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY and hard - mapped < MINIMUM_ROOM:
        return (
            f"this host limits a process's address space to {hard / 2**30:.1f} GiB (ulimit -v), "
            f"and a worker maps {mapped / 2**30:.1f} GiB before the submission runs: that leaves "
            f"less than {MINIMUM_ROOM // 2**20} MiB; raise the limit or lift it"
        )
    return None


# --- Landlock ------------------------------------------------------------------------------------

_LL_CREATE, _LL_ADD, _LL_RESTRICT = 444, 445, 446  # the same number on every architecture
_FS_EXECUTE, _FS_WRITE, _FS_READ, _FS_READ_DIR = 1, 2, 4, 8
_FS_ALL_ABI1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FILE_RIGHTS = _FS_EXECUTE | _FS_WRITE | _FS_READ | _FS_TRUNCATE | _FS_IOCTL_DEV
_MAKE = (
    (1 << 7) | (1 << 8) | (1 << 4) | (1 << 5)
)  # make dir, make regular file, remove dir, remove file


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _landlock_abi() -> int:
    abi = _libc.syscall(
        _LL_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1)
    )  # LANDLOCK_CREATE_RULESET_VERSION
    return max(abi, 0)


def _restrict_with_landlock(read_only: list[str], submission: str, scratch: str) -> None:
    """Allow reading `read_only` and `submission`, reading and writing `scratch` and the
    devices, and nothing else; refuse TCP (ABI 4) and scope signals and abstract sockets to this
    process (ABI 6). Raises OSError when the kernel refuses."""
    abi = _landlock_abi()
    handled = (
        _FS_ALL_ABI1
        | (_FS_REFER if abi >= 2 else 0)
        | (_FS_TRUNCATE if abi >= 3 else 0)
        | (_FS_IOCTL_DEV if abi >= 5 else 0)
    )
    attr = _RulesetAttr(handled, 3 if abi >= 4 else 0, 3 if abi >= 6 else 0)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = _libc.syscall(
        _LL_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
    )
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    read = _FS_EXECUTE | _FS_READ | _FS_READ_DIR
    write = read | _FS_WRITE | _MAKE | (_FS_TRUNCATE if abi >= 3 else 0)
    try:
        rules = [(p, read) for p in _expanded(read_only)] + [(submission, read), (scratch, write)]
        rules += [(d, _FS_READ | _FS_WRITE) for d in DEVICES if os.path.exists(d)]
        for path, rights in rules:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                if not os.path.isdir(path):
                    rights &= _FILE_RIGHTS
                rule = _PathBeneath(rights & handled, fd)
                if _libc.syscall(_LL_ADD, ruleset, 1, ctypes.byref(rule), 0) != 0:
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        if _libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            raise OSError(ctypes.get_errno(), "no_new_privs")
        if _libc.syscall(_LL_RESTRICT, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)


def _expanded(allowed: list[str]) -> list[str]:
    """The allowed paths, with any that holds a kit path replaced by its other children (a
    Landlock rule cannot make an exception inside the folder it allows)."""
    out = []
    for path in allowed:
        inner = [h for h in kit_paths() if h.startswith(path + "/")]
        if not inner:
            out.append(path)
            continue
        out += _expanded(
            [
                os.path.join(path, child)
                for child in sorted(os.listdir(path))
                if not any(h == os.path.join(path, child) for h in inner)
            ]
        )
    return out


# --- seccomp -------------------------------------------------------------------------------------

_DENIED = (
    "fork",
    "vfork",
    "execve",
    "execveat",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "memfd_create",
    "memfd_secret",
    "mq_open",
    "mq_unlink",
    "mq_timedsend",
    "mq_timedreceive",
    "mq_notify",
    "mq_getsetattr",
    "shmget",
    "shmat",
    "shmdt",
    "shmctl",
    "semget",
    "semop",
    "semtimedop",
    "semctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "pidfd_open",
    "pidfd_send_signal",
    "pidfd_getfd",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "open_tree",
    "move_mount",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "mount_setattr",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "acct",
)
_CLONE_THREAD = 0x00010000
_CLONE_NAMESPACES = (
    0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x20000000 | 0x40000000 | 0x00000080
)  # NEWNS, CGROUP, UTS, IPC, PID, NET, TIME


def _seccomp_filter():
    """The filter described in the module docstring: allow by default, deny what is listed."""
    deny = seccomp.ERRNO(errno.EPERM)
    pid = os.getpid()
    f = seccomp.SyscallFilter(seccomp.ALLOW)
    for name in _DENIED:
        try:
            f.add_rule(deny, name)
        except (OSError, ValueError, RuntimeError):  # a name this architecture does not have
            pass
    f.add_rule(
        deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, _CLONE_THREAD, 0)
    )  # a process, not a thread
    for flag in (1 << i for i in range(32) if _CLONE_NAMESPACES >> i & 1):
        f.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    f.add_rule(
        seccomp.ERRNO(errno.ENOSYS), "clone3"
    )  # its flags cannot be inspected: threads fall back to clone
    f.add_rule(deny, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    f.add_rule(deny, "socketpair", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    for name, arg in (("kill", 0), ("tgkill", 0), ("rt_sigqueueinfo", 0), ("rt_tgsigqueueinfo", 0)):
        f.add_rule(deny, name, seccomp.Arg(arg, seccomp.NE, pid))
    f.add_rule(deny, "tkill")
    return f


# --- ending a worker -----------------------------------------------------------------------------


def kill_group(pid: int) -> None:
    """Kill the worker's process group (the worker, and what it started in its session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_leftovers(pid: int, level: str) -> None:
    """After the worker is collected: kill its process group again and, at the namespaces level,
    every process that runs under the worker's user id (those that left the group too)."""
    kill_group(pid)
    if level == NAMESPACES:
        _kill_user(worker_uid(pid))


def _kill_user(uid: int) -> None:
    """SIGKILL every process of `uid`, until none is left."""
    for _ in range(50):  # a fork swarm may fork while it is being killed
        found = _pids_of(uid)
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
