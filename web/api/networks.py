"""Regional networks of poles (issue 24): platform administrators read every network, a network's coordinators read
theirs; for each pole that joined by its own decision, only what the pole agreed to share (`shared_view`, the one
place that decides it for the pages, their export and the API).

A coordinator holds no role in the poles: every operation of a pole answers them 403, as anyone else. A pole's member
or secretary who coordinates nothing gets 403 (rule `not_permitted`) on every operation here.

Platform administrators declare networks and appoint or dismiss their coordinators (issue 26: the admin pages'
actions, web/admin/pages.py, on the same store `web.networks.store.Networks`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response, url_for

from governance.errors import NotFound, NotPermitted
from governance.referentiel import ACHIEVEMENT, IMPORTANCE
from web.api.auth import ADMINS, Access, user
from web.api.errors import ApiProblem
from web.api.referentiel import cell
from web.api.routing import Created, operation
from web.api.schemas.networks import CoordinatorAppointSchema, CoordinatorSchema, NetworkCreateSchema
from web.api.schemas.referentiel import NetworkDetailSchema, NetworkSchema
from web.edge import accounts, queries
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


# -- the administrators' actions (issue 26: the admin pages' network actions) -----------------------------------------
@operation("/networks", "POST", summary="Declare a regional network", tag=TAG, access=ADMINS, body=NetworkCreateSchema,
           response=NetworkSchema, status=201,
           description="A platform setting, like an account: the network has no pole until a pole joins it by a "
                       "decision of its own (a proposal with the effect `join_network`). Appoint its coordinators "
                       "next. 422 `invalid_input` for a name another network has (whatever its case).")
def declare_network(body: dict[str, Any]) -> Created:
    network_id = networks().declare(body["name"], body["description"])
    return Created(network_row(network_of(network_id)), url_for("api.get_network", network_id=network_id))


@operation(f"{NETWORK}/coordinators", summary="A network's coordinators", tag=TAG, access=ADMINS,
           response=CoordinatorSchema, many=True, description="Their accounts, by name.")
def list_coordinators(network_id: str) -> list[dict[str, Any]]:
    return networks().coordinators(network_of(network_id)["id"])


@operation(f"{NETWORK}/coordinators", "POST", summary="Appoint a coordinator", tag=TAG, access=ADMINS,
           body=CoordinatorAppointSchema, response=CoordinatorSchema, status=201,
           description="The account with this e-mail address coordinates the network from now on: it reads what each "
                       "pole of the network shares, and holds no role in any pole. 422 `not_found` when no account "
                       "has the address (create it first), `invalid_input` when it coordinates the network already.")
def appoint_coordinator(network_id: str, body: dict[str, Any]) -> Created:
    found = network_of(network_id)
    person = accounts().find_by_email(body["email"])
    if person is None:
        raise NotFound("there is no such account")
    networks().appoint(person["id"], found["id"])
    appointed = next(c for c in networks().coordinators(found["id"]) if c["id"] == person["id"])
    return Created(appointed, url_for("api.list_coordinators", network_id=found["id"]))


@operation(f"{NETWORK}/coordinators/<int:user_id>", "DELETE", summary="Dismiss a coordinator", tag=TAG,
           access=ADMINS, status=204,
           description="The person no longer reads the network (their account stays). 404 when they do not "
                       "coordinate it.")
def dismiss_coordinator(network_id: str, user_id: int) -> Response:
    found = network_of(network_id)
    person = accounts().get(user_id)
    if person is None or not networks().dismiss(person.id, found["id"]):
        raise ApiProblem(404, f"Account {user_id} does not coordinate this network: nothing to dismiss.")
    return Response(status=204)
