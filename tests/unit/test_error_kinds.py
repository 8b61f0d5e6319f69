"""Domain errors say by their class what kind of refusal they are, and the API's 409/422 follows the class.

The API used to pick 409 or 422 from sets of rule names and message templates (web/api/errors.py until
issue #17). `old_status` below is that rule, copied as it was: the oracle. Every refusal the domain raises
(tests/unit/test_errors.py SCENARIOS, plus a static scan of every raise site) must get the same status from
its class now, so moving the decision to the classes changed no answer.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from governance import errors
from governance.errors import (ConcurrencyConflict, DomainError, InvalidInput, NotFound, NotPermitted, RuleBroken,
                               StateConflict, kind_of)
from tests.unit.test_errors import SCENARIOS, World
from web.api.errors import domain_status

ROOT = Path(__file__).resolve().parents[2]

# -- the oracle: web/api/errors.py's template-based rule, as it was before the kinds -----------------

OLD_STATE_RULES = {"membership", "proposal", "voting", "concurrency"}
OLD_BROKEN_RULE_TEMPLATES = {
    "the statutes say members are admitted by an assembly vote: draft a proposal instead",
    "the statutes say members are refused by an assembly vote: draft a proposal instead",
    "the statutes say members are excluded by an assembly vote: draft a proposal instead",
    "college weights, their composition and the voting rules change only by an extraordinary resolution",
    "the closing time must be in the future",
    "this member is not in the electorate frozen when voting opened",
}
OLD_STATE_TEMPLATES = {
    "this member has already given its proxy for this proposal: revoke it first",
    "this member has already voted in person",
    "the proxy holder has already used it: it can no longer be revoked",
    "this member has no proxy to revoke on this proposal",
    "the principal has voted in person, which overrides its proxy",
}


# Refusals added after the kinds (issue #18 on), with the status their kind was chosen for.
NEW_TEMPLATES = {
    # Elections, mandates and the board (issue 21): every refusal is a broken rule of the statutes or the law, but
    # for the record's state refusing an opening or a co-optation.
    "candidate '{name}' is no longer a member of the pole: withdraw the candidacy": 409,
    "candidate '{name}' has changed college since the candidacy was recorded: withdraw it and record it again": 409,
    "the statutes give this decision to the general assembly, not to the board": 422,
    "the board's {seats} seats are all held on that day: the vacancy has been filled": 409,
    "an election is secret or not as the statutes say (loi n° 47-1775, art. 8): its secrecy cannot be changed": 422,
    'the statutes set up no board': 422,
    'the board has {seats} seats and {held} stay held beyond this year: this election can fill at most {free}': 422,
    'the ordinary assembly removes administrators and ratifies co-optations (Code de commerce L225-18, L225-24)': 422,
    'a ballot marks at most {seats} candidates, one per seat to fill': 422,
    'a majority-judgment ballot grades every candidate, or none (a blank ballot)': 422,
    'the board has {seats} seats: {active} are held and {elected} people were elected': 422,
    'the board co-opts a member only to a seat left vacant by a death or a resignation (Code de commerce L225-24)': 422,
    "a co-opted member sits from the vacancy to the end of the predecessor's term": 422,
    'a mandate cannot end before it starts': 422,
    "the statutes name no officer role '{role}'": 422,
    "the board's members are elected by the general assembly (Code de commerce L225-18; loi n° 47-1775, art. 6)": 422,
    'an election is an ordinary resolution with no other effect (Code de commerce L225-18)': 422,
    'an election has at most {maximum} candidates': 422,
    "a board decision is not secret: the chair's vote decides a tie (Code de commerce L225-37)": 422,
    "the board decides admissions and exclusions only, where the statutes give them to it; statutes and strategy are the assembly's": 422,
    'the statutes set up no board: say in the statutes how many seats it has, for how long, and how its members are elected': 422,
    "an election fills 1 to {seats} seats, the board's seats in the statutes": 422,
    "the statutes define no college '{college}'": 422,
    '{reserved} seats are reserved to colleges, more than the {seats} seats to fill': 422,
    'a board decision is not secret and decides admissions and exclusions only': 422,
    # The référentiel and its campaigns (issue 24): the campaign's state (not open yet, closed) refuses an answer,
    # a second close, a revision drafted early; a pole leaves only a network it is in.
    "this version reads like version {version}: nothing to adopt": 409,
    "the campaign is closed: its answers are frozen": 409,
    "the campaign opens on {day}": 409,
    "the campaign closed on {day}: answers are no longer taken": 409,
    "the campaign is already closed": 409,
    "a revision is drafted from a closed campaign's results": 409,
    "the pole is not in this network": 409,
    "the pole is not in this network: there is nothing to leave": 409,
    "the results are published when the campaign closes": 409,  # the API's results of an open campaign
    # Convening (issue 20): the assembly's state refuses a second sending, posting date or document.
    "the convocation has already been sent": 409,
    "the posting date has already been recorded ({date})": 409,
    "this document is already available for this assembly": 409,
    "category '{category}' is not one the statutes list ({choices})": 422,  # a broken rule, whatever the state
    # The notice period (issue 20, Code de commerce R225-69): the command's date or the statutes break the rule.
    "R225-69: at least {days} days are needed between sending the convocation and the assembly on first "
    "convocation (sent on {sent}, the assembly on {date} leaves {left}; the earliest lawful date is {earliest})": 422,
    "R225-69: at least {days} days are needed between sending the convocation and the assembly on a later "
    "convocation (sent on {sent}, the assembly on {date} leaves {left}; the earliest lawful date is {earliest})": 422,
    "the notice on first convocation must be at least {minimum} days (Code de commerce R225-69); statutes may only "
    "lengthen it": 422,
    "the notice on a later convocation must be at least {minimum} days (Code de commerce R225-69); statutes may only "
    "lengthen it": 422,
    "the notice period gives a number of days for first and second convocation": 422,
    "the notice period must be at most {maximum} days": 422,
    # The capital register (issue 22): the register's state refuses a subscription by a non-associate, a payment
    # beyond what is owed, the cancellation of paid shares and the refund of no pending withdrawal, and admission's
    # approval twice (409); every other refusal breaks a rule of the statutes or of the law, or is malformed (422).
    "'{name}' is {status}: shares are subscribed by an associate, or by an applicant whose admission was approved": 409,
    "'{name}' owes {unpaid} € on its shares: {amount} € is too much": 409,
    "'{name}' has {count} unpaid share(s): only unpaid shares are cancelled": 409,
    "'{name}' is already approved and awaits the minimum subscription": 409,
    'no pending withdrawal n° {request} in the register': 409,
    'this {what} would bring the capital to {amount} €, below its floor of {floor} € (Code de commerce '
    'L231-5; loi n° 47-1775 art. 13): it waits until new subscriptions allow it, and the withdrawal stays '
    'pending': 422,
    'after this movement public bodies would hold {share} of the capital, above the cap of {cap}{law}': 422,
    'a number of shares is a whole number': 422,
    'a movement moves 1 to {maximum} shares': 422,
    "a cooperative société anonyme's capital cannot be reduced below {minimum} € (loi n° 47-1775 du 10 "
    "septembre 1947, art. 27, with Code de commerce L224-2): the statutes' floor is {floor} €": 422,
    "the statutes in force keep no capital register: amend them to set the share's value and the capital's rules": 422,
    '{paid} € paid is more than the {amount} € subscribed': 422,
    'the statutes ask {share} of a subscription to be paid at once: at least {least} € of {amount} €': 422,
    "an associate of category '{category}' holds at least {minimum} share(s) (the statutes): {shares} "
    "subscribed is not enough": 422,
    'a payment is a positive amount': 422,
    'the statutes allow no transfer of shares between associates': 422,
    'a transfer goes from one associate to another': 422,
    "'{name}' holds {free} share(s) free of any withdrawal: it cannot transfer {shares}": 422,
    "only paid-up shares are transferred: '{name}' still owes {unpaid} €": 422,
    "'{name}' would keep {left} share(s), below the {minimum} of its category (the statutes); to leave "
    "the pole, record its withdrawal": 422,
    'a refund cannot be negative': 422,
    'a refund cannot exceed what was paid on the shares, {released} € (loi n° 47-1775 art. 18)': 422,
    'the statutes refund shares at the amount paid on them, {released} €': 422,
    'the statutes refund shares {years} year(s) after the withdrawal, on {due}: an earlier refund needs '
    'the decision of the {body}': 422,
    'this cancellation would bring the capital to {amount} €, below its floor of {floor} € (Code de commerce L231-5; '
    'loi n° 47-1775 art. 13)': 422,
    "'{name}' still holds shares in category '{category}' until they are refunded: it asks again in that category": 422,
    "a movement's date must be a date": 422,
    'a movement cannot be dated in the future': 422,
    'the register is chronological: its last entry is dated {last}, this one cannot be dated {on}': 422,
    '{field} must be given as text or a whole number, in euros and cents': 422,
    '{field} is not an amount in euros and cents': 422,
    "a share's nominal value is between 0.01 € and {maximum} €": 422,
    'the capital floor and the stated capital cannot be negative': 422,
    'the capital floor ({floor} €) cannot be below a tenth of the capital stated in the statutes '
    '({stated} €) (Code de commerce L231-5)': 422,
    'the refund delay is 0 to {maximum} years': 422,
    "the public bodies' cap is above 0 % and at most 100 %": 422,
    'in a SCIC, local authorities, their groupings and territorial public bodies hold together at most '
    '50 % of the capital (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)': 422,
    "at least a quarter of a share's nominal value is paid on subscribing (loi n° 47-1775 du 10 septembre "
    "1947, art. 12)": 422,
    'the rest of a subscription is paid within 1 to {maximum} years': 422,
    "the capital is described by the share's value, the floor and the rules": 422,
    'the minimum subscriptions map a category to a number of shares': 422,
    "a minimum subscription is set for category '{category}', which the statutes do not list": 422,
    "a category's minimum subscription is 1 to {maximum} shares": 422,
    "public-body category '{category}' is not one the statutes list": 422,
    # Deliberation (issue 23): the discussion's, the comment's or the amendment's state refuses the command (a draft
    # not yet published, the vote closed, a member who left, already hidden, already sponsored, a withdrawn
    # amendment, the order of votes) (409); a comment or an amendment breaking a rule of the discussion, of the
    # statutes or of the text (replies one level deep, the author alone edits, the passage found once, sponsors),
    # or malformed, is 422 (an amendment is never published: a rule, 422, whether publishing or commenting).
    "this draft is not published for discussion": 409,
    "the discussion closed with the vote (this proposal is {status})": 409,
    "the discussion closed with the vote": 409,
    "only the pole's members take part in its discussions": 409,  # a member who left since (its state)
    "the comment already reads so: nothing to change": 409,
    "this comment is already {status}": 409,
    "this draft is not published for discussion yet: amendments are tabled during the discussion": 409,
    "amendments are tabled before the vote opens (this proposal is {status})": 409,
    "this member already sponsors this amendment": 409,
    "this amendment was withdrawn": 409,
    "this amendment is {status}": 409,
    "an amendment is voted once the secretary admits it (this one is {status})": 409,
    "amendment n° {number} is still to be decided or voted: it is voted before the resolution": 409,
    "the statutes changed since amendment n° {number} was voted: an amendment and its resolution are voted under "
    "the same rules": 409,
    "amendments are voted one at a time, in the order they were tabled: amendment n° {number} first": 409,
    "the resolution changed since this amendment was voted on its text": 409,
    "amendment n° {number} to « {title} » is admitted or being voted online: vote it, or withdraw it, before the "
    "resolution is put on an assembly's agenda": 409,
    "the resolution this amendment changes is {status}: the amendment is no longer voted": 409,
    "only an adopted amendment of a resolution not yet voted changes it": 409,
    "the summary already reads so: nothing to change": 409,
    "only a draft is published for discussion (this proposal is {status})": 409,
    "this proposal is already published for discussion": 409,
    "this draft is published for discussion: members discuss and amend this text; change it by an amendment, or "
    "withdraw it and draft another": 409,
    "an amendment's text is its sponsors': withdraw it and table another": 409,
    "a board decision is deliberated at the board's meeting, not in a members' discussion": 422,
    "replies are one level deep: answer the comment this reply answers": 422,
    "only its author edits or withdraws a comment": 422,
    "an amendment is discussed in the discussion of the proposal it amends": 422,
    "a comment mentions the pole's members only": 422,
    "a comment's mentions are a list of members": 422,
    "an amendment is not an item of the agenda: it joins its resolution's assembly once admitted": 422,
    "a comment mentions at most {maximum} members": 422,
    "an amendment changes the text or the decision: say what it changes": 422,
    "the passage to change is not in the resolution's text (copy it exactly)": 422,
    "the passage to change occurs {count} times in the resolution: quote enough words to make it unique": 422,
    "an amendment is not amended: table another amendment to the resolution": 422,
    "an election is not amended: candidates stand or withdraw": 422,
    "a board decision is not amended by members": 422,
    "only a resolution amending the statutes or revising the strategy has a decision an amendment can change; "
    "amend its text": 422,
    "an amendment changes the resolution's decision, not its nature": 422,
    "this amendment changes nothing in the resolution": 422,
    "the statutes require {required} members to table an amendment: this one has {count}": 422,
    "an amendment's debate is summarised with the resolution it amends": 422,
    "the minutes are signed: the summary of the debate can no longer change; record a correction": 422,
    "the amendments of this resolution are voted before it: {count} still to vote": 422,
    "the amendments of a resolution are voted in the order they were tabled": 422,
    "this amendment is already on the agenda": 422,
    "an amendment is tabled by 1 to {maximum} members": 422,
}


# Standing refusals added after issue #17, outside governance/standing.py: 403 like the ones it holds.
NEW_NOT_PERMITTED = {
    "you do not represent this member",  # an online correspondence form is the member's own (issue 20)
    # The référentiel's campaigns (issue 24): a respondent's answers are its own; they are read only where the
    # campaign shares them.
    "a named person answers for themself",
    "this campaign's individual answers are not shared: only its results are",
    # Minutes signed in their PDF (issue 26, governance/minutes.py check_member_signatory): a member's representative
    # signs as chair or scrutineer only, of a session its member attended (R225-101).
    "you may not sign these minutes as {capacity}: a member's representative signs an assembly's minutes as chair "
    "or scrutineer only, of a session its member attended (Code de commerce R225-101)",
}
# The issue-24 web modules' own standing checks (who answers for whom, who reads a network): 403 like the others.
NOT_PERMITTED_MODULES = ("web/api/referentiel.py", "web/api/networks.py", "web/referentiel/", "web/networks/")


def old_status(rule: str, template: str) -> int:
    if template in NEW_TEMPLATES:
        return NEW_TEMPLATES[template]
    if template in OLD_STATE_TEMPLATES or (rule in OLD_STATE_RULES and template not in OLD_BROKEN_RULE_TEMPLATES):
        return 409
    return 422


# The rule names the API's problem documents carry, as they were before the kinds.
OLD_RULES = {"DomainError": "governance", "NotFound": "not_found", "InvalidInput": "invalid_input",
             "StatutesRuleBroken": "statutes", "MembershipRuleBroken": "membership", "ProposalRuleBroken": "proposal",
             "VotingRuleBroken": "voting", "ProxyRuleBroken": "proxy", "AssemblyRuleBroken": "assembly",
             "MinutesRuleBroken": "minutes", "ConcurrencyConflict": "concurrency"}
# Rule families added after the kinds, with the rule their problem documents carry.
NEW_RULES = {"CapitalRuleBroken": "capital",  # the capital register (issue 22)
             "DeliberationRuleBroken": "deliberation",  # the discussion and amendments (issue 23)
             "AssessmentRuleBroken": "assessment"}  # the référentiel, its campaigns and networks (issue 24)
RULES = {**OLD_RULES, **NEW_RULES}


def defined_error_classes() -> list[type[DomainError]]:
    """Every DomainError subclass defined in governance/errors.py."""
    return [cls for _, cls in inspect.getmembers(errors, inspect.isclass)
            if issubclass(cls, DomainError) and cls is not DomainError and cls.__module__ == errors.__name__]


# -- every refusal the domain raises keeps its status --------------------------------------------

@pytest.mark.parametrize(("error_type", "scenario"), [(s[1], s[3]) for s in SCENARIOS], ids=[s[0] for s in SCENARIOS])
def test_every_refusal_has_the_kind_the_old_rule_gave(app: Any, error_type: type[DomainError],
                                                      scenario: Callable[[World], object]) -> None:
    with pytest.raises(error_type) as info:
        scenario(World(app))
    error = info.value
    if isinstance(error, NotPermitted):  # the web's and the API's own 403 before issue #17 (see below)
        assert domain_status(error) == 403 and error.rule == "not_permitted"
        return
    expected = old_status(error.rule, error.template)
    assert domain_status(error) == expected, (type(error).__name__, error.template)
    assert (kind_of(error) is StateConflict) == (expected == 409), (type(error).__name__, error.template)
    family = next(cls for cls in type(error).__mro__ if cls.__name__ in RULES)
    assert error.rule == RULES[family.__name__]


def raise_sites(*folders: str) -> Iterator[tuple[str, str, str]]:
    """(where, class name, template) for every construction of a domain error with a literal template."""
    names = {cls.__name__ for cls in defined_error_classes()} | {"DomainError"}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "governance" / "errors.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node.func.id, node.args[0].value


def test_the_scan_finds_the_raise_sites() -> None:
    sites = list(raise_sites("governance", "web"))
    assert len(sites) > 150
    assert any(name == "ConcurrencyConflict" for _, name, _ in sites)  # the one refusal no scenario reaches


def test_every_raise_site_has_the_kind_the_old_rule_gave() -> None:
    """Also the refusals raised outside governance/ (web/) and the concurrency conflict, reached by no scenario."""
    sites = list(raise_sites("governance", "web"))
    moved = [f"{where}: {name}({template!r}) is now {domain_status(getattr(errors, name)(template))}, "
             f"was {old_status(getattr(errors, name).rule, template)}"
             for where, name, template in sites if name != "NotPermitted"
             if domain_status(getattr(errors, name)(template)) != old_status(getattr(errors, name).rule, template)]
    assert not moved, "\n".join(moved)
    # The standing checks moved into the domain (governance/standing.py, issue #17) were the web's and the
    # API's own 403s before; they still are.
    standing = [(where, template) for where, name, template in sites if name == "NotPermitted"]
    assert standing and all(where.startswith(("governance/standing.py", *NOT_PERMITTED_MODULES))
                            or template in NEW_NOT_PERMITTED for where, template in standing), standing
    assert {domain_status(NotPermitted(template)) for _, template in standing} == {403}


# -- the classes: one kind each, rules and catching unchanged -----------------------------------

def test_the_four_kinds_are_distinct() -> None:
    kinds = (StateConflict, RuleBroken, NotFound, NotPermitted)
    assert errors.KINDS == (StateConflict, NotFound, NotPermitted, RuleBroken)
    assert all(not issubclass(a, b) for a in kinds for b in kinds if a is not b)


@pytest.mark.parametrize("cls", defined_error_classes(), ids=lambda c: c.__name__)
def test_every_error_class_is_of_exactly_one_kind(cls: type[DomainError]) -> None:
    kinds = [kind for kind in (StateConflict, RuleBroken, NotFound, NotPermitted) if issubclass(cls, kind)]
    assert kinds, f"{cls.__name__} is of no kind: derive it from StateConflict, RuleBroken, NotFound or NotPermitted"
    assert kind_of(cls) is kinds[0]
    if len(kinds) > 1:
        # The one allowed overlap: a rule family's conflict subclass, e.g. ProposalStateConflict(ProposalRuleBroken,
        # StateConflict). Its kind is StateConflict; it keeps the family's rule, and the family's `except` catches it.
        assert kinds == [StateConflict, RuleBroken], cls.__name__
        family, conflict = cls.__bases__
        assert conflict is StateConflict and issubclass(family, RuleBroken) and family.__name__ in RULES
        assert "rule" not in vars(cls) and cls.rule == family.rule
        assert cls.__name__ == family.__name__.replace("RuleBroken", "StateConflict")


def test_every_error_class_keeps_its_rule() -> None:
    assert {name: getattr(errors, name).rule for name in OLD_RULES} == OLD_RULES
    # NotPermitted: the standing the web and the API checked before issue #17; the families added since.
    new_rules = {"not_permitted", *NEW_RULES.values()}
    assert {name: getattr(errors, name).rule for name in NEW_RULES} == NEW_RULES
    for cls in defined_error_classes():
        assert cls.rule in set(OLD_RULES.values()) | new_rules, cls.__name__


@pytest.mark.parametrize("family", ["MembershipRuleBroken", "ProposalRuleBroken", "VotingRuleBroken",
                                    "ProxyRuleBroken", "AssemblyRuleBroken", "CapitalRuleBroken",
                                    "DeliberationRuleBroken", "AssessmentRuleBroken"])
def test_a_familys_state_conflict_is_still_caught_as_the_family(family: str) -> None:
    family_cls = getattr(errors, family)
    conflict = getattr(errors, family.replace("RuleBroken", "StateConflict"))
    with pytest.raises(family_cls) as info:
        raise conflict("the record is {status}", status="closed")
    assert (info.value.rule, info.value.message, kind_of(info.value)) == (family_cls.rule, "the record is closed",
                                                                         StateConflict)


def test_the_api_status_follows_the_kind() -> None:
    assert domain_status(errors.ProposalStateConflict("voting is not open")) == 409
    assert domain_status(ConcurrencyConflict("too many concurrent changes")) == 409
    assert domain_status(errors.ProposalRuleBroken("needs an extraordinary resolution")) == 422
    assert domain_status(InvalidInput("title is required")) == 422
    assert domain_status(NotFound("no {kind} {id}", kind="member", id="1")) == 422  # rule not_found, as before
    assert domain_status(DomainError("a bare domain error")) == 422


def test_the_old_template_sets_are_gone() -> None:
    import web.api.errors as api_errors
    assert not {"STATE_RULES", "BROKEN_RULE_TEMPLATES", "STATE_TEMPLATES"} & set(vars(api_errors))
