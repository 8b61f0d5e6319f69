"""Deliberation before the vote (issue 23): the discussion of a proposal, and what an amendment changes.

A proposal published for discussion (or on a convened assembly's agenda) has one `Discussion`, an aggregate of the
pole's register: comments, one level of replies, edits kept as versions, a comment withdrawn by its author kept as
« retiré », a comment hidden by the secretary with a stated reason (the text stays in the events; pages show the
reason). Nothing in a discussion says whether or how anyone voted: it is a separate aggregate from the ballots, and
no comment event carries a ballot, a choice or a participation flag (docs/secret-ballots.md).

An amendment (tabled by members, admitted or rejected by the secretary, voted before the resolution) is a proposal of
its own: see governance/proposal.py (`amends`, `amendment`). This module holds the pure rules on its text:
`amended_text` replaces one passage of the resolution (« remplacer les mots … par les mots … »), or adds to its end.

The texts behind it are in docs/deliberation-law.md: R225-106 (SA) and R223-24 (SARL) ask the minutes for « un
résumé des débats, le texte des résolutions mises aux voix et le résultat des votes ».
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from governance.base import GovernanceAggregate, clean_actor, clean_text
from governance.errors import DeliberationRuleBroken, DeliberationStateConflict, InvalidInput, NotFound

MAX_COMMENT = 10_000
MAX_MENTIONS = 20
POSTED, WITHDRAWN, HIDDEN = "posted", "withdrawn", "hidden"

_NAMESPACE = uuid5(NAMESPACE_URL, "https://collegia.coop/discussion")


def discussion_id(proposal_id: UUID | str) -> UUID:
    """The one discussion of a proposal (found without an index)."""
    return uuid5(_NAMESPACE, str(proposal_id))


class Discussion(GovernanceAggregate):
    """The comments on one proposal, in the order they were posted (numbered 1, 2, …)."""

    @staticmethod
    def create_id(proposal_id: str) -> UUID:
        return discussion_id(proposal_id)

    @classmethod
    def start(cls, *, pole_id: UUID, proposal_id: UUID | str, actor: str) -> "Discussion":
        return cls(pole_id=pole_id, proposal_id=str(proposal_id), actor=clean_actor(actor))

    @event("DiscussionOpened")
    def __init__(self, pole_id: UUID, proposal_id: str, actor: str) -> None:
        self.pole_id = pole_id
        self.proposal_id = proposal_id
        self.comments: list[dict[str, Any]] = []

    # -- comments --------------------------------------------------------------------
    def post(self, *, member_id: str | None, text: str, reply_to: int | None, mentions: list[str],
             actor: str) -> int:
        """Post a comment (or a reply to a comment: one level deep); returns its number."""
        body = clean_text(text, "comment", max_length=MAX_COMMENT)
        if reply_to is not None:
            parent = self.comment(reply_to)
            if parent["reply_to"] is not None:
                raise DeliberationRuleBroken("replies are one level deep: answer the comment this reply answers")
        mentioned = list(dict.fromkeys(str(m) for m in mentions))
        if len(mentioned) > MAX_MENTIONS:
            raise InvalidInput("a comment mentions at most {maximum} members", maximum=MAX_MENTIONS)
        number = len(self.comments) + 1
        self._posted(number=number, pole_id=str(self.pole_id), proposal_id=self.proposal_id,
                     member_id=None if member_id is None else str(member_id), reply_to=reply_to, text=body,
                     mentions=mentioned, actor=clean_actor(actor))
        return number

    @event("CommentPosted")
    def _posted(self, number: int, pole_id: str, proposal_id: str, member_id: str | None, reply_to: int | None, text: str,
                mentions: list[str], actor: str) -> None:
        self.comments = [*self.comments, {
            "number": number, "member_id": member_id, "reply_to": reply_to, "text": text, "mentions": mentions,
            "actor": actor, "status": POSTED, "versions": 1, "reason": None}]

    def edit(self, *, number: int, text: str, actor: str) -> None:
        """The author rewrites a comment; the earlier wording stays in the events (the history shows it)."""
        comment = self._own(number, actor)
        body = clean_text(text, "comment", max_length=MAX_COMMENT)
        if body == comment["text"]:
            raise DeliberationStateConflict("the comment already reads so: nothing to change")
        self._edited(number=number, text=body, actor=clean_actor(actor))

    @event("CommentEdited")
    def _edited(self, number: int, text: str, actor: str) -> None:
        self._replace(number, text=text, versions=self.comments[number - 1]["versions"] + 1)

    def withdraw(self, *, number: int, actor: str) -> None:
        """The author withdraws a comment: it shows as « retiré », its text stays in the events."""
        self._own(number, actor)
        self._withdrawn(number=number, actor=clean_actor(actor))

    @event("CommentWithdrawn")
    def _withdrawn(self, number: int, actor: str) -> None:
        self._replace(number, status=WITHDRAWN)

    def hide(self, *, number: int, reason: str, actor: str) -> None:
        """The secretary hides a comment, saying why; everyone sees that it was hidden and why."""
        comment = self.comment(number)
        if comment["status"] != POSTED:
            raise DeliberationStateConflict("this comment is already {status}", status=comment["status"])
        why = clean_text(reason, "reason", max_length=1000)
        self._hidden(number=number, reason=why, actor=clean_actor(actor))

    @event("CommentHidden")
    def _hidden(self, number: int, reason: str, actor: str) -> None:
        self._replace(number, status=HIDDEN, reason=reason)

    # -- reading ----------------------------------------------------------------------
    def comment(self, number: object) -> dict[str, Any]:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.comments):
            raise NotFound("no comment number {number} in this discussion", number=str(number))
        return self.comments[number - 1]

    def _own(self, number: int, actor: str) -> dict[str, Any]:
        comment = self.comment(number)
        if comment["actor"] != clean_actor(actor):
            raise DeliberationRuleBroken("only its author edits or withdraws a comment")
        if comment["status"] != POSTED:
            raise DeliberationStateConflict("this comment is already {status}", status=comment["status"])
        return comment

    def _replace(self, number: int, **changes: Any) -> None:
        comments = list(self.comments)
        comments[number - 1] = {**comments[number - 1], **changes}
        self.comments = comments


# -- what an amendment changes ------------------------------------------------------------

def amended_text(text: str, passage: str, wording: str) -> str:
    """The resolution's text once `passage` is replaced by `wording` (an empty passage adds `wording` at the end).

    The passage must occur exactly once, so that members know which words change."""
    if not passage:
        if not wording:
            raise InvalidInput("an amendment changes the text or the decision: say what it changes")
        return f"{text.rstrip()}\n\n{wording}"
    found = text.count(passage)
    if found == 0:
        raise DeliberationRuleBroken("the passage to change is not in the resolution's text (copy it exactly)")
    if found > 1:
        raise DeliberationRuleBroken("the passage to change occurs {count} times in the resolution: quote enough "
                                     "words to make it unique", count=found)
    return text.replace(passage, wording, 1)


def digest(value: Any) -> str:
    """A short fingerprint of a text or an effect, to tell whether the resolution changed since an amendment was
    tabled."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
