"""The door: how a probe reaches the submission, inside the worker.

A *probe* (graders/inside/probes/) is a small function `run_...(mod, *args)` that calls the
submission's code on given inputs and returns plain data (graders.inside.plain). Probes run in the
worker, the process that runs the submission; a *judge* (a check, in the grader's process) asks
for a probe by name, gets its plain reply, and compares it with torch's answer. Nothing in the
worker knows an answer.

Inside a probe, every call into the submission goes through `call`, the door proper:

- an exception inside it is the submission's ("your code raised ..."), with the line of the
  submission's own file where it happened; a stub's `raise NotImplementedError` is "not
  implemented yet";
- it holds the contract's rule that nothing the caller owns changes unless the contract says
  "in place": every argument (tensors and their .grad and requires_grad, lists, dicts, modules'
  parameters and buffers, optimizers' groups) is snapshotted before the call and compared after
  it, and a change fails the check, naming the argument, unless `changes=` allows it;
- it checks what came back against the contract's type, as the exercise's record in
  graders/curriculum.toml gives it ("MLP.forward" = "method -> Tensor": "what MLP.forward
  returned is an int, a tensor was expected"); `returns=` names a type the contract does not;
- it writes which of the student's functions is running where the grader can read it (a page
  shared with the grader): a time limit names the function it stopped.

`mod` itself is the submission's module behind a proxy: a name it does not define is the
student's mistake ("a1_backprop/manual_backprop.py defines no forward"), and so is a name the
contract declares as something else ("RMSELoss is a function; the exercise asks for a class
deriving from nn.Module").
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import itertools
import linecache
import sys
import traceback
import types
from importlib.machinery import ModuleSpec
from pathlib import Path

import torch
from torch.overrides import TorchFunctionMode

from graders import catalog
from graders.catalog import NOTEBOOK_CELL
from graders.errors import CheckFailed, Feedback, NotImplementedYet, SubmissionRaised
from graders.feedback import dtype_name, kind
from graders.inside import plain

_packages = itertools.count()


def probe(returns=object, backward: int = 0):
    """Declare a probe, and the shape of its reply (a schema of graders.inside.plain): the grader
    checks every reply against it before a judge reads it. `backward`: how many backward passes
    the probe itself starts (graders.inside.guards.kit_backward), all that an exercise done by hand
    may show when autograd is counted from outside the worker (graders.isolation.uprobes)."""

    def declare(fn):
        fn.returns, fn.backward = returns, backward
        return fn

    return declare


def is_probe(fn) -> bool:
    return callable(fn) and hasattr(fn, "returns")


# --- what the submission is, and where its code is -----------------------------------------------


class Submission:
    """What a probe receives as `mod`: the submission's module, where a missing name is the
    student's mistake, not an AttributeError in the grader. It also knows which files are the
    submission's, to name the line where something went wrong."""

    def __init__(self, module, filename: str, root: Path | None = None, exercise: str = ""):
        self._module, self._filename, self._root = module, filename, root
        known = catalog.RECORDS.get(exercise)
        self.contract = known.contract if known else {}
        # id of a function of the contract -> its name there, and the function itself (held, so
        # that its id cannot be reused while it is listed)
        self.reached: dict[int, tuple[str, object]] = {}

    def __getattr__(self, name: str):
        try:
            value = getattr(self._module, name)
        except AttributeError:
            if self._root is None:
                raise SubmissionRaised(
                    f"{name} is not defined in this notebook: run the cell that defines it first"
                ) from None
            raise SubmissionRaised(
                f"{self._filename} defines no {name}: "
                "the exercise asks for one (check the spelling)."
            ) from None
        wanted = self.contract.get(name)
        if wanted is not None:
            if not _is(value, wanted):
                raise CheckFailed(
                    f"{name} is {_kind_of(value)}; the exercise asks for {_kind_of(wanted)}."
                )
            self.reached[id(value)] = (name, value)
        return value

    def owns(self, filename: str) -> bool:
        """Whether code of this file is the submission's (a file under its folder; in a notebook,
        a cell of the kernel)."""
        if self._root is None:
            return "ipykernel_" in filename or filename.startswith("<ipython-input")
        return Path(filename).resolve().is_relative_to(self._root)

    def where(self, error: BaseException, code: bool = True) -> str:
        """The innermost line of the submission's own files in the error's traceback, with the
        function's qualified name (DynamicNet.__init__)."""
        found = _innermost(error, self.owns)
        if found is None:
            return f"in {self._filename}"
        frame, name = found
        if self._root is None:
            return f"{name} in your notebook" + (f": {frame.line}" if code and frame.line else "")
        path = Path(frame.filename).resolve()
        place = _place(path, path.relative_to(self._root).as_posix(), frame.lineno or 0)
        if not code:
            return f"{name} in {place}"
        where = f"{place}, in {name}"
        return f"{where}: {first_line(frame.line)}" if frame.line else where

    def is_stub(self, error: NotImplementedError) -> bool:
        """Whether a NotImplementedError was raised by the submission's own line (a stub's
        `raise NotImplementedError`), not by torch (a meta tensor's `.cpu()`, say)."""
        frames = traceback.extract_tb(error.__traceback__)
        return bool(frames) and self.owns(frames[-1].filename)


_BASES = {
    "nn.Module": torch.nn.Module,
    "autograd.Function": torch.autograd.Function,
    "optim.Optimizer": torch.optim.Optimizer,
}


def _is(value, wanted: catalog.Contract) -> bool:
    """Whether `value` is what the contract's entry declares: a class deriving from its base, or
    a function (anything callable but a class)."""
    if wanted.kind == "class":
        return isinstance(value, type) and issubclass(value, _BASES[wanted.base])
    return callable(value) and not isinstance(value, type)


def _kind_of(value) -> str:
    """'a function', 'a class deriving from nn.Module', 'an int', for the sentence above."""
    if isinstance(value, catalog.Contract):
        return f"a class deriving from {value.base}" if value.kind == "class" else "a function"
    if isinstance(value, type):
        return "a class" + next(
            (f" deriving from {name}" for name, base in _BASES.items() if issubclass(value, base)),
            "",
        )
    return "a function" if callable(value) else kind(value)


def load(root: Path, exercise: str) -> Submission:
    """The submission's module for `exercise`, imported from the folder `root` (shaped like
    exercises/) as part of a private package, so that its relative imports (`from
    .manual_backprop import forward`) find its siblings. The folders' own `__init__.py` files
    never run: the packages are made here. Raises NotImplementedYet or SubmissionRaised."""
    root = Path(root).resolve()
    filename = f"{exercise}.py"
    if not (root / filename).is_file():
        raise SubmissionRaised(f"{filename} is missing from {root}.")
    assignment, name = exercise.split("/")
    package = f"_torchkata_submission_{next(_packages)}"
    _package(package, root)
    _package(f"{package}.{assignment}", root / assignment)
    submission = Submission(None, filename, root, exercise)
    try:
        submission._module = importlib.import_module(f"{package}.{assignment}.{name}")
    except NotImplementedError as e:
        raise NotImplementedYet(submission.where(e, code=False)) from None
    except BaseException as e:  # a submission may raise anything at import, SystemExit too
        if isinstance(e, KeyboardInterrupt):
            raise
        raise SubmissionRaised(
            f"{filename} could not be imported: {named(e)}", detail=submission.where(e)
        ) from None
    return submission


def from_namespace(namespace: dict, exercise: str = "") -> Submission:
    """A notebook's definitions (its kernel's global namespace) as a submission."""
    module = types.ModuleType("your notebook")
    module.__dict__.update({k: v for k, v in namespace.items() if not k.startswith("__")})
    return Submission(module, "your notebook", exercise=exercise)


def _package(name: str, folder: Path) -> None:
    module = types.ModuleType(name)
    module.__path__ = [str(folder)]
    module.__spec__ = ModuleSpec(name, None, is_package=True)
    module.__spec__.submodule_search_locations = module.__path__
    sys.modules[name] = module


def _innermost(error: BaseException, owns):
    """(FrameSummary, qualified name) of the innermost frame of the error in files `owns`."""
    tb, found = error.__traceback__, []
    while tb is not None:
        code = tb.tb_frame.f_code
        found.append(
            (
                traceback.FrameSummary(code.co_filename, tb.tb_lineno, code.co_name),
                getattr(code, "co_qualname", code.co_name),
            )
        )
        tb = tb.tb_next
    if isinstance(error, SyntaxError) and error.filename:
        found.append(
            (traceback.FrameSummary(error.filename, error.lineno or 0, "<module>"), "<module>")
        )
    return next(((frame, name) for frame, name in reversed(found) if owns(frame.filename)), None)


def _place(path: Path, name: str, lineno: int) -> str:
    """'a1_backprop/manual_backprop.py, line 12', or in a module staged from a notebook
    'the solution cell manual_backprop of a1_backprop.ipynb, line 3'."""
    try:
        lines = path.read_text().splitlines()[:lineno]
    except (OSError, UnicodeDecodeError):
        lines = []
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith(NOTEBOOK_CELL):
            return f"{lines[index].removeprefix(NOTEBOOK_CELL)}, line {lineno - index - 1}"
    return f"{name}, line {lineno}"


def first_line(text, limit: int = 200) -> str:
    line = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def named(error: BaseException) -> str:
    """'ValueError: bad shape', or just 'MemoryError' when the error says nothing more."""
    try:
        text = first_line(error)
    except Exception:  # noqa: BLE001 - an exception whose str() raises says nothing more
        text = ""
    name = first_line(type(error).__name__, 80)
    return f"{name}: {text}" if text else name


# --- calling the submission ----------------------------------------------------------------------

_current: list[
    Submission
] = []  # the submission this worker serves (set by graders.isolation.worker)
STATUS = bytearray(256)  # replaced by the page the grader reads: the function running, NUL-ended


def serving(submission: Submission | None, status=None) -> None:
    """Tell the door which submission it serves, and where to write what runs."""
    global STATUS
    _current[:] = [submission] if submission is not None else []
    if status is not None:
        STATUS = status


def _say_running(what: str | None) -> None:
    data = (what or "").encode("utf-8", "replace")[: len(STATUS) - 1] + b"\0"
    STATUS[: len(data)] = data


def running() -> str:
    """The name of the submission's function running now, as the status page holds it."""
    return bytes(STATUS).split(b"\0", 1)[0].decode("utf-8", "replace")


def call(fn, *args, changes=(), takes=(), what: str | None = None, returns=None, **kwargs):
    """`fn(*args, **kwargs)`, where `fn` is the submission's code, or torch's code that runs the
    submission's objects (`torch.Tensor.backward` on its output, `net.apply` with its function).

    An exception inside is the submission's. Every argument is compared with a snapshot taken
    before the call, and a change fails the check (CheckFailed), except:
    - for an argument in `changes`, which the contract lets the function change in place: the
      values of the tensors it holds (and modules' parameters and buffers, optimizers' state and
      groups) may change, but not which tensors a list or dict or module holds, nor a dict's keys;
    - for an argument in `takes`, which the callee may rebuild as it likes (torch's optimizers
      fill in the parameter groups they are given): not compared at all.
    Arguments are named by their name or by their position. `what` names the function in
    messages (default: `fn`'s name); what it returns must match the contract's type for that
    name (graders/curriculum.toml), or `returns`, a schema (graders.inside.plain), where given.
    """
    submission = _current[0] if _current else None
    names = _argument_names(fn, args, kwargs)
    values = [*args, *kwargs.values()]
    before = [
        None if name in takes or i in takes else _snapshot(v, name in changes or i in changes)
        for i, (name, v) in enumerate(zip(names, values))
    ]
    # named as the contract names it where the probe reached it by that name (even a lambda)
    what = what or (submission and submission.reached.get(id(fn), ("",))[0]) or outer_name(fn)
    outer = running()
    _say_running(what)
    try:
        result = fn(*args, **kwargs)
    except NotImplementedError as e:
        if submission is not None and submission.is_stub(e):
            raise NotImplementedYet(submission.where(e, code=False)) from None
        raise _raised(e, submission) from None
    except (Exception, SystemExit) as e:  # whatever the submission raises, sys.exit included
        if isinstance(e, Feedback):
            raise
        raise _raised(e, submission) from None
    finally:
        _say_running(outer)
    for name, value, snapshot in zip(names, values, before):
        change = snapshot and _difference(snapshot, value, name)
        if change:
            raise CheckFailed(
                f"{what} changed {change}: a function must leave what it is given as it was, "
                "unless the task says it works in place."
            )
    schema = _declared_return(submission, what) if returns is None else returns
    wrong = plain.mismatch(result, schema, f"what {what} returned")
    if wrong:
        raise CheckFailed(f"{wrong}.")
    return result


def _declared_return(submission: Submission | None, what: str):
    """The schema of what the contract says `what` ('forward', 'MLP.forward') returns; `object`
    (anything) where it says nothing."""
    wanted = submission.contract.get(what) if submission is not None else None
    return plain.schema_of(wanted.returns) if wanted is not None and wanted.returns else object


def _raised(error: BaseException, submission: Submission | None) -> SubmissionRaised:
    return SubmissionRaised(
        f"your code raised {named(error)}",
        submission.where(error) if submission else None,
        tuple(first_line(c.__name__, 80) for c in type(error).__mro__),
    )


def raised(expected: str, fn, *args, **kwargs) -> str:
    """What `fn(*args, **kwargs)` (the submission's) does, for the checks whose right answer is
    an exception: `expected` (e.g. "ValueError") when it raises that or a subclass of it, the
    name of another exception it raises, or "returned"."""
    try:
        call(fn, *args, **kwargs)
    except SubmissionRaised as error:
        return expected if expected in error.kinds else (error.kinds or ("an exception",))[0]
    return "returned"


def source_names(mod: Submission) -> set[str]:
    """The attribute names and imported names the submission's module uses (`torch.optim.SGD`
    gives SGD; `from torch.optim.sgd import sgd` gives sgd and torch.optim.sgd): for the rules
    that some work is done by hand. For a notebook's definitions (no file), the source of every
    function and class the notebook defined, as its kernel keeps it."""
    names: set[str] = set()
    for source in _sources(mod):
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError):
            continue
        names |= _names_in(tree)
    return names


def _sources(mod: Submission) -> list[str]:
    """The submission's source: its module's file or, for a notebook's definitions, every cell
    that defined one of its functions (or a method of its classes), as the kernel keeps them."""
    path = vars(mod._module).get("__file__")
    if path:
        try:
            return [Path(path).read_text(encoding="utf-8")]
        except (OSError, UnicodeDecodeError):
            return []
    cells = dict.fromkeys(
        code.co_filename
        for value in vars(mod._module).values()
        for code in _codes(value)
        if mod.owns(code.co_filename)
    )
    return ["".join(linecache.getlines(cell)) for cell in cells]


def _codes(value):
    """The code objects of a function, or of a class's methods (under their decorators)."""
    for member in vars(value).values() if isinstance(value, type) else [value]:
        try:
            function = inspect.unwrap(getattr(member, "__func__", member))
        except ValueError:
            continue
        if hasattr(function, "__code__"):
            yield function.__code__


def _names_in(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
            names.update((node.module or "").split("."))
        elif isinstance(node, ast.Import):
            names.update(part for alias in node.names for part in alias.name.split("."))
    return names


def outer_name(fn) -> str:
    name = getattr(fn, "__qualname__", None) or getattr(type(fn), "__name__", "your code")
    if isinstance(fn, torch.nn.Module):
        return f"{type(fn).__name__}.forward"
    return str(name).removeprefix("_TensorBase.")


@functools.lru_cache(maxsize=1024)
def _cached_signature(fn) -> inspect.Signature:
    return inspect.signature(fn)


def _signature(target) -> inspect.Signature:
    """inspect.signature(target), computed once per function: a check calls the same few
    functions thousands of times, and inspect.signature took a fifth of the grading time."""
    if type(target) is types.MethodType and type(target.__func__) is types.FunctionType:
        signature = _cached_signature(target.__func__)  # a bound method: without self
        return signature.replace(parameters=tuple(signature.parameters.values())[1:])
    if type(target) in (types.FunctionType, type):  # hashed by identity, never by student code
        return _cached_signature(target)
    return inspect.signature(target)


def _argument_names(fn, args, kwargs) -> list[str]:
    """The parameter names `args` bind to (`forward(x, w1, w2)` -> x, w1, w2), or their
    positions."""
    target = fn.forward if isinstance(fn, torch.nn.Module) else fn
    try:
        signature = _signature(target)
        bound = signature.bind_partial(*args, **kwargs)
        names = []
        for name, value in bound.arguments.items():
            kind = signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_POSITIONAL:
                names += [f"{name}[{i}]" for i in range(len(value))]
            elif kind is inspect.Parameter.VAR_KEYWORD:
                names += list(value)
            else:
                names.append(name)
        if len(names) == len(args) + len(kwargs):
            return names
    except (TypeError, ValueError):
        pass
    return [f"argument {i + 1}" for i in range(len(args))] + list(kwargs)


# A snapshot is a small tree of tuples (kind, id of the object, what it held):
# ("tensor", id, values, (had a grad, grad values), requires_grad, shape, dtype),
# ("module", id, {name: snapshot of each parameter and buffer}, training flags),
# ("optimizer", id, groups), ("list" | "tuple" | "dict", id, items), ("object", id).
# Taken `in_place`, a tensor keeps only its shape and dtype, and a module and an optimizer only
# which tensors they hold: their values may change, their structure may not.


def _snapshot(value, in_place: bool = False, depth: int = 0):
    """What `value` holds now (see above)."""
    if depth > 8:
        return ("object", id(value))
    if isinstance(value, torch.Tensor):
        if in_place:
            return ("tensor", id(value), None, None, None, tuple(value.shape), value.dtype)
        values = None if value.device.type == "meta" else value.detach().clone()
        held = _grad(value)
        grad = None if held is None or value.device.type == "meta" else held.detach().clone()
        return (
            "tensor",
            id(value),
            values,
            (held is not None, grad),
            value.requires_grad,
            tuple(value.shape),
            value.dtype,
        )
    if isinstance(value, torch.nn.Module):
        state = {name: _snapshot(t, in_place, depth + 1) for name, t in _tensors_of(value).items()}
        return (
            "module",
            id(value),
            state,
            None if in_place else [m.training for m in value.modules()],
        )
    if isinstance(value, torch.optim.Optimizer):
        return ("optimizer", id(value), None if in_place else _groups_of(value))
    if type(value) in (list, tuple):
        return (type(value).__name__, id(value), [_snapshot(v, in_place, depth + 1) for v in value])
    if type(value) is dict:
        return ("dict", id(value), {k: _snapshot(v, in_place, depth + 1) for k, v in value.items()})
    return ("object", id(value))


def _difference(snapshot, value, where: str) -> str | None:
    """What changed since `snapshot`, in a few words ("overrides['fc1'] (keys added: params)"),
    or None."""
    kind = snapshot[0]
    if id(value) != snapshot[1]:
        return f"{where} (another object is in its place)"
    if kind == "tensor":
        _, _, values, grads, requires_grad, shape, dtype = snapshot
        if tuple(value.shape) != shape or value.dtype != dtype:
            return (
                f"{where} (its shape or dtype: {shape}, {dtype_name(dtype)} -> "
                f"{tuple(value.shape)}, {dtype_name(value.dtype)})"
            )
        if grads is None:  # in place: only its shape and dtype must stay
            return None
        had_grad, grad = grads
        if values is not None and not _same_values(values, value):
            changed = int((~_equal_entries(values, value.detach())).sum())
            return f"{where} ({changed} of {values.numel()} entries)"
        if value.requires_grad != requires_grad:
            return f"{where} (requires_grad from {requires_grad} to {value.requires_grad})"
        held = _grad(value)
        if (held is not None) != had_grad or (
            grad is not None and held is not None and not _same_values(grad, held)
        ):
            return f"{where}.grad"
        return None
    if kind == "module":
        _, _, state, training = snapshot
        now = _tensors_of(value)
        if set(now) != set(state):
            return f"{where} (its parameters or buffers: {sorted(set(now) ^ set(state))[:3]})"
        for name, inner in state.items():
            if id(now[name]) != inner[1]:
                return f"{where}.{name} (it was replaced by another tensor; change it in place)"
            found = _difference(inner, now[name], f"{where}.{name}")
            if found:
                return found
        if training is not None and [m.training for m in value.modules()] != training:
            return f"{where} (its training/eval mode)"
        return None
    if kind == "optimizer":
        groups = snapshot[2]
        return (
            None if groups is None or _groups_of(value) == groups else f"{where} (its param_groups)"
        )
    if kind in ("list", "tuple"):
        items = snapshot[2]
        if len(value) != len(items):
            return f"{where} (its length: {len(items)} -> {len(value)})"
        return next(
            (
                found
                for i, (inner, v) in enumerate(zip(items, value))
                if (found := _difference(inner, v, f"{where}[{i}]"))
            ),
            None,
        )
    if kind == "dict":
        items = snapshot[2]
        if set(value) != set(items):
            added, removed = (
                sorted(map(str, set(value) - set(items))),
                sorted(map(str, set(items) - set(value))),
            )
            return (
                f"{where} (keys "
                f"{'added: ' + ', '.join(added) if added else 'removed: ' + ', '.join(removed)})"
            )
        return next(
            (
                found
                for k, inner in items.items()
                if (found := _difference(inner, value[k], f"{where}[{k!r}]"))
            ),
            None,
        )
    return None


def _tensors_of(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Every parameter and buffer of a module by name, a shared one under each of its names."""
    return dict(
        [
            *module.named_parameters(remove_duplicate=False),
            *module.named_buffers(remove_duplicate=False),
        ]
    )


def _groups_of(optimizer: torch.optim.Optimizer) -> list:
    """An optimizer's groups: their hyperparameters (those that are not tensors) and which
    parameters each holds."""
    return [
        (
            {k: v for k, v in g.items() if k != "params" and not isinstance(v, torch.Tensor)},
            [id(p) for p in g["params"]],
        )
        for g in optimizer.param_groups
    ]


def _grad(t: torch.Tensor):
    """A leaf's .grad (a non-leaf has none to keep, and torch warns when it is read)."""
    return t.grad if t.is_leaf else None


def _equal_entries(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    same = a == b
    if a.is_floating_point() or a.is_complex():
        same |= torch.isnan(a) & torch.isnan(b)
    return same


def _same_values(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and bool(_equal_entries(a, b.detach()).all())


# --- the device pass -----------------------------------------------------------------------------


class _HostWatch(TorchFunctionMode):
    """Records, while the submission runs on the meta device, what would leave the device on a
    GPU: .cpu(), .numpy() (numpy.asarray too), .tolist(), .to("cpu"), and tensors made on the CPU
    (without a device) that are not 0-d."""

    FACTORIES = {
        "zeros",
        "ones",
        "empty",
        "full",
        "rand",
        "randn",
        "randint",
        "arange",
        "linspace",
        "eye",
        "tensor",
        "as_tensor",
        "from_numpy",
    }

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if name in ("cpu", "numpy", "tolist", "__array__"):
            self.found.append(f".{name}()" if name != "__array__" else "numpy.asarray(...)")
        elif name == "to" and any(str(a) == "cpu" for a in [*args[1:], *kwargs.values()]):
            self.found.append(".to('cpu')")
        result = func(*args, **kwargs)
        if (
            name in self.FACTORIES
            and isinstance(result, torch.Tensor)
            and result.dim() > 0
            and result.device.type != "meta"
        ):
            self.found.append(f"torch.{name}(...) without device=")
        return result


# What on_meta says: where each tensor of the result is, what left the device, or that the run
# needed values that meta tensors do not have.
ON_META = plain.Either({"ok": [(object, str, str)]}, {"left": str}, {"inconclusive": str})


def on_meta(fn, *args, changes=()):
    """Run `fn` (the submission's) on the meta device: tensor arguments become meta tensors
    (shapes and dtypes, no data) and modules move there. Returns plain data: where each tensor
    of the result is ({"ok": [(shape, dtype, device), ...]}), or what left the device
    ({"left": "..."}), or {"inconclusive": why} when the code needs data that meta tensors do
    not have (a value-dependent branch: not a mistake, and not judged)."""
    moved = [_to_meta(a) for a in args]
    fn = _to_meta(fn) if isinstance(fn, torch.nn.Module) else fn
    watch = _HostWatch()
    try:
        with watch:
            result = call(fn, *moved, changes=changes)
    except SubmissionRaised as raised_:
        if watch.found:
            return {"left": watch.found[0]}
        if any(sign in raised_.message for sign in _DEVICE_ERRORS):
            return {
                "left": (
                    "a tensor on another device "
                    f"({raised_.message.removeprefix('your code raised ')[:160]})"
                )
            }
        if any(sign in raised_.message.lower() for sign in _NEEDS_VALUES):
            return {"inconclusive": raised_.message}
        raise  # it fails whatever the device: that is the check's failure, not a pass
    tensors = [t for t in _leaves(result) if isinstance(t, torch.Tensor)]
    if watch.found and any(t.device.type != "meta" for t in tensors):
        return {"left": watch.found[0]}
    return {"ok": [(list(t.shape), str(t.dtype), str(t.device)) for t in tensors]}


# What torch's errors say when tensors of two devices meet (a CPU tensor made without device=
# meeting the meta inputs, say); and when code needs values that meta tensors do not have
# (.item(), a boolean mask, a data-dependent shape): not a mistake, and not judged. Any other
# error is raised as it is: the code fails on every device.
_DEVICE_ERRORS = ("device", "incompatible tensor type")
_NEEDS_VALUES = ("meta", "data-dependent", "data dependent", "item()", "nonzero")


def meta_leaves(values, grads) -> list[torch.Tensor]:
    """Parameters on the meta device, each holding its gradient there (None stays None)."""
    params = [v.to("meta").requires_grad_() for v in values]
    for p, g in zip(params, grads):
        p.grad = None if g is None else g.to("meta")
    return params


def _to_meta(value):
    if isinstance(value, torch.Tensor) and value.device.type == "meta":
        return value
    if isinstance(value, torch.Tensor):
        return (
            value.detach().to("meta").requires_grad_(value.requires_grad)
            if value.is_floating_point()
            else value.to("meta")
        )
    if isinstance(value, torch.nn.Module):
        return value.to("meta")
    if type(value) in (list, tuple):
        return type(value)(_to_meta(v) for v in value)
    return value


def _leaves(value):
    if type(value) in (list, tuple):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, torch.nn.Module):
        yield from value.parameters()
        yield from value.buffers()
    else:
        yield value
