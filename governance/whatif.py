"""What-if: recount a past vote under other statutes, without recording anything.

The electorate and the last ballots frozen in the proposal stay as they were; only the
weights, the thresholds, the quorum and the empty-college rule come from the simulated
statutes. Pure: the proposal is read, never changed.
"""

from __future__ import annotations

from governance.errors import InvalidInput
from governance.proposal import Proposal, Unseal
from governance.statutes import Statutes
from governance.tally import Tally


def simulate(proposal: Proposal, statutes: Statutes, unseal: Unseal | None) -> Tally:
    """The tally `proposal` would have had under `statutes` (same electorate, same last ballots).

    Every college of the frozen electorate must exist in `statutes` (InvalidInput otherwise);
    a secret ballot needs `unseal`, as for the recorded count.
    """
    if proposal.rules is None:
        raise InvalidInput("a proposal that never opened to the vote cannot be simulated")
    if statutes.is_weighted and proposal.body != "board":  # a board decision has no colleges: one person, one vote
        for college in sorted(set(proposal.electorate.values())):
            if not statutes.has_college(college):
                raise InvalidInput("the simulated statutes have no college '{college}', which voted on this proposal",
                                   college=college)
    return proposal.count(unseal, statutes)


def flipped(recorded: Tally, simulated: Tally) -> bool:
    """True when the simulated outcome differs from the recorded one."""
    return recorded.outcome != simulated.outcome
