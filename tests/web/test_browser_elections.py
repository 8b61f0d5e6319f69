"""Issue 21's walk in a real (headless) Chromium, on the demo pole `make run` loads (its statutes: a board of six,
one seat reserved to the salariés, one resolution per candidate, secret ballot). The demo has no convened assembly
to use, so the election is an online vote: the secretary drafts the election of three administrators (one seat
reserved to the salariés), records three candidacies and opens the vote; three members vote in the browser, for
or against each candidate; the secretary closes it; the result page, the board page and the minutes state who was
elected, to which seat and until when. axe-core checks the new pages on the way (WCAG 2 A/AA)."""

from __future__ import annotations

from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from governance import clock
from governance.board import add_years
from governance.clock import PARIS
from projections.queries import Queries
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, browser_login
from tests.web.test_browser_convocation import click, main_text

TITLE = "Élection de trois administrateurs"
CANDIDATES = ("Chantier d'insertion Valence Nord", "Lucie Garnier", "Commune de Crest")  # salariés, usagers, coll.
# Who votes, and how on each candidate (in the candidates' order): f for, a against, x abstain.
VOTERS = {MEMBER_EMAIL: "ffa", VOTED_MEMBER_EMAIL: "fff", "julien.roux@jardins-gervanne.example": "fxf"}


def test_the_secretary_runs_an_election_members_vote_and_the_board_and_minutes_show_it(
        app, demo_system, browser, live_server):
    system, pole_id = demo_system
    queries = Queries(system.engine)
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []

    def check_axe(page: str) -> None:
        problems.extend(f"{page}: axe {v}" for v in axe_violations(browser, source))

    # 1. The secretary drafts the election: three seats, one reserved to the salariés (the statutes' reservation).
    browser_login(browser, live_server, SECRETARY_EMAIL)
    click(browser, "//nav//a[normalize-space()='Propositions']")
    click(browser, "//main//a[normalize-space()='Nouvelle élection']")
    check_axe("new election")
    assert browser.find_element(By.NAME, "reserved_salaries").get_attribute("value") == "1"
    title = browser.find_element(By.NAME, "title")
    title.clear()
    title.send_keys(TITLE)
    browser.find_element(By.NAME, "text").send_keys("L'assemblée élit trois administrateurs pour trois ans, dont un "
                                                    "issu du collège des salariés.")
    seats = browser.find_element(By.NAME, "seats")
    seats.clear()
    seats.send_keys("3")
    click(browser, "//button[normalize-space()=\"Enregistrer l'élection comme brouillon\"]")
    proposal_id = browser.current_url.rstrip("/").split("/")[-1]
    assert queries.proposal(proposal_id)["election"]["seats"] == 3

    # 2. The candidacies, then the vote is opened (closing time: the form's default).
    for name in CANDIDATES:
        Select(browser.find_element(By.NAME, "candidate-member")).select_by_visible_text(name)
        click(browser, "//button[normalize-space()='Enregistrer la candidature']")
    assert [c["name"].split(" (")[-1].rstrip(")") if "(" in c["name"] else c["name"]
            for c in queries.proposal(proposal_id)["election"]["candidates"]] == list(CANDIDATES)
    check_axe("secretary's election draft")
    click(browser, "//button[normalize-space()='Ouvrir le vote']")
    assert queries.proposal(proposal_id)["status"] == "open", main_text(browser)

    # 3. Three members vote, in the browser, for or against each candidate.
    for email, ballot in VOTERS.items():
        browser.delete_all_cookies()
        browser_login(browser, live_server, email)
        browser.get(f"{live_server}/poles/{pole_id}/proposals/{proposal_id}")
        for i, choice in enumerate(ballot):
            browser.find_element(By.ID, f"c{i}-{choice}").click()
        if email == MEMBER_EMAIL:
            check_axe("election ballot")
        click(browser, "//button[normalize-space()='Enregistrer mon vote']")
        assert "pas même pour vous" in main_text(browser), main_text(browser)  # secret: never shown back
    assert queries.proposal(proposal_id)["participants"] == 3

    # 4. The secretary closes the vote.
    browser.delete_all_cookies()
    browser_login(browser, live_server, SECRETARY_EMAIL)
    browser.get(f"{live_server}/poles/{pole_id}/manage/proposals/{proposal_id}")
    click(browser, "//button[normalize-space()='Clore le vote maintenant']")
    click(browser, "//button[normalize-space()='Confirmer']")
    row = queries.proposal(proposal_id)
    assert (row["status"], row["outcome"]) == ("closed", "elected"), main_text(browser)

    # 5. The result page: every candidate's figures, who was elected to which seat and until when.
    today = clock.now().astimezone(PARIS).date()
    until = add_years(today, 3)
    click(browser, "//a[normalize-space()='Voir le résultat détaillé']")
    check_axe("election result")
    main = main_text(browser)
    assert "Résultats de l'élection" in main
    elected = {c["name"]: c["seat"] for c in row["tally"]["details"]["candidates"] if c["elected"]}
    assert len(elected) == 3 and list(elected.values()).count("reserved:salaries") == 1, elected
    table = browser.find_element(By.ID, "elected").text
    for name in elected:
        assert name in table
    assert "siège réservé à Salariés et producteurs" in table and _long(until) in table, table
    for c in row["tally"]["details"]["candidates"]:
        assert c["result"] in main

    # 6. The board page shows the new board.
    click(browser, "//nav//a[normalize-space()='Conseil']")
    check_axe("board")
    board = main_text(browser)
    for name in elected:
        assert name in board
    assert len(queries.board_on(pole_id, today.isoformat())) == 3

    # 7. The minutes state who was elected, to which seat, until when.
    browser.get(f"{live_server}/poles/{pole_id}/minutes/{proposal_id}")
    minutes = main_text(browser)
    assert "Élu·es :" in minutes, minutes
    for name in elected:
        assert name in minutes
    assert f"jusqu'au {_long(until)}" in minutes
    assert not problems, "\n".join(problems)


def _long(day: date) -> str:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    return f"{day.day} {months[day.month - 1]} {day.year}"
