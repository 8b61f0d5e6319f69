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


class AssemblyRuleBroken(DomainError):
    """A general assembly's rule: agenda, session order, quorum before a vote."""

    rule = "assembly"


class MinutesRuleBroken(DomainError):
    """Minutes are signed once closed, by each signatory once; corrections are new entries."""

    rule = "minutes"


class ConcurrencyConflict(DomainError):
    rule = "concurrency"
