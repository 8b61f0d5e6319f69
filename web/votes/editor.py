"""The proposal editor: what the drafting form offers and shows, and the effect it asks the domain for."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _

from governance.statutes import LEGAL_NOTICE_DAYS
from web.edge import current_statutes, queries
from web.formatting import share_text
from web.labels import CATEGORY_LABELS, options
from web.networks.store import networks
from web.members.forms import (board_rules, board_settings_data, capital_rules, capital_settings_data,
                               convocation_settings_data, statutes_rules)
from web.votes.forms import EFFECT_CHOICES, ProposalForm


class ProposalEditor:
    """What the proposal form offers: members to admit or exclude, the statutes and strategy in force, the regional
    networks the instance declares (to join) and those the pole is in (to leave)."""

    def __init__(self, pole_id: str, p: dict[str, Any] | None = None) -> None:
        self.pole_id, self.p = pole_id, p
        effect = (p or {}).get("effect") or {}
        self.statutes = dict(effect["statutes"]) if effect.get("type") == "amend_statutes" \
            else current_statutes(pole_id)
        strategies = queries().strategy_versions(pole_id)
        self.strategy = strategies[-1]["text"] if strategies else ""
        members = queries().members(pole_id)
        self.requested = [m for m in members if m["status"] == "requested"]
        self.admitted = [m for m in members if m["status"] == "admitted"]
        self.names = {m["id"]: m["name"] for m in members}
        self.networks = networks().all()
        self.joined = {n["network_id"]: n for n in queries().pole_networks(pole_id)}

    def form(self) -> ProposalForm:
        form = ProposalForm(data=self.initial_data()) if request.method == "GET" else ProposalForm()
        placeholder = [("", _("— choose a member —"))]
        effect = (self.p or {}).get("effect") or {}
        for f, members in ((form.admit_member, self.requested), (form.exclude_member, self.admitted)):
            choices = [(m["id"], f"{m['name']} ({CATEGORY_LABELS.get(m['category'], m['category'])})")
                       for m in members]
            if effect.get("member_id") and effect["member_id"] not in dict(choices):
                choices.append((effect["member_id"], self.names.get(effect["member_id"], effect["member_id"])))
            f.choices = options(placeholder + choices)
        self._network_choices(form, effect)
        return form

    def _network_choices(self, form: ProposalForm, effect: dict[str, Any]) -> None:
        """Join: any declared network (joining one the pole is in changes what it shares); leave: those it is in.
        An effect with no network to choose is not offered (a draft keeps the one it names)."""
        names = {n["id"]: n["name"] for n in self.networks}
        placeholder = [("", _("— choose a network —"))]
        to_join = [(n["id"], n["name"] + (" " + _("(the pole is in it: changes what it shares)")
                                         if n["id"] in self.joined else "")) for n in self.networks]
        to_leave = [(k, names.get(k, k)) for k in self.joined]
        for f, kind, choices in ((form.join_network, "join_network", to_join),
                                 (form.leave_network, "leave_network", to_leave)):
            if effect.get("type") == kind and effect["network_id"] not in dict(choices):
                choices.append((effect["network_id"], names.get(effect["network_id"], effect["network_id"])))
            f.choices = options(placeholder + choices)
        offered = {"join_network": bool(to_join) or effect.get("type") == "join_network",
                   "leave_network": bool(to_leave) or effect.get("type") == "leave_network"}
        form.effect_type.choices = [c for c in form.effect_type.choices if offered.get(c.value, True)]

    def initial_data(self) -> dict[str, Any]:
        s = self.statutes
        rule = str(s.get("empty_college_rule", "proportional"))
        data: dict[str, Any] = {
            "kind": "ordinary", "effect_type": "none", "strategy_text": self.strategy,
            "colleges": [{"code": c["code"], "name": c["name"], "share": share_text(c.get("share"))}
                         for c in s.get("colleges", [])],
            "empty_college_rule": rule.split(":", 1)[0], "merge_into": rule.split(":", 1)[1] if ":" in rule else "",
            "max_proxies": s.get("max_proxies_per_holder", 1), "proxy_same_college": s.get("proxy_same_college"),
            "participation_change_allowed": bool(s.get("participation_change_allowed", False)),
            "admission_by": s.get("admission_by", "board"), "exclusion_by": s.get("exclusion_by", "assembly"),
            # R225-69: statutes recorded before the field have the law's notice.
            **{f"notice_{conv}": days for conv, days in {**LEGAL_NOTICE_DAYS, **(s.get("notice_days") or {})}.items()},
            # R225-63, R225-77, L225-107: the law's values where the statutes say nothing.
            **convocation_settings_data(s),
            # The board (issue 21): « no board in Collegia » keeps it absent.
            **board_settings_data(s),
            # The capital clauses (issue 22): « no capital register in Collegia » keeps them absent.
            **capital_settings_data(s)}
        if self.p is None:
            wanted = request.args.get("effect", "none")
            if wanted in EFFECT_CHOICES:
                data["effect_type"] = wanted
            if wanted in ("admit_member", "exclude_member"):
                data[wanted] = request.args.get("member", "")
            if wanted in ("join_network", "leave_network"):
                data[wanted] = request.args.get("network", "")
            if wanted == "join_network" and data[wanted] in self.joined:  # what it shares now, to change
                data["network_shares"] = list(self.joined[data[wanted]]["shares"])
            if wanted == "amend_statutes":
                data["kind"] = "extraordinary"
            return data
        effect = self.p.get("effect") or {}
        data.update(title=self.p["title"], text=self.p["text"], kind=self.p["kind"], secret=self.p["secret"],
                    effect_type=effect.get("type", "none"))
        if effect.get("type") == "admit_member":
            data["admit_member"] = effect["member_id"]
        elif effect.get("type") == "exclude_member":
            data.update(exclude_member=effect["member_id"], exclusion_reasons=effect.get("reasons", ""))
        elif effect.get("type") == "revise_strategy":
            data["strategy_text"] = effect["text"]
        elif effect.get("type") == "join_network":
            data.update(join_network=effect["network_id"], network_shares=list(effect.get("shares") or []))
        elif effect.get("type") == "leave_network":
            data["leave_network"] = effect["network_id"]
        return data

    def effect(self, form: ProposalForm) -> dict[str, Any] | None:
        """The effect dict the domain expects, from the form."""
        kind = form.effect_type.data
        if kind == "admit_member":
            return {"type": kind, "member_id": form.admit_member.data}
        if kind == "exclude_member":
            return {"type": kind, "member_id": form.exclude_member.data, "reasons": form.exclusion_reasons.data}
        if kind == "revise_strategy":
            return {"type": kind, "text": form.strategy_text.data}
        if kind == "amend_statutes":
            return {"type": kind, "statutes": self.amended_statutes(form)}
        if kind == "join_network":
            return {"type": kind, "network_id": form.join_network.data, "shares": list(form.network_shares.data or [])}
        if kind == "leave_network":
            return {"type": kind, "network_id": form.leave_network.data}
        return None

    def amended_statutes(self, form: ProposalForm) -> dict[str, Any]:
        """The full statutes dict: the fields this form exposes replaced, the others carried over."""
        return {**self.statutes, **statutes_rules(form), **board_rules(form, self.statutes),
                **capital_rules(form, self.statutes)}

    def render(self, pole: dict[str, Any], form: ProposalForm, refusal: str | None = None, status: int = 200) -> Any:
        return render_template("secretary/proposal_form.html", pole=pole, form=form, p=self.p, refusal=refusal,
                               statutes=self.statutes), status
