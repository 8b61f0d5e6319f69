"""Issue 21's walk in a real (headless) Chromium, on the demo pole `make run` loads (its statutes: a board of six,
one seat reserved to the salariés, one resolution per candidate, secret ballot), at its next ordinary general
assembly (AGO).

The secretary drafts the election of three administrators (the salariés' reserved seat proposed from the statutes),
convenes an AGO 16 days ahead with that election on its agenda, sends the convocation and records the letters'
posting day. Before the session, the secretary records three candidacies (one of the salariés' college) and Élise
Morel declares her organisation's own from the candidacies page the assembly links to. On the meeting day (the live
server's clock is moved there, as in tests/web/test_browser_convocation.py) the secretary opens the session, records
four members present on the attendance sheet and puts the election to the vote; the four vote in the browser, for or
against each candidate; the secretary closes the vote and the session. The salariés' candidate takes the reserved
seat with 13/20, below the 7/10 of a candidate left without an open seat. The result page, the board page (on the
meeting day, and not the day before) and the minutes state who was elected, to which seat and until when. axe-core
checks the new pages on the way (WCAG 2 A/AA)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from governance.board import add_years
from governance.clock import PARIS
from projections.queries import Queries
from tests.web.conftest import MEMBER_EMAIL, SECRETARY_EMAIL, VOTED_MEMBER_EMAIL, browser_login
from tests.web.test_browser_convocation import click, governance_time, main_text

TITLE = "Élection de trois administrateurs"
SALARIE = "Chantier d'insertion Valence Nord"  # salariés college; recorded by the secretary
ELISE = "Communauté de communes du Val de Drôme"  # collectivités; VOTED_MEMBER_EMAIL stands for it herself
LUCIE = "Lucie Garnier"  # usagers, a person
CREST = "Commune de Crest"  # collectivités
RECORDED = (SALARIE, LUCIE, CREST)  # by the secretary, in this order; then Élise's own candidacy
LUCIE_EMAIL = "lucie.garnier@particulier.example"  # her demo account (web/accounts/demo.py `member_address`)
# The four members present, and their ballot on each candidate (f for, a against). The colleges weigh salariés 30 %,
# usagers 25 % + the partenaires' 25 % (no partenaire votes: merged into usagers), collectivités 20 %:
# Élise 1, Lucie 30 % + 50 % = 4/5, Crest 50 % + 20 % = 7/10, Chantier 15 % + 50 % = 13/20.
VOTERS = {
    MEMBER_EMAIL: ("Régie de quartier Fontbarlettes", {SALARIE: "f", ELISE: "f", LUCIE: "f", CREST: "a"}),
    "julien.roux@jardins-gervanne.example": ("SCOP Les Jardins de la Gervanne",
                                             {SALARIE: "a", ELISE: "f", LUCIE: "f", CREST: "a"}),
    VOTED_MEMBER_EMAIL: (ELISE, {SALARIE: "a", ELISE: "f", LUCIE: "a", CREST: "f"}),
    LUCIE_EMAIL: (LUCIE, {SALARIE: "f", ELISE: "f", LUCIE: "f", CREST: "f"}),
}
RESULTS = {ELISE: "1", LUCIE: "4/5", CREST: "7/10", SALARIE: "13/20"}
SEATS = {ELISE: "open", LUCIE: "open", SALARIE: "reserved:salaries"}
RESERVED_WORDS = "siège réservé à Salariés et producteurs"


def long(day: date) -> str:
    return format_date(day, "long", locale="fr")


def test_the_secretary_runs_an_election_at_the_ago_members_vote_and_the_board_and_minutes_show_it(
        app, demo_system, browser, live_server):
    system, pole_id = demo_system
    queries = Queries(system.engine)
    from tests.web.test_responsive import axe_source, axe_violations, load_axe_on_every_page
    source = axe_source()
    load_axe_on_every_page(browser, source)
    problems: list[str] = []

    def check_axe(page: str) -> None:
        problems.extend(f"{page}: axe {v}" for v in axe_violations(browser, source))

    def log_in(email: str) -> None:
        browser.delete_all_cookies()
        browser_login(browser, live_server, email)

    members = {m["name"]: m["id"] for m in queries.members(pole_id)}
    assert app.extensions["collegia.accounts"].find_by_email(LUCIE_EMAIL), "Lucie Garnier's demo account"
    meeting = (datetime.now(PARIS) + timedelta(days=16)).replace(hour=18, minute=0, second=0, microsecond=0)

    with governance_time(app) as moment:
        # 1. The secretary drafts the election: three seats, one reserved to the salariés (the statutes' reservation).
        browser_login(browser, live_server, SECRETARY_EMAIL)
        click(browser, "//nav//a[normalize-space()='Propositions']")
        click(browser, "//main//a[normalize-space()='Nouvelle élection']")
        check_axe("new election")
        assert browser.find_element(By.NAME, "reserved_salaries").get_attribute("value") == "1"
        title = browser.find_element(By.NAME, "title")
        title.clear()
        title.send_keys(TITLE)
        browser.find_element(By.NAME, "text").send_keys("L'assemblée élit trois administrateurs pour trois ans, dont "
                                                        "un issu du collège des salariés.")
        seats = browser.find_element(By.NAME, "seats")
        seats.clear()
        seats.send_keys("3")
        click(browser, "//button[normalize-space()=\"Enregistrer l'élection comme brouillon\"]")
        proposal_id = browser.current_url.rstrip("/").split("/")[-1]
        election = queries.proposal(proposal_id)["election"]
        assert (election["seats"], election["reserved"]) == (3, {"salaries": 1}), election

        # ... convenes the AGO 16 days ahead with the election on its agenda (R225-69: at least 15), and sends the
        # convocation (the demo pole's identity is recorded already).
        click(browser, "//nav//a[normalize-space()='Assemblées']")
        click(browser, "//a[normalize-space()='Convoquer une assemblée']")
        browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=ordinary]").click()
        held_at = browser.find_element(By.NAME, "held_at")
        browser.execute_script("arguments[0].value = arguments[1];", held_at, f"{meeting:%Y-%m-%dT%H:%M}")
        browser.find_element(By.NAME, "place").send_keys("Maison de l'ESS, Die")
        browser.find_element(By.XPATH, f"//label[starts-with(normalize-space(), \"{TITLE} (\")]").click()
        click(browser, "//main//form//button[@type='submit']")
        main = main_text(browser)
        assert "Assemblée générale ordinaire" in main and "Convoquée" in main, main
        assembly_url = browser.current_url
        assembly_id = assembly_url.rstrip("/").split("/")[-1]
        assert system.app.get_assembly(assembly_id).agenda == [proposal_id]
        click(browser, "//a[normalize-space()='Préparer et envoyer la convocation']")
        click(browser, "//main//button[normalize-space()='Envoyer la convocation']")
        click(browser, "//button[normalize-space()='Confirmer']")
        assert browser.current_url.endswith("/convocation/register"), main_text(browser)
        click(browser, "//button[normalize-space()='Enregistrer la date de dépôt']")  # the letters posted today
        sent = system.app.get_assembly(assembly_id).convocation_sent
        assert sent is not None and sent["posted_on"] is not None, main_text(browser)

        # 2. Candidacies before the session: the secretary records three...
        browser.get(f"{live_server}/poles/{pole_id}/manage/proposals/{proposal_id}")
        for name in RECORDED:
            Select(browser.find_element(By.NAME, "candidate-member")).select_by_visible_text(name)
            click(browser, "//button[normalize-space()='Enregistrer la candidature']")
        check_axe("secretary's election draft")

        # ... and Élise Morel stands for her organisation, from the candidacies page the assembly page links to.
        log_in(VOTED_MEMBER_EMAIL)
        browser.get(assembly_url)
        click(browser, f"//a[starts-with(normalize-space(), 'Page des candidatures') and contains(., \"{TITLE}\")]")
        check_axe("candidacies page")
        click(browser, "//main//button[normalize-space()='Me porter candidat·e']")
        main = main_text(browser)
        assert "Votre candidature est enregistrée." in main and f"Élise Morel ({ELISE})" in main, main
        candidates = queries.proposal(proposal_id)["election"]["candidates"]
        by_id = {member_id: name for name, member_id in members.items()}
        order = [by_id[c["member_id"]] for c in candidates]
        assert order == [*RECORDED, ELISE], order
        assert [c["declared_by"] for c in candidates] == ["secretary"] * 3 + ["self"], candidates

        # 3. The meeting day: the session opens, four members are present, the election is put to the vote.
        moment["now"] = meeting + timedelta(minutes=5)
        log_in(SECRETARY_EMAIL)
        browser.get(assembly_url)
        click(browser, "//button[normalize-space()='Ouvrir la séance']")
        assert system.app.get_assembly(assembly_id).status == "in_session", main_text(browser)
        click(browser, "//a[normalize-space()='Saisir la présence de tous en une fois']")
        for member, _ in VOTERS.values():
            browser.find_element(By.XPATH, f"//fieldset[@id='row-{members[member]}']//input[@value='present']").click()
        click(browser, "//button[normalize-space()='Enregistrer la feuille de présence']")
        main = main_text(browser)
        assert "4 sur 12 membres présents, représentés ou votant à distance" in main and "Quorum atteint" in main, main
        click(browser, f"//button[starts-with(normalize-space(), 'Mettre aux voix') and contains(., \"{TITLE}\")]")
        click(browser, "//button[normalize-space()='Confirmer']")
        assert system.app.get_assembly(assembly_id).resolutions[proposal_id] == "voting", main_text(browser)

        # 4. The four vote in the browser, secretly, for or against each candidate, from the assembly page.
        for email, (_, ballot) in VOTERS.items():
            log_in(email)
            browser.get(assembly_url)
            click(browser, f"//main//a[starts-with(normalize-space(), 'Voter') and contains(., \"{TITLE}\")]")
            for i, name in enumerate(order):
                browser.find_element(By.ID, f"c{i}-{ballot[name]}").click()
            if email == MEMBER_EMAIL:
                check_axe("election ballot")
            click(browser, "//button[normalize-space()='Enregistrer mon vote']")
            assert "pas même pour vous" in main_text(browser), main_text(browser)  # secret: never shown back
        assert len(system.app.get_proposal(proposal_id).ballots) == 4

        # 5. The secretary closes the vote, then the session.
        log_in(SECRETARY_EMAIL)
        browser.get(assembly_url)
        click(browser, f"//button[starts-with(normalize-space(), 'Clore le vote') and contains(., \"{TITLE}\")]")
        click(browser, "//button[normalize-space()='Confirmer']")
        click(browser, "//button[normalize-space()='Clore la séance']")
        click(browser, "//button[normalize-space()='Confirmer']")
        assert system.app.get_assembly(assembly_id).status == "closed", main_text(browser)
        row = queries.proposal(proposal_id)
        assert (row["status"], row["outcome"]) == ("closed", "elected"), row["outcome"]
        details = {by_id[c["id"]]: c for c in row["tally"]["details"]["candidates"]}
        assert {name: c["result"] for name, c in details.items()} == RESULTS, details
        assert {name: c["seat"] for name, c in details.items() if c["elected"]} == SEATS, details
        # The salariés' candidate takes the reserved seat below the score of a candidate left without a seat.
        assert not details[CREST]["elected"] and details[CREST]["eligible"]

        # The result page: every candidate's figures, who was elected to which seat, from and until when.
        day = meeting.date()
        until = add_years(day, 3)
        click(browser, f"//main//a[normalize-space()=\"{TITLE}\"]")
        check_axe("election result")
        assert "Résultats de l'élection" in main_text(browser)
        elected = {r.find_element(By.TAG_NAME, "th").text: [td.text for td in r.find_elements(By.TAG_NAME, "td")]
                   for r in browser.find_elements(By.CSS_SELECTOR, "#elected tbody tr")}
        assert elected == {details[name]["name"]: [RESERVED_WORDS if seat != "open" else "siège ouvert",
                                                   long(day), long(until)]
                           for name, seat in SEATS.items()}, elected
        ranked = [[cell.text for cell in r.find_elements(By.XPATH, "./*")]
                  for r in browser.find_elements(By.CSS_SELECTOR, "#candidates-result tbody tr")]
        assert [(r[1], r[3]) for r in ranked] == [(details[n]["name"], RESULTS[n]) for n in RESULTS], ranked
        assert ranked[2][-1] == "Non élu·e", ranked  # Crest: 7/10, no seat left
        assert RESERVED_WORDS in ranked[3][-1], ranked  # the Chantier: 13/20, the reserved seat

        # 6. The board ("Conseil"): the three new administrators from the meeting day, not the day before.
        click(browser, "//nav//a[normalize-space()='Conseil']")
        check_axe("board")
        board = main_text(browser)
        assert f"Le conseil aujourd'hui ({long(day)})" in board, board
        sitting = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=sitting-title]").text
        for name in SEATS:
            assert details[name]["name"] in sitting, sitting
        assert details[CREST]["name"] not in sitting
        browser.get(f"{live_server}/poles/{pole_id}/board?date={day.isoformat()}")
        sitting = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby=sitting-title]").text
        assert all(details[name]["name"] in sitting for name in SEATS), sitting
        browser.get(f"{live_server}/poles/{pole_id}/board?date={(day - timedelta(days=1)).isoformat()}")
        board = main_text(browser)
        assert f"Le conseil au {long(day - timedelta(days=1))}" in board, board
        assert "Personne ne siégeait au conseil ce jour-là." in board, board
        assert len(queries.board_on(pole_id, day.isoformat())) == 3
        assert queries.board_on(pole_id, (day - timedelta(days=1)).isoformat()) == []

        # 7. The minutes of the assembly state the election: every candidate's figures, who was elected, to which
        # seat, until when.
        browser.get(assembly_url)
        click(browser, "//main//a[normalize-space()='Procès-verbal']")
        minutes = main_text(browser)
    assert "Délai de 15 jours respecté (art. R225-69)." in minutes, minutes
    assert "Élection de 3 membre(s) du conseil" in minutes, minutes
    for name, result in RESULTS.items():
        assert f"{details[name]['name']} " in minutes and f"({result})" in minutes, (name, minutes)
    for name, seat in SEATS.items():
        words = RESERVED_WORDS if seat != "open" else "siège ouvert"
        assert f"{details[name]['name']} ({words}, jusqu'au {long(until)})" in minutes, (name, minutes)
        assert f"Élu·e au {words}, du {long(day)} au {long(until)}" in minutes, (name, minutes)
    assert "Élu·es :" in minutes and "Mandat de 3 ans, à compter du jour de clôture de l'élection." in minutes
    assert not problems, "\n".join(problems)
