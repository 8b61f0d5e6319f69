"""Read models are bound to the domain's event classes (import circles: tests/unit/test_layers.py).

Renaming an event class must fail here (or at the import of the read model that binds it),
never silently stop a read model: every handler key names an event class of an aggregate of
governance/, every event class reaches the audit trail, and each is either read by a read model
or listed below as read by the audit trail only.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from eventsourcing.domain import DomainEvent

import governance
from governance.base import GovernanceAggregate
from projections.audit import AUDIT
from projections.batch import ANY_EVENT, Projection
from projections.decoding import _view, event_key
from projections.handlers import ALL_PROJECTIONS

# Events only the audit trail reads: a new event class is either bound in a read model or added here.
AUDIT_ONLY = {
    "Assembly.AssemblyProxyGiven", "Assembly.AssemblyProxyRevoked", "Assembly.AttendanceRecorded",
    "Assembly.ResolutionOpened", "Assembly.ResolutionClosed", "Assembly.ResolutionDropped",
    # Convening (issue 20): the assembly's and the pole's pages read them from the aggregate, the register
    # and the minutes from the events; no list needs them as rows.
    "Assembly.ConvocationSent", "Assembly.ConvocationPosted", "Assembly.DocumentMadeAvailable",
    "Assembly.CorrespondenceFormRecorded", "Assembly.CorrespondenceFormSetAside", "Assembly.FormsCarriedOver",
    "Assembly.TechnicalIncidentRecorded", "Assembly.CorrespondenceFormRestored", "Pole.PoleIdentityRecorded", "Pole.ConvocationConsentGiven",
    "Pole.ConvocationConsentWithdrawn",
    # Issue 22: an admission approved, awaiting the minimum subscription; the capital pages read it from the pole.
    "Pole.AdmissionApproved",
    # Issue 23: a discussion's start (its comments carry their pole and proposal) and the resolution's list of its
    # amendments (each amendment's row names the resolution it amends).
    "Discussion.DiscussionOpened", "Proposal.AmendmentReceived",
    # Issue 24: a pole's own versions of the référentiel are read from its book (one aggregate per pole, found by its
    # id); each campaign's row keeps the whole version it was opened with.
    "ReferentielBook.ReferentielBookOpened", "ReferentielBook.ReferentielVersionAdopted",
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
    assert {a.__name__ for a in _aggregates()} == {"Pole", "Proposal", "Assembly", "Minutes", "Discussion",
                                                   "ReferentielBook", "Campaign"}
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
    assert [p.name for p in ALL_PROJECTIONS] == ["poles", "roster", "register", "assemblies", "board", "capital",
                                                 "discussions", "assessment", "audit"]

