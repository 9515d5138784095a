"""The channel between the grader and a worker: length-framed messages on a socket, read
within a deadline and a byte budget.

Requests go from the grader to the worker; replies come back. A reply is untrusted: the worker
runs the submission's code. So the grader reads each frame (an 8-byte length, then that many
bytes) with a deadline for the whole frame, not only for its first byte (a worker that stops
mid-frame cannot hang the grader), refuses a length over the budget before reading it, and
decodes the bytes as plain data (graders.inside.plain: builtins and exact tensors only, counted as
they expand).
"""

from __future__ import annotations

import os
import select
import struct
import time

from graders.errors import ChannelError, ChannelTimeout
from graders.inside import plain

HEADER = struct.Struct("!Q")
MAX_FRAME = plain.MAX_ENCODED  # a reply: plain data, and a little framing


def frame(data: bytes) -> bytes:
    """`data` as one frame: its length, then itself."""
    return HEADER.pack(len(data)) + data


def send(fd: int, data: bytes) -> None:
    """Write one frame (blocking: the worker, or the grader's small requests)."""
    write(fd, frame(data))


def write(fd: int, data: bytes) -> None:
    """Write bytes whole (frames already made)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def receive(fd: int, deadline: float | None = None, limit: int = MAX_FRAME) -> bytes:
    """Read one frame; raise EOFError when the other end has closed, ChannelTimeout past
    `deadline` (time.monotonic()), ChannelError for a frame longer than `limit`."""
    (length,) = HEADER.unpack(_read(fd, HEADER.size, deadline))
    if length > limit:
        raise ChannelError(f"a frame of {length:,} bytes, more than the {limit:,} allowed")
    return _read(fd, length, deadline)


def _read(fd: int, count: int, deadline: float | None) -> bytes:
    chunks, missing = [], count
    while missing:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise ChannelTimeout("no reply before the deadline")
        chunk = os.read(fd, min(missing, 2**20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)
