"""Issue 26: every action a page offers, the API offers too. Each state-changing browser route (a POST of the app's
URL map outside /api) is named here with the API operation (its operationId in the OpenAPI document) that does the
same, or is listed as browser-only with the reason (a session, a link from a mail), or as a gap still to close.

A new page action that is in none of these fails the test: it needs its API operation, or a line here saying why
not. The gaps are issue 26's remaining work (assemblies, minutes, accounts and roles, tokens, mail preferences,
networks): the list shrinks as their operations land, and a gap whose operation exists fails too (move it up)."""

from __future__ import annotations

API = "/api/"

# page endpoint → the API operation doing the same
COVERED = {
    "minutes.correct": "correct_minutes", "minutes.sign": "sign_minutes",
    "signing.certificate": "set_signing_passphrase", "signing.revoke": "revoke_signing_certificate",
    "signing.sign_pdf": "sign_minutes_pdf", "signing.timestamp": "timestamp_minutes",
    "signing.verify": "verify_minutes_pdf",
    "mail.admin_resend": "resend_account_message", "mail.convocation_consent": "change_convocation_consent",
    "mail.create_calendar": "create_calendar_feed", "mail.pole_resend": "resend_pole_message",
    "mail.reminder": "save_mail_settings", "mail.revoke_calendar": "revoke_calendar_feed",
    "mail.save_preferences": "save_mail_preferences",
    "admin.new_user": "create_user", "admin.grant_role": "grant_role", "admin.revoke_role": "revoke_role",
    "admin.set_active": "set_active", "admin.resend_invitation": "resend_invitation",
    "admin.declare_network": "declare_network", "admin.appoint_coordinator": "appoint_coordinator",
    "admin.dismiss_coordinator": "dismiss_coordinator",
    "assemblies.attendance": "record_attendance", "assemblies.attendance_sheet": "record_attendance",
    "assemblies.close_resolution": "close_resolution", "assemblies.close_session": "close_session",
    "assemblies.convocation_consents": "record_convocation_consent", "assemblies.documents": "upload_assembly_document",
    "assemblies.give_proxy": "give_assembly_proxy", "assemblies.incidents": "record_incident",
    "assemblies.join_remotely": "join_remotely", "assemblies.new": "convene_assembly",
    "assemblies.open_session": "open_session", "assemblies.paper_correspondence_form": "record_paper_form",
    "assemblies.pole_identity": "record_pole_identity", "assemblies.put_to_vote": "put_to_vote",
    "assemblies.record_posting": "record_posting", "assemblies.revoke_proxy": "revoke_assembly_proxy",
    "assemblies.room_ballots": "record_room_ballots", "assemblies.send_convocation": "send_convocation",
    "assemblies.send_correspondence_form": "send_correspondence_form", "members.postal_address": "record_postal_address",
    "admin.new_pole": "create_pole", "api_tokens.create": "create_token", "api_tokens.revoke": "revoke_token",
    "board.appoint_officer": "appoint_officer", "board.coopt": "coopt_member", "board.end_mandate": "end_mandate",
    "capital.cancel": "cancel_shares", "capital.pay_up": "pay_up_shares", "capital.refund": "refund_shares",
    "capital.request_withdrawal": "request_withdrawal_of_shares", "capital.subscribe": "subscribe_shares",
    "capital.transfer": "transfer_shares",
    "colleges.what_if": "what_if",
    "deliberation.admit_amendment": "admit_amendment", "deliberation.edit_comment": "edit_comment",
    "deliberation.hide_comment": "hide_comment", "deliberation.post_comment": "post_comment",
    "deliberation.publish": "publish_for_discussion", "deliberation.reject_amendment": "reject_amendment",
    "deliberation.reply": "post_comment", "deliberation.summarise": "summarise_debate",
    "deliberation.support_amendment": "support_amendment", "deliberation.table_amendment": "table_amendment",
    "deliberation.withdraw_comment": "withdraw_comment",
    "elections.add_candidate": "declare_candidate", "elections.address_to_board": "address_to_board",
    "elections.declare": "declare_candidate", "elections.new_election": "create_election",
    "elections.remove_candidate": "withdraw_candidacy", "elections.withdraw": "withdraw_candidacy",
    "member_import.preview": "request_membership", "member_import.confirm": "request_membership",
    "members.admit": "admit_member", "members.assign": "assign_member", "members.exclude": "exclude_member",
    "members.record_request": "request_membership", "members.refuse": "refuse_member",
    "members.withdraw": "withdraw_member",
    "referentiel.adopt": "adopt_referentiel", "referentiel.campaign": "answer_campaign",
    "referentiel.close": "close_campaign", "referentiel.draft_revision": "draft_strategy_revision",
    "referentiel.open_campaign": "open_campaign",
    "secretary.close_voting": "close_voting", "secretary.edit_proposal": "amend_proposal",
    "secretary.new_proposal": "create_proposal", "secretary.open_voting": "open_voting",
    "secretary.withdraw": "withdraw_proposal",
    "votes.cast": "cast_ballot", "votes.grant_proxy": "grant_proxy", "votes.revoke_proxy": "revoke_proxy",
}
# browser-only by nature: the session itself, or a link that arrived by mail
BROWSER_ONLY = {
    "auth.login": "opens a browser session (the API authenticates each call with its token)",
    "auth.logout": "closes a browser session",
    "auth.language": "the page language of a browser session (the API answers in English, rules by code)",
    "auth.change_password": "a person's own password, typed in the browser",
    "recovery.forgot": "a reset link sent by mail", "recovery.reset": "the reset link's form",
    "recovery.invitation": "the invitation link's form (choosing a password)",
    "recovery.change_email": "a person's own address, confirmed by a mail link",
    "recovery.confirm_email": "the mail link confirming an address",
    "mail.unsubscribe_now": "the one-click unsubscribe link of a mail (RFC 8058)",
}
# issue 26, still to do: the page actions without an API operation yet (none left)
GAPS: set[str] = set()


def page_actions(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and not rule.rule.startswith(API)}


def test_every_page_action_has_its_api_operation_or_says_why_not(app, api_as):
    operations = {op["operationId"] for path in api_as(None).get("/openapi.json").get_json()["paths"].values()
                  for op in path.values() if isinstance(op, dict) and "operationId" in op}
    actions = page_actions(app)
    unclassified = actions - set(COVERED) - set(BROWSER_ONLY) - GAPS
    assert not unclassified, f"page actions without an API operation, not listed here: {sorted(unclassified)}"
    stale = (set(COVERED) | set(BROWSER_ONLY) | GAPS) - actions
    assert not stale, f"listed here but no longer page actions: {sorted(stale)}"
    missing = {page: op for page, op in COVERED.items() if op not in operations}
    assert not missing, f"operations named here but absent from the OpenAPI document: {missing}"
    assert not set(COVERED) & GAPS and not set(BROWSER_ONLY) & GAPS
    print(f"{len(operations)} API operations; page actions: {len(COVERED)} covered, {len(BROWSER_ONLY)} "
          f"browser-only, {len(GAPS)} without an operation yet")
