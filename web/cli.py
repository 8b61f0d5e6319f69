"""The `collegia` command: set up a store, load the demo, rebuild, export, import, run.

Production mode (PostgreSQL, `COLLEGIA_PROJECTIONS=worker`): `collegia init` is the one
setup step that creates tables; gunicorn serves `web.wsgi:app`; `collegia project` keeps
the read models current; `collegia serve` runs both locally (see docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from governance.clock import now
from governance.convocation import paris_day
from infrastructure.config import Settings
from infrastructure.eventlog import ImportRefused, export_events, import_events
from projections.queries import Queries
from infrastructure.system import System, bootstrap

CLOSE_DUE_EVERY = 30  # seconds between two passes of the automatic closer


def _system(create_key: bool = False) -> System:
    return bootstrap(Settings.from_env(), create_key=create_key)


@click.group()
def main() -> None:
    """Collegia: event-sourced governance for cooperative poles."""


@main.command()
@click.option("--create-database", is_flag=True,
              help="PostgreSQL: create the database named in COLLEGIA_DATABASE_URL if it does not exist.")
def init(create_database: bool) -> None:
    """Set up a store (idempotent): the event store's tables, the read models and accounts at the
    latest schema revision (a store made by earlier code is upgraded), the ballot key and the
    session key. In production, the one step that creates tables."""
    from web.app import instance_secret
    settings = Settings.from_env()
    if settings.is_postgres and create_database:
        _create_database(settings)
    # Read models and accounts from the schema revisions, on both stores: an embedded store made
    # by earlier code (its tables straight from that code, never stamped) is adopted and upgraded.
    before, after = _upgrade_schema(settings)
    revision = f", schema revision {after}" + (f", upgraded from {before}" if before and before != after else "")
    # The event store's tables (the read models' exist already: creating them is a no-op).
    system = bootstrap(settings, create_key=True, create_tables=True, project_inline=False)
    if not os.environ.get("COLLEGIA_SECRET_KEY"):
        instance_secret(settings.instance_dir)
    system.close()
    schema = f" (schema {settings.schema})" if settings.schema else ""
    click.echo(f"Store ready ({settings.backend}{schema}{revision}): {_safe_url(settings.database_url)}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _create_database(settings: Settings) -> None:
    import psycopg
    from psycopg import sql
    from urllib.parse import urlparse
    url = urlparse(settings.psycopg_url())
    name = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            click.echo(f"Database {name} created.")


def _upgrade_schema(settings: Settings, revision: str = "head") -> tuple[str | None, str | None]:
    import migrations
    from infrastructure.system import read_model_engine
    if not settings.is_postgres:
        settings.event_store_env()  # makes the SQLite store's directory
    engine = read_model_engine(settings, create_schema=True)
    try:
        with engine.begin() as conn:
            return migrations.upgrade(conn, revision)
    finally:
        engine.dispose()


@main.group()
def db() -> None:
    """Schema revisions of the read models and accounts (Alembic)."""


@db.command(name="upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Bring the read-model and account tables to REVISION (default: the latest)."""
    before, after = _upgrade_schema(Settings.from_env(), revision)
    click.echo(f"Schema at revision {after}" + (f" (was {before or 'empty'})" if before != after else ""))


@db.command(name="current")
def db_current() -> None:
    """Print the database's schema revision and the code's latest one."""
    import migrations
    from infrastructure.system import read_model_engine
    engine = read_model_engine(Settings.from_env(), create_schema=False)
    try:
        with engine.connect() as conn:
            current = migrations.current_revision(conn)
    finally:
        engine.dispose()
    click.echo(f"database: {current or 'none'}; code: {migrations.head_revision()}")


@db.command(name="check")
def db_check() -> None:
    """Fail if the tables in the code differ from the database (a revision is missing)."""
    import migrations
    from infrastructure.system import read_model_engine
    engine = read_model_engine(Settings.from_env(), create_schema=False)
    try:
        with engine.connect() as conn:
            diffs = migrations.differences(conn)
    finally:
        engine.dispose()
    for diff in diffs:
        click.echo(f"  {diff}")
    if diffs:
        raise click.ClickException("the tables differ from the latest revision: write one with 'collegia db revision'")
    click.echo("The database matches the tables in the code.")


@db.command(name="revision")
@click.option("-m", "--message", required=True, help="What the revision changes.")
@click.option("--empty", is_flag=True, help="Write an empty revision instead of autogenerating it.")
def db_revision(message: str, empty: bool) -> None:
    """Write the next revision, autogenerated from the differences between the code and a
    database at the latest revision (run 'collegia db upgrade' first; review the file)."""
    import migrations
    from infrastructure.system import read_model_engine
    engine = read_model_engine(Settings.from_env(), create_schema=False)
    try:
        with engine.begin() as conn:
            script = migrations.new_revision(conn, message, autogenerate=not empty)
    finally:
        engine.dispose()
    click.echo(f"Wrote {script.path}")


@main.command()
@click.option("--force", is_flag=True, help="Load even if the store already holds events.")
def demo(force: bool) -> None:
    """Load the demo pole 'Drôme Coopère' (two years of governance history)."""
    from demo.pole import REFUSED_DEMO, load_demo
    system = _system(create_key=True)
    if system.app.recorder.max_notification_id() and not force:
        click.echo("The store already holds events: demo not loaded again (use --force).")
    else:
        from web.accounts.store import Accounts
        from demo.referentiel import load_second_pole
        from web.accounts.demo import create_demo_accounts, create_second_pole_accounts
        pole_id = load_demo(system.app)
        second = load_second_pole(system.app)  # the regional network's second pole (issue 24)
        system.projector.catch_up()  # the accounts are linked to members found in the read models
        create_demo_accounts(Accounts(system.engine), Queries(system.engine), str(pole_id))
        create_second_pole_accounts(Accounts(system.engine), str(second))
        click.echo(f"Demo pole loaded: Drôme Coopère ({pole_id}), and Royans-Vercors Coopération ({second}), "
                   "its neighbour in the regional network")
        click.echo(f"  refused as the law requires, nothing stored: {REFUSED_DEMO['member']} subscribing "
                   f"{REFUSED_DEMO['shares']} more shares ({REFUSED_DEMO['rule']})")
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
    _refuse_if_encrypted("export")
    system = _system()
    count = export_events(system.app, output)
    click.echo(f"Exported {count} events.", err=True)
    system.close()


@main.command(name="import")
@click.argument("source", type=click.File("r", encoding="utf-8"))
def import_(source: click.utils.LazyFile) -> None:
    """Import an exported event log into an empty store, then rebuild the read models."""
    _refuse_if_encrypted("import")
    system = _system(create_key=True)
    try:
        count = import_events(system.app, source)
    except ImportRefused as error:
        raise click.ClickException(str(error)) from None
    system.projector.rebuild()
    click.echo(f"Imported {count} events and rebuilt the read models.")
    system.close()


def _refuse_if_encrypted(command: str) -> None:
    # The JSON-lines log holds the events' plain state; the encrypted store's bytes are not that.
    if Settings.from_env().event_cipher_key:
        raise click.ClickException(
            f"'collegia {command}' does not handle a store encrypted with COLLEGIA_EVENT_CIPHER_KEY yet: "
            "back it up with pg_dump and its key (docs/deployment.md)")


@main.command(name="close-due")
def close_due() -> None:
    """Close every open vote whose announced closing time has passed."""
    system = _system()
    closed = close_due_proposals(system)
    click.echo(f"Closed {closed} vote(s).")
    system.close()


def close_due_proposals(system: System) -> int:
    """Close the votes past their closing time; returns how many this call closed. Then record the end of the
    board mandates past their term (issue 21: each end is an event, on the day after the mandate's last day)."""
    closed = 0
    queries = Queries(system.engine)
    for proposal_id in queries.due_for_closing(now()):
        if system.app.close_if_due(proposal_id) is not None:
            closed += 1
    for pole_id in queries.poles_with_mandates_past_term(paris_day(now()).isoformat()):
        # R225-15: a mandate expiring in a year whose ordinary assembly is convened (for today or later, or in
        # session) and not yet closed sits until its close (Collegia.close_session ends it then).
        today = paris_day(now())
        awaiting = {paris_day(a["held_at"].replace(tzinfo=UTC)).year for a in queries.assemblies(pole_id)
                    if a["kind"] in ("ordinary", "mixed") and (a["status"] == "in_session" or (
                        a["status"] == "convened" and paris_day(a["held_at"].replace(tzinfo=UTC)) >= today))}
        system.app.expire_mandates(pole_id, awaiting=awaiting)
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
    """Serve the web interface (development server) with the automatic closer and the mail (sent when
    COLLEGIA_SMTP_URL is set, else kept in the outbox)."""
    from notifications.service import MailService
    from web.app import create_app
    # Links in mail point at this server unless COLLEGIA_BASE_URL says where the public address is.
    os.environ.setdefault("COLLEGIA_BASE_URL", f"http://{host}:{port}")
    system = _system(create_key=True)
    app = create_app(system=system)
    start_closer(system)
    MailService(system).start()
    from notifications.webhooks import WebhookService
    WebhookService(system).start()  # issue 26: the pole's events to its webhooks (docs/webhooks.md)
    _print_logins(system)
    _print_mail(system)
    app.run(host=host, port=port, debug=False, use_reloader=False)


def _print_mail(system: System) -> None:
    if system.settings.smtp_url:
        from notifications.sender import SmtpTarget
        target = SmtpTarget.parse(system.settings.smtp_url)
        click.echo(f"Mail: sent through {target.host}:{target.port} from {system.settings.mail_from}.")
    else:
        click.echo("Mail: no COLLEGIA_SMTP_URL, messages are kept in the outbox "
                   f"({system.settings.base_url}/admin/outbox for the administrator, "
                   "« Courrier sortant » in each pole's menu for its secretary).")


def _print_logins(system: System) -> None:
    from web.accounts.store import Accounts
    from web.accounts.demo import demo_logins
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
    from web.accounts.store import Accounts
    system = _system(create_key=True)
    try:
        Accounts(system.engine).create_user(email, name, password, is_admin=True)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    finally:
        system.close()
    click.echo(f"Administrator {email} created.")


@main.command()
@click.option("--poll", type=float, default=None,
              help="Seconds between two catch-ups even without notification [COLLEGIA_POLL_INTERVAL, 5].")
@click.option("--no-listen", is_flag=True, help="Do not LISTEN for PostgreSQL notifications (poll only).")
@click.option("--no-closer", is_flag=True, help="Do not close due votes automatically in this process.")
@click.option("--no-mail", is_flag=True, help="Do not plan nor send mail in this process.")
def project(poll: float | None, no_listen: bool, no_closer: bool, no_mail: bool) -> None:
    """Keep the read models current (worker mode): one dispatcher for all projections, resuming each from
    its tracked position; stops cleanly on SIGTERM or Ctrl-C. Also closes due votes and plans and
    sends the mail (docs/mail.md)."""
    from infrastructure.worker import ProjectionWorker
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    system = bootstrap(Settings.from_env(), project_inline=False, create_tables=False)
    worker = ProjectionWorker(system, poll_interval=poll, listen=not no_listen)

    def stop(signum: int, _: object) -> None:
        logging.getLogger("collegia.worker").info("signal %d: stopping after the current batches", signum)
        worker.stopping.set()
        worker.wake_all()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if not no_closer:
        start_closer(system)
    mail = None
    if not no_mail:
        from notifications.service import MailService
        mail = MailService(system).start()
    from notifications.webhooks import WebhookService
    hooks = WebhookService(system).start()  # issue 26: the pole's events to its webhooks (docs/webhooks.md)
    try:
        worker.run_forever()
    finally:
        hooks.stop()
        if mail is not None:
            mail.stop()
        system.close()


@main.command(name="verify-minutes")
@click.argument("pdf", type=click.File("rb"))
@click.option("--trust", "trusted", type=click.File("rb"), multiple=True,
              help="A certificate (PEM or DER) to trust besides the instance's pole authorities; repeatable.")
@click.option("--no-instance", is_flag=True, help="Trust only the --trust certificates, not this instance's.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def verify_minutes(pdf: click.utils.LazyFile, trusted: tuple[click.utils.LazyFile, ...], no_instance: bool,
                   as_json: bool) -> None:
    """Check every signature and timestamp of a minutes PDF (issue 25, docs/signing.md): who signed, in what
    capacity, when (and by which timestamp authority), intact or not, whole document or an earlier revision.
    Exits 0 when every signature is valid and nothing was altered, 1 otherwise, 2 when it is no signed PDF."""
    from cryptography import x509

    from infrastructure.pades import verify_pdf
    roots: list[Any] = []
    for file in trusted:
        data = file.read()
        roots.extend(x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data
                     else [x509.load_der_x509_certificate(data)])
    if no_instance:
        report = verify_pdf(pdf.read(), trust_roots=roots)
    else:  # the instance's pole authorities and their CRLs, COLLEGIA_TSA_CA_FILE, COLLEGIA_SIGNING_CA_FILE
        from infrastructure.minutes_signing import MinutesSigning
        system = _system()
        try:
            report = MinutesSigning(system.settings, system.engine).verify(pdf.read(), extra_roots=roots)
        finally:
            system.close()
    if as_json:
        click.echo(report.to_json(indent=2))
    else:
        for line in report_lines(report.to_dict()):
            click.echo(line)
    raise SystemExit(0 if report.valid else 1 if report.signed else 2)


def report_lines(report: dict[str, Any]) -> list[str]:
    """A verification report as lines of text (the command's output)."""
    if not report["is_pdf"] or not report["readable"]:
        return ["Not a readable PDF.", *report["problems"]]
    if not report["signed"]:
        return ["No signature in this PDF.", *report["problems"]]
    lines = [report.get("summary") or ("All signatures valid." if report["valid"] else "NOT VALID.")]
    for number, sig in enumerate(report["signatures"], start=1):
        stamp = sig.get("timestamp") or {}
        when = stamp.get("time") or sig.get("claimed_time") or "?"
        authority = ""
        if stamp:
            authority = f" (timestamp by {stamp.get('tsa') or '?'}{', a demo authority: NOT TRUSTED' if stamp.get('demo_tsa') else ''})"
        lines.append(f"Signature {number}: {sig.get('name') or sig.get('signer') or '?'}"
                     f" — {sig.get('capacity') or '?'} — {when}{authority}")
        lines.append(f"  {'valid' if sig.get('valid') else 'NOT VALID'}; "
                     f"{'intact' if sig.get('intact') else 'ALTERED'}; covers {sig.get('coverage') or '?'}"
                     f"{'; revoked' if sig.get('revoked') else ''}{'; expired' if sig.get('expired') else ''}"
                     f"{'; level ' + sig['level'] if sig.get('level') else ''}")
        if sig.get("reason"):
            lines.append(f"  {sig['reason']}")
    for number, stamp in enumerate(report["timestamps"], start=1):
        lines.append(f"Document timestamp {number}: {stamp.get('time') or '?'} — "
                     f"{'valid' if stamp.get('valid') else 'NOT VALID'}")
    if report["altered"]:
        lines.append("The file was ALTERED after signing.")
    lines.extend(report["problems"])
    return lines


@main.command()
def mail() -> None:
    """Plan and send the mail alone (docs/mail.md): follows the event log from the mail planner's
    position, sends through COLLEGIA_SMTP_URL; stops cleanly on SIGTERM or Ctrl-C. `collegia run` and
    `collegia project` do the same in the background."""
    from notifications.service import MailService
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    system = bootstrap(Settings.from_env(), project_inline=False, create_tables=False)
    service = MailService(system)
    stopping = threading.Event()

    def stop(signum: int, _: object) -> None:
        stopping.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    service.start()
    try:
        while not stopping.wait(1.0):
            pass
    finally:
        service.stop()
        system.close()


@main.command()
def status() -> None:
    """Print each projection's position and how far it is behind the event log."""
    system = bootstrap(Settings.from_env(), project_inline=False, create_tables=False)
    try:
        head = system.app.recorder.max_notification_id() or 0
        for name, position in sorted(system.projector.positions().items()):
            click.echo(f"  {name:<12} {position:>8}  ({head - position} behind)")
        click.echo(f"Event log head: {head}")
    finally:
        system.close()


@main.command()
@click.option("--bind", default=None, help="Address for gunicorn [COLLEGIA_BIND, 127.0.0.1:8000].")
@click.option("--workers", type=int, default=None, help="Web worker processes [COLLEGIA_WEB_WORKERS, 2].")
def serve(bind: str | None, workers: int | None) -> None:
    """Run the production processes together (for one machine, or to try them): gunicorn with
    several web workers and the projection worker, in worker mode. A process that stops is
    started again; Ctrl-C stops both. Run 'collegia init' first."""
    env = {**os.environ, "COLLEGIA_PROJECTIONS": "worker"}
    if bind:
        env["COLLEGIA_BIND"] = bind
    if workers:
        env["COLLEGIA_WEB_WORKERS"] = str(workers)
    config = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
    commands = {
        "web": [sys.executable, "-m", "gunicorn", "-c", str(config), "web.wsgi:app"],
        "projection worker": [sys.executable, "-m", "web.cli", "project"],
    }
    settings = Settings.from_env()
    system = bootstrap(settings, project_inline=False, create_tables=False)
    _print_logins(system)
    system.close()
    if not settings.tsa_url:  # docs/signing.md: a production instance names a real timestamp authority
        click.echo("warning: COLLEGIA_TSA_URL is not set: the minutes' signatures are dated by the demo timestamp "
                   "authority, which is NOT TRUSTED outside this instance (docs/signing.md)", err=True)
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = threading.Event()

    def stop(signum: int, _: object) -> None:
        stopping.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def start(name: str) -> None:
        children[name] = subprocess.Popen(commands[name], env=env, start_new_session=True)
        click.echo(f"started {name}: pid {children[name].pid}")

    for name in commands:
        start(name)
    click.echo(f"Serving http://{env.get('COLLEGIA_BIND', '127.0.0.1:8000')} — Ctrl-C to stop.")
    try:
        while not stopping.wait(1.0):
            for name, child in list(children.items()):
                if child.poll() is not None:
                    click.echo(f"{name} (pid {child.pid}) exited with {child.returncode}: starting it again", err=True)
                    start(name)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        for child in children.values():
            try:
                child.wait(15)
            except subprocess.TimeoutExpired:
                child.kill()


from web.audit.cli import seal_register, verify  # noqa: E402  (their own module: the register's chain)

main.add_command(verify)
main.add_command(seal_register)


if __name__ == "__main__":
    main()
