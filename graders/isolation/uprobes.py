"""Count, from outside a worker process, how often it runs libtorch's autograd machinery.

Some exercises ask for gradients computed by hand. A guard inside the worker (patching
torch.autograd, say) can be undone by the code it guards, so when the grader runs as root it
also counts from outside. It puts uprobes (breakpoints the kernel keeps in a file's code) on the
entry of a few C++ functions of libtorch_cpu.so and opens perf counters on them for the worker's
pid, in counting mode: each time a thread of the worker executes a probed instruction, the
kernel adds one. The worker can neither see nor reset the counters, and other processes are
not counted (nor even trapped, but for the grader, which holds the probes: see below).

What is counted (ROUTES): "reverse" is an entry into the autograd engine (tensor.backward,
torch.autograd.grad and .functional, torch.func.grad, vjp, jacrev); "forward" is forward-mode AD:
entering a dual level, or attaching a tangent to a tensor, which make_dual and every operation on
a dual tensor do (torch.autograd.forward_ad, torch.func.jvp, jacfwd). A count is a number of
probe hits: one backward() counts 1, torch.autograd.functional.jacobian one per output, forward
mode one per tangent. What matters is whether a count grew.

How: each route is one uprobe event of tracefs (uprobe_events) with a probe per symbol, defined
once per grader process; perf_event_open opens a tracepoint counter on it per worker, with
inherit, so that threads the worker creates later count too. (Not perf's "uprobe" PMU: an
inherited copy of such an event re-reads the file's path from the memory of the thread that
calls clone, with that thread's privileges, so every thread the unprivileged worker started
would fail.) Where tracefs is not mounted, a helper thread mounts it in a mount namespace of its
own, which nothing else sees. The grader keeps a counter of its own on each event (an "anchor"),
so the probes stay registered: registering or unregistering one costs ~70 ms, under a lock the
whole machine shares, while opening and closing a worker's counters then costs microseconds.
At exit the grader removes its events; those of a grader killed before are removed by the next.

Open the counter right after the worker starts, while it has one thread: a counter for a pid
follows that thread and every thread or process it creates later, not those it already has.
After the worker exits, read() still returns its final totals.

What it cannot see:
- torch's derivatives computed without an engine: a node of the graph called by hand
  (`y.grad_fn(g)` runs that node's backward formula; walking `grad_fn.next_functions` chains
  them), or derivative kernels called directly (`torch.ops.aten.threshold_backward`,
  `torch.nn.grad.conv2d_weight`, ...). None of the public routes does that; a hostile
  submission can;
- threads the worker had before its counter opened;
- a copy of libtorch_cpu.so loaded from another file: a probe belongs to a file (an inode);
- anything, if the worker imports a torch other than the one this process finds.

ROUTES holds mangled names (their demangled form in comments), looked up in the dynamic symbol
table of torch/lib/*.so; another build of torch may lack one, which unavailable() then names.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import functools
import importlib.util
import mmap
import os
import platform
import secrets
import struct
import threading
from pathlib import Path

ROUTES: dict[str, tuple[str, ...]] = {
    "reverse": (
        # torch::autograd::Engine::execute(roots, grads, keep_graph, create_graph,
        # accumulate_grad, outputs): where every backward() and grad() enters the engine.
        "_ZN5torch8autograd6Engine7executeERKSt6vectorINS0_4EdgeESaIS3_EERKS2_IN2at6TensorE"
        "SaIS9_EEbbbS7_",
        # torch::distributed::autograd::DistEngine::execute(context_id, roots, retain_graph):
        # torch.distributed.autograd.backward, whose engine runs the graph without calling
        # Engine::execute (and runs without RPC, after torch.distributed.autograd._init(0)).
        "_ZN5torch11distributed8autograd10DistEngine7executeElRKSt6vectorIN2at6TensorESaIS5_EEb",
    ),
    "forward": (
        # torch::autograd::forward_ad::enter_dual_level(): the only way to create a level at
        # which tensors carry tangents.
        "_ZN5torch8autograd10forward_ad16enter_dual_levelEv",
        # torch::autograd::AutogradMeta::set_fw_grad(tensor, tangent, level, is_inplace):
        # attaches a tangent to a tensor, for make_dual and every operation on dual tensors.
        "_ZN5torch8autograd12AutogradMeta11set_fw_gradERKN2at10TensorBaseES5_mb",
    ),
}

_PERF_EVENT_OPEN = {"x86_64": 298, "aarch64": 241}  # the syscall's number per machine


def unavailable() -> str | None:
    """None when counting works here; else a short reason why not.

    Trying defines this process's probes, which every AutogradCounter then uses.
    """
    if platform.machine() not in _PERF_EVENT_OPEN:
        return f"perf_event_open's syscall number is unknown on {platform.machine()}"
    if os.geteuid() != 0:
        return "not root: defining uprobes needs root"
    for route, symbols in ROUTES.items():
        for symbol in symbols:
            try:
                _locate(symbol)
            except LookupError as missing:
                return f"{route}: {missing}"
    try:  # the kernel may still refuse (no uprobes, seccomp, lockdown)
        _tracepoints()
    except OSError as refused:
        return f"cannot count: {refused}"
    return None


class AutogradCounter:
    """Counts, per route of ROUTES, the worker's entries into autograd since the counter opened.

    Also a context manager, which closes it.
    """

    def __init__(self, pid: int):
        """Open a counter per route for `pid`; raises OSError on failure.

        `pid` must have a single thread: threads it already has would not be counted.
        """
        threads = len(os.listdir(f"/proc/{pid}/task"))
        if threads > 1:
            raise OSError(f"process {pid} already has {threads} threads; they would not count")
        self._fds: dict[str, int] | None = {}
        try:
            for route, event_id in _tracepoints().items():
                self._fds[route] = _open_tracepoint(event_id, pid, inherit=True)
        except BaseException:
            self.close()
            raise

    def read(self) -> dict[str, int]:
        """{"reverse": n, "forward": m}: probe hits since the counter opened.

        Works after the process has exited (the totals are then final); ValueError once closed.
        """
        if self._fds is None:
            raise ValueError("read() on a closed AutogradCounter")
        return {route: struct.unpack("=Q", os.read(fd, 8))[0] for route, fd in self._fds.items()}

    def close(self) -> None:
        """Close the counters; closing twice is harmless."""
        for fd in (self._fds or {}).values():
            os.close(fd)
        self._fds = None

    def __enter__(self) -> AutogradCounter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# Events --------------------------------------------------------------------------------------

_GROUP = "torchkata"  # tracefs's group of our events: torchkata/<route>_<pid>_<random>


@functools.cache
def _tracepoints() -> dict[str, int]:
    """route -> the id of its event, defined (and anchored) once per process."""
    try:
        probes = {route: [_locate(symbol) for symbol in ROUTES[route]] for route in ROUTES}
    except LookupError as missing:
        raise OSError(str(missing)) from None
    suffix = f"{os.getpid()}_{secrets.token_hex(4)}"
    events = {f"{route}_{suffix}": targets for route, targets in probes.items()}
    control, ids = _in_tracefs(_define, events)
    anchors = []
    try:
        for event_id in ids:  # this process's main thread: it need not count, only hold
            anchors.append(_open_tracepoint(event_id, os.getpid(), inherit=False))
    except BaseException:
        _undefine(control, anchors, list(events))
        raise
    atexit.register(_undefine, control, anchors, list(events))
    return dict(zip(ROUTES, ids))


def _define(tracefs: Path, events: dict[str, list[tuple[str, int]]]) -> tuple[int, list[int]]:
    """Define each event, with a probe at each of its (path, offset). All or none.

    Returns uprobe_events open for writing, the way to remove the events later (even once the
    mount is gone, and at exit, where no helper thread may start), and the events' ids.
    """
    control = os.open(tracefs / "uprobe_events", os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
    try:
        _remove_leftovers(tracefs, control)
        for event, targets in events.items():
            for path, offset in targets:
                if any(c.isspace() for c in path):
                    raise OSError(f"uprobe_events cannot take a path with a space: {path}")
                os.write(control, f"p:{_GROUP}/{event} {path}:{offset:#x}\n".encode())
        events_dir = tracefs / "events" / _GROUP
        return control, [int((events_dir / event / "id").read_text()) for event in events]
    except BaseException:
        _remove(control, list(events))
        os.close(control)
        raise


def _remove_leftovers(tracefs: Path, control: int) -> None:
    """Remove the events of graders that died without removing theirs (killed, say)."""
    for line in (tracefs / "uprobe_events").read_text().splitlines():
        group, _, event = line.split()[0].partition(":")[2].partition("/")
        if group == _GROUP and not Path("/proc", event.split("_")[-2]).exists():
            _remove(control, [event])


def _undefine(control: int, anchors: list[int], events: list[str]) -> None:
    for fd in anchors:
        os.close(fd)
    _remove(control, events)
    os.close(control)


def _remove(control: int, events: list[str]) -> None:
    """Remove events; one not defined (ENOENT) or still counted elsewhere (EBUSY) is left."""
    for event in events:
        try:
            os.write(control, f"-:{_GROUP}/{event}\n".encode())
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.EBUSY):
                raise


_CLONE_NEWNS, _MS_REC, _MS_PRIVATE = 0x00020000, 1 << 14, 1 << 18
_TRACEFS = Path("/sys/kernel/tracing")  # where sysfs leaves room for it


def _in_tracefs(work, *args):
    """work(tracefs, *args), tracefs being a folder where tracefs is mounted.

    The system's mount if it has one; else a helper thread mounts tracefs at /sys/kernel/tracing
    in a mount namespace of its own (invisible to the rest of the system, and gone with the
    thread) and runs `work` there. The events are the kernel's, the same through any mount.
    """
    for line in Path("/proc/self/mounts").read_text().splitlines():
        _, folder, kind, *_ = line.split()
        if kind == "tracefs" and Path(folder, "uprobe_events").exists():
            return work(Path(folder), *args)
    outcome = {}

    def helper():
        try:
            _check(_libc.unshare(_CLONE_NEWNS), "unshare(CLONE_NEWNS)")
            _check(_libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "mount / private")
            _check(_libc.mount(b"tracefs", bytes(_TRACEFS), b"tracefs", 0, None), "mount tracefs")
            outcome["result"] = work(_TRACEFS, *args)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=helper, name="tracefs")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"{what}: {os.strerror(code)}")


# perf_event_open ---------------------------------------------------------------------------


class _PerfEventAttr(ctypes.Structure):
    """The first 64 bytes of struct perf_event_attr (PERF_ATTR_SIZE_VER0), all that a counting
    tracepoint needs: the kernel reads the fields of later versions as zero."""

    _fields_ = [
        ("type", ctypes.c_uint32),  # PERF_TYPE_TRACEPOINT
        ("size", ctypes.c_uint32),
        ("config", ctypes.c_uint64),  # the event's id, from tracefs
        ("sample_period", ctypes.c_uint64),  # 0: count, never sample
        ("sample_type", ctypes.c_uint64),
        ("read_format", ctypes.c_uint64),  # 0: read() gives one u64, the count
        ("flags", ctypes.c_uint64),  # the bit field: disabled, inherit, ... exclude_kernel ...
        ("wakeup_events", ctypes.c_uint32),
        ("bp_type", ctypes.c_uint32),
        ("config1", ctypes.c_uint64),
    ]


_PERF_TYPE_TRACEPOINT = 2
_INHERIT = 1 << 1  # count the threads and processes it creates later too
_EXCLUDE_KERNEL = 1 << 5  # a uprobe fires on a user-space instruction: this drops nothing
_EXCLUDE_HV = 1 << 6
_PERF_FLAG_FD_CLOEXEC = 1 << 3

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def _open_tracepoint(event_id: int, pid: int, inherit: bool) -> int:
    """A counter of the tracepoint `event_id` for `pid` (and, if `inherit`, its later threads)."""
    attr = _PerfEventAttr(
        type=_PERF_TYPE_TRACEPOINT,
        size=ctypes.sizeof(_PerfEventAttr),
        config=event_id,
        flags=(_INHERIT if inherit else 0) | _EXCLUDE_KERNEL | _EXCLUDE_HV,
    )
    fd = _libc.syscall(
        ctypes.c_long(_PERF_EVENT_OPEN[platform.machine()]),
        ctypes.byref(attr),
        ctypes.c_long(pid),
        ctypes.c_long(-1),  # cpu: any
        ctypes.c_long(-1),  # group_fd: none
        ctypes.c_ulong(_PERF_FLAG_FD_CLOEXEC),
    )
    if fd < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"perf_event_open(pid={pid}): {os.strerror(code)}")
    return fd


# Symbols -----------------------------------------------------------------------------------


def _locate(symbol: str) -> tuple[str, int]:
    """(path of the torch library that defines `symbol`, file offset of its code)."""
    spec = importlib.util.find_spec("torch")  # finds torch without importing it (1.5 s)
    if spec is None or spec.origin is None:
        raise LookupError("torch is not installed")
    libraries = sorted(Path(spec.origin).parent.joinpath("lib").glob("*.so"))
    libraries.sort(key=lambda library: library.name != "libtorch_cpu.so")  # the likely one first
    for library in libraries:
        stat = library.stat()
        offset = _symbol_offset(str(library), stat.st_ino, stat.st_mtime_ns, symbol)
        if offset is not None:
            return str(library), offset
    raise LookupError(f"{symbol} is not in {len(libraries)} libraries of torch/lib")


_ELF_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")  # Elf64_Ehdr
_SECTION = struct.Struct("<IIQQQQIIQQ")  # Elf64_Shdr: name type flags addr offset size link ...
_SEGMENT = struct.Struct("<IIQQQQQQ")  # Elf64_Phdr: type flags offset vaddr paddr filesz ...
_SYMBOL = struct.Struct("<IBBHQQ")  # Elf64_Sym: name info other shndx value size
_SHT_DYNSYM, _SHT_GNU_HASH, _PT_LOAD = 11, 0x6FFFFFF6, 1


@functools.cache
def _symbol_offset(path: str, inode: int, mtime_ns: int, symbol: str) -> int | None:
    """The file offset of `symbol`'s code in the ELF file at `path`, None if it defines none.

    Looks it up as the dynamic linker does, through .gnu.hash: a few pages of the file are read,
    not its hundreds of megabytes. `inode` and `mtime_ns` only key the cache.
    """
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as elf:
        ident, *_, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum, _ = (
            _ELF_HEADER.unpack_from(elf)
        )
        if ident[:6] != b"\x7fELF\x02\x01":
            raise LookupError(f"{path} is not a 64-bit little-endian ELF file")
        sections = [_SECTION.unpack_from(elf, shoff + i * shentsize) for i in range(shnum)]
        by_type = {section[1]: section for section in sections}
        if _SHT_GNU_HASH not in by_type or _SHT_DYNSYM not in by_type:
            return None
        symbols = by_type[_SHT_DYNSYM][4]
        strings = sections[by_type[_SHT_DYNSYM][6]][4]  # .dynstr, the section dynsym links to
        index = _gnu_hash_lookup(elf, by_type[_SHT_GNU_HASH][4], symbol.encode(), symbols, strings)
        if index is None:
            return None
        _, _, _, shndx, address, _ = _SYMBOL.unpack_from(elf, symbols + index * _SYMBOL.size)
        if shndx == 0:  # undefined here: imported from another library
            return None
        for i in range(phnum):  # the address -> the file offset, through its loaded segment
            kind, _, offset, vaddr, _, filesz, _, _ = _SEGMENT.unpack_from(
                elf, phoff + i * phentsize
            )
            if kind == _PT_LOAD and vaddr <= address < vaddr + filesz:
                return address - vaddr + offset
        return None


def _gnu_hash_lookup(elf: mmap.mmap, table: int, name: bytes, symbols: int, strings: int):
    """The index in .dynsym of `name`, or None, from the .gnu.hash table at offset `table`.

    The table: a header, a Bloom filter (skipped: it only speeds up misses), one bucket per hash
    value modulo nbuckets holding the first symbol index of that bucket, then one hash per
    symbol from `first` on, the bucket's last one marked by its low bit.
    """
    nbuckets, first, bloom_words, _ = struct.unpack_from("<4I", elf, table)
    buckets = table + 16 + 8 * bloom_words
    hashes = buckets + 4 * nbuckets
    wanted = 5381
    for byte in name:
        wanted = (wanted * 33 + byte) & 0xFFFFFFFF
    (index,) = struct.unpack_from("<I", elf, buckets + 4 * (wanted % nbuckets))
    while index != 0:
        (found,) = struct.unpack_from("<I", elf, hashes + 4 * (index - first))
        if found | 1 == wanted | 1:
            name_at = strings + _SYMBOL.unpack_from(elf, symbols + index * _SYMBOL.size)[0]
            if elf[name_at : name_at + len(name) + 1] == name + b"\0":
                return index
        if found & 1:
            return None
        index += 1
    return None
