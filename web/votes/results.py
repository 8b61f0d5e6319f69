"""Elections on the vote page (issue 21): the ballot a member fills in for the election's method, a ballot in words,
and the result of a closed election (every candidate's figures, the seats filled, per-college counts, a chart).

A ballot is one character per candidate, in the candidates' frozen order (governance/election.py): `f`/`a`/`x`
(one resolution per candidate), `1`/`0` (plurality), a grade digit or `-` for every candidate (majority
judgment). The form posts one field per candidate (`c0`, `c1`…) and, for majority judgment, `blank`."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, Mapping

from flask_babel import gettext as _

from governance.board import add_years
from governance.convocation import paris_day
from governance.election import MAJORITY_JUDGMENT, PLURALITY, RESOLUTION
from governance.proposal import Proposal
from governance.statutes import Board
from web.charts import Bar, bar_chart
from web.edge import queries
from web.formatting import aware, pct
from web.labels import CHOICE_OPTIONS, METHOD_OPTIONS, RPC_OPTIONS, seat_label

RPC_CODES = ("f", "a", "x")


def election_board(aggregate: Proposal) -> Board:
    """The board frozen with the vote (the statutes' when voting opened), or the default."""
    board = aggregate.frozen_statutes.board if aggregate.rules else None
    return board or Board()


def ballot_fields(aggregate: Proposal, current: str | None = None) -> dict[str, Any]:
    """What the election's ballot form shows: the candidates in ballot order, the method, the grades, the seats,
    and the member's current public ballot (None on a secret election: never echoed back)."""
    board = election_board(aggregate)
    election = aggregate.election or {"candidates": [], "seats": 0}
    colleges = {c.code: c.name for c in aggregate.frozen_statutes.colleges} if aggregate.rules else {}
    return {"method": board.election_method, "grades": list(board.grades), "seats": election["seats"],
            "candidates": [{"index": i, "name": c["name"], "college": colleges.get(c["college"], c["college"])}
                           for i, c in enumerate(election["candidates"])],
            "current": None if aggregate.secret else current, "rpc_options": RPC_OPTIONS}


def parse_ballot(form: Mapping[str, str], aggregate: Proposal) -> tuple[str | None, str | None]:
    """The ballot string from the posted form, or why it is incomplete (the domain checks the rest)."""
    fields = ballot_fields(aggregate)
    n = len(fields["candidates"])
    method = fields["method"]
    if method == RESOLUTION:
        ballot = "".join(form.get(f"c{i}", "") for i in range(n))
        if len(ballot) != n or set(ballot) - set(RPC_CODES):
            return None, _("Choose for, against or abstain for each candidate.")
        return ballot, None
    if method == PLURALITY:
        return "".join("1" if form.get(f"c{i}") == "1" else "0" for i in range(n)), None
    if form.get("blank"):
        return "-" * n, None
    grades = [form.get(f"c{i}", "") for i in range(n)]
    if any(not (g.isdigit() and len(g) == 1 and int(g) < len(fields["grades"])) for g in grades):
        return None, _("Give every candidate a grade, or tick « blank vote ».")
    return "".join(grades), None


def ballot_text(aggregate: Proposal, ballot: str | None) -> str:
    """A public election ballot in words (the member's own, or the participation table after the close)."""
    if not ballot or aggregate.election is None:
        return str(CHOICE_OPTIONS.get(ballot or "", ballot or ""))
    fields = ballot_fields(aggregate)
    names = [c["name"] for c in fields["candidates"]]
    if fields["method"] == RESOLUTION:
        return " ; ".join(f"{name} : {RPC_OPTIONS.get(ch, ch)}" for name, ch in zip(names, ballot))
    if fields["method"] == PLURALITY:
        marked = [name for name, ch in zip(names, ballot) if ch == "1"]
        return ", ".join(marked) if marked else _("blank vote")
    if set(ballot) == {"-"}:
        return _("blank vote")
    grades = fields["grades"]
    return " ; ".join(f"{name} : {grades[int(ch)] if ch.isdigit() and int(ch) < len(grades) else ch}"
                      for name, ch in zip(names, ballot))


def _fraction(value: Any) -> Fraction | None:
    return None if value in (None, "") else Fraction(str(value))


def _frac_text(value: Any) -> str:
    fraction = _fraction(value)
    if fraction is None:
        return "—"
    return str(fraction.numerator) if fraction.denominator == 1 else f"{fraction.numerator}/{fraction.denominator}"


def election_results(p: dict[str, Any], aggregate: Proposal) -> dict[str, Any]:
    """A closed election's figures for the page: each candidate's (exact fraction and percentage), the seat and
    mandate of each elected one, the per-college counts and a chart."""
    details = (p["tally"] or {}).get("details") or {}
    board = election_board(aggregate)
    colleges = {c.code: c.name for c in aggregate.frozen_statutes.colleges} if aggregate.rules else {}
    method = details.get("method", board.election_method)
    grades = details.get("grades") or list(board.grades)
    mandates = {m["member_id"]: m for m in queries().mandates(p["pole_id"]) if m.get("proposal_id") == p["id"]}
    closed_on = paris_day(aware(p["closed_at"])) if p.get("closed_at") else None
    rows = []
    for c in details.get("candidates", []):
        mandate = mandates.get(c["id"])
        starts = mandate["starts_on"] if mandate else (closed_on.isoformat() if closed_on and c.get("elected")
                                                      else None)
        ends = mandate["ends_on"] if mandate else (add_years(date.fromisoformat(starts), board.term_years).isoformat()
                                                  if starts else None)
        row: dict[str, Any] = {"name": c["name"], "college": colleges.get(c.get("college"), c.get("college") or ""),
                               "rank": c.get("rank"), "elected": c.get("elected"), "eligible": c.get("eligible"),
                               "seat": seat_label(c.get("seat"), colleges) if c.get("elected") else None,
                               "starts_on": starts if c.get("elected") else None,
                               "ends_on": ends if c.get("elected") else None, "per_college": []}
        if method == MAJORITY_JUDGMENT:
            grade = c.get("grade")
            row.update(grade=None if grade is None else f"{grades[grade]}{c.get('sign') or ''}",
                       p=_frac_text(c.get("p")), q=_frac_text(c.get("q")), score=_frac_text(c.get("score")),
                       profile=[(grades[g], _frac_text(m), pct(m)) for g, m in enumerate(c.get("profile") or [])],
                       per_college=[{"name": colleges.get(code, code), "counts": counts,
                                     "reveals": bool(p["secret"] and (c.get("reveals_ballots") or {}).get(code))}
                                    for code, counts in (c.get("colleges") or {}).items()],
                       value=Fraction(grade + 1, len(grades)) if grade is not None else Fraction(0))
        else:
            tally = c.get("tally") or {}
            row.update(result=_frac_text(c.get("result")), percent=pct(c.get("result")),
                       value=_fraction(c.get("result")) or Fraction(0),
                       per_college=[{"name": k.get("name") or colleges.get(k["code"], k["code"]),
                                     "for": k.get("votes_for"), "against": k.get("votes_against"),
                                     "abstain": k.get("abstentions"), "weight": pct(k.get("effective_weight")),
                                     "share": pct(k.get("share_in_favour")),
                                     "reveals": bool(p["secret"] and k.get("reveals_ballots"))}
                                    for k in tally.get("colleges", [])])
        rows.append(row)
    threshold = _fraction(p["tally"].get("threshold")) if method == RESOLUTION else None
    if method == RESOLUTION:
        # Each candidate is a resolution: its own threshold (the ordinary one, frozen when voting opened).
        first = next(iter(details.get("candidates", [])), None)
        threshold = _fraction(((first or {}).get("tally") or {}).get("threshold"))
    if method == MAJORITY_JUDGMENT:
        bars = [Bar(r["name"], r["value"], r["grade"] or _("not graded")) for r in rows]
        description = _("For each candidate, the majority grade (the grade a majority of the weighted ballots "
                        "gives at least); the longer the bar, the better the grade. The table gives the same "
                        "figures.")
    else:
        bars = [Bar(r["name"], r["value"], f"{r['percent']} ({r['result']})", marker=threshold) for r in rows]
        description = (_("For each candidate, the weighted share in favour; the dashed line marks the threshold "
                         "of %(threshold)s. The table gives the same figures.", threshold=pct(threshold))
                       if threshold is not None else
                       _("For each candidate, the weighted share of the ballots marking them. The table gives the "
                         "same figures."))
    chart = bar_chart(_("Result per candidate"), description, bars)
    tally = p["tally"] or {}
    return {"election_rows": rows, "election_method": method, "method_label": METHOD_OPTIONS.get(method, method),
            "election_grades": grades, "election_chart": chart, "election_details": details,
            "election_seats": details.get("seats"), "election_blank": details.get("blank"),
            "election_reserved": [(colleges.get(code, code), n) for code, n in (details.get("reserved") or {}).items()],
            "election_ties": [{"seat": seat_label(t.get("seat"), colleges), "seats": t.get("seats"),
                               "names": [next((c["name"] for c in details.get("candidates", []) if c["id"] == i), i)
                                         for i in t.get("candidates", [])]} for t in details.get("ties", [])],
            "election_tally": tally, "term_years": board.term_years}
