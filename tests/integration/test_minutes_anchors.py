"""Signed minutes record the register's head; a cut of the register's tail is then caught without any anchor typed.

Issue 15: cutting the last entries of a register (events and links) left a shorter, consistent chain
that verify accepted unless someone typed a head noted earlier. Now each MinutesSigned event records
the head at signing (`register_head`, class_version 2) and the same head goes, in the same transaction,
into an anchors table that a cut of the events leaves in place. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import StoredEvent

from governance import clock
from governance.minutes import Minutes, minutes_id
from infrastructure.chain_store import ANCHORS_TABLE, CHAIN_TABLE
from infrastructure.register_chain import TRUNCATED
from tests.integration.chain_helpers import Tamperer, chained_bootstrap, integrity_page, pole_with_a_vote
from web.accounts.store import Accounts
from web.audit.cli import verify

ADMIN, PASSWORD = "admin@example.org", "Correct-horse-battery-9"


@pytest.fixture
def signed(make_settings, backend):
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    app = system.app
    pole, proposal, members = pole_with_a_vote(app, 3)
    app.close_voting(proposal, actor="sec")
    head = app.recorder.chain_head(str(pole))
    app.sign_minutes(proposal, signer="Claire Martin", capacity="secretary", actor="sec")
    for i in range(3):  # the register goes on after the signature
        app.draft_proposal(pole, title=f"Suite {i}", text="Après", actor="sec")
    Accounts(system.engine).create_user(ADMIN, "Admin", PASSWORD, is_admin=True)
    yield settings, system, str(pole), proposal, head
    system.close()


def test_signing_records_the_head_in_the_event_and_the_anchors_table(signed):
    settings, system, pole, proposal, head = signed
    record = system.app._load(minutes_id(proposal))
    (signature,) = record.signatures()
    assert signature["register_head"] == {"pole": pole, "seq": head[0], "hash": head[1]}
    with Tamperer(settings).connect() as conn:
        rows = conn.execute(f"SELECT pole_id, seq, entry_hash FROM {ANCHORS_TABLE}").fetchall()
    assert [tuple(r) for r in rows] == [(pole, head[0], head[1])]
    # The minutes (HTML and PDF are made from this document) state the head each signature recorded.
    document = system.app.minutes(proposal)
    assert document["signatures"][0]["register_head"] == {"pole": pole, "seq": head[0], "hash": head[1]}


def test_a_cut_tail_is_named_against_the_head_signed_minutes_recorded(signed):
    settings, system, pole, proposal, head = signed
    env = {"COLLEGIA_DATABASE_URL": settings.database_url, "COLLEGIA_INSTANCE_DIR": str(settings.instance_dir),
           "COLLEGIA_DB_SCHEMA": settings.schema or ""}
    runner = CliRunner()
    assert runner.invoke(verify, [], env=env).exit_code == 0
    # The intruder cuts the register back to before the vote closed: the last events and their links go.
    keep = head[0] - 3
    tamper = Tamperer(settings)
    links = tamper.links()
    with tamper.connect() as conn:
        for position, (link_pole, seq) in links.items():
            if link_pole == pole and seq > keep:
                conn.execute(tamper._q(f"DELETE FROM {tamper.events} WHERE {tamper.position}=?"), (position,))
        conn.execute(tamper._q(f"DELETE FROM {CHAIN_TABLE} WHERE pole_id=? AND seq>?"), (pole, keep))
    result = runner.invoke(verify, [], env=env)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"  [{TRUNCATED}] pole {pole}, entry {head[0]}"
    today = clock.today().isoformat()
    assert lines[2] == (f"  The register of pole {pole} ends at entry {keep}, but the minutes signed on {today} "
                        f"recorded its head as entry {head[0]} with hash {head[1]}: entries were removed from its end.")

    page = integrity_page(system, pole, ADMIN, PASSWORD).get_data(as_text=True)
    assert "The register has been tampered with." in page
    assert f"the minutes signed on {today} recorded its head as entry {head[0]}" in page


def test_minutes_signed_before_heads_were_recorded_still_load(signed):
    """A MinutesSigned event of the first version (no register_head, no versions, no pdf) is upcast through the
    second and the third: the head, the versions and the signed PDF are None."""
    settings, system, pole, proposal, head = signed
    app = system.app
    (event,) = [e for e in app.events.get(minutes_id(proposal)) if type(e).__name__ == "MinutesSigned"]
    stored = app.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    assert state.pop("class_version") == 3 and state.pop("register_head") and state.pop("versions")
    assert state.pop("pdf") is None  # signed on the page, not in a PDF
    old = app.mapper.to_domain_event(StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                                                 json.dumps(state).encode()))
    assert old.register_head is None and old.versions is None and old.pdf is None
    record = None
    for e in [*[e for e in app.events.get(minutes_id(proposal)) if e.originator_version < old.originator_version],
              old]:
        record = e.mutate(record)
    assert isinstance(record, Minutes) and record.signatures()[0]["register_head"] is None
    assert record.signatures()[0]["pdf"] is None
