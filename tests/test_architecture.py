"""The shape of the house, read from the code's own imports (``ast``; nothing is run).

- No circle: no module of ``skill/`` imports, however indirectly, one that imports it back.
- No arrow that runs back up: with each package (``skill/services/``, ``skill/handlers/``, ...)
  taken as one room, as a reader of the layout sees it, the rooms import one another
  without a circle too, so every room stands above all that it imports.
- The handler areas are peers: none imports another; what they share lives in a room
  below them (``skill.handlers`` says which).
- Nothing a request's turn is given imports the turn: services and memory are handed their
  deadline, never look it up.

Imports inside functions count (they are imports all the same); ``importlib`` calls are not
read, and ``skill.handlers`` loads its areas only that way.
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "skill"
AREAS = ("safety", "reminders", "sessions", "memory", "guidance", "conversation", "lifecycle")


def _modules() -> dict[str, str]:
    """Every module of the package: dotted name -> file."""
    found = {}
    for folder, _dirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, path: str) -> set[str]:
    """The package's modules that ``module`` imports (the nearest existing module of each name)."""
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read(), path)
    is_package = path.endswith("__init__.py")
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[:len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            for alias in node.names:  # ``from skill import state``: the module, not the package
                full = f"{stem}.{alias.name}"
                names.add(full if full in MODULES else stem)
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module and name.startswith(PACKAGE):
            found.add(name)
    return found


GRAPH = {module: _imported(module, path) for module, path in MODULES.items()}


def _room(module: str) -> str:
    """The room a module is drawn in: its package below ``skill``, or the module itself."""
    parts = module.split(".")
    if len(parts) >= 2 and os.path.isdir(os.path.join(ROOT, *parts[:2])):
        return ".".join(parts[:2])
    return module


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one node (Tarjan's algorithm)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in graph.get(node, ()):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_import_graph_is_read():
    assert "skill.turn" in GRAPH["skill.handlers.sessions"]
    assert "skill.deadline" in GRAPH["skill.services.alexa_api"]
    assert "skill.services.timers" in GRAPH["skill.turn"]  # an import inside a function counts


def test_no_module_imports_one_that_imports_it_back():
    assert _circles(GRAPH) == []


def test_no_room_imports_one_that_imports_it_back():
    rooms = {}
    for module, imported in GRAPH.items():
        rooms.setdefault(_room(module), set()).update(
            _room(name) for name in imported if _room(name) != _room(module))
    assert _circles(rooms) == []


@pytest.mark.parametrize("area", AREAS)
def test_a_handler_area_imports_no_other_area(area):
    others = {f"skill.handlers.{other}" for other in AREAS if other != area}
    assert not GRAPH[f"skill.handlers.{area}"] & others


@pytest.mark.parametrize("module", ["skill.memory", *sorted(m for m in MODULES
                                                           if m.startswith("skill.services."))])
def test_what_the_turn_is_given_does_not_import_the_turn(module):
    assert "skill.turn" not in GRAPH[module]
