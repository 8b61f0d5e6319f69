"""The `collegia` command: set up a store, load the demo, rebuild, export, import, run."""

from __future__ import annotations

import sys
import threading
import time

import click
from tqdm import tqdm

from governance.clock import now
from projections.config import Settings
from projections.eventlog import ImportRefused, export_events, import_events
from projections.queries import Queries
from projections.system import System, bootstrap

CLOSE_DUE_EVERY = 30  # seconds between two passes of the automatic closer


def _system(create_key: bool = False) -> System:
    return bootstrap(Settings.from_env(), create_key=create_key)


@click.group()
def main() -> None:
    """Collegia: event-sourced governance for cooperative poles."""


@main.command()
def init() -> None:
    """Create the event store, the read models and the ballot key (idempotent)."""
    system = _system(create_key=True)
    click.echo(f"Store ready ({system.settings.backend}): {system.settings.database_url}")
    system.close()


@main.command()
@click.option("--force", is_flag=True, help="Load even if the store already holds events.")
def demo(force: bool) -> None:
    """Load the demo pole 'Drôme Coopère' (two years of governance history)."""
    from governance.demo import load_demo
    system = _system(create_key=True)
    if system.app.recorder.max_notification_id() and not force:
        click.echo("The store already holds events: demo not loaded again (use --force).")
    else:
        from web.accounts import Accounts
        from web.demo_accounts import create_demo_accounts
        pole_id = load_demo(system.app)
        create_demo_accounts(Accounts(system.engine), Queries(system.engine), str(pole_id))
        click.echo(f"Demo pole loaded: Drôme Coopère ({pole_id})")
    system.close()


@main.command()
def rebuild() -> None:
    """Drop every read model and rebuild it from the events."""
    system = _system()
    total = system.app.recorder.max_notification_id() or 0
    started = time.perf_counter()
    with tqdm(total=total, unit="ev", desc="rebuild", file=sys.stderr) as bar:
        count = system.projector.rebuild(progress=bar.update)
    elapsed = time.perf_counter() - started
    click.echo(f"Rebuilt the read models from {count} events in {elapsed:.2f} s.")
    system.close()


@main.command()
@click.argument("output", type=click.File("w", encoding="utf-8"), default="-")
def export(output: click.utils.LazyFile) -> None:
    """Write the event log as JSON lines (to OUTPUT, or standard output)."""
    system = _system()
    count = export_events(system.app, output)
    click.echo(f"Exported {count} events.", err=True)
    system.close()


@main.command(name="import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def import_(source: click.utils.LazyFile) -> None:
    """Import an exported event log into an empty store, then rebuild the read models."""
    system = _system(create_key=True)
    try:
        count = import_events(system.app, source)
    except ImportRefused as error:
        raise click.ClickException(str(error)) from None
    system.projector.rebuild()
    click.echo(f"Imported {count} events and rebuilt the read models.")
    system.close()


@main.command(name="close-due")
def close_due() -> None:
    """Close every open vote whose announced closing time has passed."""
    system = _system()
    closed = close_due_proposals(system)
    click.echo(f"Closed {closed} vote(s).")
    system.close()


def close_due_proposals(system: System) -> int:
    """Close the votes past their closing time; returns how many this call closed."""
    closed = 0
    for proposal_id in Queries(system.engine).due_for_closing(now()):
        if system.app.close_if_due(proposal_id) is not None:
            closed += 1
    return closed


def start_closer(system: System, every: float = CLOSE_DUE_EVERY) -> threading.Thread:
    """Run the automatic closer in a daemon thread."""
    def loop() -> None:
        while True:
            try:
                close_due_proposals(system)
            except Exception as error:  # keep closing later votes even if one pass fails
                click.echo(f"automatic close failed: {error}", err=True)
            time.sleep(every)
    thread = threading.Thread(target=loop, name="collegia-closer", daemon=True)
    thread.start()
    return thread


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def run(host: str, port: int) -> None:
    """Serve the web interface (development server) with the automatic closer."""
    from web.app import create_app
    system = _system(create_key=True)
    app = create_app(system=system)
    start_closer(system)
    _print_logins(system)
    app.run(host=host, port=port, debug=False, use_reloader=False)


def _print_logins(system: System) -> None:
    from web.accounts import Accounts
    from web.demo_accounts import demo_logins
    logins = demo_logins(Accounts(system.engine))
    if logins:
        click.echo("\nDemo logins (demo data only):")
        width = max(len(role) for role, _, _ in logins)
        for role, login, password in logins:
            click.echo(f"  {role:<{width}}  {login:<45}  {password}")
    else:
        click.echo("\nNo account yet: create the first administrator with 'collegia create-admin'.")
    click.echo("")


@main.command(name="create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform administrator account."""
    from governance.errors import DomainError
    from web.accounts import Accounts
    system = _system(create_key=True)
    try:
        Accounts(system.engine).create_user(email, name, password, is_admin=True)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    finally:
        system.close()
    click.echo(f"Administrator {email} created.")


if __name__ == "__main__":
    main()
