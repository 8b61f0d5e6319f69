"""`collegia verify`: re-check the register's hash chain, in the store or in an exported file (offline).

Registered with the `collegia` group in web/cli.py (`main.add_command(verify)`).
Exit status 0 when every register is intact, 1 with the first failure printed when not.
"""

from __future__ import annotations

import json
from typing import Any

import click

from infrastructure.register_chain import Anchor, Report


def verify_configured_store(pole: str | None = None, anchors: tuple[Anchor, ...] = ()) -> Report:
    """Verify the store named by the COLLEGIA_* environment: the chain, the heads recorded by signed minutes,
    the snapshots (no read model needed; with the instance's ballot key, snapshots' seals are checked too)."""
    from infrastructure.application import StoredCollegia
    from infrastructure.chain_store import chain_env
    from infrastructure.config import Settings
    from infrastructure.register_audit import audit_store
    settings = Settings.from_env()
    app = StoredCollegia(env={**settings.event_store_env(), **chain_env(settings)})
    try:
        return audit_store(app, pole, anchors)
    finally:
        app.close()


def describe(report: Report, source: str) -> list[str]:
    """The report in plain words, one line each (English; the web page has its translated version)."""
    lines = []
    if report.ok:
        lines.append(f"Register intact ({source}): {report.entries} entries checked in {len(report.poles)} "
                     f"register(s), {report.events} events in the log.")
    else:
        failures = report.failures
        lines.append(f"Register NOT intact ({source}): {len(failures)} problem(s) found. The first:")
        first = failures[0]
        where = [f"pole {first.pole_id}"]
        if first.seq is not None:
            where.append(f"entry {first.seq}")
        if first.position is not None:
            where.append(f"log position {first.position}")
        if first.seq is None and first.position is None and first.originator_id is not None:
            where.append(f"aggregate {first.originator_id} version {first.originator_version}")
        lines.append(f"  [{first.kind}] {', '.join(where)}")
        lines.append(f"  {first.message}")
    for pole in sorted(report.poles.values(), key=lambda p: p.pole_id):
        state = "intact" if pole.ok else f"{len(pole.failures)} problem(s), first at entry " \
            f"{pole.failures[0].seq if pole.failures[0].seq is not None else '?'} ({pole.failures[0].kind})"
        lines.append(f"  pole {pole.pole_id}: {pole.entries} entries, head #{pole.head_seq} {pole.head_hash} "
                     f"— {state}")
    heads = [p for p in sorted(report.poles.values(), key=lambda p: p.pole_id) if p.head_seq]
    if report.ok and heads:
        lines.append(f"Note the head in the minutes; later, 'collegia verify --anchor "
                     f"{heads[0].pole_id}:{heads[0].head_seq}:{heads[0].head_hash}' shows whether the chain was "
                     "rewritten or cut short since.")
    return lines


def _anchors(_ctx: Any, _param: Any, values: tuple[str, ...]) -> tuple[Anchor, ...]:
    try:
        return tuple(Anchor.parse(value) for value in values)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.command(name="verify")
@click.option("--file", "source", type=click.File("r", encoding="utf-8"),
              help="Verify an exported event log (JSON lines, from 'collegia export') offline, without any database.")
@click.option("--pole", help="Verify only this pole's register (its id).")
@click.option("--anchor", "anchors", multiple=True, callback=_anchors, metavar="POLE:SEQ:HASH",
              help="A head noted earlier (in minutes): the chain must still pass through it. Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def verify(source: Any, pole: str | None, anchors: tuple[Anchor, ...], as_json: bool) -> None:
    """Re-check the hash chain of every pole's register and name the first entry altered, removed or reordered."""
    from infrastructure.eventlog import ImportRefused
    try:
        if source is not None:
            from infrastructure.eventlog import verify_export
            report = verify_export(source, pole, anchors)
            where = f"file {source.name}"
        else:
            report = verify_configured_store(pole, anchors)
            where = "store"
    except ImportRefused as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:  # never a traceback: whatever was done to the store, say the check failed
        click.echo(f"Register NOT verified: the check could not complete ({type(error).__name__}: {error}). "
                   "Treat the store as tampered with until this is understood.", err=True)
        click.get_current_context().exit(1)
        return
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for line in describe(report, where):
            click.echo(line)
    if not report.ok:
        click.get_current_context().exit(1)


@click.command(name="seal-register")
def seal_register() -> None:
    """Chain the events of a store created before it kept the register's chain (once, on adoption)."""
    from infrastructure.application import StoredCollegia
    from infrastructure.chain_store import ChainAlreadyStarted, chain_env, seal_existing
    from infrastructure.config import Settings
    settings = Settings.from_env()
    app = StoredCollegia(env={**settings.event_store_env(), **chain_env(settings)})

    def pole_of(stored: Any) -> str | None:  # through the mapper, so an encrypted store is read too
        try:
            pole = getattr(app.mapper.to_domain_event(stored), "pole_id", None)
        except Exception:  # an event this code cannot decode: its own register
            return None
        return None if pole is None else str(pole)
    try:
        count = seal_existing(app.recorder, pole_of)
    except ChainAlreadyStarted as error:
        raise click.ClickException(str(error)) from None
    finally:
        app.close()
    click.echo(f"Sealed {count} existing events into the register's chain. "
               "Note the head hashes ('collegia verify') in the minutes.")
