"""The worker: the only process that runs a submission's code.

The grader keeps the judges, the references and the scores; it asks the worker to import the
exercise ("load") and to run probes by name ("run"), and reads back plain data through
graders.inside.channel. A worker serves one exercise of one submission and is then thrown away.

What a worker holds is the door (graders.inside.door), the problems it builds inputs from
(graders.problems) and its exercise's probes (graders.inside.probes), bound once, before the
submission is imported, together with the exercise's "by hand" rules (graders.inside.guards), which
it keeps for its whole life. Nothing here knows an answer. And everything that happens here is the
submission's: an exception raised anywhere in the worker, in the student's code or in a probe
that met something of the student's it could not use, is that check's failure with its message.
Only the grader's own process can have a grader error.

Workers start in one of two ways (graders.isolation.launch):
- confined (`torchkata grade`): forked from a pristine process (graders.isolation.zygote) that
imported
  only what a worker needs; the worker closes every file descriptor but its channel, confines
  itself (graders.isolation.sandbox) and forgets the kit's modules before it answers;
- forked from the front end itself (pytest, `torchkata watch`, a notebook's kernel: the
  student's own machine), with the same memory limit and the same request loop.
"""

from __future__ import annotations

import importlib
import os
import random
import resource
import signal
import sys

import torch

from graders import errors
from graders.catalog import EXERCISES
from graders.errors import CheckFailed, NotImplementedYet, SubmissionRaised
from graders.inside import channel, door, guards, plain, probes
from graders.problems import seed_torch

MEMORY = 4 * 2**30  # bytes of address space a worker may add to what it maps when it starts


def prepare(lazy: bool = False) -> None:
    """What every worker needs, imported once before the first fork: every exercise's probes,
    and the parts of torch it imports lazily (torch._dynamo: 1 to 2 s the first time an
    optimizer is built or a meta kernel written in Python runs), unless `lazy`: then each worker
    imports them itself, while the grader draws its examples (one exercise in student mode).
    torch also picks its CPU kernels here, while /proc and /sys are visible (a confined worker
    sees neither, and would fall back to kernels that round differently). Imports and queries
    only: no torch operation runs, so no thread pool exists to be broken by the fork."""
    if not lazy:
        importlib.import_module("torch._dynamo")
    for exercise in EXERCISES:
        probes.module(exercise)
    torch.backends.cpu.get_cpu_capability()


class Serving:
    """One exercise of one submission, as a worker serves it: its probes, bound once, and the
    submission, imported on the first "load"."""

    def __init__(self, exercise: str, source):
        self.exercise = exercise
        self.table = probes.table(exercise)
        self.source = source  # the submission's folder, or a notebook's namespace
        self.submission: door.Submission | None = None
        self.failed: tuple | None = None  # the reply of an import that failed

    def answer(self, request) -> tuple:
        """The reply to one request: ("ok", value), ("raised" | "failed", message, detail), or
        ("not-implemented", where)."""
        try:
            kind = request[0]
            if kind == "load":
                self._load()
                return ("ok", None)
            _, name, args = request
            self._load()
            door.serving(self.submission)
            probe = self.table.get(name)
            if probe is None:
                return ("raised", f"the worker of {self.exercise} has no probe {name}", None)
            _seed_everything()  # a submission that draws random numbers is still deterministic
            return ("ok", probe(self.submission, *args))
        except _Reply as reply:
            return reply.args[0]
        except NotImplementedYet as stub:
            return ("not-implemented", stub.where)
        except SubmissionRaised as raised:
            return ("raised", raised.message, raised.detail)
        except CheckFailed as failed:
            return ("failed", failed.message, failed.detail)
        except BaseException as error:  # noqa: BLE001 - everything here is the submission's
            if isinstance(error, KeyboardInterrupt):
                raise
            return (
                "raised",
                f"the grader could not use what your code gave it: {door.named(error)}",
                self.submission.where(error) if self.submission else None,
            )

    def _load(self) -> None:
        if self.failed is not None:
            raise _Reply(self.failed)
        if self.submission is not None:
            return
        try:
            if isinstance(self.source, dict):
                self.submission = door.from_namespace(self.source, self.exercise)
            else:
                self.submission = door.load(self.source, self.exercise)
        except NotImplementedYet as stub:
            self.failed = ("not-implemented", stub.where)
        except SubmissionRaised as raised:
            self.failed = ("raised", raised.message, raised.detail)
        if self.failed is not None:
            raise _Reply(self.failed)
        door.serving(self.submission)


def _seed_everything() -> None:
    """Seed every generator a submission might draw from before each probe: torch's, Python's
    `random` and numpy's global one (where numpy is loaded), so that the same code gives the
    same answers in any worker, whatever ran in it before."""
    seed_torch(0)
    random.seed(0)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(0)


class _Reply(Exception):
    """A reply already made (an import that failed, given again for every request)."""


def encoded(reply: tuple) -> bytes:
    """A reply as bytes; a value beyond plain data's budgets is the submission's failure."""
    try:
        return plain.encode(reply)
    except errors.PlainDataError as error:
        return plain.encode(
            ("raised", f"your code returned more than the grader accepts: {error}", None)
        )


def serve(fd: int, serving: Serving, warm: bool = False) -> None:
    """Answer the grader's requests on channel `fd` until it closes the channel. With `warm`,
    once the first "load" is answered, import what torch imports lazily (see prepare) and say
    ("warm",): the grader draws its examples meanwhile, and reads that before its next request,
    so that none of it is counted as the submission's time."""
    while True:
        try:
            request = plain.decode(channel.receive(fd), records=True)
        except EOFError:
            os._exit(0)
        channel.send(fd, encoded(serving.answer(request)))
        if warm and request[:1] == ("load",):
            importlib.import_module("torch._dynamo")
            channel.send(fd, plain.encode(("warm",)))
            warm = False


def limit_memory(memory: int = MEMORY) -> int:
    """Cap this process's address space at what it maps now plus `memory`, or at a lower limit
    it inherited (a host's `ulimit -v`); returns the cap."""
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = mapped + memory if hard == resource.RLIM_INFINITY else min(hard, mapped + memory)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return cap


def forked(fd: int, exercise: str, source, status, quiet: bool, lazy: bool) -> None:
    """A worker forked from a front end (pytest, watch, a notebook's kernel): its request loop,
    under the exercise's rules and the memory limit. `quiet`: what the submission prints goes to
    /dev/null (a notebook's kernel or watch's screen is not its to write on); else it keeps the
    front end's terminal (print() and a debugger work under pytest). `lazy`: the front end did
    not import what torch imports lazily (see prepare and serve). Never returns."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the front end's to handle
        if quiet:
            devnull = os.open(os.devnull, os.O_RDWR)
            for std in (0, 1, 2):
                os.dup2(devnull, std)
            sys.stdin = sys.stdout = sys.stderr = open(os.devnull, "r+")  # noqa: SIM115
        torch.set_num_threads(1)
        serving = Serving(exercise, source)
        guards.install(probes.rules(exercise))
        door.serving(None, status)
        limit_memory()
        channel.send(fd, plain.encode(("ready", "none")))
        serve(fd, serving, warm=lazy)
    finally:
        os._exit(1)


def start(fd: int, status, exercise: str, folder: str, scratch: str, limits: tuple, uid, confine):
    """A worker forked from the zygote (graders.isolation.zygote): it keeps only its channel,
    confines itself (with `confine`; else only the memory limit, for a GPU in student mode), forgets
    the kit's modules, then serves. Never returns."""
    try:
        from graders.isolation import sandbox

        os.closerange(3, fd)
        os.closerange(fd + 1, 2**16)
        if confine:
            try:
                level, folder, scratch = sandbox.confine(
                    folder, scratch, sandbox.Limits(*limits), uid
                )
            except errors.NoRoom as why:
                channel.send(fd, plain.encode(("unable", str(why))))
                os._exit(0)
        else:
            level = "none"
            limit_memory()
        torch.set_num_threads(1)
        serving = Serving(exercise, folder)
        guards.install(probes.rules(exercise))
        door.serving(None, status)
        for name in [n for n in sys.modules if n == "graders" or n.startswith("graders.")]:
            del sys.modules[name]  # the submission cannot import the kit (its files are hidden)
        channel.send(fd, plain.encode(("ready", level)))
        serve(fd, serving)
    finally:
        os._exit(1)
