"""A proposal's audit events in words, for its timeline: what happened, who, when — never a secret choice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from web.formatting import pct
from web.labels import (CHOICE_WORDS, CONVOCATION_WORDS, EFFECT_WORDS, EVENT_LABELS, KIND_WORDS, OUTCOME_WORDS,
                        rule_label)


def _moment(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


def describe_event(event: dict[str, Any], members: dict[str, str], *, secret: bool) -> dict[str, Any]:
    """An audit row in words: what happened, who, when, and its key details (never a secret choice)."""
    d, kind = event["details"] or {}, event["event_type"]
    who = lambda key: members.get(d.get(key) or "", d.get(key) or "—")  # noqa: E731
    details: list[tuple[str, Any]] = []
    if kind in ("ProposalDrafted", "ProposalAmended"):
        details = [(_("Title"), d.get("title")), (_("Kind"), KIND_WORDS.get(d.get("kind"), d.get("kind"))),
                   (_("Secret ballot"), _("yes") if d.get("secret") else _("no"))]
        if d.get("effect"):
            effect = d["effect"].get("type")
            details.append((_("Effect if adopted"), EFFECT_WORDS.get(effect, effect)))
    elif kind == "VotingOpened":
        details = [(_("Closes at"), _moment(d.get("closes_at"))), (_("Statutes version"), d.get("statutes_version")),
                   (_("Convocation"), CONVOCATION_WORDS.get(d.get("convocation"), d.get("convocation"))),
                   (_("Electorate"), len(d.get("electorate") or {}))]
    elif kind in ("BallotCast", "SecretBallotCast"):
        details = [(_("Member"), who("member_id"))]
        if kind == "BallotCast" and not secret:
            details.append((_("Choice"), CHOICE_WORDS.get(d.get("choice"), d.get("choice"))))
        else:
            details.append((_("Choice"), _("sealed (secret ballot), never shown")))
        if d.get("proxy_holder"):
            details.append((_("Cast by proxy holder"), who("proxy_holder")))
    elif kind in ("ProxyGranted", "ProxyRevoked"):
        details = [(_("Principal"), who("principal_id")), (_("Proxy holder"), who("holder_id"))]
    elif kind == "VotingClosed":
        tally = d.get("tally") or {}
        names = {c["code"]: c["name"] for c in tally.get("colleges", [])}
        details = [(_("Outcome"), OUTCOME_WORDS.get(d.get("outcome"), d.get("outcome"))),
                   (_("Result"), tally.get("result")),
                   (_("Threshold"), ("> " if tally.get("threshold_strict") else "≥ ") + pct(tally.get("threshold"))),
                   (_("Participation"), _("%(participants)s of %(entitled)s", participants=tally.get("participants"),
                                          entitled=tally.get("entitled"))),
                   (_("Empty-college rule applied"), rule_label(tally.get("rule_applied"), names)),
                   (_("Closed"), _("automatically, at the announced time") if d.get("automatic")
                    else _("by the secretary"))]
    elif kind == "ProposalWithdrawn":
        details = [(_("Reason"), d.get("reason") or "—")]
    elif kind in ("StatutesAmended", "StrategyRevised"):
        details = [(_("New version"), d.get("version"))]
    elif kind == "CommentPosted":  # the text is in the register and the thread; never a ballot beside it
        details = [(_("Comment number"), d.get("number")), (_("Member"), who("member_id") if d.get("member_id")
                                                      else _("The secretariat, for the pole"))]
        if d.get("reply_to"):
            details.append((_("In reply to comment"), d["reply_to"]))
    elif kind in ("CommentEdited", "CommentWithdrawn"):
        details = [(_("Comment number"), d.get("number"))]
    elif kind == "CommentHidden":
        details = [(_("Comment number"), d.get("number")), (_("Reason"), d.get("reason"))]
    elif kind == "AmendmentTabled":
        details = [(_("Amendment"), d.get("number")), (_("Member"), who("member_id")),
                   (_("Passage to change"), d.get("passage") or "—"), (_("New wording"), d.get("wording") or "—")]
    elif kind == "AmendmentSupported":
        details = [(_("Member"), who("member_id"))]
    elif kind in ("AmendmentAdmitted", "AmendmentRejected", "AmendmentLapsed"):
        details = [(_("Reason"), d.get("reason") or "—")]
    elif kind == "AmendmentIncorporated":
        details = [(_("Amendment"), d.get("number"))]
    elif kind in ("MemberAdmitted", "MemberExcluded", "MembershipRefused"):
        details = [(_("Member"), who("member_id")), (_("Decision"), d.get("decision"))]
        if d.get("reasons"):
            details.append((_("Reasons"), d["reasons"]))
    shares = {_("Result")}
    shown = lambda k, v: "pct" if k in shares else "datetime" if isinstance(v, datetime) else "text"  # noqa: E731
    actor = _("Collegia (automatic)") if event["actor"] == "system" else event["actor"] or "—"
    return {"position": event["position"], "at": event["at"], "actor": actor,
            "label": EVENT_LABELS.get(kind, kind), "pole_event": event["aggregate_type"] == "Pole",
            "details": [(k, v, shown(k, v)) for k, v in details]}
