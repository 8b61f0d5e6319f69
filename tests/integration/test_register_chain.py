"""The tamper-evident register: every event chained by hash at write time, and verify names what was touched.

Each test runs on SQLite and on PostgreSQL (see conftest.py: PostgreSQL fails instead of skipping
with CI=true). Tampering is done with plain SQL on the store, as an intruder would.
"""

from __future__ import annotations

import io
import json
import random
import time
from uuid import UUID

import pytest

from demo.pole import load_demo
from infrastructure.chain_store import keeps_chain, verify_store
from infrastructure.eventlog import verify_export
from infrastructure.eventlog import ImportRefused, export_events, import_events
from infrastructure.register_chain import ALTERED, CHAIN_ALTERED, REMOVED, REORDERED, UNCHAINED
from tests.integration.chain_helpers import SECOND_POLE, Tamperer, chained_bootstrap
from tests.integration.helpers import dump_read_models


@pytest.fixture
def chained(make_settings, backend):
    """The demo pole plus a second pole (so seq and log position differ), on a chained store."""
    settings = make_settings(backend)
    system = chained_bootstrap(settings)
    demo = str(load_demo(system.app))
    other = str(system.app.found_pole(**SECOND_POLE))
    for i in range(3):  # interleave the two registers
        system.app.draft_proposal(other, title=f"Projet {i}", text="Texte", actor="sec")
        system.app.request_membership(demo, name=f"Nouveau {i}", kind="person", category="beneficiary",
                                      actor="rep")
    yield system, Tamperer(settings), demo, other
    system.close()


def _check(report, kind, pole, seq):
    assert not report.ok
    first = report.first_failure
    assert (first.kind, first.pole_id, first.seq) == (kind, pole, seq), first.message
    return first


def test_the_chain_is_written_with_every_event_and_verifies(chained):
    system, tamper, demo, other = chained
    assert keeps_chain(system.app.recorder)
    report = verify_store(system.app.recorder)
    assert report.ok, report.first_failure and report.first_failure.message
    events = system.app.recorder.max_notification_id()
    assert report.events == report.entries == events
    # A proposal's events are in its pole's register, not in a register of their own.
    assert set(report.poles) == {demo, other}
    founding = sum(1 for row in tamper.rows() if UUID(row[1]) == UUID(other))
    assert report.poles[other].entries == founding + 3
    assert report.poles[demo].entries == events - founding - 3
    links = tamper.links()
    assert sorted(seq for pole, seq in links.values() if pole == other) == list(range(1, founding + 4))
    assert verify_store(system.app.recorder, pole=other).poles.keys() == {other}


def test_verify_names_the_altered_the_removed_and_the_swapped_entry(chained):
    system, tamper, demo, other = chained
    rows = tamper.rows()
    links = tamper.links()
    recorder = system.app.recorder
    other_rows = [r for r in rows if links[r[0]][0] == other]
    # Alter one stored event's state bytes (a ballot, a title...), in the second pole.
    target = [r for r in other_rows if "ProposalDrafted" in r[3]][1]
    assert b"Projet" in target[4]
    tamper.set_state(target[0], target[4].replace(b"Projet", b"Prejet"))
    first = _check(verify_store(recorder), ALTERED, other, links[target[0]][1])
    assert first.position == target[0] and "was altered" in first.message
    tamper.restore(target)
    assert verify_store(recorder).ok

    # Delete one event of the demo pole.
    target = [r for r in rows if links[r[0]][0] == demo][40]
    tamper.delete(target[0])
    first = _check(verify_store(recorder), REMOVED, demo, links[target[0]][1])
    assert "was removed" in first.message
    tamper.restore(target)
    assert verify_store(recorder).ok

    # Swap two events of the demo pole in the log.
    a, b = [r for r in rows if links[r[0]][0] == demo][10], [r for r in rows if links[r[0]][0] == demo][20]
    tamper.swap(a[0], b[0])
    first = _check(verify_store(recorder), REORDERED, demo, links[a[0]][1])
    assert "out of order" in first.message
    tamper.swap(a[0], b[0])
    assert verify_store(recorder).ok


def test_swapped_contents_an_event_slipped_in_and_a_forged_link(chained):
    system, tamper, demo, other = chained
    rows, links, recorder = tamper.rows(), tamper.links(), system.app.recorder
    # Two events of the same pole exchange their contents (state and topic), places unchanged.
    a, b = rows[5], rows[9]
    tamper.set_state(a[0], b[4]), tamper.set_topic(a[0], b[3])
    tamper.set_state(b[0], a[4]), tamper.set_topic(b[0], a[3])
    first = _check(verify_store(recorder), REORDERED, demo, links[a[0]][1])
    assert "were swapped" in first.message
    tamper.restore(a), tamper.restore(b)
    assert verify_store(recorder).ok

    # An event written straight into the table, after the demo's last proposal event.
    proposal = [r for r in rows if links[r[0]][0] == other and "Proposal" in r[3]][-1]
    tamper.insert_event(proposal[1], 99, proposal[3], proposal[4])
    slipped = tamper.rows()[-1][0]
    first = _check(verify_store(recorder), UNCHAINED, other, None)
    assert first.position == slipped and "behind the application's back" in first.message
    tamper.delete(slipped)
    assert verify_store(recorder).ok

    # A link whose hash was rewritten.
    pole, seq = links[rows[3][0]]
    tamper.set_link_hash(pole, seq, "f" * 64)
    _check(verify_store(recorder), CHAIN_ALTERED, pole, seq)


def test_random_single_alterations_deletions_and_swaps_are_all_detected(chained):
    """Every single-event alteration (state byte or topic), deletion or swap is found at the right entry."""
    system, tamper, demo, other = chained
    rows, links, recorder = tamper.rows(), tamper.links(), system.app.recorder
    rng = random.Random(20260311)
    deadline = time.monotonic() + 20
    trials = 0
    while trials < 40 and time.monotonic() < deadline:
        trials += 1
        operation = rng.choice(["state", "topic", "delete", "swap"])
        row = rng.choice(rows)
        pole, seq = links[row[0]]
        if operation == "state":
            state = bytearray(row[4])
            index = rng.randrange(len(state))
            state[index] = (state[index] + rng.randrange(1, 256)) % 256
            tamper.set_state(row[0], bytes(state))
            expected, touched = (ALTERED, pole, seq), [row]
        elif operation == "topic":
            tamper.set_topic(row[0], row[3] + "X")
            expected, touched = (ALTERED, pole, seq), [row]
        elif operation == "delete":
            tamper.delete(row[0])
            expected, touched = (REMOVED, pole, seq), [row]
        else:
            same = [r for r in rows if links[r[0]][0] == pole and r[0] != row[0]]
            mate = rng.choice(same)
            a, b = sorted([row, mate])
            tamper.swap(a[0], b[0])
            expected, touched = (REORDERED, pole, links[a[0]][1]), []
            touched_swap = (a[0], b[0])
        report = verify_store(recorder)
        assert not report.ok, (operation, row[0])
        first = report.first_failure
        assert (first.kind, first.pole_id, first.seq) == expected, (operation, row[0], first.message)
        if operation == "swap":
            tamper.swap(*touched_swap)
        for original in touched:
            tamper.restore(original)
        assert verify_store(recorder).ok, (operation, row[0])
    assert trials >= 10


def test_an_export_verifies_offline_and_a_tampered_line_is_named(chained):
    system, _tamper, demo, other = chained
    out = io.StringIO()
    export_events(system.app, out)
    lines = out.getvalue().splitlines()
    store = verify_store(system.app.recorder)
    offline = verify_export(lines)
    assert offline.ok and offline.heads() == store.heads()
    assert all("chain" in json.loads(line) for line in lines)

    edited = [json.loads(line) for line in lines]
    index = next(i for i, e in enumerate(edited) if e["chain"]["pole"] == other and e["chain"]["seq"] == 3)
    edited[index]["state"]["title"] = "Autre chose"
    _check(verify_export([json.dumps(e) for e in edited]), ALTERED, other, 3)

    removed = [line for i, line in enumerate(lines) if i != 50]
    _check(verify_export(removed), REMOVED, demo, json.loads(lines[50])["chain"]["seq"])

    swapped = list(lines)
    swapped[30], swapped[60] = swapped[60], swapped[30]
    _check(verify_export(swapped), REORDERED, demo, json.loads(lines[30])["chain"]["seq"])


@pytest.mark.postgres
def test_moving_a_pole_from_sqlite_to_postgres_keeps_the_read_models_and_the_verify_result(make_settings):
    source = chained_bootstrap(make_settings("sqlite"))
    load_demo(source.app)
    source.app.found_pole(**SECOND_POLE)
    out = io.StringIO()
    count = export_events(source.app, out)
    target = chained_bootstrap(make_settings("postgres"))
    assert import_events(target.app, io.StringIO(out.getvalue())) == count
    target.projector.rebuild()
    assert dump_read_models(target) == dump_read_models(source)
    before, after = verify_store(source.app.recorder), verify_store(target.app.recorder)
    assert before.ok and after.ok
    assert after.heads() == before.heads() and after.to_dict() == before.to_dict()
    again = io.StringIO()
    export_events(target.app, again)
    assert again.getvalue() == out.getvalue()
    source.close()
    target.close()


def test_import_refuses_a_tampered_export_and_writes_nothing(make_settings):
    source = chained_bootstrap(make_settings("sqlite"))
    load_demo(source.app)
    out = io.StringIO()
    export_events(source.app, out)
    lines = out.getvalue().splitlines()
    del lines[7]
    target = chained_bootstrap(make_settings("sqlite"))
    with pytest.raises(ImportRefused, match="Entry 8 .* was removed"):
        import_events(target.app, io.StringIO("\n".join(lines)))
    assert not target.app.recorder.max_notification_id()
    source.close()
    target.close()


def test_an_unchained_store_export_imports_into_a_chained_store_with_each_event_in_its_pole(make_settings):
    """Exports without links (older stores) are chained on import, proposals in their pole's register."""
    from governance.application import Collegia
    settings = make_settings("sqlite")
    plain = Collegia(env={k: v for k, v in settings.event_store_env().items() if k != "APPLICATION_RECORDER_TOPIC"})
    pole = str(load_demo(plain))
    out = io.StringIO()
    export_events(plain, out)
    assert '"chain"' not in out.getvalue()
    target = chained_bootstrap(make_settings("sqlite"))
    import_events(target.app, io.StringIO(out.getvalue()))
    report = verify_store(target.app.recorder)
    assert report.ok and list(report.poles) == [pole] and report.entries == report.events
    plain.close()
    target.close()


def test_links_carry_the_pole_each_save_names(chained):
    system, tamper, demo, other = chained
    links = tamper.links()
    for position, _originator, _version, topic, _state in tamper.rows():
        if "Proposal" in topic:
            pole, _seq = links[position]
            assert pole in (demo, other)
    assert {UUID(p) for p, _ in links.values()} == {UUID(demo), UUID(other)}
