"""Demo accounts for the demo pole: one login per role printed by `make run`, and an account of their own
for the person representing every other admitted member (issue 19: mail goes to accounts, so every
member of the demo pole has an address).

The five printed logins are fixed (tests use them). Every other admitted member gets an account in the
name of its representative (a member who is a person represents itself), at a plausible address of its
own: `firstname.lastname@<organisation>.example` (ASCII), `firstname.lastname@particulier.example` for a
person. Members that were refused, withdrew or are still requested get none. All share the demo password.
"""

from __future__ import annotations

import re
import unicodedata

from demo.pole import ADMIN, FOUNDERS, LATER, SECRETARY
from demo.referentiel import COORDINATOR, NETWORK, NETWORK_ID, SECOND_POLE, SECOND_SECRETARY
from infrastructure.contacts import postal_address, set_postal_address
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
ROLE_LABELS = {"admin": "platform admin", "secretary": "board secretary", "member": "member representative",
               "coordinator": "network coordinator"}
PERSONS_DOMAIN = "particulier.example"
# Left out of an organisation's domain and of a person's address: articles, titles, legal forms.
STOP_WORDS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "a", "au", "aux", "en", "pr", "dr", "m", "mme"}


def _words(text: str) -> list[str]:
    """Lower-case ASCII words of `text` ('Épicerie' → 'epicerie'), apostrophes and dashes splitting words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]


def member_address(name: str, kind: str, representative: str) -> str:
    """The demo address of the person representing a member: 'firstname.lastname@<organisation>.example'."""
    person = [w for w in _words(representative or name) if w not in STOP_WORDS] or ["contact"]
    domain = PERSONS_DOMAIN if kind == "person" else \
        "-".join(w for w in _words(name) if w not in STOP_WORDS) + ".example"
    return f"{'.'.join(person)}@{domain}"


def _fixed_accounts() -> dict[str, str]:
    """The member accounts of DEMO_USERS, by the name of the member they represent."""
    return {member: email for email, _, role, member in DEMO_USERS if role == "member" and member}


def create_demo_accounts(accounts: Accounts, queries: Queries, pole_id: str) -> None:
    """Create the demo logins, then one account for each other admitted member (skips those that exist)."""
    members = {m["name"]: m["id"] for m in queries.members(pole_id)}
    for email, name, role, member in DEMO_USERS:
        if accounts.find_by_email(email):
            continue
        user_id = accounts.create_user(email, name, DEMO_PASSWORD, is_admin=role == "admin")
        if role == "secretary":
            accounts.grant(user_id, pole_id, "secretary")
        elif role == "member":
            accounts.grant(user_id, pole_id, "member", members[member])
    fixed = _fixed_accounts()
    represented = {u["member_id"] for u in accounts.pole_users(pole_id) if u["role"] == "member"}
    for member in queries.members(pole_id, status="admitted"):
        if member["name"] in fixed or member["id"] in represented:
            continue
        base = member_address(member["name"], member["kind"], member["representative"])
        email, n = base, 1
        while accounts.find_by_email(email):  # another person's address already: a unique one
            n += 1
            local, _, domain = base.partition("@")
            email = f"{local}{n}@{domain}"
        user_id = accounts.create_user(email, member["representative"] or member["name"], DEMO_PASSWORD)
        accounts.grant(user_id, pole_id, "member", member["id"])
    create_demo_addresses(accounts, queries, pole_id)
    create_demo_network(accounts)


def create_demo_network(accounts: Accounts) -> str:
    """The regional network the demo pole joins by a decision (issue 24), and its coordinator's login
    (skips what exists). Returns the network's id."""
    from web.networks.store import Networks
    store = Networks(accounts.engine)
    network_id = str(NETWORK_ID)
    if store.get(network_id) is None:
        store.declare(NETWORK["name"], NETWORK["description"], network_id=network_id)
    email, name = COORDINATOR
    user = accounts.find_by_email(email)
    user_id = user["id"] if user else accounts.create_user(email, name, DEMO_PASSWORD)
    if network_id not in store.coordinated_by(user_id):
        store.appoint(user_id, network_id)
    return network_id


def create_second_pole_accounts(accounts: Accounts, pole_id: str) -> None:
    """The second demo pole's secretary (issue 24: the network's coordinator sees two poles)."""
    if not accounts.find_by_email(SECOND_SECRETARY):
        user_id = accounts.create_user(SECOND_SECRETARY, "Paul Arnaud", DEMO_PASSWORD)
        accounts.grant(user_id, pole_id, "secretary")


# Fictional postal addresses of the demo's members (issue 20: members who did not agree to e-mail are convened
# by letter, and the postal batch prints these in the envelope's window).
DEMO_ADDRESSES = {
    "Régie de quartier Fontbarlettes": "Régie de quartier Fontbarlettes\nMme Nadia Benali\n4 rue Magellan\n26000 Valence",
    "SCOP Les Jardins de la Gervanne": "SCOP Les Jardins de la Gervanne\nM. Julien Roux\nLa Combe\n26400 Beaufort-sur-Gervanne",
    "Association Épicerie solidaire du Diois": "Épicerie solidaire du Diois\nMme Marie Faure\n3 place de l'Évêché\n26150 Die",
    "Lucie Garnier": "Mme Lucie Garnier\n18 chemin des Chaux\n26340 Saillans",
    "Karim Haddad": "M. Karim Haddad\n7 rue de la Tour\n26400 Crest",
    "Communauté de communes du Val de Drôme": "Communauté de communes du Val de Drôme\nMme Élise Morel\n96 rue Lavoisier\n26400 Eurre",
    "Commune de Crest": "Mairie de Crest\nM. Bernard Chauvin\nPlace du Dr Maurice Rozier\n26400 Crest",
    "Chantier d'insertion Valence Nord": "Chantier d'insertion Valence Nord\nMme Sophie Blanc\n25 avenue de Romans\n26000 Valence",
    "Mutuelle des Monts du Vercors": "Mutuelle des Monts du Vercors\nM. Thomas Perrin\n2 rue du Vercors\n26190 Saint-Jean-en-Royans",
    "Biocoop Crest": "Biocoop Crest\nMme Anne Vidal\n40 avenue Georges Clemenceau\n26400 Crest",
    "Université Grenoble Alpes — Valence": "Université Grenoble Alpes — site de Valence\nPr. Hélène Dumas\n87 avenue de Romans\n26000 Valence",
    "Lycée agricole du Valentin": "Lycée agricole du Valentin\nM. Olivier Mercier\nAvenue de Lyon\n26500 Bourg-lès-Valence",
    "Fondation Rhône-Alpes Solidarités": "Fondation Rhône-Alpes Solidarités\nMme Camille Lefèvre\n10 quai Saint-Antoine\n69002 Lyon",
}


def create_demo_addresses(accounts: Accounts, queries: Queries, pole_id: str) -> None:
    """The demo members' postal addresses (kept beside the accounts, not in the register); skips those set."""
    for member in queries.members(pole_id, status="admitted"):
        address = DEMO_ADDRESSES.get(member["name"])
        if address and not postal_address(accounts.engine, pole_id, member["id"]):
            set_postal_address(accounts.engine, pole_id, member["id"], address)


def demo_logins(accounts: Accounts) -> list[tuple[str, str, str]]:
    """(role, login, password) for each demo account present in this store: the five fixed logins, and one
    line summing up the other members' accounts (not one line each: `make run` prints these)."""
    logins = [(f"{ROLE_LABELS[role]}{' — ' + member if member else ''}", email, DEMO_PASSWORD)
              for email, _, role, member in DEMO_USERS if accounts.find_by_email(email)]
    if accounts.find_by_email(COORDINATOR[0]):
        logins.append((f"{ROLE_LABELS['coordinator']} — {NETWORK['name']}", COORDINATOR[0], DEMO_PASSWORD))
    if accounts.find_by_email(SECOND_SECRETARY):
        logins.append((f"{ROLE_LABELS['secretary']} — {SECOND_POLE['name']}", SECOND_SECRETARY, DEMO_PASSWORD))
    fixed = _fixed_accounts()
    others = sum(1 for name, kind, _category, representative, *_ in (*FOUNDERS, *LATER)
                 if name not in fixed and accounts.find_by_email(member_address(name, kind, representative)))
    if others:
        logins.append((f"…and {others} other member accounts", "firstname.lastname@<organisation>.example",
                       "(same password)"))
    return logins
