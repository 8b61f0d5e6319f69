"""The secretary's panel on a proposal page: live participation and quorum per college, and the vote's actions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field as dc_field
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from governance.proposal import Proposal
from governance.tally import check_quorum, participants_needed
from web.charts import Bar, bar_chart
from web.edge import SECRETARY, queries
from web.dates import default_closing_time
from web.labels import CONVOCATION_WORDS, KIND_OPTIONS
from web.forms import ConfirmForm
from web.votes.forms import OpenVotingForm, ReasonForm


@dataclass
class CollegeParticipation:
    code: str
    name: str
    share: Fraction | None
    electors: int = 0
    participants: int = 0
    counts: dict[str, int] = dc_field(default_factory=lambda: {"for": 0, "against": 0, "abstain": 0})

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.participants, self.electors) if self.electors else None


@dataclass
class Participation:
    """Live participation and quorum of an open (or closed) vote, per college of the frozen electorate."""

    secret: bool
    colleges: list[CollegeParticipation]
    electors: int
    participants: int
    quorum: Fraction
    quorum_required: int
    college_quorum: Fraction | None
    proxies_used: int
    proxies_active: int

    @property
    def quorum_reached(self) -> bool:
        """The tally's rule: the overall head count and, if the statutes set one, every college's."""
        return check_quorum({c.code: c.participants for c in self.colleges}, {c.code: c.electors for c in self.colleges},
                            self.quorum, self.college_quorum).reached

    def college_quorum_required(self, college: CollegeParticipation) -> int | None:
        if self.college_quorum is None or not college.electors:
            return None
        return participants_needed(college.electors, self.college_quorum)


def participation(p: dict[str, Any], proposal: Proposal) -> Participation | None:
    """Per college: electors, participants and — for public ballots only — the choices so far."""
    if proposal.rules is None:
        return None
    statutes = proposal.frozen_statutes
    rows = {c.code: CollegeParticipation(c.code, c.name, c.share) for c in statutes.colleges}
    for code, electors in Counter(proposal.electorate.values()).items():
        rows.setdefault(code, CollegeParticipation(code, code or _("All members"), None)).electors += electors
    electorate = proposal.electorate
    votes = Counter((electorate[m], choice) for m, choice in queries().ballot_choices(p["id"]) if m in electorate)
    for (code, choice), n in votes.items():
        rows[code].participants += n
        if not p["secret"] and choice in rows[code].counts:  # secret choices are never read
            rows[code].counts[choice] += n
    if p["secret"]:
        for row in rows.values():
            row.counts = {}
    electors = len(proposal.electorate)
    quorum = statutes.quorum[p["kind"]][p["convocation"] or proposal.convocation]
    proxies = queries().proxies(p["id"])
    return Participation(
        secret=bool(p["secret"]), colleges=list(rows.values()), electors=electors,
        participants=sum(r.participants for r in rows.values()), quorum=quorum,
        quorum_required=participants_needed(electors, quorum), college_quorum=statutes.college_quorum.get(p["kind"]),
        proxies_used=sum(1 for x in proxies if x["status"] == "used"),
        proxies_active=sum(1 for x in proxies if x["status"] == "active"))


def participation_chart(part: Participation) -> Markup:
    """Participation rate per college and overall; the dashed line on the total marks the quorum."""
    bars = [Bar(c.name, c.rate or Fraction(0), f"{c.participants} / {c.electors}") for c in part.colleges]
    total = Fraction(part.participants, part.electors) if part.electors else Fraction(0)
    bars.append(Bar(_("All colleges"), total, f"{part.participants} / {part.electors}", marker=part.quorum))
    return bar_chart(_("Participation per college"),
                     _("Share of each college's electors who have taken part; the dashed line on the last bar "
                       "is the quorum. The same figures are in the table below."), bars)


def secretary_panel(p: dict[str, Any], proposal: Proposal) -> dict[str, Any]:
    """What `_proposal_panel.html` shows; the action forms only for the pole's secretary."""
    roles = current_user.roles_in(p["pole_id"]) if current_user.is_authenticated else set()
    is_secretary = SECRETARY in roles
    open_form = OpenVotingForm(prefix="open", formdata=None, data={"closes_at": default_closing_time()})
    part = participation(p, proposal)
    return {"participation": part, "chart": participation_chart(part) if part else None, "is_secretary": is_secretary,
            "visible": is_secretary or current_user.is_authenticated and current_user.is_admin,
            "open_form": open_form, "close_form": ConfirmForm(prefix="close", formdata=None),
            "withdraw_form": ReasonForm(prefix="withdraw", formdata=None),
            "convocation_words": CONVOCATION_WORDS, "kind_options": KIND_OPTIONS}
