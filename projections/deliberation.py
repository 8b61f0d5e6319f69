"""The discussions projection (issue 23): every comment on a proposal (rm_comments), with its earlier wordings and
why the secretary hid it. The proposal's own deliberation facts (published, amendments, the debate's summary) are
rows of rm_proposals, in projections/decisions.py.

No row says whether or how a comment's author voted: the discussion is a separate aggregate from the ballots."""

from __future__ import annotations

from typing import Any, Sequence

from governance.deliberation import Discussion
from projections import tables as t
from projections.batch import Batch, Projection, _id, _named, utc


def comment_posted(b: Batch, e: Any, pos: int) -> None:
    at = utc(e.timestamp)
    b.rows(t.comments).insert(
        discussion_id=_id(e), number=int(e.number), proposal_id=str(e.proposal_id), pole_id=str(e.pole_id),
        member_id=e.member_id, actor=e.actor, reply_to=e.reply_to, text=e.text, mentions=list(e.mentions) or None,
        status="posted", reason=None, history=None, posted_at=at, changed_at=at)


def _comment(b: Batch, e: Any, **values: Any) -> dict[str, Any] | None:
    rows = b.rows(t.comments)
    key = (_id(e), int(e.number))
    row = rows.get(*key)
    if row is not None:
        row.update(values, changed_at=utc(e.timestamp))
        rows.mark(key)
    return row


def comment_edited(b: Batch, e: Any, pos: int) -> None:
    rows = b.rows(t.comments)
    row = rows.get(_id(e), int(e.number))
    if row is None:
        return
    earlier = [*(row["history"] or []), {"text": row["text"], "until": utc(e.timestamp).isoformat()}]
    _comment(b, e, text=e.text, history=earlier)


def _prefetch(b: Batch, events: Sequence[Any]) -> None:
    b.rows(t.comments).prefetch(
        (_id(e), int(e.number)) for e in _named(events, Discussion.CommentEdited, Discussion.CommentWithdrawn,
                                                 Discussion.CommentHidden))


DELIBERATION = Projection("discussions", (t.comments,), {
    Discussion.CommentPosted: comment_posted,
    Discussion.CommentEdited: comment_edited,
    Discussion.CommentWithdrawn: lambda b, e, p: _comment(b, e, status="withdrawn"),
    Discussion.CommentHidden: lambda b, e, p: _comment(b, e, status="hidden", reason=e.reason),
}, _prefetch)
