"""Demo accounts for the demo pole: one login per role, printed by `make run`."""

from __future__ import annotations

from demo.pole import ADMIN, SECRETARY
from projections.queries import Queries
from web.accounts.store import Accounts

DEMO_PASSWORD = "Collegia-demo-2026"
# e-mail, name, role, member represented (by name)
DEMO_USERS = [
    (ADMIN, "Administratrice de la plateforme", "admin", None),
    (SECRETARY, "Claire Martin", "secretary", None),
    ("nadia.benali@regie-fontbarlettes.example", "Nadia Benali", "member", "Régie de quartier Fontbarlettes"),
    ("elise.morel@valdedrome.example", "Élise Morel", "member", "Communauté de communes du Val de Drôme"),
    ("julien.roux@jardins-gervanne.example", "Julien Roux", "member", "SCOP Les Jardins de la Gervanne"),
]
ROLE_LABELS = {"admin": "platform admin", "secretary": "board secretary", "member": "member representative"}


def create_demo_accounts(accounts: Accounts, queries: Queries, pole_id: str) -> None:
    """Create the demo logins for the demo pole (skips those that exist)."""
    members = {m["name"]: m["id"] for m in queries.members(pole_id)}
    for email, name, role, member in DEMO_USERS:
        if accounts.find_by_email(email):
            continue
        user_id = accounts.create_user(email, name, DEMO_PASSWORD, is_admin=role == "admin")
        if role == "secretary":
            accounts.grant(user_id, pole_id, "secretary")
        elif role == "member":
            accounts.grant(user_id, pole_id, "member", members[member])


def demo_logins(accounts: Accounts) -> list[tuple[str, str, str]]:
    """(role, login, password) for each demo account present in this store."""
    return [(f"{ROLE_LABELS[role]}{' — ' + member if member else ''}", email, DEMO_PASSWORD)
            for email, _, role, member in DEMO_USERS if accounts.find_by_email(email)]
