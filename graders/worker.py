"""The worker: the only process that runs a submission's code.

The grader (graders.engine) keeps the judges, the references and the scores; it sends the
worker requests ("import exercise E", "run probe P of E on these arguments") and reads back
plain data through graders.channel. A worker serves one exercise of one submission and is
then thrown away.

Workers are forked from a pristine process (graders.zygote), which imported this module:
torch and every grader module are imported there once. Right after the fork, before any
submission code, a worker closes every file descriptor but its channel, confines itself
(graders.sandbox), and forgets the kit: the grader modules leave `sys.modules`, so a
submission cannot import them (their files are outside its view); the worker keeps its own
references to the probes.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import torch
import torch._dynamo  # noqa: F401 - see below

from graders import catalog, channel, plain, sandbox
from graders.feedback import (
    CheckFailed,
    GraderError,
    IntegrityFlag,
    NotImplementedYet,
    SubmissionRaised,
)
from graders.probe import Runner

# Loaded before the fork, shared by every worker: the grader modules (their probes), and
# torch._dynamo, which torch imports lazily the first time an optimizer is built or a file is
# torch.load-ed (1.5 s, that every worker would otherwise pay). Imports only: no torch
# operation runs before the fork.
for _exercise in catalog.EXERCISES:
    catalog.grader(_exercise)
# torch picks its CPU kernels (AVX2, AVX512, ...) the first time it needs them, by reading
# /proc/cpuinfo and /sys: here, while they are visible (a sandboxed worker sees neither and would
# fall back to kernels that round differently). A query, not a tensor operation: no thread pool
# starts before the fork.
CPU_CAPABILITY = torch.backends.cpu.get_cpu_capability()
KIT = {
    name: module
    for name, module in sys.modules.items()
    if name == "graders" or name.startswith("graders.")
}


@dataclass(frozen=True)
class Limits:
    """What one submission may use. The wall-clock timeout is enforced by the grader, the rest
    by the kernel (rlimits) inside the worker."""

    timeout: float = 60.0  # seconds of wall clock per exercise
    memory: int = 4 * 2**30  # bytes of address space on top of what a fresh worker maps
    cpu: int = 15 * 60  # seconds of CPU time
    file_size: int = 64 * 2**20  # bytes, largest file the submission may write
    require_sandbox: bool = False  # refuse to grade below the levels in sandbox.CONFINED


def serve(fd: int, exercise: str, submission: str, scratch: str, limits: tuple) -> None:
    """Keep only the channel `fd`, confine this process, say which sandbox level it reached,
    then answer the grader's requests for `exercise` until it closes the channel."""
    os.closerange(3, fd)
    os.closerange(fd + 1, 2**16)
    level, submission, scratch = sandbox.confine(submission, scratch, Limits(*limits))
    _forget_the_kit()
    torch.set_num_threads(1)
    channel.send(fd, plain.encode(("ready", level)))
    runner = Runner(submission, exercise, screened=True)
    while True:
        try:
            request = plain.decode(channel.receive(fd), records=True)
        except EOFError:
            os._exit(0)
        reply = _answer(request, runner)
        try:
            data = plain.encode(reply)
        except plain.PlainDataError as error:
            data = plain.encode(
                ("raised", f"your code returned more than the grader accepts: {error}", None)
            )
        channel.send(fd, data)


def _forget_the_kit() -> None:
    for name in [n for n in sys.modules if n == "graders" or n.startswith("graders.")]:
        KIT.setdefault(name, sys.modules.pop(name))


def _answer(request, runner: Runner):
    kind, *rest = request
    try:
        if kind == "load":
            runner.module()
            return ("ok", None)
        module, name, args = rest
        probe = getattr(KIT.get(module), name, None)
        if not (callable(probe) and name.startswith("run")):
            return ("grader-error", f"not a probe: {module}.{name}")
        return ("ok", runner.call(probe, *args))
    except NotImplementedYet as stub:
        return ("not-implemented", stub.where)
    except IntegrityFlag as flag:
        return ("integrity", flag.findings)
    except SubmissionRaised as raised:
        return ("raised", raised.message, raised.detail)
    except CheckFailed as failed:
        return ("failed", failed.message, failed.detail)
    except GraderError as error:
        return ("grader-error", str(error))
