"""The source screen: every module of a submission, read as a syntax tree before any of it runs.

The sandbox keeps a submission away from the grader's files, network and processes, and the
worker holds nothing that knows an answer (graders.isolation.worker). What remains inside the worker
are the "by hand" rules (graders.inside.guards), which code that reaches frames or other modules'
internals could undo. So every module of the submission is screened, not only those an exercise
imports (a package's `__init__.py`, a helper loaded by pickle), and two kinds of finding come out,
each with its file and line:

- **refused**: code that reaches into frames, other modules' globals, the garbage collector or
  the kit: IMPORTS (gc, inspect, ctypes, importlib, builtins, ...), the kit's packages, CALLS
  (`eval`, `exec`, `compile`, `__import__`, `breakpoint`), FORBIDDEN attributes (`__globals__`,
  `f_back`, `_getframe`, ...) whether written as attributes or named in a string
  (`getattr(e, "__traceback__")`, `attrgetter("o.f_back")`, `"{0.f_back}"`), and SYS's members
  of `sys` under any name (`sys.modules`, `os.sys.modules`). An exercise whose module, or a module
  it imports, holds one scores 0, flagged (status "integrity"); one in a module no exercise
  imports flags every exercise.
- **review**: what the screen cannot prove harmless: attribute names computed at run time
  (`getattr`, `setattr`, `delattr` or `hasattr` with a name that is not a string literal,
  `operator.attrgetter`, `operator.methodcaller`, `vars()`, `__dict__`), objects rebuilt from
  bytes (`pickle`, `shelve`, `dill`, `copyreg`), and changes to `sys.path` (a module written to
  the scratch folder could then be imported). Graded as usual; every report lists them for the
  instructor to read. In an exercise done by hand (its probes declare rules, graders.inside.guards)
  they are refused instead, in the exercise's own modules: such code could find and undo the
  rules, which live in the worker.

A syntax check is not a proof: the threat model (docs/threat-model.md) says what the screen can
and cannot promise, and what holds without it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

KIT_PACKAGES = {"graders", "solutions", "tests"}
IMPORTS = {
    "gc",
    "inspect",
    "ctypes",
    "_ctypes",
    "cffi",
    "importlib",
    "imp",
    "pkgutil",
    "runpy",
    "zipimport",
    "builtins",
    "__builtin__",
    "marshal",
    "code",
    "codeop",
    "pdb",
    "bdb",
    "trace",
    "tracemalloc",
    "sys._getframe",
    "torch._C",
    "torch._dynamo",
    "_thread",
}
CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN = {
    "__globals__",
    "__closure__",
    "__code__",
    "__subclasses__",
    "__builtins__",
    "__traceback__",
    "__self__",
    "__import__",
    "__loader__",
    "__getattribute__",
    "f_back",
    "f_globals",
    "f_locals",
    "f_builtins",
    "f_code",
    "f_trace",
    "tb_frame",
    "tb_next",
    "gi_frame",
    "gi_code",
    "cr_frame",
    "cr_code",
    "ag_frame",
    "ag_code",
    "_getframe",
    "_current_frames",
    "_current_exceptions",
    "walk_stack",
    "walk_tb",
    "settrace",
    "setprofile",
    "_execution_engine",
    "_C",
}
SYS = {
    "modules",
    "meta_path",
    "path_hooks",
    "path_importer_cache",
    "settrace",
    "setprofile",
    "addaudithook",
    "_getframe",
    "exc_info",
    "exception",
    "last_traceback",
}
REBUILT = {"pickle", "_pickle", "cPickle", "shelve", "dill", "cloudpickle", "copyreg", "jsonpickle"}
DYNAMIC = {"getattr", "setattr", "delattr", "hasattr"}
REFUSED, REVIEW = "refused", "review"
_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Finding:
    """One thing the screen found: where, what, and whether it is refused or for review."""

    file: str
    line: int
    what: str
    kind: str = REFUSED

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.what}"


def findings(source: str, filename: str) -> list[Finding]:
    """What the screen finds in one module. A module that does not parse has none here: it
    will fail to import, and that failure is reported as such."""
    tree = _parsed(source, filename)
    return [] if tree is None else _findings_in(tree, filename)


def _parsed(source: str, filename: str) -> ast.AST | None:
    try:
        return ast.parse(source, filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _findings_in(tree: ast.AST, filename: str) -> list[Finding]:
    visitor = _Visitor(filename, _docstrings(tree))
    try:
        visitor.visit(tree)
    except RecursionError:
        return [Finding(filename, 1, "code nested too deeply to be checked")]
    return visitor.found


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (words in them are just words)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


class _Visitor(ast.NodeVisitor):
    def __init__(self, filename: str, docstrings: set[int]):
        self.filename, self.docstrings = filename, docstrings
        self.found: list[Finding] = []
        self.sys_names: set[str] = set()  # the names `sys` is imported as in this module

    def _flag(self, node: ast.AST, what: str, kind: str = REFUSED) -> None:
        self.found.append(Finding(self.filename, getattr(node, "lineno", 1), what, kind))

    def _module(self, node: ast.AST, name: str) -> None:
        top = name.split(".")[0]
        if top in KIT_PACKAGES:
            self._flag(node, f"imports {name}: a submission may not import the kit")
        elif name in IMPORTS or top in IMPORTS or any(name.startswith(m + ".") for m in IMPORTS):
            self._flag(node, f"imports {name}, which reaches into other modules, frames or memory")
        elif top in REBUILT:
            self._flag(
                node, f"imports {name}, which rebuilds objects (and code) from bytes", REVIEW
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(node, alias.name)
            if alias.name == "sys":
                self.sys_names.add(alias.asname or "sys")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0 and node.module:
            self._module(node, node.module)
            for alias in node.names:
                self._module(node, f"{node.module}.{alias.name}")
                if node.module == "sys" and alias.name in SYS:
                    self._flag(node, f"imports sys.{alias.name}")
                if alias.name in FORBIDDEN:
                    self._flag(node, f"imports {alias.name}")
                if node.module == "operator" and alias.name in ("attrgetter", "methodcaller"):
                    self._flag(
                        node, f"imports operator.{alias.name}: attribute names as data", REVIEW
                    )
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in CALLS:
            self._flag(node, f"uses {node.id}(), which runs code the grader cannot check first")
        elif node.id in FORBIDDEN:
            self._flag(node, f"uses {node.id}")
        elif node.id == "vars":
            self._flag(node, "uses vars(): an object's attributes by computed name", REVIEW)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        attribute = node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name in DYNAMIC and len(node.args) >= 2 and not _literal(node.args[1]):
            self._flag(node, f"uses {name}() with a name computed at run time", REVIEW)
        if attribute in ("attrgetter", "methodcaller"):
            self._flag(node, f"uses operator.{attribute}: attribute names as data", REVIEW)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN:
            self._flag(
                node,
                f"uses .{node.attr}, which reaches frames, globals or other modules' internals",
            )
        elif node.attr in SYS and _is_sys(node.value, self.sys_names):
            self._flag(node, f"uses sys.{node.attr}")
        elif node.attr == "path" and _is_sys(node.value, self.sys_names):
            self._flag(
                node, "uses sys.path: a module written at run time could be imported", REVIEW
            )
        elif node.attr == "__dict__":
            self._flag(node, "uses __dict__: an object's attributes by computed name", REVIEW)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self.docstrings:
            named = [w for w in _WORDS.findall(node.value) if w in FORBIDDEN]
            if named:
                self._flag(node, f"names {named[0]!r} in a string")
        self.generic_visit(node)


def _literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_sys(node: ast.AST, sys_names: set[str]) -> bool:
    """`sys` under the names this module imported it as, or reached through another module
    (`os.sys`)."""
    return (isinstance(node, ast.Name) and node.id in sys_names) or (
        isinstance(node, ast.Attribute) and node.attr == "sys"
    )


def _imports_in(tree: ast.AST, filename: str) -> set[str]:
    """The module names a module's import statements name, made absolute (`from . import x`
    in a1_backprop/y.py -> a1_backprop.x), for following a submission's own imports."""
    package = list(PurePosixPath(filename).parent.parts)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" if module else alias.name for alias in node.names)
    return names


def flags(found: list[Finding]) -> list[str]:
    """Each finding once, as a report lists it."""
    return list(dict.fromkeys(str(f) for f in found))


@dataclass
class Screened:
    """A whole submission, screened: what each exercise is refused for, and what the
    instructor should read."""

    refused: dict[str, list[Finding]]  # exercise -> what refuses it
    review: list[Finding]  # every file's findings to read


def submission(modules: dict[str, str], exercises: list[str], strict=()) -> Screened:
    """Screen every module of a submission ({"a1_backprop/x.py": source, ...}). An exercise is
    refused for what is refused in its module, in any module of the submission it imports
    (directly or not), and in any module that no exercise imports (it could only be run some
    other way). An exercise in `strict` (one done by hand) is also refused for what it would
    otherwise be reviewed for: its rules live in the worker, where only the screen stands between
    them and code that computes the names it reaches for."""
    trees = {path: _parsed(source, path) for path, source in modules.items()}
    found = {path: _findings_in(tree, path) for path, tree in trees.items() if tree is not None}
    by_name = {path.removesuffix(".py").replace("/", "."): path for path in modules}
    reached: dict[str, set[str]] = {}
    for exercise in exercises:
        todo, seen = [f"{exercise}.py"], set()
        while todo:
            path = todo.pop()
            if path in seen or trees.get(path) is None:
                continue
            seen.add(path)
            todo += [by_name[n] for n in _imports_in(trees[path], path) if n in by_name]
        reached[exercise] = seen
    exercise_files = {f"{e}.py" for e in exercises}
    loose = set(found) - set().union(*reached.values(), exercise_files)
    refused = {
        e: [
            f
            for path in sorted(reached[e] | loose)
            for f in found.get(path, [])
            if f.kind == REFUSED or (e in strict and path in reached[e])
        ]
        for e in exercises
    }
    review = [f for path in sorted(found) for f in found[path] if f.kind == REVIEW]
    return Screened(refused, review)
