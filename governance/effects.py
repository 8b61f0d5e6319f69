"""Typed effects of a proposal, applied to the pole as events once the proposal is adopted."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from governance import clock
from governance.base import MAX_TEXT, clean_text
from governance.convocation import paris_day
from governance.errors import DomainError, InvalidInput, ProposalRuleBroken, ProposalStateConflict
from governance.pole import check_legal_form_rules, ADMITTED, REQUESTED, Pole
from governance.statutes import Statutes, check_statutes

EFFECT_TYPES = ("admit_member", "exclude_member", "amend_statutes", "revise_strategy", "remove_administrator",
                "ratify_cooptation", "join_network", "leave_network")
# What a pole may share with a regional network it joins (issue 24; docs/referentiel.md): the aggregated results
# of its closed référentiel campaigns, its member counts per kind, its number of decisions, its last assembly's date.
NETWORK_SHARES = ("referentiel", "members", "decisions", "assemblies")
# Which resolution kind each effect needs at least (statutes change only by an extraordinary vote).
REQUIRED_KIND = {"amend_statutes": "extraordinary"}


def clean_effect(effect: dict[str, Any] | None, kind: str) -> dict[str, Any] | None:
    """Validate an effect's shape and its kind requirement; return it normalised."""
    if effect is None:
        return None
    if not isinstance(effect, dict) or effect.get("type") not in EFFECT_TYPES:
        raise InvalidInput("a proposal's effect must be one of {choices}", choices=", ".join(EFFECT_TYPES))
    required = REQUIRED_KIND.get(effect["type"])
    if required and kind != required:
        raise ProposalRuleBroken(
            "college weights, their composition and the voting rules change only by an extraordinary resolution")
    kind_of = effect["type"]
    if kind_of in ("admit_member", "exclude_member"):
        try:
            member_id = str(UUID(str(effect.get("member_id"))))
        except ValueError:
            raise InvalidInput("the effect needs the member concerned") from None
        cleaned: dict[str, Any] = {"type": kind_of, "member_id": member_id}
        if kind_of == "exclude_member":
            cleaned["reasons"] = clean_text(effect.get("reasons"), "exclusion reasons", max_length=5000)
        return cleaned
    if kind_of in ("remove_administrator", "ratify_cooptation"):
        # L225-18: administrators are removed by the ordinary assembly; L225-24: it ratifies a co-optation.
        if kind != "ordinary":
            raise ProposalRuleBroken("the ordinary assembly removes administrators and ratifies co-optations "
                                     "(Code de commerce L225-18, L225-24)")
        try:
            mandate_id = str(UUID(str(effect.get("mandate_id"))))
        except ValueError:
            raise InvalidInput("the effect needs the mandate concerned") from None
        return {"type": kind_of, "mandate_id": mandate_id}
    if kind_of in ("join_network", "leave_network"):
        try:
            network_id = str(UUID(str(effect.get("network_id"))))
        except ValueError:
            raise InvalidInput("the effect needs the network concerned") from None
        if kind_of == "leave_network":
            return {"type": kind_of, "network_id": network_id}
        shares = effect.get("shares") or []
        if not isinstance(shares, list) or any(s not in NETWORK_SHARES for s in shares):
            raise InvalidInput("a pole shares with a network some of {choices}", choices=", ".join(NETWORK_SHARES))
        return {"type": kind_of, "network_id": network_id, "shares": sorted(set(shares))}
    if kind_of == "amend_statutes":
        statutes = Statutes.from_dict(effect.get("statutes") or {})
        check_statutes(statutes)
        return {"type": kind_of, "statutes": statutes.to_dict()}
    return {"type": kind_of, "text": clean_text(effect.get("text"), "strategy text", max_length=MAX_TEXT)}


def check_effect_applicable(effect: dict[str, Any] | None, pole: Pole) -> None:
    """Refuse to open a vote whose effect could not be applied to the pole as it is now."""
    if effect is None:
        return
    if effect["type"] == "admit_member":
        member = pole.member(effect["member_id"])
        if member["status"] != REQUESTED:
            raise ProposalStateConflict("'{name}' is {status}: there is no request to admit",
                                        name=member["name"], status=member["status"])
    elif effect["type"] == "exclude_member":
        member = pole.member(effect["member_id"])
        if member["status"] != ADMITTED:
            raise ProposalStateConflict("'{name}' is {status}, not a member who can be excluded",
                                        name=member["name"], status=member["status"])
    elif effect["type"] in ("remove_administrator", "ratify_cooptation"):
        mandate = pole.mandate(effect["mandate_id"])
        if mandate["status"] != "active":
            raise ProposalStateConflict("'{name}' no longer holds a seat on the board", name=mandate["name"])
        if effect["type"] == "ratify_cooptation" and (mandate["by"] != "cooptation" or mandate["ratified"]):
            raise ProposalStateConflict("this mandate is not a co-optation waiting for ratification")
    elif effect["type"] == "leave_network":
        if effect["network_id"] not in pole.networks:
            raise ProposalStateConflict("the pole is not in this network: there is nothing to leave")
    elif effect["type"] == "amend_statutes":
        new = Statutes.from_dict(effect["statutes"])
        check_statutes(new)  # a draft written under older rules is refused when opened, not adopted for nothing
        check_legal_form_rules(new, pole.legal_form)  # e.g. an SA cannot exclude correspondence votes (L225-107 I)
        for college in pole.electorate().values():
            if college and not new.has_college(college):
                name = pole.statutes.college(college).name
                raise ProposalStateConflict(
                    "the amendment dissolves college '{college}', which still has members: reassign them first",
                    college=name)


def apply_effect(effect: dict[str, Any] | None, pole: Pole, proposal_id: UUID, proposer: str, actor: str) -> str:
    """Apply an adopted proposal's effect to the pole; return 'applied', or why it could not be."""
    if effect is None:
        return "none"
    try:
        if effect["type"] == "admit_member":
            pole.admit(member_id=effect["member_id"], decision=f"resolution {proposal_id}",
                       by_proposal=proposal_id, actor=actor)
        elif effect["type"] == "exclude_member":
            pole.exclude(member_id=effect["member_id"], reasons=effect["reasons"],
                         decision=f"resolution {proposal_id}", by_proposal=proposal_id, actor=actor)
        elif effect["type"] == "amend_statutes":
            pole.amend_statutes(statutes=effect["statutes"], proposal_id=proposal_id, actor=actor)
        elif effect["type"] == "remove_administrator":
            pole.end_mandate(mandate_id=effect["mandate_id"], on=paris_day(clock.now()), reason="removal",
                             decision=f"resolution {proposal_id}", actor=actor)
        elif effect["type"] == "ratify_cooptation":
            pole.ratify_cooptation(mandate_id=effect["mandate_id"], proposal_id=proposal_id, actor=actor)
        elif effect["type"] == "join_network":
            pole.join_network(network_id=effect["network_id"], shares=effect["shares"], proposal_id=proposal_id,
                              actor=actor)
        elif effect["type"] == "leave_network":
            pole.leave_network(network_id=effect["network_id"], proposal_id=proposal_id, actor=actor)
        elif effect["type"] == "revise_strategy":
            pole.revise_strategy(text=effect["text"], proposed_by=proposer, proposal_id=proposal_id, actor=actor)
    except DomainError as error:
        return f"not applied: {error.message}"
    return "applied"
