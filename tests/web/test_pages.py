"""The read-only pages served until the full browser interface lands."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.demo import load_demo
from governance.sealing import BallotSealer
from projections.config import Settings
from projections.queries import Queries
from projections.system import bootstrap
from web.app import create_app


@pytest.fixture
def demo_client(tmp_path: Path):
    system = bootstrap(Settings(database_url=f"sqlite:///{tmp_path}/c.db", instance_dir=tmp_path,
                                ballot_key=BallotSealer.generate_key()))
    pole = load_demo(system.app)
    app = create_app(system=system, test_config={"TESTING": True})
    yield app.test_client(), system, pole
    system.close()


def test_pole_page_shows_colleges_weights_and_register(demo_client):
    client, _, pole = demo_client
    page = client.get(f"/poles/{pole}").get_data(as_text=True)
    assert "Drôme Coopère" in page
    assert "Partenaires, recherche et formation" in page and "25,00 %" in page
    assert "Budget 2027 de la légumerie mutualisée" in page


def test_pole_page_as_of_a_past_date_shows_the_statutes_then(demo_client):
    client, _, pole = demo_client
    page = client.get(f"/poles/{pole}?as_of=2025-03-01").get_data(as_text=True)
    assert "statuts v1)" in page and "40,00 %" in page
    assert "Partenaires, recherche et formation</td>" not in page


def test_secret_proposal_page_never_shows_choices(demo_client):
    client, system, pole = demo_client
    secret = [p for p in Queries(system.engine).register(str(pole)) if p["secret"]][0]
    page = client.get(f"/proposals/{secret['id']}").get_data(as_text=True)
    assert "bulletin secret" in page
    participation = page.split("<h2>Participation</h2>")[1].split("<h2>")[0]
    assert "secret" in participation and "against" not in participation and ">for<" not in participation


def test_unknown_pages_are_404_in_the_app_style(demo_client):
    client, _, _ = demo_client
    response = client.get("/poles/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and "Page introuvable" in response.get_data(as_text=True)
    assert client.get("/proposals/nope").status_code == 404
    assert client.get(f"/poles/{demo_client[2]}?as_of=not-a-date").status_code == 400
