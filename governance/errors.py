"""Domain errors: one class per broken rule, each naming the rule in its message.

Every error is built from a *template* and its *params*::

    raise StatutesRuleBroken("college '{college}' would hold {share}, above the {maximum} maximum for a SCIC",
                             college=college.name, share=percent(college.share), maximum=percent(SCIC_MAX_SHARE, 0))

- ``template`` is a constant English ``str.format`` string. It is the gettext msgid: the web UI translates it
  (``gettext(error.template).format(**error.params)``), and ``pybabel extract`` finds it because it is always a
  literal first argument (``-k StatutesRuleBroken`` etc., see web/translations_keywords.txt). Never build it
  with an f-string, a concatenation or a variable; put every varying part in a named placeholder instead.
  Literal braces must be doubled (``{{`` / ``}}``), as with any ``str.format`` template.
- ``params`` are the values for the placeholders, already formatted for display (str or numbers).
- ``message`` is ``template.format(**params)``: the English text, also what ``str(error)`` returns.

Every error also says, by its class, what *kind* of refusal it is (the API answers 409 for the first, 422
for the others; see web/api/errors.py):

- ``StateConflict``: the record's current state refuses the command (voting closed, already admitted, the
  proxy already used...); the same command could succeed in another state.
- ``RuleBroken``: the command itself breaks a governance rule or is invalid (SCIC bounds, proxy caps,
  malformed input...).
- ``NotFound``: the command names a record that does not exist.
- ``NotPermitted``: the person acting has no standing for it (they neither represent the member nor hold its
  proxy); pages and the API answer 403 (governance/standing.py).

Each rule has its family class (``ProposalRuleBroken``, ``VotingRuleBroken``...), which names the rule in
``rule`` and is a ``RuleBroken``. A family whose refusals can also be state conflicts has a conflict subclass
(``ProposalStateConflict(ProposalRuleBroken, StateConflict)``...): raise it where the current state refuses.
It keeps the family's ``rule`` and ``except ProposalRuleBroken`` still catches it; its kind is
``StateConflict``, which takes precedence over the family's ``RuleBroken`` (``kind_of``).
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused because it breaks a governance rule; nothing was stored."""

    rule = "governance"

    def __init__(self, template: str, **params: object):
        # Without params the template is the message as is, so a legacy caller passing an already
        # formatted text that happens to contain braces does not fail here.
        message = template.format(**params) if params else template
        super().__init__(message)
        self.template = template
        self.params: dict[str, object] = dict(params)
        self.message = message


# -- the four kinds -------------------------------------------------------------------------

class StateConflict(DomainError):
    """The record's current state refuses the command (voting closed, already admitted, proxy already used)."""


class RuleBroken(DomainError):
    """The command breaks a governance rule, or its input is invalid."""


class NotFound(DomainError):
    """The command names a record that does not exist."""

    rule = "not_found"


class NotPermitted(DomainError):
    """The person acting has no standing for this command: they do not act for that member."""

    rule = "not_permitted"


KINDS: tuple[type[DomainError], ...] = (StateConflict, NotFound, NotPermitted, RuleBroken)  # in order of precedence


def kind_of(error: DomainError | type[DomainError]) -> type[DomainError] | None:
    """The kind of a refusal (or of an error class): the first of KINDS it is an instance (a subclass) of."""
    cls = error if isinstance(error, type) else type(error)
    return next((kind for kind in KINDS if issubclass(cls, kind)), None)


# -- one family per rule ------------------------------------------------------------------------

class InvalidInput(RuleBroken):
    rule = "invalid_input"


class StatutesRuleBroken(RuleBroken):
    """Statutes that break a legal or structural rule (SCIC bounds, sum of shares...)."""

    rule = "statutes"


class MembershipRuleBroken(RuleBroken):
    rule = "membership"


class MembershipStateConflict(MembershipRuleBroken, StateConflict):
    """The member's current status refuses the command (already admitted, not a pending request...)."""


class ProposalRuleBroken(RuleBroken):
    rule = "proposal"


class ProposalStateConflict(ProposalRuleBroken, StateConflict):
    """The proposal's current status refuses the command (not a draft, voting not open, already on an agenda...)."""


class VotingRuleBroken(RuleBroken):
    rule = "voting"


class VotingStateConflict(VotingRuleBroken, StateConflict):
    """The vote's current state refuses the ballot or the close (voting closed, member no longer taking part...)."""


class ProxyRuleBroken(RuleBroken):
    rule = "proxy"


class ProxyStateConflict(ProxyRuleBroken, StateConflict):
    """The proxy's current state refuses the command (already given, already used, nothing to revoke...)."""


class AssemblyRuleBroken(RuleBroken):
    """A general assembly's rule: agenda, session order, quorum before a vote."""

    rule = "assembly"


class AssemblyStateConflict(AssemblyRuleBroken, StateConflict):
    """The assembly's current state refuses the command (the convocation already sent, a date already recorded)."""


class CapitalRuleBroken(RuleBroken):
    """A capital rule: minimum subscription, the public bodies' cap, the capital floor, refunds, transfers."""

    rule = "capital"


class CapitalStateConflict(CapitalRuleBroken, StateConflict):
    """The register's current state refuses the movement (nothing left to pay, no pending withdrawal...)."""


class DeliberationRuleBroken(RuleBroken):
    """A rule of the discussion before a vote, or of members' amendments (issue 23)."""

    rule = "deliberation"


class DeliberationStateConflict(DeliberationRuleBroken, StateConflict):
    """The discussion's or the amendment's current state refuses the command (the vote closed, already hidden,
    already admitted...)."""


class AssessmentRuleBroken(RuleBroken):
    """A rule of the PTCE référentiel, of an assessment campaign or of a regional network (issue 24)."""

    rule = "assessment"


class AssessmentStateConflict(AssessmentRuleBroken, StateConflict):
    """The campaign's current state refuses the command (not open yet, closed, already closed...)."""


class MinutesRuleBroken(RuleBroken):
    """Minutes are signed once closed, by each signatory once; corrections are new entries."""

    rule = "minutes"


class ConcurrencyConflict(StateConflict):
    rule = "concurrency"
