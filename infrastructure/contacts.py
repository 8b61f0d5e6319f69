"""Members' postal addresses (issue 20: a general assembly may be convened by post).

Contact data, not a governance fact: it changes when a member moves and is erased on request (GDPR, art. 17),
which an event log, where nothing is ever deleted, cannot do. So, like the accounts' e-mail addresses, it
lives in a table of the read models' database (`member_contacts`, infrastructure/accounts_tables.py), one row
per member of a pole, and no event ever holds it. Erasing an address deletes its row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from governance import clock
from governance.base import clean_name
from governance.errors import InvalidInput
from infrastructure.accounts_tables import MAX_POSTAL_ADDRESS, member_contacts

MAX_ADDRESS_LINES = 8  # a French postal address has at most 6 lines (AFNOR NF Z10-011); room for a country


class InvalidAddress(InvalidInput, ValueError):
    """A postal address that cannot be kept (too long, too many lines, invisible characters): a ValueError for
    callers outside the web, an invalid input (HTTP 422, `template` and `params` to translate) for the pages."""

    rule = "postal_address"


def now() -> datetime:
    """Naive UTC, as the accounts' tables store times (governance.clock: tests and the demo can freeze it)."""
    return clock.now().astimezone(UTC).replace(tzinfo=None)


def clean_address(address: str) -> str:
    """The address as it is kept: each line stripped, empty lines dropped, lines joined by "\\n"; refused
    (`InvalidAddress`, naming the limit) beyond MAX_ADDRESS_LINES lines or MAX_POSTAL_ADDRESS characters, or
    holding a control, invisible or direction-changing character (governance.base.clean_name, line by line:
    an address printed on an envelope must read as it is stored)."""
    lines = []
    for line in (address or "").splitlines():
        line = " ".join(line.split())  # tabs and runs of spaces (an address pasted from a spreadsheet) as one space
        try:
            line = clean_name(line, "the postal address", max_length=MAX_POSTAL_ADDRESS, required=False)
        except InvalidInput as refused:
            raise InvalidAddress(refused.template, **refused.params) from None
        if line:
            lines.append(line)
    if len(lines) > MAX_ADDRESS_LINES:
        raise InvalidAddress("a postal address has at most {maximum} lines (this one: {lines})",
                             maximum=MAX_ADDRESS_LINES, lines=len(lines))
    text = "\n".join(lines)
    if len(text) > MAX_POSTAL_ADDRESS:
        raise InvalidAddress("a postal address has at most {maximum} characters (this one: {length})",
                             maximum=MAX_POSTAL_ADDRESS, length=len(text))
    return text


def postal_address(engine: Engine, pole_id: str | UUID, member_id: str | UUID) -> str:
    """The member's postal address, lines separated by "\\n" ("" if none is known)."""
    with engine.connect() as conn:
        found = conn.execute(select(member_contacts.c.postal_address).where(
            member_contacts.c.pole_id == str(pole_id), member_contacts.c.member_id == str(member_id))).scalar()
    return found or ""


def postal_addresses(engine: Engine, pole_id: str | UUID) -> dict[str, str]:
    """Every known postal address of the pole's members, by member id (a convocation by post reads them
    all at once)."""
    with engine.connect() as conn:
        rows = conn.execute(select(member_contacts.c.member_id, member_contacts.c.postal_address)
                            .where(member_contacts.c.pole_id == str(pole_id)))
        return {member_id: address for member_id, address in rows}


def set_postal_address(engine: Engine, pole_id: str | UUID, member_id: str | UUID, address: str) -> None:
    """Record the member's postal address (`clean_address`), replacing the one known; an empty address
    erases it (the row is deleted, nothing of it stays)."""
    text = clean_address(address)
    key = {"pole_id": str(pole_id), "member_id": str(member_id)}
    with engine.begin() as conn:
        if not text:
            conn.execute(delete(member_contacts).where(member_contacts.c.pole_id == key["pole_id"],
                                                       member_contacts.c.member_id == key["member_id"]))
            return
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(member_contacts).values(**key, postal_address=text, updated_at=now())
        conn.execute(statement.on_conflict_do_update(
            index_elements=["pole_id", "member_id"],
            set_={"postal_address": statement.excluded.postal_address,
                  "updated_at": statement.excluded.updated_at}))
