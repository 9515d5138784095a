"""The channel between the grader and a worker: plain data, framed, size-limited.

A probe's result crosses from the worker (which runs the submission's code) to the grader as
bytes. Those bytes are decoded by an unpickler that refuses every global, so they can only
build builtin values; tensors, dtypes and Opaque travel as tagged dicts of builtins and are
rebuilt here as exact `torch.Tensor`s. Nothing the worker sends can run code in the grader or
hand it an object with behaviour of its own (a tensor subclass, an object equal to everything).
"""

from __future__ import annotations

import io
import pickle

import torch

from graders.probe import Opaque, is_record

MAX_BYTES = 64 * 2**20  # one reply; the kit's probes send kilobytes

_TENSOR, _DTYPE, _OPAQUE = "\0tensor", "\0dtype", "\0opaque"
_DTYPES = {str(d): d for d in vars(torch).values() if isinstance(d, torch.dtype)}
_PLAIN = (type(None), bool, int, float, str)


class ChannelError(Exception):
    """What the worker sent is not plain data."""


def encode(value) -> bytes:
    return pickle.dumps(_tag(value), protocol=5)


def tensor_bytes(t: torch.Tensor) -> tuple[str, tuple, str, bytes]:
    """A tensor as (dtype, shape, device, its bytes): what crosses the channel, and what
    graders.references keys its remembered results on."""
    cpu = t.detach().to("cpu").contiguous()
    raw = cpu.reshape(-1).view(torch.uint8).numpy().tobytes() if cpu.numel() else b""
    return str(cpu.dtype), tuple(cpu.shape), str(t.device), raw


def _tag(value):
    if type(value) is torch.Tensor or type(value) is torch.nn.Parameter:
        return {_TENSOR: tensor_bytes(value)}
    if type(value) is torch.dtype:
        return {_DTYPE: str(value)}
    if type(value) is Opaque:
        return {_OPAQUE: value.type_name}
    if type(value) in (list, tuple):
        return type(value)(_tag(v) for v in value)
    if type(value) is dict:
        return {k: _tag(v) for k, v in value.items()}
    if type(value) in _PLAIN or is_record(value):
        return value
    return {_OPAQUE: type(value).__qualname__}


class _NoGlobals(pickle.Unpickler):
    def find_class(self, module, name):
        raise ChannelError(f"the reply names {module}.{name}; only plain data may cross")


def decode_request(data: bytes):
    """The grader's request, in the worker: it comes from the grader, so records (the drawn
    problems of graders.strategies) may be rebuilt from their classes."""
    return _untag(pickle.loads(data), depth=0, records=True)


def decode(data: bytes):
    """A worker's reply, in the grader: builtins, exact tensors, dtypes and Opaque only."""
    if len(data) > MAX_BYTES:
        raise ChannelError(f"the reply is {len(data)} bytes, more than the {MAX_BYTES} allowed")
    try:
        tagged = _NoGlobals(io.BytesIO(data)).load()
    except ChannelError:
        raise
    except Exception as error:  # noqa: BLE001 - any malformed frame is the worker's fault
        raise ChannelError(f"the reply could not be read: {type(error).__name__}") from None
    return _untag(tagged, depth=0)


def _untag(value, depth: int, records: bool = False):
    if depth > 50:
        raise ChannelError("the reply is nested too deeply")
    if type(value) is dict and len(value) == 1:
        (key, inner), = value.items()
        if key == _TENSOR:
            return _tensor(*inner)
        if key == _DTYPE:
            return _DTYPES[inner] if inner in _DTYPES else _bad(f"unknown dtype {inner!r}")
        if key == _OPAQUE:
            return Opaque(str(inner))
    if type(value) in (list, tuple):
        return type(value)(_untag(v, depth + 1, records) for v in value)
    if type(value) is dict:
        if any(type(k) not in _PLAIN for k in value):
            _bad("a dict key is not plain")
        return {k: _untag(v, depth + 1, records) for k, v in value.items()}
    if type(value) in _PLAIN or (records and is_record(value)):
        return value
    return _bad(f"a {type(value).__name__} is not plain data")


def _tensor(dtype: str, shape, device: str, raw: bytes) -> torch.Tensor:
    if dtype not in _DTYPES or type(raw) is not bytes:
        _bad("a malformed tensor")
    dt = _DTYPES[dtype]
    flat = torch.frombuffer(bytearray(raw), dtype=torch.uint8) if raw else torch.empty(0, dtype=torch.uint8)
    try:
        t = flat.view(dt).reshape(shape)
    except RuntimeError:
        _bad(f"a tensor whose bytes do not fit its shape {shape}")
    return t.to(device) if device != "cpu" else t


def _bad(message: str):
    raise ChannelError(message)
