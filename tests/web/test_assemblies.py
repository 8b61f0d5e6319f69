"""General assemblies and minutes over HTTP: convene an AGE on the demo pole, run it, sign, download the PDF."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from tests.web.conftest import csrf_token, login, MEMBER_EMAIL, OUTSIDER_EMAIL


def system(app: Any) -> Any:
    return app.extensions["collegia"]


def queries(app: Any) -> Any:
    return app.extensions["collegia.queries"]


def stored(app: Any) -> int:
    return system(app).app.recorder.max_notification_id() or 0


def token(client: Any, path: str, prefix: str = "") -> str:
    page = client.get(path).get_data(as_text=True)
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', page)
    assert match, f"no {name} on {path}"
    return match.group(1)


def drafts(app: Any, pole_id: str) -> list[dict[str, Any]]:
    return queries(app).register(pole_id, status="draft", limit=50)


@pytest.fixture
def secretary(as_role: Any) -> Any:
    return as_role("secretary")


def convene(client: Any, app: Any, pole_id: str, kind: str = "extraordinary", agenda: list[str] | None = None,
            **extra: str) -> Any:
    base = f"/poles/{pole_id}/assemblies"
    data = {"csrf_token": token(client, f"{base}/new"), "kind": kind, "held_at": "2026-12-12T14:00",
            "mode": "hybrid", "place": "Salle des fêtes, Crest", "convocation": "first",
            "agenda": agenda if agenda is not None else [p["id"] for p in drafts(app, pole_id)], **extra}
    return client.post(f"{base}/new", data=data)


def assembly_url(pole_id: str, assembly_id: str, path: str = "") -> str:
    return f"/poles/{pole_id}/assemblies/{assembly_id}{path}"


def post(client: Any, pole_id: str, assembly_id: str, path: str, prefix: str = "", **data: Any) -> Any:
    page = assembly_url(pole_id, assembly_id)
    field = f"{prefix}-csrf_token" if prefix else "csrf_token"
    return client.post(page + path, data={field: token(client, page, prefix), **data})


def electors(app: Any, assembly_id: str) -> list[str]:
    return sorted(system(app).app.get_assembly(assembly_id).electorate)


def test_the_secretary_runs_an_age_and_downloads_signed_minutes(secretary: Any, app: Any, pole_id: str) -> None:
    agenda = [p["id"] for p in drafts(app, pole_id)]
    assert len(agenda) >= 2, "the demo pole offers two draft resolutions for an assembly"
    response = convene(secretary, app, pole_id)
    assert response.status_code == 302
    assembly_id = response.headers["Location"].rstrip("/").split("/")[-1]
    page = secretary.get(assembly_url(pole_id, assembly_id)).get_data(as_text=True)
    assert "Assemblée générale extraordinaire" in page and "Convoquée" in page

    assert post(secretary, pole_id, assembly_id, "/open").status_code == 302
    members = electors(app, assembly_id)
    # Not enough people yet: an AGE on first convocation needs a quarter of the members.
    assert post(secretary, pole_id, assembly_id, "/attendance", "att", **{"att-member": members[0],
                                                                          "att-mode": "present"}).status_code == 302
    refused_at = stored(app)
    response = post(secretary, pole_id, assembly_id, f"/resolutions/{agenda[0]}/vote")
    assert response.status_code == 422
    assert "quorum non atteint : 1 membres sur 12 présents, représentés ou votant à distance, 3 requis en première " \
        "convocation" in response.get_data(as_text=True).replace("&#39;", "'")
    assert stored(app) == refused_at
    present = members[: max(len(members) // 2, 1)]
    for m in present:
        assert post(secretary, pole_id, assembly_id, "/attendance", "att", **{"att-member": m,
                                                                              "att-mode": "present"}).status_code == 302
    for number, proposal_id in enumerate(agenda[:2]):
        assert post(secretary, pole_id, assembly_id, f"/resolutions/{proposal_id}/vote").status_code == 302
        ballots_page = assembly_url(pole_id, assembly_id, f"/resolutions/{proposal_id}/ballots")
        choice = "for" if number == 0 else "against"
        response = secretary.post(ballots_page, data={"csrf_token": token(secretary, ballots_page),
                                                      **{f"ballot-{m}": choice for m in present}})
        assert response.status_code == 302, response.get_data(as_text=True)
        assert post(secretary, pole_id, assembly_id, f"/resolutions/{proposal_id}/close").status_code == 302
    for proposal_id in agenda[2:]:
        system(app).app.withdraw_proposal(proposal_id, reason="reportée", actor="test")
    assert post(secretary, pole_id, assembly_id, "/close").status_code == 302
    first, second = (queries(app).proposal(p) for p in agenda[:2])
    assert (first["outcome"], second["outcome"]) == ("adopted", "rejected")

    minutes = f"/poles/{pole_id}/minutes/{assembly_id}"
    page = secretary.get(minutes).get_data(as_text=True)
    assert "Procès-verbal" in page and "Quorum atteint" in page and "Non signé" in page
    response = secretary.post(f"{minutes}/sign", data={"sign-csrf_token": token(secretary, minutes, "sign"),
                                                       "sign-capacity": "chair"})
    assert response.status_code == 302
    pdf = secretary.get(f"{minutes}.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    flat = " ".join(text.split())
    assert "Assemblée générale extraordinaire" in flat
    assert first["title"][:30] in flat and second["title"][:30] in flat
    assert "Adoptée" in flat and "Rejetée" in flat
    assert "signé par Claire Martin, président·e de séance" in flat
    assert f"{len(present)} membres sur {len(members)}" in flat


def test_a_refused_convocation_keeps_the_input_and_stores_nothing(secretary: Any, app: Any, pole_id: str) -> None:
    before = stored(app)
    response = convene(secretary, app, pole_id, kind="ordinary", agenda=[], place="Maison des associations")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "au moins une résolution" in page and "Maison des associations" in page
    assert stored(app) == before


def test_members_read_assemblies_but_cannot_run_them(client: Any, app: Any, pole_id: str) -> None:
    login(client, "claire.martin@terres-de-liens-coop.example")
    assembly_id = convene(client, app, pole_id).headers["Location"].rstrip("/").split("/")[-1]
    client.post("/logout", data={"csrf_token": csrf_token(client, f"/poles/{pole_id}/assemblies")})
    login(client, MEMBER_EMAIL)
    assert client.get(assembly_url(pole_id, assembly_id)).status_code == 200
    before = stored(app)
    page = assembly_url(pole_id, assembly_id)
    assert client.post(page + "/open", data={"csrf_token": token(client, page)}).status_code == 403
    assert stored(app) == before
    client.post("/logout", data={"csrf_token": csrf_token(client, page)})
    login(client, OUTSIDER_EMAIL)
    assert client.get(page).status_code == 403


def test_a_member_gives_its_proxy_for_the_whole_assembly(client: Any, app: Any, pole_id: str) -> None:
    login(client, "claire.martin@terres-de-liens-coop.example")
    assembly_id = convene(client, app, pole_id).headers["Location"].rstrip("/").split("/")[-1]
    client.post("/logout", data={"csrf_token": csrf_token(client, f"/poles/{pole_id}/assemblies")})
    login(client, MEMBER_EMAIL)
    page = assembly_url(pole_id, assembly_id)
    html = client.get(page).get_data(as_text=True)
    principal = re.search(r'name="mine-principal"[^>]*>\s*<option[^>]*value="([^"]+)"', html).group(1)
    holder = re.search(r'name="mine-holder"[^>]*>\s*<option[^>]*value="([^"]+)"', html).group(1)
    response = client.post(page + "/proxies", data={"mine-csrf_token": token(client, page, "mine"), "own": "1",
                                                    "mine-principal": principal, "mine-holder": holder})
    assert response.status_code == 302
    assert system(app).app.get_assembly(assembly_id).proxies[principal] == {"holder": holder, "status": "active"}


def test_minutes_of_an_online_vote_are_offered_and_signed(secretary: Any, app: Any, pole_id: str) -> None:
    closed = next(p for p in queries(app).register(pole_id, status="closed", limit=50) if not p["assembly_id"])
    minutes = f"/poles/{pole_id}/minutes/{closed['id']}"
    page = secretary.get(minutes).get_data(as_text=True)
    assert "Vote en ligne" in page and closed["title"] in page
    pdf = secretary.get(f"{minutes}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
