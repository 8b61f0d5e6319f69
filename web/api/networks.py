"""Regional networks of poles (issue 24): platform administrators read every network, a network's coordinators read
theirs; for each pole that joined by its own decision, only what the pole agreed to share (`shared_view`, the one
place that decides it for the pages, their export and the API).

A coordinator holds no role in the poles: every operation of a pole answers them 403, as anyone else. A pole's member
or secretary who coordinates nothing gets 403 (rule `not_permitted`) on every operation here.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response

from governance.errors import NotPermitted
from governance.referentiel import ACHIEVEMENT, IMPORTANCE
from web.api.auth import Access, user
from web.api.errors import ApiProblem
from web.api.referentiel import cell
from web.api.routing import operation
from web.api.schemas.referentiel import NetworkDetailSchema, NetworkSchema
from web.edge import queries
from web.networks.shared import as_json, shared_view
from web.networks.store import network_key, networks

TAG = "Networks"
NETWORK = "/networks/<network_id>"


def coordinated() -> list[str]:
    return networks().coordinated_by(user().id)


def require_network_reader(**_: Any) -> None:
    """Platform administrators, and whoever coordinates a network; 403 `not_permitted` for anyone else."""
    if not user().is_admin and not coordinated():
        raise NotPermitted("only platform administrators and network coordinators read networks")


def require_coordinator_of(network_id: str, **_: Any) -> None:
    """Platform administrators, and the network's coordinators: 403 `not_permitted` for any other (an unknown network
    too, so that it says nothing of which exist)."""
    if user().is_admin:
        return
    key = network_key(network_id)
    if key is None or key not in coordinated():
        raise NotPermitted("only the network's coordinators and the platform administrators read it")


NETWORK_READERS = Access("platform administrators (every network); network coordinators (theirs)",
                         require_network_reader)
COORDINATORS = Access("platform administrators; the network's coordinators", require_coordinator_of)


def network_of(network_id: str) -> dict[str, Any]:
    found = networks().get(network_id)
    if found is None:
        raise ApiProblem(404, f"No network {network_id}.")
    return found


def network_row(network: dict[str, Any]) -> dict[str, Any]:
    return {"id": network["id"], "name": network["name"], "description": network.get("description") or "",
            "created_at": network.get("created_at"), "poles": len(queries().network_poles(network["id"]))}


def members_of(network_id: str) -> list[dict[str, Any]]:
    """The poles in the network, each with only what it shares."""
    return [{**row, "shared": as_json(shared_view(row["pole_id"], network_id))}
            for row in queries().network_poles(network_id)]


@operation("/networks", summary="The regional networks you may read", tag=TAG, access=NETWORK_READERS,
           response=NetworkSchema, many=True,
           description="Administrators: every network; a coordinator: the networks they coordinate. Anyone else: 403 "
                       "`not_permitted`.")
def list_networks() -> list[dict[str, Any]]:
    mine = None if user().is_admin else set(coordinated())
    return [network_row(n) for n in networks().all() if mine is None or n["id"] in mine]


@operation(NETWORK, summary="A network: its poles and what each shares", tag=TAG, access=COORDINATORS,
           response=NetworkDetailSchema,
           description="For each pole that joined by a decision of its own: what it shares (`shares`) and only those "
                       "figures (`shared`): per closed campaign the medians and means per principal objective, for "
                       "everyone and per college, a group of fewer than 3 respondents withheld (`referentiel`); its "
                       "admitted members by kind (`members`); how many decisions (`decisions`); its last general "
                       "assembly (`last_assembly_on`). Never an individual answer, a justification, a name or a vote. "
                       "403 `not_permitted` for a network you do not coordinate.")
def get_network(network_id: str) -> dict[str, Any]:
    found = network_of(network_id)
    return {**network_row(found), "coordinators": [c["name"] for c in networks().coordinators(found["id"])],
            "members": members_of(found["id"])}


CSV_COLUMNS = ("pole_id", "pole", "territory", "since", "figure", "detail", "value", "campaign_id", "campaign",
               "closes_on", "objective", "group", "respondents", "importance_median", "importance_mean",
               "achievement_median", "achievement_mean")


def number(value: Any) -> str:
    return "" if value is None else f"{float(value):.2f}"


def network_csv(network_id: str) -> str:
    """One line per pole and figure it shares (a campaign's: one line per principal objective and group)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for pole in members_of(network_id):
        view = pole["shared"]
        head = [pole["pole_id"], cell(pole["pole_name"]), cell(pole["territory"]), view.get("since") or ""]
        blank = [""] * 10
        if not view["shares"]:
            writer.writerow(head + ["nothing", "", ""] + blank)
        for kind, count in (view.get("members") or {}).items():
            writer.writerow(head + ["members", cell(kind), count] + blank)
        if "decisions" in view:
            writer.writerow(head + ["decisions", "", view["decisions"]] + blank)
        if "last_assembly_on" in view:
            writer.writerow(head + ["assemblies", "last_assembly_on", view["last_assembly_on"] or ""] + blank)
        for campaign in view.get("referentiel") or []:
            groups = [("", campaign["everyone"])] + [(c["code"] or "-", c) for c in campaign["colleges"]]
            for objective in campaign["objectives"]:
                for name, group in groups:
                    figures = group["objectives"].get(objective["id"], {})
                    imp, ach = figures.get(IMPORTANCE, {}), figures.get(ACHIEVEMENT, {})
                    writer.writerow(head + ["referentiel", "", "", campaign["campaign_id"], cell(campaign["title"]),
                                            campaign["closes_on"], cell(objective["id"]), cell(name),
                                            group["respondents"], number(imp.get("median")), number(imp.get("mean")),
                                            number(ach.get("median")), number(ach.get("mean"))])
    return out.getvalue()


@operation(f"{NETWORK}/export.csv", summary="A network's shared figures as CSV", tag=TAG, access=COORDINATORS,
           description="`text/csv`, semicolon-separated, UTF-8 with a byte order mark: one line per pole and figure "
                       "it shares (`members` per kind, `decisions`, `assemblies`; `referentiel`: one line per "
                       "campaign, principal objective and group — empty: everyone —, with medians and means to two "
                       "decimals, empty when withheld). 403 `not_permitted` for a network you do not coordinate.")
def export_network(network_id: str) -> Response:
    found = network_of(network_id)
    return Response("\ufeff" + network_csv(found["id"]), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="reseau-{found["id"]}.csv"'})
