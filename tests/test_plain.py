"""Plain data (graders.inside.plain) and the channel (graders.inside.channel): one definition for
the door, the channel and the remembered references, and frames read within a deadline and a
budget."""

import os
import pickle
import socket
import struct
import threading
import time

import pytest
import torch

from graders import errors
from graders.inside import channel, plain
from graders.inside.plain import Opaque


def test_round_trips_plain_data_with_exact_tensors():
    value = {
        "t": torch.arange(6.0).reshape(2, 3).T,
        "s": torch.tensor(2.5, dtype=torch.float64),
        "b": torch.tensor([True]),
        "e": torch.empty(0, 3),
        "d": torch.int64,
        "o": Opaque("numpy.ndarray"),
        "n": [1, 2.5, None, "x", (True,)],
    }
    back = plain.decode(plain.encode(value))
    for k in ("t", "s", "b", "e"):
        assert (
            type(back[k]) is torch.Tensor
            and back[k].dtype == value[k].dtype
            and torch.equal(back[k], value[k])
        )
    assert (
        back["d"] is torch.int64
        and back["o"] == Opaque("numpy.ndarray")
        and back["n"] == [1, 2.5, None, "x", (True,)]
    )


def test_anything_else_travels_as_opaque_and_no_code_can_cross():
    class Sneaky(torch.Tensor):
        def __eq__(self, other):
            return True

    back = plain.decode(
        plain.encode(
            [torch.zeros(2).as_subclass(Sneaky), object(), 10**30, "x" * (plain.MAX_TEXT + 1)]
        )
    )
    assert [type(v) for v in back] == [Opaque] * 4
    assert back[0].type_name.endswith("Sneaky") and back[2] == Opaque("int beyond 64 bits")
    for hostile in (
        pickle.dumps(print),
        pickle.dumps(Opaque("x")),
        b"\x80\x05not a pickle",
        pickle.dumps({"\0tensor": ("torch.float32", (3,), "cpu", b"12")}),
        pickle.dumps({"\0tensor": ("torch.float32", (2,), "cuda:9", b"12345678")}),
        pickle.dumps({"\0tensor": ("torch.float32", "(2,)", "cpu", b"")}),
        pickle.dumps(10**40),
        pickle.dumps({(1, 2): 3}),
    ):
        with pytest.raises(errors.PlainDataError):
            plain.decode(hostile)


def test_the_same_rules_hold_in_this_process_and_across_the_channel():
    value = [torch.zeros(2, dtype=torch.int16), {"k": torch.float32}, Opaque("x"), (1, 2.0)]
    assert repr(plain.copy(value)) == repr(plain.decode(plain.encode(value)))
    with pytest.raises(TypeError):
        plain.key(torch.nn.Linear(1, 1))
    assert plain.key([torch.ones(2)]) == plain.key([torch.ones(2)]) != plain.key([torch.zeros(2)])


def test_shared_references_count_as_often_as_they_expand():
    bomb = []
    for _ in range(40):
        bomb = [bomb, bomb]
    data = pickle.dumps(bomb)
    assert len(data) < 400
    started = time.monotonic()
    with pytest.raises(errors.PlainDataError):
        plain.decode(data)
    with pytest.raises(errors.PlainDataError):
        plain.encode(bomb)
    assert time.monotonic() - started < 2


def test_records_cross_only_in_requests():
    from graders import problems

    record = problems.TwoLayer(1, 2, 3, 4)
    assert plain.decode(plain.encode(("run", record), records=True), records=True) == (
        "run",
        record,
    )
    assert plain.decode(plain.encode(record)) == Opaque("graders.problems.TwoLayer")
    with pytest.raises(errors.PlainDataError):
        plain.decode(pickle.dumps(record))


def test_a_frame_that_stops_half_way_times_out_instead_of_hanging():
    ours, theirs = socket.socketpair()
    theirs.sendall(struct.pack("!Q", 1000) + b"0123456789")
    started = time.monotonic()
    with pytest.raises(errors.ChannelTimeout):
        channel.receive(ours.fileno(), time.monotonic() + 0.3)
    assert time.monotonic() - started < 2


def test_a_frame_longer_than_the_budget_is_refused_before_it_is_read():
    ours, theirs = socket.socketpair()
    theirs.sendall(struct.pack("!Q", 2**40))
    with pytest.raises(errors.ChannelError, match="more than"):
        channel.receive(ours.fileno(), time.monotonic() + 1)


def test_frames_cross_whole_and_a_closed_end_is_eof():
    ours, theirs = socket.socketpair()
    data = os.urandom(3 * 2**20)
    threading.Thread(target=lambda: (channel.send(theirs.fileno(), data), theirs.close())).start()
    assert channel.receive(ours.fileno(), time.monotonic() + 10) == data
    with pytest.raises(EOFError):
        channel.receive(ours.fileno(), time.monotonic() + 10)
