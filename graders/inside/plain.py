"""Plain data: the only values that pass between a judge and a submission.

A probe returns plain data, and a judge only ever sees plain data. One definition serves the
three places that need it, so that a probe that passes in one mode passes in the others:

- the door in this process (student mode): `copy` makes a private copy of a probe's result;
- the channel between the grader and a worker (grading mode): `encode` in the worker, `decode`
  in the grader;
- the references remembered across students: `key` turns arguments into a dictionary key.

Plain data is, exactly:

- None, bool, float, an int in the range of int64, a str of at most MAX_TEXT characters, a
  torch.dtype;
- a dense tensor (a `torch.Tensor`, or an `nn.Parameter`, which arrives as a tensor) of one of
  DTYPES, on the CPU or CUDA, with at most MAX_ELEMENTS entries: always a copy;
- a list, tuple or dict of plain data (dict keys: None, bool, int, float or str), at most
  MAX_DEPTH deep;
- `Opaque`, which stands for anything else the submission returned (a numpy array, a module, a
  tensor subclass, an oversized str): the judge can say what it got, never use it;
- in requests only (the grader's own arguments): a record of graders.problems (a frozen
  dataclass of numbers and sizes that a probe builds its objects from).

A value counts MAX_NODES items and MAX_BYTES bytes at most, counted as it is expanded (a value
that holds the same list twice counts it twice), so that a small reply cannot become a huge one.
"""

from __future__ import annotations

import functools
import io
import pickle
from dataclasses import dataclass

import torch

from graders import problems
from graders.errors import PlainDataError

MAX_DEPTH = 24
MAX_NODES = 200_000
MAX_BYTES = 64 * 2**20
MAX_ENCODED = MAX_BYTES + 2**20  # plain data as bytes: the data, and a little framing
MAX_TEXT = 20_000
MAX_ELEMENTS = 4 * 2**20
MAX_NAME = 120  # characters of a type name kept in an Opaque
INT64 = 2**63
DTYPES = {
    str(d): d
    for d in (
        torch.float16,
        torch.bfloat16,
        torch.float32,
        torch.float64,
        torch.complex64,
        torch.complex128,
        torch.uint8,
        torch.int8,
        torch.int16,
        torch.int32,
        torch.int64,
        torch.bool,
    )
}
ALL_DTYPES = {str(d): d for d in vars(torch).values() if isinstance(d, torch.dtype)}
_SCALARS = (type(None), bool, int, float, str)
_TENSOR, _DTYPE, _OPAQUE = "\0tensor", "\0dtype", "\0opaque"


@dataclass(frozen=True)
class Opaque:
    """Stands in for a returned object that is not plain data (a numpy array, a module, ...)."""

    type_name: str


# The drawn problems of graders.problems: frozen dataclasses of plain values, which a probe
# rebuilds its objects from (a model from its sizes and seed).
RECORDS = {
    name: kind
    for name, kind in vars(problems).items()
    if isinstance(kind, type)
    and kind.__module__ == problems.__name__
    and getattr(kind, "__dataclass_params__", None)
    and kind.__dataclass_params__.frozen
}


def is_record(value) -> bool:
    return type(value) in RECORDS.values()


def opaque(value) -> Opaque:
    kind = type(value)
    name = f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
    return Opaque(name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…")


class _Budget:
    """Items and bytes left while a value is walked."""

    def __init__(self):
        self.nodes, self.bytes = MAX_NODES, MAX_BYTES

    def spend(self, nbytes: int = 0) -> None:
        self.nodes -= 1
        self.bytes -= nbytes
        if self.nodes < 0 or self.bytes < 0:
            raise PlainDataError(
                f"more than {MAX_NODES:,} items or {MAX_BYTES // 2**20} MiB of data"
            )


def _plain_tensor(value) -> bool:
    return (
        (type(value) is torch.Tensor or type(value) is torch.nn.Parameter)
        and value.layout == torch.strided
        and str(value.dtype) in DTYPES
        and value.device.type in ("cpu", "cuda")
        and value.numel() <= MAX_ELEMENTS
    )


def _walk(value, leaf, budget: _Budget, depth: int, records: bool):
    """Rebuild `value` from plain parts: `leaf(tensor)` for tensors, scalars as they are, and
    anything else as Opaque. The one rule, applied by copy, encode and key."""
    if type(value) in _SCALARS:
        if type(value) is int and not -INT64 <= value < INT64:
            budget.spend()
            return Opaque("int beyond 64 bits")
        if type(value) is str and len(value) > MAX_TEXT:
            budget.spend()
            return Opaque(f"str of {len(value):,} characters")
        budget.spend(len(value) if type(value) is str else 0)
        return value
    budget.spend()
    if depth > MAX_DEPTH:
        return Opaque(f"{type(value).__name__} nested more than {MAX_DEPTH} deep")
    if _plain_tensor(value):
        budget.spend(value.numel() * value.element_size())
        return leaf(value)
    if type(value) is torch.dtype:
        return value
    if type(value) is Opaque:
        return Opaque(str(value.type_name)[:MAX_NAME])
    if type(value) in (list, tuple):
        return type(value)(_walk(v, leaf, budget, depth + 1, records) for v in value)
    if type(value) is dict:
        if not all(type(k) in _SCALARS for k in value):
            return Opaque("dict with keys that are not plain")
        return {
            _walk(k, leaf, budget, depth + 1, records): _walk(v, leaf, budget, depth + 1, records)
            for k, v in value.items()
        }
    if records and is_record(value):
        return value
    return opaque(value)


def copy(value, records: bool = False):
    """A copy of `value` made of plain data only; the submission keeps no handle on it.
    Raises PlainDataError for a value beyond the budgets."""
    return _walk(value, lambda t: t.detach().clone(), _Budget(), 0, records)


def tensor_bytes(t: torch.Tensor) -> tuple[str, tuple, str, bytes]:
    """A tensor as (dtype, shape, device, its bytes): what crosses the channel, and what the
    remembered references key on."""
    cpu = t.detach().to("cpu").contiguous()
    raw = cpu.reshape(-1).view(torch.uint8).numpy().tobytes() if cpu.numel() else b""
    return str(cpu.dtype), tuple(cpu.shape), str(t.device), raw


def key(value):
    """A hashable key for plain `value` (tensors by dtype, shape, device and bytes); records
    count as plain. Raises TypeError for anything else (a module, an optimizer)."""
    if type(value) in (list, tuple):
        return (type(value).__name__, *map(key, value))
    if type(value) is dict:
        return ("dict", *((k, key(v)) for k, v in value.items()))
    if _plain_tensor(value):
        return ("tensor", *tensor_bytes(value))
    if type(value) in _SCALARS or type(value) in (torch.dtype, Opaque) or is_record(value):
        return (type(value).__name__, value)
    raise TypeError(f"plain data only, not {type(value).__name__}")


def encode(value, records: bool = False) -> bytes:
    """Plain `value` as bytes (the worker's reply, or the grader's request with `records`).
    Anything that is not plain data travels as Opaque. Raises PlainDataError past the budgets."""
    tagged = _walk(value, lambda t: {_TENSOR: tensor_bytes(t)}, _Budget(), 0, records)
    return pickle.dumps(_tag_specials(tagged), protocol=5)


def _tag_specials(value):
    if type(value) is torch.dtype:
        return {_DTYPE: str(value)}
    if type(value) is Opaque:
        return {_OPAQUE: value.type_name}
    if type(value) in (list, tuple):
        return type(value)(_tag_specials(v) for v in value)
    if type(value) is dict and not (len(value) == 1 and _TENSOR in value):
        return {k: _tag_specials(v) for k, v in value.items()}
    return value


class _NoGlobals(pickle.Unpickler):
    """Builds builtins only: a reply."""

    def find_class(self, module, name):
        raise PlainDataError(f"it names {module}.{name}; only plain data may cross")


class _RecordsOnly(pickle.Unpickler):
    """Builds builtins, records and dtypes: a request (whose records pickle by class)."""

    def find_class(self, module, name):
        if module == problems.__name__ and name in RECORDS:
            return RECORDS[name]
        if module == "torch" and f"torch.{name}" in ALL_DTYPES:
            return ALL_DTYPES[f"torch.{name}"]
        raise PlainDataError(f"it names {module}.{name}; only plain data may cross")


def decode(data: bytes, devices=("cpu",), records: bool = False):
    """The plain value that `encode` wrote. Only builtins can be unpickled (no class, no
    function, nothing with behaviour of its own); the rest is rebuilt here by the rules above,
    counted as it expands. Raises PlainDataError for anything else."""
    if len(data) > MAX_ENCODED:
        raise PlainDataError(f"{len(data):,} bytes, more than the {MAX_BYTES // 2**20} MiB allowed")
    try:
        tagged = (_RecordsOnly if records else _NoGlobals)(io.BytesIO(data)).load()
    except PlainDataError:
        raise
    except Exception as error:  # noqa: BLE001 - any malformed data is the sender's fault
        raise PlainDataError(f"it could not be read ({type(error).__name__})") from None
    return _untag(tagged, _Budget(), 0, set(devices), records)


def _untag(value, budget: _Budget, depth: int, devices: set, records: bool):
    if depth > MAX_DEPTH + 2:
        raise PlainDataError("it is nested too deeply")
    if type(value) is dict and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == _TENSOR:
            return _tensor(inner, budget, devices)
        if tag == _DTYPE:
            budget.spend()
            if inner not in ALL_DTYPES:
                raise PlainDataError(f"unknown dtype {str(inner)[:40]!r}")
            return ALL_DTYPES[inner]
        if tag == _OPAQUE:
            budget.spend()
            if type(inner) is not str:
                raise PlainDataError("a malformed Opaque")
            return Opaque(inner[:MAX_NAME])
    if type(value) in _SCALARS:
        if (
            type(value) is int
            and not -INT64 <= value < INT64
            or type(value) is str
            and len(value) > MAX_TEXT
        ):
            raise PlainDataError("a number or a text beyond the limits")
        budget.spend(len(value) if type(value) is str else 0)
        return value
    budget.spend()
    if type(value) in (list, tuple):
        return type(value)(_untag(v, budget, depth + 1, devices, records) for v in value)
    if type(value) is dict:
        if not all(type(k) in _SCALARS for k in value):
            raise PlainDataError("a dict key is not plain")
        return {
            _untag(k, budget, depth + 1, devices, records): _untag(
                v, budget, depth + 1, devices, records
            )
            for k, v in value.items()
        }
    if records and is_record(value):
        return value
    raise PlainDataError(f"a {type(value).__name__[:MAX_NAME]} is not plain data")


def _tensor(inner, budget: _Budget, devices: set) -> torch.Tensor:
    if not (type(inner) is tuple and len(inner) == 4):
        raise PlainDataError("a malformed tensor")
    dtype, shape, device, raw = inner
    if (
        dtype not in DTYPES
        or type(raw) is not bytes
        or type(shape) is not tuple
        or device not in devices
    ):
        raise PlainDataError("a malformed tensor")
    if len(shape) > 16 or not all(type(s) is int and 0 <= s <= MAX_ELEMENTS for s in shape):
        raise PlainDataError("a tensor with an impossible shape")
    budget.spend(len(raw))
    dt = DTYPES[dtype]
    numel = 1
    for size in shape:
        numel *= size
    if numel > MAX_ELEMENTS or numel * torch.empty(0, dtype=dt).element_size() != len(raw):
        raise PlainDataError(f"a tensor whose bytes do not fit its shape {shape}")
    flat = (
        torch.frombuffer(bytearray(raw), dtype=torch.uint8)
        if raw
        else torch.empty(0, dtype=torch.uint8)
    )
    t = flat.view(dt).reshape(shape)
    return t.to(device) if device != "cpu" else t


# --- the shape of a reply -------------------------------------------------------------------------
#
# A probe declares what its reply looks like (graders.inside.door.probe), and the grader checks
# every reply against it before a judge sees it: a judge can then rely on the reply's structure, and
# a reply the submission bent out of shape (its code runs where the probes run) is the submission's
# failure, never the grader's. A schema is written with Python's own values:
#
#   torch.Tensor, float, int, bool, str, None   a value of that kind (an int is not a bool)
#   object                                      any plain value (the judge handles whatever it is)
#   [schema]                                    a list, each item matching
#   (schema, schema, ...)                       a tuple or list of exactly these
#   {"key": schema, ...}                        a dict with exactly these keys
#   Maybe(schema), Either(a, b, ...)            None or schema; any one of them
#   DictOf(schema)                              a dict of plain keys, each value matching


@dataclass(frozen=True)
class Maybe:
    schema: object


@dataclass(frozen=True)
class Either:
    schemas: tuple

    def __init__(self, *schemas):
        object.__setattr__(self, "schemas", schemas)


@dataclass(frozen=True)
class DictOf:
    schema: object


# A contract's type, as graders/curriculum.toml writes it ("Tensor", "[float]", "(Tensor, Tensor)"),
# by its name in that file.
_NAMED = {
    "Tensor": torch.Tensor,
    "float": float,
    "int": int,
    "bool": bool,
    "str": str,
    "None": None,
    "dict": DictOf(object),
}


@functools.cache
def schema_of(text: str):
    """The schema of a contract's type: 'Tensor' -> torch.Tensor, '[float]' -> [float],
    '(Tensor, Tensor)' -> (torch.Tensor, torch.Tensor). ValueError if it is not one."""
    text = text.strip()
    if text in _NAMED:
        return _NAMED[text]
    if text[:1] + text[-1:] == "[]":
        return [schema_of(text[1:-1])]
    if text[:1] + text[-1:] == "()":
        return tuple(schema_of(part) for part in _split(text[1:-1]))
    raise ValueError(f"not a contract's type: {text!r}")


def _split(text: str) -> list[str]:
    """'Tensor, [int], (int, int)' -> its three top-level parts."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += (c in "[(") - (c in "])")
        if c == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


_KINDS = {torch.Tensor: "a tensor", float: "a float", int: "an int", bool: "a bool", str: "a str"}


def expected(schema) -> str:
    """What `schema` asks for, in a student's words: 'a tensor', 'a list of floats'."""
    if schema is None:
        return "None"
    if schema is object:
        return "a value"
    if isinstance(schema, type) and schema in _KINDS:
        return _KINDS[schema]
    if isinstance(schema, list):
        return f"a list of {expected(schema[0]).removeprefix('a ').removeprefix('an ')}s"
    if isinstance(schema, tuple):
        return f"a tuple of {len(schema)}"
    if isinstance(schema, dict):
        return "a dict with keys " + ", ".join(map(str, schema))
    if isinstance(schema, Maybe):
        return f"{expected(schema.schema)} or None"
    if isinstance(schema, Either):
        return " or ".join(expected(s) for s in schema.schemas)
    if isinstance(schema, DictOf):
        return "a dict"
    raise TypeError(f"not a schema: {schema!r}")


def mismatch(value, schema, where: str = "it") -> str | None:
    """Why `value` does not match `schema` ('rows[2] is an int, a tensor was expected'), or None."""
    if schema is object:
        return None
    if schema is None or (isinstance(schema, type) and schema in _KINDS):
        wanted = type(None) if schema is None else schema
        if type(value) is wanted or (schema is torch.Tensor and isinstance(value, torch.Tensor)):
            return None
        return f"{where} is {_kind(value)}, {expected(schema)} was expected"
    if isinstance(schema, Maybe):
        return None if value is None else mismatch(value, schema.schema, where)
    if isinstance(schema, Either):
        if any(mismatch(value, s, where) is None for s in schema.schemas):
            return None
        return f"{where} is {_kind(value)}, {expected(schema)} was expected"
    if isinstance(schema, list):
        if type(value) is not list:
            return f"{where} is {_kind(value)}, {expected(schema)} was expected"
        return next(
            (m for i, v in enumerate(value) if (m := mismatch(v, schema[0], f"{where}[{i}]"))),
            None,
        )
    if isinstance(schema, tuple):
        if type(value) not in (list, tuple) or len(value) != len(schema):
            return f"{where} is {_kind(value)}, {expected(schema)} was expected"
        return next(
            (
                m
                for i, (v, s) in enumerate(zip(value, schema))
                if (m := mismatch(v, s, f"{where}[{i}]"))
            ),
            None,
        )
    if isinstance(schema, (dict, DictOf)):
        if type(value) is not dict:
            return f"{where} is {_kind(value)}, {expected(schema)} was expected"
        if isinstance(schema, DictOf):
            items = [(k, schema.schema) for k in value]
        elif set(value) != set(schema):
            return f"{where} has keys {sorted(map(str, value))}, {expected(schema)} were expected"
        else:
            items = list(schema.items())
        return next((m for k, s in items if (m := mismatch(value[k], s, f"{where}[{k!r}]"))), None)
    raise TypeError(f"not a schema: {schema!r}")


def _kind(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Opaque):
        return f"a {value.type_name}"
    if isinstance(value, torch.Tensor):
        return "a tensor"
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"
