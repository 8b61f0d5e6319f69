"""Domain errors: one class per broken rule, each naming the rule in its message."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused because it breaks a governance rule; nothing was stored."""

    rule = "governance"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    rule = "not_found"


class InvalidInput(DomainError):
    rule = "invalid_input"


class StatutesRuleBroken(DomainError):
    """Statutes that break a legal or structural rule (SCIC bounds, sum of shares...)."""

    rule = "statutes"


class MembershipRuleBroken(DomainError):
    rule = "membership"


class ProposalRuleBroken(DomainError):
    rule = "proposal"


class VotingRuleBroken(DomainError):
    rule = "voting"


class ProxyRuleBroken(DomainError):
    rule = "proxy"


class ConcurrencyConflict(DomainError):
    rule = "concurrency"
