"""Deliberation before the vote (issue 23): a draft published for discussion, its comments, members' amendments, the
debate's summary, and a pole's open discussions.

An amendment is a proposal (`amends`, `amendment`): once admitted it is opened, voted and closed through the proposal
and ballot operations, before its resolution and in tabling order; an adopted one changes the resolution's text
(`original` keeps the drafted one). A comment never says whether or how its author voted: no ballot is read here.
A representative speaks for the members it represents only (`represented=`, 403 otherwise); editing or withdrawing a
comment is its author's (the domain refuses anyone else with the rule `deliberation`).
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from governance.base import clean_actor
from governance.errors import DomainError
from web.api.auth import READERS, SECRETARIES, Access, can_read
from web.api.errors import ApiProblem
from web.api.lookups import proposal_of
from web.api.proposals import PROPOSAL, effect_of
from web.api.routing import Created, operation
from web.api.schemas.deliberation import (AdmissionSchema, AmendmentTablingSchema, CommentEditSchema,
                                          CommentPostSchema, CommentSchema, DebateSummarySchema, DiscussionSchema,
                                          HidingSchema, RejectionSchema, SponsorSchema)
from web.api.schemas.proposals import ProposalSchema
from web.edge import actor, app, is_secretary, open_to_members, queries, represented

TAG = "Deliberation"
COMMENTS = f"{PROPOSAL}/comments"
COMMENT = f"{COMMENTS}/<int:number>"
AMENDMENT = "/poles/<pole_id>/amendments/<amendment_id>"
DISCUSSION_READERS = Access(READERS.description + " (a draft too once published for discussion or on an assembly's "
                                                  "agenda, and its amendments)", READERS.check)
SPEAKERS = Access("member representatives, for the members they represent; board secretaries, for the pole (no "
                  "member_id)", lambda pole_id, **_: can_read(pole_id))
AUTHORS = Access("the comment's author (the person who posted it)", lambda pole_id, **_: can_read(pole_id))
SPONSORS = Access("member representatives, for the members they represent", lambda pole_id, **_: can_read(pole_id))


# -- what members may read ------------------------------------------------------------------------------------
def discussed(pole_id: str, proposal_id: str) -> dict[str, Any]:
    """The proposal of this pole whose discussion is read: other drafts are the secretaries' (404)."""
    p = queries().proposal(proposal_id)
    if p is None or p["pole_id"] != str(pole_id) or (
            p["status"] == "draft" and not is_secretary(pole_id) and not open_to_members(p)):
        raise ApiProblem(404, f"No proposal {proposal_id} in this pole.")
    return p


def amendment_of(pole_id: str, amendment_id: str) -> dict[str, Any]:
    p = discussed(pole_id, amendment_id)
    if not p["amends"]:
        raise ApiProblem(404, f"Proposal {amendment_id} is not an amendment.")
    return p


# -- comments as the API shows them ---------------------------------------------------------------------------------
def me() -> str:
    try:
        return clean_actor(actor())  # as the domain records it
    except DomainError:
        return actor()


def names(rows: list[dict[str, Any]]) -> dict[str, str]:
    found = {}
    for member_id in {r["member_id"] for r in rows if r["member_id"]}:
        member = queries().member(member_id)
        found[member_id] = member["name"] if member else ""
    return found


def shown(row: dict[str, Any], known: dict[str, str], mine: str) -> dict[str, Any]:
    """A comment without what it no longer says: a withdrawn or hidden one keeps its place, not its text."""
    posted = row["status"] == "posted"
    return {"number": row["number"], "reply_to": row["reply_to"], "member_id": row["member_id"],
            "name": known.get(row["member_id"]) if row["member_id"] else None,
            "text": row["text"] if posted else None, "status": row["status"],
            "reason": row["reason"] if row["status"] == "hidden" else None, "mentions": list(row["mentions"] or []),
            "versions": row["versions"], "posted_at": row["posted_at"], "changed_at": row["changed_at"],
            "history": [{"text": h["text"], "until": h["until"]} for h in row.get("history") or []] if posted else [],
            "mine": row["actor"] == mine}


def comment_now(proposal_id: str, number: int) -> dict[str, Any]:
    """A comment as the discussion itself holds it now, its times from the read model when it has caught up."""
    discussion = app().get_discussion(proposal_id)
    if discussion is None:
        raise ApiProblem(404, f"No comment {number} on this proposal.")
    comment = discussion.comment(number)
    row = next((r for r in queries().comments(proposal_id) if r["number"] == number), None)
    fresh = row is not None and (row["status"], len(row["history"] or []) + 1) == (comment["status"],
                                                                                    comment["versions"])
    at = discussion.modified_on
    merged = {**comment, "posted_at": row["posted_at"] if row else at, "changed_at": row["changed_at"] if fresh else at,
              "history": row["history"] if row else []}
    return shown(merged, names([merged]), me())


def existing(proposal_id: str, number: int) -> None:
    if not any(r["number"] == number for r in queries().comments(proposal_id)):
        discussion = app().get_discussion(proposal_id)
        if discussion is None or not 1 <= number <= len(discussion.comments):
            raise ApiProblem(404, f"No comment {number} on this proposal.")


# -- publication and the discussion ---------------------------------------------------------------------------------
@operation(f"{PROPOSAL}/publication", "POST", summary="Publish a draft for discussion", tag=TAG, access=SECRETARIES,
           response=ProposalSchema, command=True,
           description="Members then read it, comment and table amendments until its vote closes; its text changes "
                       "by adopted amendments only. Optional: a draft may be opened without it. 409 when it is no "
                       "longer a draft or already published; 422 for a decision of the board.")
def publish_for_discussion(pole_id: str, proposal_id: str) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().publish_for_discussion(p["id"], actor=actor())
    return proposal_of(pole_id, proposal_id)


@operation(COMMENTS, summary="The discussion: comments and replies, in the order posted", tag=TAG,
           access=DISCUSSION_READERS, response=CommentSchema, many=True,
           description="A reply names the comment it answers (`reply_to`, one level deep). A withdrawn comment "
                       "shows without its text, a hidden one without its text but with the secretary's reason; the "
                       "register keeps every wording. Nothing says whether or how anyone voted.")
def list_comments(pole_id: str, proposal_id: str) -> list[dict[str, Any]]:
    rows = queries().comments(discussed(pole_id, proposal_id)["id"])
    known, mine = names(rows), me()
    return [shown({**r, "versions": len(r["history"] or []) + 1}, known, mine) for r in rows]


@operation(COMMENTS, "POST", summary="Comment, or reply to a comment", tag=TAG, access=SPEAKERS,
           body=CommentPostSchema, response=CommentSchema, status=201, command=True,
           description="While the proposal is under discussion (published or on an assembly's agenda, until its "
                       "vote closes): 409 otherwise. The members mentioned are told by mail, as their preferences "
                       "say. 403 for a member you do not represent.")
def post_comment(pole_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    p = discussed(pole_id, proposal_id)
    member_id = body["member_id"]
    if member_id is None and not is_secretary(pole_id):
        raise ApiProblem(403, "Only the pole's secretaries speak for the pole: name the member you represent "
                              "(member_id).")
    number = app().post_comment(p["id"], member_id=None if member_id is None else str(member_id), text=body["text"],
                                reply_to=body["reply_to"], mentions=[str(m) for m in body["mentions"]],
                                actor=actor(), represented=None if member_id is None else represented(pole_id))
    return Created(comment_now(p["id"], number), url_for("api.list_comments", pole_id=pole_id, proposal_id=p["id"]))


@operation(COMMENT, "PATCH", summary="Edit your comment (its earlier wording stays in the register)", tag=TAG,
           access=AUTHORS, body=CommentEditSchema, response=CommentSchema, command=True,
           description="Its author only (422, rule `deliberation`, for anyone else), while the discussion is open.")
def edit_comment(pole_id: str, proposal_id: str, number: int, body: dict[str, Any]) -> dict[str, Any]:
    p = discussed(pole_id, proposal_id)
    existing(p["id"], number)
    app().edit_comment(p["id"], number, text=body["text"], actor=actor())
    return comment_now(p["id"], number)


@operation(f"{COMMENT}/withdrawal", "POST", summary="Withdraw your comment: it shows as withdrawn", tag=TAG,
           access=AUTHORS, response=CommentSchema, command=True,
           description="Its author only (422, rule `deliberation`, for anyone else); its text stays in the register.")
def withdraw_comment(pole_id: str, proposal_id: str, number: int) -> dict[str, Any]:
    p = discussed(pole_id, proposal_id)
    existing(p["id"], number)
    app().withdraw_comment(p["id"], number, actor=actor())
    return comment_now(p["id"], number)


@operation(f"{COMMENT}/hiding", "POST", summary="Hide a comment, saying why", tag=TAG, access=SECRETARIES,
           body=HidingSchema, response=CommentSchema, command=True,
           description="Everyone sees that it was hidden and why; its text stays in the register only. Also once "
                       "the vote closed.")
def hide_comment(pole_id: str, proposal_id: str, number: int, body: dict[str, Any]) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    existing(p["id"], number)
    app().hide_comment(p["id"], number, reason=body["reason"], actor=actor())
    return comment_now(p["id"], number)


@operation("/poles/<pole_id>/discussions", summary="The pole's open discussions, most recently active first", tag=TAG,
           access=READERS, response=DiscussionSchema, many=True,
           description="Proposals published for discussion or on an assembly's agenda whose vote has not closed, "
                       "each with its number of comments and the time of the last one.")
def list_discussions(pole_id: str) -> list[dict[str, Any]]:
    return [{**row, "last_comment_at": row["last"]} for row in queries().discussions(pole_id)]


# -- amendments -------------------------------------------------------------------------------------------------------
@operation(f"{PROPOSAL}/amendments", summary="The amendments tabled on a resolution, in tabling (and voting) order",
           tag=TAG, access=DISCUSSION_READERS, response=ProposalSchema, many=True,
           description="Each is a proposal: `amendment` holds what it changes and its course, `text` and `effect` "
                       "the resolution as it would amend them.")
def list_amendments(pole_id: str, proposal_id: str) -> list[dict[str, Any]]:
    return queries().amendments(discussed(pole_id, proposal_id)["id"])


@operation(f"{PROPOSAL}/amendments", "POST", summary="Table an amendment for a member you represent", tag=TAG,
           access=SPONSORS, body=AmendmentTablingSchema, response=ProposalSchema, status=201, command=True,
           description="On a draft under discussion, before its vote opens (409 otherwise). Replace `passage` (quoted "
                       "exactly, once in the text) by `wording`, or add `wording` at the end; or change a typed "
                       "decision (`effect`), checked at tabling like a draft (422 with the rule, e.g. `statutes` for "
                       "a SCIC college above 50 %). Answers the amendment, a proposal of its own (`Location`). 403 "
                       "for a member you do not represent.")
def table_amendment(pole_id: str, proposal_id: str, body: dict[str, Any]) -> Created:
    p = discussed(pole_id, proposal_id)
    amendment_id = str(app().table_amendment(
        p["id"], member_id=str(body["member_id"]), passage=body.get("passage", ""), wording=body.get("wording", ""),
        effect=effect_of(body), motive=body.get("motive", ""), actor=actor(), represented=represented(pole_id)))
    return Created(queries().proposal(amendment_id),
                   url_for("api.get_proposal", pole_id=pole_id, proposal_id=amendment_id))


@operation(f"{AMENDMENT}/sponsors", "POST", summary="Join an amendment's sponsors, for a member you represent",
           tag=TAG, access=SPONSORS, body=SponsorSchema, response=ProposalSchema, status=201, command=True,
           description="While it is tabled; the statutes may require several sponsors (`amendment_sponsors`) for it "
                       "to be admitted. 403 for a member you do not represent.")
def support_amendment(pole_id: str, amendment_id: str, body: dict[str, Any]) -> Created:
    a = amendment_of(pole_id, amendment_id)
    app().support_amendment(a["id"], member_id=str(body["member_id"]), actor=actor(), represented=represented(pole_id))
    return Created(queries().proposal(a["id"]), url_for("api.get_proposal", pole_id=pole_id, proposal_id=a["id"]))


@operation(f"{AMENDMENT}/admission", "POST", summary="Admit a tabled amendment: it is voted before its resolution",
           tag=TAG, access=SECRETARIES, body=AdmissionSchema, response=ProposalSchema, command=True,
           description="Then opened, voted and closed like any proposal, in tabling order, before the resolution "
                       "(which cannot open until its amendments are voted). At an assembly it joins the agenda "
                       "just before its resolution. 422 when it lacks the statutes' sponsors.")
def admit_amendment(pole_id: str, amendment_id: str, body: dict[str, Any]) -> dict[str, Any]:
    a = amendment_of(pole_id, amendment_id)
    app().admit_amendment(a["id"], reason=body.get("reason", ""), actor=actor())
    return queries().proposal(a["id"])


@operation(f"{AMENDMENT}/rejection", "POST", summary="Reject a tabled amendment, saying why", tag=TAG,
           access=SECRETARIES, body=RejectionSchema, response=ProposalSchema, command=True,
           description="It is never voted: its proposal is withdrawn, its reason shown to the members.")
def reject_amendment(pole_id: str, amendment_id: str, body: dict[str, Any]) -> dict[str, Any]:
    a = amendment_of(pole_id, amendment_id)
    app().reject_amendment(a["id"], reason=body["reason"], actor=actor())
    return queries().proposal(a["id"])


# -- the debate in the minutes ----------------------------------------------------------------------------------------
@operation(f"{PROPOSAL}/debate-summary", "PUT", summary="Write the summary of the debate the minutes state", tag=TAG,
           access=SECRETARIES, body=DebateSummarySchema, response=ProposalSchema, command=True,
           description="Code de commerce R225-106 (SA), R223-24 (SARL): the minutes state a summary of the debates. "
                       "It may be rewritten until the minutes are signed (422, rule `minutes`, after).")
def summarise_debate(pole_id: str, proposal_id: str, body: dict[str, Any]) -> dict[str, Any]:
    p = proposal_of(pole_id, proposal_id)
    app().summarise_debate(p["id"], summary=body["summary"], actor=actor())
    return proposal_of(pole_id, proposal_id)
