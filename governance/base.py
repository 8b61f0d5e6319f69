"""The aggregate base: every event carries its actor and takes its time from `governance.clock`."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate

from governance import clock
from governance.errors import InvalidInput

MAX_TEXT = 100_000
MAX_NAME = 200
MAX_PROXY_CAP = 100  # the most proxies statutes may let one member hold (max_proxies_per_holder)


class GovernanceAggregate(Aggregate):
    """Aggregate whose events are timestamped by the (freezable) governance clock.

    State convention: nested entries (a member, a ballot, a proxy) are replaced, never
    mutated in place. Copying an aggregate (the repository copies cached aggregates
    before each command) then only needs to duplicate the top-level containers, which
    keeps commands on a proposal with thousands of ballots cheap.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> "GovernanceAggregate":
        clone = object.__new__(type(self))
        for name, value in self.__dict__.items():
            if isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, list):
                value = list(value)
            clone.__dict__[name] = value
        return clone

    class Event(Aggregate.Event):
        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

    class Created(Event, Aggregate.Created):
        pass


# Characters that reorder the text around them when displayed (embeddings, overrides and isolates, the
# "Trojan Source" set): a title or a text holding them reads differently from what it is.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# In a name (one line, at most MAX_NAME characters) nothing invisible is legitimate: no format character
# (Unicode category Cf: bidi controls and marks, zero-width spaces and joiners, word joiner, BOM, soft
# hyphen...), no line or paragraph separator, no control character (tab and line breaks included).
NAME_REFUSED_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})


def clean_text(value: object, field: str, *, max_length: int = MAX_NAME, required: bool = True,
               name: bool | None = None) -> str:
    """Normalise free text from users (NFC, stripped); refuse empty (when required), oversized, control,
    invisible or direction-changing characters.

    A *name* (by default, a field of at most MAX_NAME characters: a member's, a pole's, a title, a
    category, an actor) is one line of visible characters: any control character (tab and line breaks
    included) and any format character (category Cf: bidi overrides, isolates and marks, zero-width
    characters, BOM, soft hyphen...) is refused, so that no name can pass for another. Longer, multi-line
    text (a proposal's text, reasons, a decision) keeps tabs and line breaks, and the format characters
    some languages and emoji need (zero-width joiners, LRM / RLM marks, soft hyphens), but refuses the
    embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which make the text displayed
    differ from the text stored (and voted). Only new commands are checked: recorded events keep what
    they hold and replay as they are.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("{field} must be text", field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if required and not text:
        raise InvalidInput("{field} is required", field=field)
    if len(text) > max_length:
        raise InvalidInput("{field} is too long ({length} characters, at most {maximum})",
                           field=field, length=len(text), maximum=max_length)
    if text.isascii() and text.isprintable():
        return text  # printable ASCII holds no control, surrogate, format or separator character: nothing to refuse
    one_line = max_length <= MAX_NAME if name is None else name
    allowed_controls = "" if one_line else "\n\r\t"
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed_controls for ch in text):
        raise InvalidInput("{field} contains control characters", field=field)
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise InvalidInput("{field} contains an invalid character (a lone surrogate)", field=field)
    hidden = next((ch for ch in text if ch in BIDI_CONTROLS or
                   (one_line and unicodedata.category(ch) in NAME_REFUSED_CATEGORIES)), None)
    if hidden is not None:
        raise InvalidInput("{field} contains an invisible or direction-changing character ({character})",
                           field=field, character=f"U+{ord(hidden):04X}")
    return text


def clean_name(value: object, field: str, *, max_length: int = MAX_NAME, required: bool = True) -> str:
    """A name: one line of visible characters (see `clean_text`), also for callers outside the aggregates
    (e.g. an account's display name)."""
    return clean_text(value, field, max_length=max_length, required=required, name=True)


def clean_actor(actor: object) -> str:
    """Every event names who did it."""
    return clean_text(actor, "actor", max_length=MAX_NAME)


def folded(text: str) -> str:
    """`text` folded to compare French names and words: no case, no accents (é → e, œ → oe, ß → ss), one space
    between words. 'Régie  de Quartier' and 'regie de quartier' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("œ", "oe").replace("æ", "ae").split())
