"""Read models are bound to the domain's event classes, and projections/ has no import circle.

Renaming an event class must fail here (or at the import of the read model that binds it),
never silently stop a read model: every handler key names an event class of an aggregate of
governance/, every event class reaches the audit trail, and each is either read by a read model
or listed below as read by the audit trail only.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest
from eventsourcing.domain import DomainEvent

import governance
from governance.base import GovernanceAggregate
from projections.audit import AUDIT
from projections.batch import ANY_EVENT, Projection
from projections.decoding import _view, event_key
from projections.handlers import ALL_PROJECTIONS

ROOT = Path(__file__).resolve().parents[2]

# Events no read model but the audit trail reads (the pages that show them replay the aggregate).
AUDIT_ONLY = {
    "Assembly.AssemblyProxyGiven", "Assembly.AssemblyProxyRevoked", "Assembly.AttendanceRecorded",
    "Assembly.ResolutionOpened", "Assembly.ResolutionClosed", "Assembly.ResolutionDropped",
}


def _aggregates() -> list[type[GovernanceAggregate]]:
    """Every aggregate class of governance/ (each module imported, so none is missed)."""
    for module in pkgutil.walk_packages(governance.__path__, "governance."):
        importlib.import_module(module.name)
    found: list[type[GovernanceAggregate]] = []
    todo = list(GovernanceAggregate.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls.__module__.startswith("governance.") and cls not in found:
            found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _event_classes() -> dict[str, type]:
    """The event classes the aggregates record, by key: every event class an aggregate defines but the
    library's bases (`Event`, and `Created`, never recorded: each aggregate names its own creation)."""
    classes: dict[str, type] = {}
    for aggregate in _aggregates():
        for name, value in vars(aggregate).items():
            if isinstance(value, type) and issubclass(value, DomainEvent) and name not in ("Event", "Created"):
                classes[event_key(value)] = value
    return classes


EVENTS = _event_classes()


def test_the_aggregates_and_their_events_are_found():
    assert {a.__name__ for a in _aggregates()} == {"Pole", "Proposal", "Assembly", "Minutes"}
    assert {"Pole.PoleFounded", "Proposal.BallotCast", "Assembly.AssemblyConvened",
            "Minutes.MinutesSigned"} <= set(EVENTS)


@pytest.mark.parametrize("projection", ALL_PROJECTIONS, ids=lambda p: p.name)
def test_every_handler_is_bound_to_an_event_class_of_the_domain(projection):
    for key in projection.handlers:
        if key != ANY_EVENT:
            assert key in EVENTS, f"{projection.name}: no event class of governance/ is {key}"
    for cls in projection.events:
        assert EVENTS[event_key(cls)] is cls, f"{projection.name}: {cls} is not the domain's {event_key(cls)}"


@pytest.mark.parametrize("key", sorted(EVENTS))
def test_the_projector_finds_a_handler_by_the_key_of_the_decoded_event(key):
    """Plain events (projections/decoding.py) carry their class's key: what the projector looks up."""
    cls = EVENTS[key]
    plain_class = _view(cls)
    assert plain_class.__qualname__ == event_key(cls) == key
    assert (plain_class.aggregate_type, plain_class.event_type) == tuple(key.split("."))
    for projection in ALL_PROJECTIONS:
        if cls in projection.events:
            assert projection.handlers.get(plain_class.__qualname__) is projection.on[cls]


def test_every_event_class_reaches_the_audit_trail():
    assert AUDIT in ALL_PROJECTIONS
    handler = AUDIT.handlers[ANY_EVENT]
    for key in EVENTS:  # the projector's lookup: the catch-all first
        assert (AUDIT.handlers.get(ANY_EVENT) or AUDIT.handlers.get(key)) is handler


def test_every_event_class_is_read_by_a_read_model_or_listed_as_audit_only():
    bound = {event_key(cls) for p in ALL_PROJECTIONS for cls in p.events}
    assert AUDIT_ONLY <= set(EVENTS), f"not event classes (renamed?): {sorted(AUDIT_ONLY - set(EVENTS))}"
    assert not AUDIT_ONLY & bound, f"read by a read model, not audit only: {sorted(AUDIT_ONLY & bound)}"
    unread = set(EVENTS) - bound - AUDIT_ONLY
    assert not unread, f"new event classes: bind them in a read model or list them in AUDIT_ONLY: {sorted(unread)}"


def test_handlers_are_bound_by_class_not_by_name():
    def handler(b, e, pos):
        return None

    with pytest.raises(TypeError, match="bound to event classes"):
        Projection("test", (), {"Proposal.BallotCast": handler})
    cls = EVENTS["Proposal.BallotCast"]
    assert Projection("test", (), {cls: handler}).handlers == {"Proposal.BallotCast": handler}
    with pytest.raises(ValueError, match="two handlers"):
        Projection("test", (), {cls: handler, _view(cls): handler})


def test_projection_names_are_distinct_and_kept():
    """The names are the tracking rows' (rm_tracking): stored, so they do not follow the modules' names."""
    assert [p.name for p in ALL_PROJECTIONS] == ["poles", "roster", "register", "assemblies", "audit"]


# -- import circles -----------------------------------------------------------------------------
def _module_imports(package: str) -> dict[str, set[str]]:
    """Each module of the package -> the project modules it imports when it is imported (imports at
    module level, outside `if TYPE_CHECKING:`; an import inside a function runs later)."""
    base = ROOT / package
    graph: dict[str, set[str]] = {}
    for path in sorted(base.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        is_package = parts[-1] == "__init__"
        tree = ast.parse(path.read_text(encoding="utf8"))
        targets: set[str] = set()
        statements = list(tree.body)
        while statements:
            node = statements.pop()
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                statements.extend(node.orelse)
                continue
            if isinstance(node, (ast.If, ast.Try)):
                statements.extend(node.body + node.orelse + getattr(node, "finalbody", []))
                for h in getattr(node, "handlers", []):
                    statements.extend(h.body)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    here = name.split(".") if is_package else name.split(".")[:-1]
                    here = here[:len(here) - node.level + 1]
                    module = ".".join(here + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets.add(module)
                targets.update(f"{module}.{alias.name}" for alias in node.names)
        graph[name] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself)."""
    edges = {m: sorted(t for t in targets if t in graph) for m, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(m: str) -> None:
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in edges[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            component = []
            while True:
                n = stack.pop()
                on_stack.discard(n)
                component.append(n)
                if n == m:
                    break
            if len(component) > 1 or m in edges[m]:
                found.append(sorted(component))

    for m in sorted(edges):
        if m not in index:
            visit(m)
    return found


def test_no_import_circle_in_the_projections_nor_with_the_domain():
    graph = {**_module_imports("projections"), **_module_imports("governance")}
    assert "projections.handlers" in graph and "governance.proposal" in graph
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_one():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_domain_does_not_import_the_read_models():
    for module, targets in _module_imports("governance").items():
        assert not {t for t in targets if t == "projections" or t.startswith("projections.")}, module
    # nor at call time (imports inside functions)
    for path in (ROOT / "governance").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "projections":
                pytest.fail(f"{path.relative_to(ROOT)} imports {node.module}")
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "projections" for a in node.names):
                pytest.fail(f"{path.relative_to(ROOT)} imports the read models")

