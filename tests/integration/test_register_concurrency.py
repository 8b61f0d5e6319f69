"""Several writers at once (threads of one process, and separate processes as with gunicorn workers):
each pole's chain stays linear, one link per event, and verifies."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from infrastructure.chain_store import verify_store
from tests.integration.chain_helpers import SECOND_POLE, Tamperer, chained_bootstrap

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from infrastructure.application import StoredCollegia as Collegia
from infrastructure.chain_store import chain_env
from infrastructure.config import Settings
url, schema, poles, rounds = sys.argv[1], sys.argv[2] or None, sys.argv[3].split(","), int(sys.argv[4])
settings = Settings(database_url=url, schema=schema)
# The tables exist: concurrent CREATE OR REPLACE FUNCTION at start-up fails on PostgreSQL ("tuple
# concurrently updated", an eventsourcing start-up race unrelated to the chain).
app = Collegia(env={**settings.event_store_env(), **chain_env(settings), "CREATE_TABLE": "n"})
for i in range(rounds):
    for pole in poles:
        app.draft_proposal(pole, title=f"Projet {i}", text="Texte", actor="w")
        app.request_membership(pole, name=f"Membre {i}", kind="person", category="beneficiary", actor="w")
app.close()
"""


def _assert_linear(system, settings, poles):
    report = verify_store(system.app.recorder)
    assert report.ok, report.first_failure and report.first_failure.message
    links = Tamperer(settings).links()
    # (PostgreSQL's positions have gaps where a conflicting save rolled back: count the rows.)
    assert report.events == report.entries == len(Tamperer(settings).rows()) == len(links)
    for pole in poles:
        seqs = sorted(seq for p, seq in links.values() if p == pole)
        assert seqs == list(range(1, len(seqs) + 1))
    # Chain order is log order: within a pole, seq grows with the log position.
    for pole in poles:
        positions = [position for position, (p, _s) in sorted(links.items(), key=lambda kv: kv[1][1]) if p == pole]
        assert positions == sorted(positions)
    return report


def test_threads_writing_to_two_poles_keep_each_chain_linear(make_settings, backend):
    settings = make_settings(backend)
    system = chained_bootstrap(settings, project_inline=False)
    poles = [str(system.app.found_pole(**SECOND_POLE)) for _ in range(2)]

    def write(worker: int) -> None:
        for i in range(8):
            pole = poles[(worker + i) % 2]
            system.app.draft_proposal(pole, title=f"Projet {worker}-{i}", text="Texte", actor="w")
            system.app.request_membership(pole, name=f"Membre {worker}-{i}", kind="person",
                                          category="beneficiary", actor="w")
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(write, range(6)))
    report = _assert_linear(system, settings, poles)
    assert sum(p.entries for p in report.poles.values()) >= 6 * 8 * 2
    system.close()


def test_processes_writing_at_once_keep_each_chain_linear(make_settings, backend):
    settings = make_settings(backend)
    system = chained_bootstrap(settings, project_inline=False)
    poles = [str(system.app.found_pole(**SECOND_POLE)) for _ in range(2)]
    before = system.app.recorder.max_notification_id()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, settings.database_url, settings.schema or "",
                                 ",".join(poles if n % 2 else poles[::-1]), "6"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    for writer in writers:
        _out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
    report = _assert_linear(system, settings, poles)
    assert report.events - before == 4 * 6 * 2 * 2
    system.close()
