"""The assemblies projection: general assemblies of each pole (rm_assemblies), and the minutes'
signatures and corrections (rm_minutes_entries)."""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import select

from governance.assembly import Assembly
from governance.minutes import Minutes
from projections import tables as t
from projections.batch import Batch, Projection, _id, _named, utc


def assembly_convened(b: Batch, e: Any, pos: int) -> None:
    b.rows(t.assemblies).insert(
        id=_id(e), pole_id=str(e.pole_id), kind=e.kind, held_at=utc(e.held_at), place=e.place, mode=e.mode,
        convocation=e.convocation, status="convened", convened_by=e.actor, convened_at=utc(e.timestamp),
        electorate_size=len(e.electorate), agenda=list(e.agenda))


def _assembly(b: Batch, e: Any, **values: Any) -> None:
    b.rows(t.assemblies).update(_id(e), **values)


def minutes_started(b: Batch, e: Any, pos: int) -> None:
    b.minutes_subjects[_id(e)] = (str(e.subject_id), str(e.pole_id), e.subject_type)


def minutes_entry(b: Batch, e: Any, pos: int, **values: Any) -> None:
    if _id(e) not in b.minutes_subjects:  # started in an earlier batch: its first entry says what of
        m = t.minutes_entries.c
        row = b.conn.execute(select(m.subject_id, m.pole_id, m.subject_type).where(m.minutes_id == _id(e))
                             .limit(1)).one()
        b.minutes_subjects[_id(e)] = (row.subject_id, row.pole_id, row.subject_type)
    subject_id, pole_id, subject_type = b.minutes_subjects[_id(e)]
    b.rows(t.minutes_entries).insert(
        subject_id=subject_id, minutes_id=_id(e), pole_id=pole_id, subject_type=subject_type, number=e.number,
        actor=e.actor, at=utc(e.at), **values)


def amendment_put_on_agenda(b: Batch, e: Any, pos: int) -> None:
    """An admitted amendment joins the agenda just before the resolution it amends (issue 23)."""
    row = b.rows(t.assemblies).get(_id(e))
    if row is None:
        return
    agenda = list(row["agenda"])
    agenda.insert(agenda.index(e.before) if e.before in agenda else len(agenda), e.amendment_id)
    _assembly(b, e, agenda=agenda)


def _prefetch(b: Batch, events: Sequence[Any]) -> None:
    b.rows(t.assemblies).prefetch(
        (_id(e),) for e in _named(events, Assembly.SessionOpened, Assembly.SessionClosed, Assembly.AmendmentPutOnAgenda))


ASSEMBLIES = Projection("assemblies", (t.assemblies, t.minutes_entries), {
    Assembly.AssemblyConvened: assembly_convened,
    Assembly.SessionOpened: lambda b, e, p: _assembly(b, e, status="in_session", opened_at=utc(e.timestamp)),
    Assembly.SessionClosed: lambda b, e, p: _assembly(b, e, status="closed", closed_at=utc(e.timestamp)),
    Assembly.AmendmentPutOnAgenda: amendment_put_on_agenda,
    Minutes.MinutesStarted: minutes_started,
    Minutes.MinutesSigned: lambda b, e, p: minutes_entry(b, e, p, type="signature", signer=e.signer,
                                                         capacity=e.capacity, digest=e.digest,
                                                         pdf_sha256=(e.pdf or {}).get("sha256")),
    Minutes.MinutesTimestamped: lambda b, e, p: minutes_entry(b, e, p, type="timestamp", digest=e.digest,
                                                              pdf_sha256=e.pdf["sha256"]),
    Minutes.MinutesCorrected: lambda b, e, p: minutes_entry(b, e, p, type="correction", text=e.text,
                                                            corrects=e.corrects),
}, _prefetch)
