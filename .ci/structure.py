"""The code's structure, checked: no module, class or function longer than a reader can hold,
and no import cycle between reader's modules (issue 30).

Usage, from the repository's root: ``python3 .ci/structure.py [reader]``. Prints each problem and
exits 1, or prints a one-line summary and exits 0. Standard library only, so that it runs before
anything is installed.

Every import counts, at the top of a module or inside a function (a function-level import that
dodges a cycle at import time still ties the two modules together), except those under
``if TYPE_CHECKING:``, which never run.
"""

from __future__ import annotations

import ast
import itertools
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

MAX_MODULE_LINES = 800
MAX_CLASS_LINES = 400
MAX_FUNCTION_LINES = 80


@dataclass
class Module:
    name: str  # "reader.core.figures"
    path: Path
    lines: int
    tree: ast.Module
    # the reader modules it imports, each with the line of its first import there
    imports: dict[str, int] = field(default_factory=dict)


def module_name(path: Path, root: Path) -> str:
    """ "reader/core/figures.py" → "reader.core.figures"; an ``__init__`` is its package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_modules(root: Path) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        name = module_name(path, root)
        modules[name] = Module(name, path, source.count("\n"), tree)
    return modules


# ---- sizes ------------------------------------------------------------------------------------


def size_problems(module: Module) -> list[str]:
    problems = []
    if module.lines > MAX_MODULE_LINES:
        problems.append(
            f"{module.path}: module of {module.lines} lines (at most {MAX_MODULE_LINES})"
        )
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ClassDef):
            kind, limit = "class", MAX_CLASS_LINES
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            kind, limit = "function", MAX_FUNCTION_LINES
        else:
            continue
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length > limit:
            problems.append(
                f"{module.path}:{node.lineno}: {kind} {node.name} of {length} lines"
                f" (at most {limit})"
            )
    return problems


# ---- imports ----------------------------------------------------------------------------------


def is_type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def runtime_imports(node: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement under ``node`` that can run: at any depth, but not in the body of
    an ``if TYPE_CHECKING:`` (its ``else`` runs, and counts)."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending = deque([node])
    while pending:
        current = pending.popleft()
        if isinstance(current, ast.Import | ast.ImportFrom):
            found.append(current)
        elif isinstance(current, ast.If) and is_type_checking(current.test):
            pending.extend(current.orelse)
            continue
        pending.extend(ast.iter_child_nodes(current))
    return found


def imported_modules(
    statement: ast.Import | ast.ImportFrom, importer: Module, known: set[str]
) -> list[str]:
    """The reader modules an import statement loads: ``from reader.core import figures`` loads
    the module ``reader.core.figures``; ``from reader.core.figures import extract_figures``, that
    module too."""
    if isinstance(statement, ast.Import):
        return [alias.name for alias in statement.names if alias.name in known]
    base = statement.module or ""
    if statement.level:  # a relative import, from the importer's package
        package = importer.name.split(".")
        if importer.path.name != "__init__.py":
            package.pop()
        package = package[: len(package) - (statement.level - 1)]
        base = ".".join([*package, base] if base else package)
    targets = [base] if base in known else []
    targets += [
        f"{base}.{alias.name}" for alias in statement.names if f"{base}.{alias.name}" in known
    ]
    return targets


def link_imports(modules: dict[str, Module]) -> None:
    known = set(modules)
    for module in modules.values():
        for statement in runtime_imports(module.tree):
            for target in imported_modules(statement, module, known):
                if target != module.name:
                    module.imports.setdefault(target, statement.lineno)


def strongly_connected(modules: dict[str, Module]) -> list[list[str]]:
    """The groups of modules that import one another, directly or not (Tarjan's algorithm,
    without recursion)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(modules[root].imports)))]
        index[root] = lowest[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            name, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = lowest[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(modules[target].imports))))
                elif target in on_stack:
                    lowest[name] = min(lowest[name], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowest[parent] = min(lowest[parent], lowest[name])
            if lowest[name] == index[name]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == name:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def shortest_cycle(modules: dict[str, Module], group: list[str]) -> list[str]:
    """A shortest cycle through the group's first module, as the modules along it."""
    start, members = group[0], set(group)
    came_from: dict[str, str] = {}
    pending = deque([start])
    while pending:
        name = pending.popleft()
        for target in sorted(modules[name].imports):
            if target not in members:
                continue
            if target == start:
                path = [name]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if target not in came_from:
                came_from[target] = name
                pending.append(target)
    return [start, start]


def cycle_problems(modules: dict[str, Module]) -> list[str]:
    problems = []
    for group in strongly_connected(modules):
        cycle = shortest_cycle(modules, group)
        steps = [
            f"    {modules[a].path}:{modules[a].imports[b]} imports {b}"
            for a, b in itertools.pairwise(cycle)
        ]
        problems.append(
            f"import cycle among {len(group)} modules ({', '.join(group)}), for example:\n"
            + "\n".join(steps)
        )
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "reader")
    modules = read_modules(root)
    link_imports(modules)
    problems = [p for m in modules.values() for p in size_problems(m)] + cycle_problems(modules)
    for problem in problems:
        print(problem)
    if problems:
        print(f"structure: {len(problems)} problem(s)")
        return 1
    largest = max(modules.values(), key=lambda m: m.lines)
    print(
        f"structure: {len(modules)} modules, largest {largest.lines} lines ({largest.path}),"
        " no cycle"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
