"""What a representative may do on one proposal: the one answer pages, the API and the commands all use.

A person acts for the members they represent (accounts link a user to members; the domain only sees the
list). On one proposal, with its frozen electorate and its proxies, they may:

- vote for each member they represent (in person), and for each principal whose live proxy one of those
  members holds (by proxy), unless that principal voted in person, which overrides its proxy;
- give the proxy of a member they represent that is an elector, has not given one already, holds none
  and has not voted in person (the rules `Proposal.grant_proxy` enforces, offered only when they hold);
- revoke the proxy of a member they represent.

`Standing.of` answers for a page; `Standing.voter_for` and `Standing.principal` are the guards the
application service runs before the command itself, on the same loaded proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from governance.errors import NotPermitted
from governance.proposal import LIVE, Proposal


@dataclass(frozen=True)
class BallotRight:
    """A member the person may vote for: one they represent, or a principal whose proxy one of those holds."""

    member_id: str
    proxy_holder: str | None = None


@dataclass(frozen=True)
class Standing:
    """Where the members one person represents stand on one proposal (frozen electorate, proxies, ballots)."""

    proposal: Proposal
    represented: tuple[str, ...]  # every member the person represents in the pole, electors or not
    own: tuple[str, ...]  # ... those in the proposal's frozen electorate
    not_elector: tuple[str, ...]  # ... and those that are not
    given: dict[str, dict[str, Any]]  # own members' live proxies, by principal
    held: dict[str, dict[str, Any]]  # live proxies held by an own member, by principal
    givers: tuple[str, ...]  # own members that may still give their proxy

    @classmethod
    def of(cls, proposal: Proposal, represented: Iterable[str]) -> Standing:
        mine = tuple(dict.fromkeys(str(m) for m in represented))
        own = tuple(m for m in mine if m in proposal.electorate)
        given = {m: proposal.proxies[m] for m in own if proposal.proxies.get(m, {}).get("status") in LIVE}
        held = {m: x for m, x in proposal.proxies.items() if x["holder"] in own and x["status"] in LIVE}
        holders = {x["holder"] for x in proposal.proxies.values() if x["status"] in LIVE}
        givers = tuple(m for m in own if m not in given and m not in holders and not proposal.voted_in_person(m))
        return cls(proposal, mine, own, tuple(m for m in mine if m not in proposal.electorate), given, held,
                   givers)

    def ballot_rights(self, usable: bool = True) -> list[BallotRight]:
        """Whom the person votes for: the members they represent, then the principals of the proxies they hold.

        With `usable`, only the ballots the proposal would accept now (what a form offers); without, every
        ballot they have standing to submit, so that the proposal itself explains why one is refused."""
        own = self.own if usable else self.represented
        return [BallotRight(m) for m in own] + [
            BallotRight(principal, proxy["holder"]) for principal, proxy in self.held.items()
            if principal not in own and not (usable and self.proposal.voted_in_person(principal))]

    def voter_for(self, member_id: str) -> BallotRight:
        """How the person votes for `member_id`: in person when they represent it, else by the proxy one of
        theirs holds; refused (NotPermitted) when they do neither."""
        right = next((r for r in self.ballot_rights(usable=False) if r.member_id == str(member_id)), None)
        if right is None:
            raise NotPermitted("you neither represent this member nor hold its proxy on this proposal")
        return right

    def principal(self, member_id: str) -> str:
        """`member_id`, if the person represents it: only a principal's representatives give or revoke its proxy."""
        if str(member_id) not in self.represented:
            raise NotPermitted("only a representative of the member giving its proxy may give or revoke it")
        return str(member_id)
