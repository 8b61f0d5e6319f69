"""Platform administration: founding poles, creating accounts, granting and revoking roles."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import csrf_token, login

PASSWORD = "Secrétaire-2026!"
SCIC_POLE = {"name": "Pôle Test", "territory": "Diois", "legal_form": "SCIC SAS", "model": "scic",
             "colleges-0-code": "salaries", "colleges-0-name": "Salariés", "colleges-0-share": "40%",
             "colleges-1-code": "usagers", "colleges-1-name": "Usagers", "colleges-1-share": "35 %",
             "colleges-2-code": "collectivites", "colleges-2-name": "Collectivités", "colleges-2-share": "1/4",
             "empty_college_rule": "proportional", "max_proxies": "2", "admission_by": "board",
             "exclusion_by": "assembly", "strategy": "Mutualiser une cuisine."}


@pytest.fixture
def queries(app):
    return app.extensions["collegia.queries"]


@pytest.fixture
def admin(as_role):
    return as_role("admin")


def post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def events(system) -> int:
    return system.app.recorder.max_notification_id()


@pytest.fixture
def new_user(accounts) -> int:
    return accounts.create_user("nouvelle@pole.example", "Nouvelle Secrétaire", PASSWORD)


# -- access -----------------------------------------------------------------------------
def admin_pages(user_id: int) -> list[str]:
    return ["/admin", "/admin/poles/new", "/admin/users/new", f"/admin/users/{user_id}"]


def admin_posts(user_id: int) -> list[str]:
    return ["/admin/poles/new", "/admin/users/new", f"/admin/users/{user_id}/roles",
            f"/admin/users/{user_id}/roles/revoke"]


def test_anonymous_users_are_sent_to_the_login_page(as_role, new_user):
    client = as_role("anonymous")
    for path in admin_pages(new_user):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for path in admin_posts(new_user):
        response = post(client, path, {}, page="/login")
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


@pytest.mark.parametrize("role", ["secretary", "member", "outsider"])
def test_administration_is_for_platform_admins_only(as_role, role, new_user):
    client = as_role(role)
    for path in admin_pages(new_user):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/login")
    for path in admin_posts(new_user):
        assert client.post(path, data={"csrf_token": token}).status_code == 403, path


def test_the_admin_reaches_every_page(admin, new_user):
    for path in admin_pages(new_user):
        assert admin.get(path).status_code == 200, path
    assert admin.get("/admin/users/99999").status_code == 404


def test_forms_without_a_csrf_token_are_refused(admin, system, accounts, new_user):
    before, users = events(system), len(accounts.list_users())
    assert admin.post("/admin/poles/new", data=SCIC_POLE).status_code == 400
    assert admin.post("/admin/users/new", data={"email": "x@y.example", "name": "X",
                                                "password": PASSWORD}).status_code == 400
    assert admin.post(f"/admin/users/{new_user}/roles", data={"role": "secretary"}).status_code == 400
    assert admin.post(f"/admin/users/{new_user}/roles/revoke", data={"role": "secretary"}).status_code == 400
    assert events(system) == before and len(accounts.list_users()) == users


def test_the_index_lists_poles_and_accounts(admin):
    page = admin.get("/admin").get_data(as_text=True)
    assert "Drôme Coopère" in page and "Autre pôle" in page
    assert "claire.martin@terres-de-liens-coop.example" in page and "/admin/users/" in page


# -- founding a pole ---------------------------------------------------------------------
def test_the_pole_form_is_labelled(admin):
    page = admin.get("/admin/poles/new").get_data(as_text=True)
    for name in ("name", "territory", "legal_form", "colleges-0-code", "colleges-7-share", "empty_college_rule",
                 "max_proxies", "proxy_same_college", "admission_by", "exclusion_by", "strategy", "consent_days",
                 "paper_form_days", "remote_counts_as_present"):
        assert f'<label for="{name}"' in page or f'for="{name}">' in page, name
    # Radio buttons in fieldsets: the model, the convocation channels, voting by correspondence (issue 20), whether
    # Collegia keeps the board (issue 21), whether it keeps the capital register (issue 22).
    assert "<legend>" in page and page.count('type="radio"') == 3 + 2 + 2 + 2 + 2


def test_the_admin_founds_a_pole(admin, system, queries):
    before = events(system)
    response = post(admin, "/admin/poles/new", SCIC_POLE)
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin")
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    statutes = queries.statutes_versions(pole["id"])[0]["statutes"]
    assert [(c["code"], c["share"]) for c in statutes["colleges"]] == [
        ("salaries", "2/5"), ("usagers", "7/20"), ("collectivites", "1/4")]
    assert statutes["max_proxies_per_holder"] == 2 and statutes["exclusion_by"] == "assembly"
    assert queries.strategy_versions(pole["id"])[0]["text"] == "Mutualiser une cuisine."
    assert events(system) == before + 1


def test_the_founding_statutes_may_set_up_a_board(admin, queries):
    """Issue 21: the founding form carries the board; without the choice, the statutes have none. A term above six
    years in a cooperative is refused with its article, and nothing is founded."""
    board = {"board_setting": "collegia", "board_name": "Conseil coopératif", "board_seats": "5",
             "board_reserved": "salaries=1", "board_term_years": "4", "board_method": "majority_judgment",
             "board_casting_vote": "y", "board_secret": "y"}
    refused = post(admin, "/admin/poles/new", {**SCIC_POLE, **board, "board_term_years": "7"})
    assert refused.status_code == 422 and "art. 6" in refused.get_data(as_text=True)
    assert not any(p["name"] == "Pôle Test" for p in queries.poles())
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, **board}).status_code == 302
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    founded = queries.statutes_versions(pole["id"])[0]["statutes"]["board"]
    assert (founded["name"], founded["seats"], founded["reserved"], founded["term_years"],
            founded["election_method"], founded["casting_vote"]) == (
        "Conseil coopératif", 5, {"salaries": 1}, 4, "majority_judgment", True)
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, "name": "Pôle Sans Conseil"}).status_code == 302
    bare = next(p for p in queries.poles() if p["name"] == "Pôle Sans Conseil")
    assert "board" not in queries.statutes_versions(bare["id"])[0]["statutes"]


@pytest.mark.parametrize("ticked", [True, False])
def test_the_founding_statutes_say_whether_a_member_may_change_its_way_of_taking_part(admin, queries, ticked):
    """Code de commerce R225-85 III: a member who gave its proxy or voted by correspondence may take part another
    way only where the statutes allow it; the founding form writes that setting (unticked: not allowed)."""
    page = admin.get("/admin/poles/new").get_data(as_text=True).replace("&#39;", "'")
    assert 'for="participation_change_allowed"' in page
    assert "Un membre qui a donné pouvoir ou voté par correspondance peut encore participer autrement " \
           "(art. R225-85 III)" in page
    data = {**SCIC_POLE, **({"participation_change_allowed": "y"} if ticked else {})}
    assert post(admin, "/admin/poles/new", data).status_code == 302
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    assert queries.statutes_versions(pole["id"])[0]["statutes"]["participation_change_allowed"] is ticked


def test_the_proxy_cap_is_bounded_like_the_domain(admin, queries):
    from governance.base import MAX_PROXY_CAP
    response = post(admin, "/admin/poles/new", {**SCIC_POLE, "max_proxies": str(MAX_PROXY_CAP + 1)})
    assert response.status_code == 422 and not any(p["name"] == "Pôle Test" for p in queries.poles())
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, "max_proxies": str(MAX_PROXY_CAP)}).status_code == 302


def test_a_scic_college_above_half_is_refused_and_nothing_is_stored(admin, system, queries):
    before, poles = events(system), len(queries.poles())
    data = {**SCIC_POLE, "colleges-0-share": "55%", "colleges-1-share": "20%", "colleges-2-share": "25%"}
    response = post(admin, "/admin/poles/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in page and "55" in page and "50" in page  # the rule, with the numbers
    assert 'value="Pôle Test"' in page and 'value="55%"' in page  # what was typed is kept
    assert events(system) == before and len(queries.poles()) == poles


@pytest.mark.parametrize("change", [
    {"colleges-0-share": "beaucoup"},  # not a number
    {"colleges-0-code": "Salariés !"},  # not a code
    {"colleges-2-share": "20%"},  # sums to 95 %
    {"empty_college_rule": "merge_into", "merge_into": "inconnu"},  # merges into no college
    {"name": ""},  # required
])
def test_invalid_poles_are_refused(admin, system, change):
    before = events(system)
    response = post(admin, "/admin/poles/new", {**SCIC_POLE, **change})
    assert response.status_code == 422 and events(system) == before


def test_a_one_member_one_vote_pole_needs_no_college(admin, queries):
    data = {k: v for k, v in SCIC_POLE.items() if not k.startswith("colleges-")}
    response = post(admin, "/admin/poles/new", {**data, "model": "one_member_one_vote", "name": "Assoc"})
    assert response.status_code == 302
    assert any(p["name"] == "Assoc" for p in queries.poles())


# -- accounts and roles --------------------------------------------------------------------
@pytest.mark.parametrize("password, reason", [("court1!", "12"), ("seulementdeslettres", "mêler")])
def test_a_weak_password_is_refused_on_the_form(app, system, admin, accounts, password, reason):
    """The admin types no password: the invited person chooses it, under the policy."""
    assert post(admin, "/admin/users/new", {"email": "a@b.example", "name": "A B"}).status_code == 302
    person, path = app.test_client(), invitation_link(system, "a@b.example")
    response = post(person, path, {"new": password, "confirm": password})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'role="alert"' in page and reason in page
    assert not accounts.has_password(accounts.find_by_email("a@b.example")["id"])
    assert person.get(path).status_code == 200  # the link still works


def test_an_existing_email_is_refused(admin, accounts):
    users = len(accounts.list_users())
    response = post(admin, "/admin/users/new", {"email": "Claire.Martin@terres-de-liens-coop.example",
                                                "name": "Autre Claire"})
    assert response.status_code == 422 and len(accounts.list_users()) == users


def invitation_link(system, email: str) -> str:
    """The path of the last invitation link queued for `email` (the outbox's row: what will be mailed)."""
    from sqlalchemy import select
    from infrastructure.accounts_tables import mail_messages
    with system.engine.connect() as conn:
        text = conn.execute(select(mail_messages.c.body_text).where(mail_messages.c.recipient == email)
                            .order_by(mail_messages.c.id.desc())).scalars().first()
    return re.search(r"http://127\.0\.0\.1:5000(/account/invitation/\S+)", text).group(1)


def grant(client, user_id: int, **data):
    return post(client, f"/admin/users/{user_id}/roles", data, page=f"/admin/users/{user_id}")


def test_admin_creates_a_pole_and_its_secretary_who_reaches_the_register(app, system, admin, accounts, queries):
    post(admin, "/admin/poles/new", SCIC_POLE)
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    response = post(admin, "/admin/users/new", {"email": "Secretaire@pole-test.example", "name": "Sam Secrétaire"})
    assert response.status_code == 302
    user_id = int(re.search(r"/admin/users/(\d+)$", response.headers["Location"]).group(1))
    assert accounts.get(user_id).email == "secretaire@pole-test.example"
    assert grant(admin, user_id, pole_id=pole["id"], role="secretary").status_code == 302
    assert accounts.get(user_id).roles_in(pole["id"]) == {"secretary"}
    assert "Pôle Test" in admin.get(f"/admin/users/{user_id}").get_data(as_text=True)

    browser = app.test_client()
    assert login(browser, "secretaire@pole-test.example", PASSWORD).status_code == 401  # no password yet
    path = invitation_link(system, "secretaire@pole-test.example")
    assert post(browser, path, {"new": PASSWORD, "confirm": PASSWORD}).status_code == 302
    assert login(browser, "secretaire@pole-test.example", PASSWORD).status_code == 302
    assert browser.get(f"/poles/{pole['id']}/register").status_code == 200
    assert browser.get(f"/poles/{pole['id']}/roster").status_code == 200


def test_a_member_representative_is_linked_to_an_admitted_member_of_that_pole(admin, accounts, queries, pole_id,
                                                                              new_user):
    nadia = next(m for m in queries.members(pole_id, status="admitted") if m["name"].startswith("Régie"))
    other = next(p for p in queries.poles() if p["name"] == "Autre pôle")
    stranger = queries.members(other["id"], status="admitted")[0]
    withdrawn = next(m for m in queries.members(pole_id) if m["status"] == "withdrawn")
    for member in ("", stranger["id"], withdrawn["id"]):
        assert grant(admin, new_user, pole_id=pole_id, role="member", member_id=member).status_code == 422
    assert accounts.get(new_user).roles == ()
    assert grant(admin, new_user, pole_id=pole_id, role="member", member_id=nadia["id"]).status_code == 302
    assert accounts.get(new_user).members_in(pole_id) == [nadia["id"]]
    assert grant(admin, new_user, pole_id=pole_id, role="member", member_id=nadia["id"]).status_code == 422
    page = admin.get(f"/admin/users/{new_user}?pole={pole_id}").get_data(as_text=True)
    assert "Régie de quartier Fontbarlettes" in page


def member_options(page: str) -> list[str]:
    select = page.split('id="member_id"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option[^>]*value="([^"]*)"', select)


def test_the_members_offered_are_those_of_the_pole_chosen_first(admin, queries, pole_id, new_user):
    """Choosing another pole (a GET form, no script needed) offers that pole's members, not the first pole's."""
    other = next(p for p in queries.poles() if p["name"] == "Autre pôle")
    for pole, stranger in ((other["id"], pole_id), (pole_id, other["id"])):
        page = admin.get(f"/admin/users/{new_user}?pole={pole}").get_data(as_text=True)
        offered = set(member_options(page)) - {""}
        assert offered == {m["id"] for m in queries.members(pole, status="admitted")}
        assert not offered & {m["id"] for m in queries.members(stranger)}
        assert f'name="pole_id" value="{pole}"' in page
    response = grant(admin, new_user, pole_id=other["id"], role="member", member_id="")
    assert response.status_code == 422 and set(member_options(response.get_data(as_text=True))) - {""} == {
        m["id"] for m in queries.members(other["id"], status="admitted")}


def test_roles_are_granted_once_and_can_be_revoked(admin, accounts, pole_id, new_user):
    assert grant(admin, new_user, pole_id=pole_id, role="secretary").status_code == 302
    assert grant(admin, new_user, pole_id=pole_id, role="secretary").status_code == 422
    assert grant(admin, new_user, pole_id="no-such-pole", role="secretary").status_code == 422
    assert len(accounts.get(new_user).roles) == 1
    response = post(admin, f"/admin/users/{new_user}/roles/revoke", {"pole_id": pole_id, "role": "secretary"},
                    page=f"/admin/users/{new_user}")
    assert response.status_code == 302 and accounts.get(new_user).roles == ()


def test_revoking_a_role_the_user_does_not_hold_is_refused(admin, accounts, pole_id, new_user):
    response = post(admin, f"/admin/users/{new_user}/roles/revoke", {"pole_id": pole_id, "role": "secretary"},
                    page=f"/admin/users/{new_user}")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'role="alert"' in page
    assert "ne détient pas ce rôle" in page and "Rôle retiré" not in page


def test_a_user_id_beyond_the_ids_range_is_404(admin):
    huge = "9" * 30
    assert admin.get(f"/admin/users/{huge}").status_code == 404
    token = csrf_token(admin, "/admin")
    for path in (f"/admin/users/{huge}/roles", f"/admin/users/{huge}/roles/revoke", f"/admin/users/{huge}/active"):
        assert admin.post(path, data={"csrf_token": token, "pole_id": "x", "role": "member",
                                      "active": "0"}).status_code == 404, path


# -- disabling an account ------------------------------------------------------------------------
def set_active(client, user_id: int, active: bool):
    return post(client, f"/admin/users/{user_id}/active", {"active": "1" if active else "0"},
                page=f"/admin/users/{user_id}")


def test_a_disabled_account_loses_its_sessions_and_cannot_log_in(app, admin, accounts, pole_id):
    from tests.web.conftest import MEMBER_EMAIL
    member = app.test_client()
    assert login(member, MEMBER_EMAIL).status_code == 302
    assert member.get(f"/poles/{pole_id}/").status_code == 200
    wrong = login(app.test_client(), MEMBER_EMAIL, "Mauvais-mot-2026").get_data(as_text=True)
    user_id = accounts.find_by_email(MEMBER_EMAIL)["id"]

    assert set_active(admin, user_id, False).status_code == 302
    assert not accounts.get(user_id).is_active
    assert "désactivé" in admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert member.get(f"/poles/{pole_id}/").status_code == 302  # the session has ended
    refused = login(app.test_client(), MEMBER_EMAIL)  # the right password
    assert refused.status_code == 401
    message = re.compile(r'<p class="error"[^>]*>[^<]*</p>')
    assert message.findall(refused.get_data(as_text=True)) == message.findall(wrong)  # as a wrong password

    assert set_active(admin, user_id, True).status_code == 302
    assert login(app.test_client(), MEMBER_EMAIL).status_code == 302


def test_an_admin_cannot_disable_their_own_account(admin, accounts):
    from tests.web.conftest import ADMIN_EMAIL
    me = accounts.find_by_email(ADMIN_EMAIL)["id"]
    response = set_active(admin, me, False)
    assert response.status_code == 422 and accounts.get(me).is_active


@pytest.mark.parametrize("notice, expected", [({}, {"first": 15, "second": 10}),
                                              ({"notice_first": "21", "notice_second": "12"}, {"first": 21, "second": 12})])
def test_the_founding_statutes_set_the_convocation_notice(admin, queries, notice, expected):
    """Code de commerce R225-69: empty fields found the pole with the law's 15 and 10 days; more is kept."""
    assert 'for="notice_first"' in admin.get("/admin/poles/new").get_data(as_text=True)
    assert post(admin, "/admin/poles/new", {**SCIC_POLE, **notice}).status_code == 302
    pole = next(p for p in queries.poles() if p["name"] == "Pôle Test")
    assert queries.statutes_versions(pole["id"])[0]["statutes"].get("notice_days", {"first": 15, "second": 10}) \
        == expected


def test_a_founding_notice_shorter_than_the_law_is_refused_naming_it(admin, system, queries):
    before = events(system)
    response = post(admin, "/admin/poles/new", {**SCIC_POLE, "notice_first": "10"})
    assert response.status_code == 422 and "R225-69" in response.get_data(as_text=True)
    assert events(system) == before
