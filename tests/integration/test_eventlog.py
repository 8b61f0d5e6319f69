"""Export / import of the event log, across stores, and the secrecy of secret ballots in it."""

from __future__ import annotations

import io
import json

import pytest

from demo.pole import load_demo
from infrastructure.eventlog import ImportRefused, export_events, import_events
from projections.queries import Queries
from infrastructure.system import bootstrap
from tests.integration.helpers import dump_read_models


@pytest.mark.postgres
def test_sqlite_export_imports_into_postgres_with_identical_read_models(make_settings):
    source = bootstrap(make_settings("sqlite"))
    load_demo(source.app)
    out = io.StringIO()
    count = export_events(source.app, out)
    target = bootstrap(make_settings("postgres"))
    assert import_events(target.app, io.StringIO(out.getvalue())) == count
    target.projector.rebuild()
    assert dump_read_models(target) == dump_read_models(source)
    again = io.StringIO()
    export_events(target.app, again)
    assert again.getvalue() == out.getvalue()
    source.close()
    target.close()


def test_import_refuses_a_non_empty_store_and_writes_nothing(system):
    load_demo(system.app)
    head = system.app.recorder.max_notification_id()
    with pytest.raises(ImportRefused, match="empty store"):
        import_events(system.app, io.StringIO('{"aggregate_id": "x"}\n'))
    assert system.app.recorder.max_notification_id() == head


def test_import_refuses_a_malformed_line_and_writes_nothing(make_settings):
    target = bootstrap(make_settings("sqlite"))
    with pytest.raises(ImportRefused, match="line 1"):
        import_events(target.app, io.StringIO("not json\n"))
    assert not target.app.recorder.max_notification_id()
    target.close()


def test_secret_ballot_choices_never_appear_with_a_member(system):
    pole = load_demo(system.app)
    queries = Queries(system.engine)
    secret = [p for p in queries.register(str(pole)) if p["secret"]][0]
    out = io.StringIO()
    export_events(system.app, out)
    ballots = [json.loads(line) for line in out.getvalue().splitlines()
               if json.loads(line)["aggregate_id"] == secret["id"] and "Ballot" in json.loads(line)["topic"]]
    assert ballots, "the secret proposal has ballots"
    for line in ballots:
        state = line["state"]
        assert "choice" not in state
        assert not {"for", "against", "abstain"} & {str(v) for v in state.values()}
    assert all(b["choice"] is None for b in queries.ballots(secret["id"]))
    assert all("choice" not in a["details"] and "sealed" not in a["details"]
               for a in queries.audit(aggregate_id=secret["id"], limit=1000))
    # ...while the per-college counts are published and recomputable.
    assert system.app.recount(secret["id"]).to_dict() == secret["tally"]
