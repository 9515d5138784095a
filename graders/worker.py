"""The worker: the only process that runs a submission's code.

The grader (graders.engine) keeps the judges, the references and the scores; it sends the
worker requests ("import exercise E", "run probe P of E on these arguments") and reads back
plain data through graders.channel. A worker serves one submission and is then thrown away.

Workers are forked from a pristine process (multiprocessing's forkserver, preloaded with this
module): torch and every grader module are imported there once, but no torch operation has
run, so forking is safe (pytorch/pytorch#41197) and a worker starts in milliseconds instead of
paying the import of torch.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import torch
import torch._dynamo  # noqa: F401 - see below

from graders import catalog, channel, sandbox
from graders.feedback import NotImplementedYet, SubmissionRaised
from graders.probe import Runner

# Loaded before the fork, shared by every worker: the grader modules (their probes), and
# torch._dynamo, which torch imports lazily the first time an optimizer is built or a file is
# torch.load-ed (1.5 s, that every worker would otherwise pay). Imports only: no torch
# operation runs before the fork.
for _exercise in catalog.EXERCISES:
    catalog.grader(_exercise)


@dataclass(frozen=True)
class Limits:
    """What one submission may use. The wall-clock timeout is enforced by the grader, the rest
    by the kernel (rlimits) inside the worker."""

    timeout: float = 60.0  # seconds of wall clock per exercise
    memory: int = 4 * 2**30  # bytes of address space on top of what a fresh worker maps
    cpu: int = 15 * 60  # seconds of CPU time for the whole submission
    file_size: int = 64 * 2**20  # bytes, largest file the submission may write
    require_sandbox: bool = False  # refuse to grade below the "namespaces" level


def serve(conn, root: str, hidden: list[str], limits: Limits) -> None:
    """Confine this process, say which sandbox level it reached, then answer the grader's
    requests until it closes the connection."""
    level = sandbox.confine(root, hidden, limits)
    torch.set_num_threads(1)
    conn.send_bytes(f"ready {level}".encode())
    runners: dict[str, Runner] = {}
    while True:
        try:
            request = channel.decode_request(conn.recv_bytes())
        except EOFError:
            return
        conn.send_bytes(channel.encode(_answer(request, root, runners)))


def _answer(request, root: str, runners: dict[str, Runner]):
    kind, exercise, *rest = request
    runner = runners.setdefault(exercise, Runner(root, exercise))
    try:
        if kind == "load":
            runner.module()
            return ("ok", None)
        module_name, name, args = rest
        if not module_name.startswith("graders."):
            raise ValueError(f"not a probe: {module_name}.{name}")
        probe = getattr(importlib.import_module(module_name), name)
        return ("ok", runner.call(probe, *args))
    except NotImplementedYet as stub:
        return ("not-implemented", stub.where)
    except SubmissionRaised as raised:
        return ("raised", raised.message, raised.detail)
