"""Stored events to the projections' plain events, without building domain events.

The projections only read an event's fields, and the audit trail stores them as plain JSON
(identifiers and times as text). So the projector decodes each stored event straight into
that plain form, with the C JSON decoder and no domain-event construction: `{"_type_":
"uuid_hex", …}` becomes the identifier's usual text, `{"_type_": "datetime_iso", …}` the
time's `str()`, exactly what `plain()` makes of the domain event's values. The result is a
`PlainEvent` whose class has the domain event's `__qualname__` (`event_key`: handlers are bound
to the domain event classes and dispatched on that key) and whose attributes are the event's
fields; `originator_id` is the aggregate id as text.

Events this cannot decode the same way (a transcoder that is not eventsourcing's JSON one, an
event class with upcasters, a type without a plain form) go through the application's mapper
and are turned into the same plain form from the domain event.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Mapper, Notification
from eventsourcing.utils import resolve_topic

from governance.assessment import Campaign
from governance.minutes import Minutes


def plain(value: Any) -> Any:
    """A domain event's value as the audit trail stores it: identifiers and times as text."""
    if isinstance(value, (UUID, datetime)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class PlainEvent:
    """An event's fields as plain values; subclassed once per event type (see `EventDecoder`).

    `stored_json` is the event's stored JSON text (None when it came through the mapper)."""

    __slots__ = ("__dict__", "stored_json")
    aggregate_type = ""
    event_type = ""


def event_key(cls: type) -> str:
    """The key read models bind a domain event class by, and the projector finds handlers with:
    the class's `__qualname__` ("Proposal.BallotCast"), which its plain events' class shares."""
    return cls.__qualname__


@lru_cache(maxsize=None)
def _view(cls: type) -> type[PlainEvent]:
    """The plain events' class for this domain event class: same `__qualname__` (`event_key`)."""
    qualname = event_key(cls)
    aggregate_type, _, event_type = qualname.partition(".")
    return type(cls.__name__, (PlainEvent,), {
        "__qualname__": qualname, "__module__": cls.__module__, "__slots__": (),
        "aggregate_type": aggregate_type, "event_type": event_type})


def plain_event(event: Any) -> PlainEvent:
    """A domain event as a plain event (the mapper's way, for events the decoder leaves to it)."""
    plain_ = object.__new__(_view(type(event)))
    object.__setattr__(plain_, "__dict__", {k: plain(v) for k, v in vars(event).items()})
    plain_.stored_json = None
    return plain_


class _NoPlainForm(Exception):
    pass


def _uuid_text(hex_: str) -> str:
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


class EventDecoder:
    """Turns notifications into `PlainEvent`s (see the module's docstring)."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        transcoder = mapper.transcoder
        self._json = isinstance(transcoder, JSONTranscoder)
        self._names = transcoder.names if self._json else {}
        # The scanners of the C decoder, called directly (no whitespace handling: stored JSON has none).
        self._scan = json.JSONDecoder(object_hook=self._plain_object).scan_once
        self._scan_raw = json.JSONDecoder().scan_once
        self._classes: dict[str, tuple[type[PlainEvent], bool]] = {}
        self._versions: dict[str, int] = {}  # topic -> its class's current class_version

    def _plain_object(self, d: dict[str, Any]) -> Any:
        if len(d) != 2 or "_type_" not in d or "_data_" not in d:
            return d
        name, data = d["_type_"], d["_data_"]
        if name == "datetime_iso" and len(data) > 10 and data[10] == "T":
            return data[:10] + " " + data[11:]  # str(datetime) is isoformat(sep=" ")
        if name == "uuid_hex" and len(data) == 32:
            return _uuid_text(data)
        transcoding = self._names.get(name)
        if transcoding is None:
            raise _NoPlainForm(name)
        value = plain(transcoding.decode(data))
        if not isinstance(value, (str, int, float, bool, dict, list)) and value is not None:
            raise _NoPlainForm(name)
        return value

    def _learn(self, topic: str) -> tuple[type[PlainEvent], bool]:
        cls = resolve_topic(topic)
        view = _view(cls)
        # Events stored at an earlier class version need the upcasters, which work on the domain
        # event's typed values: those go through the mapper (`decode`); those stored at the current
        # version (which the stored state names when it is above 1) need nothing.
        fast = self._json
        self._versions[topic] = getattr(cls, "class_version", 1)
        self._classes[topic] = (view, fast)
        return view, fast

    def decode(self, n: Notification) -> PlainEvent:
        try:
            view, fast = self._classes[n.topic]
        except KeyError:
            view, fast = self._learn(n.topic)
        state: dict[str, Any] | None = None
        text: str | None = None
        if fast:
            data = n.state
            try:
                if self.mapper.cipher:
                    data = self.mapper.cipher.decrypt(data)
                if self.mapper.compressor:
                    data = self.mapper.compressor.decompress(data)
                text = data.decode("utf8")
                if text.startswith(_TIMESTAMP) and text.find('"_type_"', _AFTER_TIMESTAMP) < 0:
                    # Only the time is wrapped (most events): decode without the hook, then the time.
                    state, end = self._scan_raw(text, 0)
                    state["timestamp"] = self._plain_object(state["timestamp"])
                else:
                    state, end = self._scan(text, 0)
                if end != len(text) or type(state) is not dict:
                    state = None
            except Exception:  # let the mapper decode it, or raise its own error
                state = None
            if state is not None and state.get("class_version", 1) != self._versions[n.topic]:
                state = None  # to be upcast by the mapper
            elif state is not None and "class_version" in state:
                del state["class_version"]  # as the mapper pops it: not a field of the event
        if state is None:
            return plain_event(self.mapper.to_domain_event(n))
        state["originator_id"] = str(n.originator_id)
        state["originator_version"] = n.originator_version
        event_ = object.__new__(view)
        object.__setattr__(event_, "__dict__", state)
        event_.stored_json = text
        return event_


# -- the audit trail's details, from the stored JSON text ------------------------------------
HIDDEN_FIELDS = frozenset({"originator_id", "originator_version", "timestamp", "actor", "sealed"})
# Fields that hold a sealed value when they are text, left out of the details like a secret ballot's `sealed`: a
# campaign's answers not shared (issue 24; governance/assessment.py), which are the plain answers (a dict) when the
# campaign shares them with its secretary.
SEALED_WHEN_TEXT = {event_key(Campaign.AssessmentAnswered): "answers"}
# Fields a later class version added, left out of the details when empty: an event recorded before them reads in the
# audit trail as it did when it was projected, whether it was projected then or is replayed now through its upcaster
# (a signature made on the page has no signed PDF: `Minutes.MinutesSigned` version 3, issue 25).
LEFT_OUT_WHEN_NONE = {event_key(Minutes.MinutesSigned): "pdf"}
_encode_details = json.JSONEncoder(separators=(",", ":")).encode
_TIMESTAMP = '{"timestamp":{"_type_":"datetime_iso","_data_":"'
_AFTER_TIMESTAMP = len(_TIMESTAMP)
_WRAPPED = re.compile(r'\{"_type_":"(?:datetime_iso","_data_":"([0-9-]{10})T([^"\\]*)"'
                      r'|uuid_hex","_data_":"([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})")\}')


def _unwrap(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f'"{match.group(1)} {match.group(2)}"'
    return '"' + "-".join(match.group(3, 4, 5, 6, 7)) + '"'


def _plain_text(s: str) -> bool:
    """Whether this text can stand inside a JSON string as it is (no quote, backslash or control)."""
    return '"' not in s and "\\" not in s and s.isprintable()


def hidden_fields(event: Any) -> frozenset[str]:
    """The fields of this event the audit trail leaves out: `HIDDEN_FIELDS`, a sealed value's field
    (`SEALED_WHEN_TEXT`) when it holds one, a later version's field when empty (`LEFT_OUT_WHEN_NONE`)."""
    sealed = SEALED_WHEN_TEXT.get(type(event).__qualname__)
    if sealed is not None and type(event.__dict__.get(sealed)) is str:
        return HIDDEN_FIELDS | {sealed}
    added = LEFT_OUT_WHEN_NONE.get(type(event).__qualname__)
    if added is not None and event.__dict__.get(added, None) is None:
        return HIDDEN_FIELDS | {added}
    return HIDDEN_FIELDS


def audit_details(event: Any) -> str:
    """The event's fields but the hidden ones (`hidden_fields`), plain, as JSON text.

    Cut out of the stored JSON when it has the usual shape (`{"timestamp": …, <fields>,
    "actor": …}`), its identifiers and times rewritten as text: no encoding of the values,
    which for a `VotingOpened` are the whole frozen electorate. Any other shape, or a sealed
    value to leave out: the plain fields, encoded."""
    state = event.__dict__
    hidden = hidden_fields(event)
    text = getattr(event, "stored_json", None)
    actor = state.get("actor")
    if text is not None and text.startswith(_TIMESTAMP) and "sealed" not in state and hidden is HIDDEN_FIELDS \
            and type(actor) is str and _plain_text(actor):
        end = text.find('"},', len(_TIMESTAMP))
        suffix = ',"actor":"' + actor + '"}'
        if end > 0 and text.endswith(suffix):
            middle = text[end + 3:len(text) - len(suffix)]
            if '"_type_"' in middle:
                middle = _WRAPPED.sub(_unwrap, middle)
            if middle and '"_type_"' not in middle:
                return "{" + middle + "}"
    return _encode_details({k: v for k, v in state.items() if k not in hidden})
