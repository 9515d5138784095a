"""The source screen: what a submission's code may not do, checked on its text before it runs.

The sandbox keeps a submission away from the grader's files, network and processes. Inside its
own process, though, a submission could reach the kit's objects that the probes need there (the
probes themselves, the guards of the "written by hand" rules) and undo them: no guard inside an
untrusted process holds against determined code. So before any of it runs, every module of the
submission is read as a syntax tree, and an exercise whose code (or a module it imports) does
one of the following scores 0, with an integrity flag that every report shows:

- imports the kit (`graders`, `solutions`, `tests`), or a module for reaching into other
  modules, frames or memory: IMPORTS (gc, inspect, ctypes, importlib, builtins, ...);
- calls `eval`, `exec`, `compile`, `__import__` or `breakpoint` (code the screen cannot see);
- uses an attribute that leads to frames, other modules' globals or every class (FORBIDDEN:
  `__globals__`, `__subclasses__`, `f_back`, `tb_frame`, `_getframe`, ...), or names one in a
  string (`getattr(e, "__traceback__")`);
- uses `sys.modules`, `sys.meta_path`, `sys.settrace`, ... (SYS, through any name `sys` is
  imported as).

What it cannot see: names built at run time from pieces (`getattr(x, "__glo" + "bals__")`).
The residual risk is the "written by hand" rules (a submission that gets past them still has to
compute every right answer itself); the expected answers never exist in the worker.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath

KIT = {"graders", "solutions", "tests"}
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


@dataclass(frozen=True)
class Finding:
    """One thing the screen refuses: where, and what."""

    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.what}"


def findings(source: str, filename: str) -> list[Finding]:
    """What the screen refuses in one module. A module that does not parse has none here: it
    will fail to import, and that failure is reported as such."""
    tree = _parsed(source, filename)
    return [] if tree is None else _findings_in(tree, filename)


def _parsed(source: str, filename: str) -> ast.AST | None:
    try:
        return ast.parse(source, filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _findings_in(tree: ast.AST, filename: str) -> list[Finding]:
    visitor = _Visitor(filename)
    try:
        visitor.visit(tree)
    except RecursionError:
        return [Finding(filename, 1, "code nested too deeply to be checked")]
    return visitor.found


class _Visitor(ast.NodeVisitor):
    def __init__(self, filename: str):
        self.filename = filename
        self.found: list[Finding] = []
        self.sys_names: set[str] = set()  # the names `sys` is imported as in this module

    def _flag(self, node: ast.AST, what: str) -> None:
        self.found.append(Finding(self.filename, getattr(node, "lineno", 1), what))

    def _module(self, node: ast.AST, name: str) -> None:
        top = name.split(".")[0]
        if top in KIT:
            self._flag(node, f"imports {name}: a submission may not import the kit")
        elif name in IMPORTS or top in IMPORTS or any(name.startswith(m + ".") for m in IMPORTS):
            self._flag(node, f"imports {name}, which reaches into other modules, frames or memory")

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
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in CALLS:
            self._flag(node, f"uses {node.id}(), which runs code the grader cannot check first")
        elif node.id in FORBIDDEN:
            self._flag(node, f"uses {node.id}")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN:
            self._flag(
                node,
                f"uses .{node.attr}, which reaches frames, globals or other modules' internals",
            )
        elif (
            isinstance(node.value, ast.Name)
            and node.value.id in self.sys_names
            and node.attr in SYS
        ):
            self._flag(node, f"uses sys.{node.attr}")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and node.value in FORBIDDEN:
            self._flag(node, f"names {node.value!r}")
        self.generic_visit(node)


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


def exercise_findings(modules: dict[str, str], exercise: str) -> list[Finding]:
    """What the screen refuses in an exercise's module and in every module of the submission
    it imports, directly or not ({"a1_backprop/x.py": source, ...} is the whole submission)."""
    by_name = {path.removesuffix(".py").replace("/", "."): path for path in modules}
    todo, seen, found = [f"{exercise}.py"], set(), []
    while todo:
        path = todo.pop()
        if path in seen or path not in modules:
            continue
        seen.add(path)
        tree = _parsed(modules[path], path)  # once, for what it holds and what it imports
        if tree is None:
            continue
        found += _findings_in(tree, path)
        for name in _imports_in(tree, path):
            if name in by_name:
                todo.append(by_name[name])
    return found
