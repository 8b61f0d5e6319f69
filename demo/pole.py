"""A realistic demo pole: a SCIC-style PTCE with two years of governance history.

Loaded through the application service, with the clock frozen at each fact's date, so
the history (three statutes versions, two strategy versions, admissions, exclusions,
public and secret votes, proxies, the members' capital register, a charter under discussion
with a member's amendment) is exactly what the product would have recorded. A refused command
stores nothing: REFUSED_DEMO says which one the demo tries, and the rule that refuses it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from governance.application import Collegia
from governance.clock import frozen_time, now
from governance.errors import CapitalRuleBroken
from demo.referentiel import ALL_SHARES, NETWORK_ID, SILENT_2026, assess

SECRETARY = "claire.martin@terres-de-liens-coop.example"
ADMIN = "admin@collegia.example"

STATUTES_V1: dict[str, Any] = {
    "model": "scic",
    "colleges": [
        {"code": "salaries", "name": "Salariés et producteurs", "share": "40%"},
        {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "35%"},
        {"code": "collectivites", "name": "Collectivités territoriales", "share": "25%"},
    ],
    "empty_college_rule": "proportional",
    "max_proxies_per_holder": 2,
    "proxy_same_college": False,
    "admission_by": "board",
    "exclusion_by": "assembly",
    # The board (issue 21): six administrators for three years, renewed by half, one seat reserved to the
    # employees' college; each candidate is an ordinary resolution (Code de commerce L225-18), by secret ballot.
    "board": {"name": "conseil d'administration", "seats": 6, "reserved": {"salaries": 1}, "term_years": 3,
              "renewal_groups": 2, "election_method": "resolution_per_candidate"},
    # The capital (issue 22): shares of 100 €, more for the local authorities; a floor of 18 500 €, the least a
    # cooperative SA's capital may fall to (loi n° 47-1775 art. 27, Code de commerce L224-2), above a tenth of the
    # 31 300 € the founders subscribed (L231-5); a quarter paid on subscribing, the rest within three years (art.
    # 12); refunds within five years, earlier if the board decides; the commune and the communauté de communes
    # count for the 50 % cap of art. 19 septies. The board admits, and the subscription is recorded the same day.
    "capital": {"share_value": "100.00", "stated": "31300.00", "floor": "18500.00", "approval_by": "board",
                "minimum_shares": {"employee": 10, "producer": 10, "beneficiary": 1, "supporter": 10, "partner": 5,
                                   "public_body": 50},
                "public_categories": ["public_body"], "paid_at_subscription": "1/4", "payment_years": 3,
                "refund_delay_years": 5, "admission_on_subscription": False},
}
STATUTES_V2: dict[str, Any] = {
    **STATUTES_V1,
    "colleges": [
        {"code": "salaries", "name": "Salariés et producteurs", "share": "30%"},
        {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "30%"},
        {"code": "collectivites", "name": "Collectivités territoriales", "share": "20%"},
        {"code": "partenaires", "name": "Partenaires, recherche et formation", "share": "20%"},
    ],
}
STATUTES_V3: dict[str, Any] = {
    **STATUTES_V2,
    "colleges": [
        {"code": "salaries", "name": "Salariés et producteurs", "share": "30%"},
        {"code": "usagers", "name": "Usagers et bénéficiaires", "share": "25%"},
        {"code": "collectivites", "name": "Collectivités territoriales", "share": "20%"},
        {"code": "partenaires", "name": "Partenaires, recherche et formation", "share": "25%"},
    ],
    "empty_college_rule": "merge_into:usagers",
}

STRATEGY_V1 = """Stratégie commune de mutualisation du pôle Drôme Coopère

1. Mutualiser une légumerie et une cuisine centrale pour la restauration collective locale.
2. Partager un groupement d'employeurs entre structures de l'insertion par l'activité économique.
3. Animer un tiers-lieu de coopération ouvert aux habitants du territoire."""
STRATEGY_V2 = STRATEGY_V1 + """
4. Créer une plateforme logistique commune en circuits courts avec les producteurs du Diois.
5. Évaluer chaque année la coopération avec le référentiel du Labo de l'ESS."""

# name, kind, category, representative, college (v1 codes), joined (days after founding)
FOUNDERS = [
    ("Régie de quartier Fontbarlettes", "ess_enterprise", "employee", "Nadia Benali", "salaries"),
    ("SCOP Les Jardins de la Gervanne", "ess_enterprise", "producer", "Julien Roux", "salaries"),
    ("Association Épicerie solidaire du Diois", "ess_enterprise", "beneficiary", "Marie Faure", "usagers"),
    ("Lucie Garnier", "person", "beneficiary", "", "usagers"),
    ("Karim Haddad", "person", "beneficiary", "", "usagers"),
    ("Communauté de communes du Val de Drôme", "local_authority", "public_body", "Élise Morel", "collectivites"),
    ("Commune de Crest", "local_authority", "public_body", "Bernard Chauvin", "collectivites"),
    ("Chantier d'insertion Valence Nord", "ess_enterprise", "employee", "Sophie Blanc", "salaries"),
]
LATER = [
    ("Mutuelle des Monts du Vercors", "ess_enterprise", "supporter", "Thomas Perrin", "usagers", 120),
    ("Biocoop Crest", "company", "supporter", "Anne Vidal", "usagers", 150),
    ("Université Grenoble Alpes — Valence", "research", "partner", "Pr. Hélène Dumas", "partenaires", 270),
    ("Lycée agricole du Valentin", "training", "partner", "Olivier Mercier", "partenaires", 280),
    ("Fondation Rhône-Alpes Solidarités", "ess_enterprise", "partner", "Camille Lefèvre", "partenaires", 300),
]

FOUNDED = datetime(2025, 1, 14, 9, 30, tzinfo=UTC)
IDENTITY = {"registered_office": "Maison de l'ESS\n12 avenue de la Clairette\n26150 Die", "capital": "variable",
            "rcs_number": "123 456 789", "rcs_city": "Romans-sur-Isère",
            "questions_email": "secretariat@dromecoopere.example"}
# The capital register (issue 22), in shares of 100 € (name, shares, euros paid on subscribing). The founders
# subscribed 31 300 € the day the board admitted them, the private associates first: 163 private shares, then the
# communauté de communes' 90 and the commune's 60, 150 of 313 (47.92 %). SCOP Les Jardins de la Gervanne and the
# Chantier d'insertion paid a quarter, the rest came later.
FOUNDING_SHARES = [
    ("Régie de quartier Fontbarlettes", 50, "5000"),
    ("SCOP Les Jardins de la Gervanne", 80, "2000"),
    ("Association Épicerie solidaire du Diois", 10, "1000"),
    ("Lucie Garnier", 2, "200"),
    ("Karim Haddad", 1, "100"),
    ("Chantier d'insertion Valence Nord", 20, "500"),
    ("Communauté de communes du Val de Drôme", 90, "9000"),
    ("Commune de Crest", 60, "6000"),
]
# The later associates subscribe on their admission; the Fondation pays a quarter (2 250 € still due).
JOINING_SHARES = {"Mutuelle des Monts du Vercors": (40, "4000"), "Biocoop Crest": (20, "2000"),
                  "Université Grenoble Alpes — Valence": (10, "1000"), "Lycée agricole du Valentin": (5, "500"),
                  "Fondation Rhône-Alpes Solidarités": (30, "750")}
# Where the register stands at the end (hand-worked): 488 shares, 48 800 € (46 550 € paid); the public bodies hold
# 230 shares (communauté de communes 170, commune 60), 230/488 = 47.13 %, under the cap of 50 %. Karim Haddad's
# share, asked back when he withdrew, waits for its refund (five years, unless the board decides earlier).
#
# A refused command stores nothing: the commune's wish to subscribe 30 more shares in September 2026 is tried by
# `load_demo` and refused, since 260 of 518 shares would be public (50.19 %); 28 shares would have reached 50 %
# exactly, which the law allows. The rule's text below is the refusal's message, as the domain words it.
REFUSED_DEMO = {
    "command": "subscribe_shares", "member": "Commune de Crest", "shares": 30, "paid": "3000",
    "on": "2026-09-06", "decision": "Délibération du conseil municipal de Crest du 2 septembre 2026",
    "refused": "CapitalRuleBroken",
    "rule": "after this movement public bodies would hold 50.19 % of the capital, above the cap of 50.00 % "
            "(loi n° 47-1775 du 10 septembre 1947, art. 19 septies)",
}

# Now: the pole's cooperation charter, published for discussion six days before (issue 23). Four members spoke (a
# reply; the Épicerie rewrote its comment, the first wording kept in the events), and the Épicerie tabled an
# amendment raising the share of purchases from 20 % to 30 %: the secretary has yet to admit it. Its vote comes
# before the charter's (amendments are tabled before the vote opens).
CHARTER: dict[str, Any] = {
    "title": "Charte de coopération du pôle Drôme Coopère",
    "text": "Les membres du pôle adoptent la charte de coopération suivante :\n"
            "1. Chaque membre réserve au moins 20 % de ses achats alimentaires aux producteurs du pôle, en circuits "
            "courts.\n"
            "2. Les membres mettent en commun leurs locaux et leurs équipements selon un planning partagé, tenu par le "
            "tiers-lieu.\n"
            "3. Un comité de suivi de cinq membres, dont un au moins par collège, rend compte chaque année de "
            "l'application de la charte à l'assemblée générale.",
    # member, text, the member whose comment it answers
    "comments": [
        ("Biocoop Crest", "20 % de nos achats alimentaires, c'est beaucoup pour un magasin qui achète surtout par "
                          "centrale. Les achats livrés par la plateforme logistique du pôle comptent-ils ?", None),
        ("SCOP Les Jardins de la Gervanne", "Oui : la plateforme ne livre que des produits des membres, ces achats "
                                            "comptent. Pour les producteurs, 20 % reste un minimum.", "Biocoop Crest"),
        ("Association Épicerie solidaire du Diois", "L'épicerie est déjà à 30 %. Nous proposerons un amendement.",
         None),
        ("Communauté de communes du Val de Drôme", "La communauté de communes ouvre la salle du tiers-lieu de "
                                                   "Saillans au planning partagé dès janvier.", None),
    ],
    "edited": ("Association Épicerie solidaire du Diois",
               "L'épicerie est déjà à 35 %, la légumerie y sera en 2027 : nous proposons 30 % dans un amendement."),
    "amendment": {"member": "Association Épicerie solidaire du Diois", "passage": "au moins 20 % de ses achats",
                  "wording": "au moins 30 % de ses achats",
                  "motive": "Les membres qui y sont déjà montrent que c'est tenable ; 30 % assure aux producteurs du "
                            "pôle un débouché réel."},
}

# The founders who agreed, early in 2025, to be convened by e-mail (Code de commerce R225-63).
CONSENTING = ("Régie de quartier Fontbarlettes", "SCOP Les Jardins de la Gervanne",
              "Communauté de communes du Val de Drôme", "Lucie Garnier")


def load_demo(app: Collegia) -> UUID:
    """Load the demo pole (two years of history, one vote open now, drafts, a charter under discussion with an
    amendment tabled); returns its id."""
    day = lambda n, hour=10: FOUNDED + timedelta(days=n, hours=hour - 9)  # noqa: E731
    with frozen_time(FOUNDED):
        pole = app.found_pole(name="Drôme Coopère", territory="Vallée de la Drôme et Diois (26)",
                              legal_form="SCIC SA à capital variable", statutes=STATUTES_V1,
                              strategy=STRATEGY_V1, actor=ADMIN)
        # What a convocation states about the pole (Code de commerce R225-66, R123-237); fictional number.
        app.record_pole_identity(pole, actor=ADMIN, **IDENTITY)
    members: dict[str, UUID] = {}
    for i, (name, kind, category, rep, _college) in enumerate(FOUNDERS):
        with frozen_time(day(1, 10) + timedelta(minutes=20 * i)):
            members[name] = app.request_membership(pole, name=name, kind=kind, category=category,
                                                   representative=rep, actor=f"rep:{name}")
    for i, (name, _kind, _category, _rep, college) in enumerate(FOUNDERS):
        _admit(app, pole, members[name], college, day(7, 10) + timedelta(minutes=5 * i))
    for i, (name, shares, paid) in enumerate(FOUNDING_SHARES):
        _subscribe(app, pole, members[name], shares, paid, day(7, 11) + timedelta(minutes=3 * i))

    # Some members agree to be convened by e-mail (R225-63); the others are convened by post.
    for i, name in enumerate(CONSENTING):
        with frozen_time(day(20, 11) + timedelta(minutes=7 * i)):
            app.give_convocation_consent(pole, members[name], channel="online", actor=f"rep:{name}")

    # Spring 2025: annual ordinary assembly, accounts approved.
    _vote(app, pole, day(90), "Approbation des comptes 2024",
          "L'assemblée approuve les comptes de l'exercice 2024 et donne quitus au conseil.",
          ballots={n: "for" for n in list(members)[:7]} | {"Karim Haddad": "abstain"}, members=members)
    for name, kind, category, rep, college, joined in LATER[:2]:
        members[name] = _join(app, pole, name, kind, category, rep, college, day(joined))
    # Summer 2025: the Chantier d'insertion pays up its shares, the SCOP half of what it owes.
    with frozen_time(day(175)):
        app.pay_up_shares(pole, members["Chantier d'insertion Valence Nord"], amount="1500", on=day(175).date(),
                          note="Virement du 8 juillet 2025 : solde des 20 parts", actor=SECRETARY)
    with frozen_time(day(200)):
        app.pay_up_shares(pole, members["SCOP Les Jardins de la Gervanne"], amount="3000", on=day(200).date(),
                          note="Virement du 2 août 2025 : deuxième quart", actor=SECRETARY)

    # Autumn 2025: statutes v2 add a fourth college for partners.
    _vote(app, pole, day(230), "Modification des statuts : création d'un collège Partenaires",
          "Création d'un quatrième collège « Partenaires, recherche et formation » et nouvelle répartition "
          "des droits de vote : 30 / 30 / 20 / 20.", kind="extraordinary",
          effect={"type": "amend_statutes", "statutes": STATUTES_V2},
          ballots={n: "for" for n in members if n != "Commune de Crest"} | {"Commune de Crest": "against"},
          members=members)
    for name, kind, category, rep, college, joined in LATER[2:4]:
        members[name] = _join(app, pole, name, kind, category, rep, college, day(joined))

    # A request decided by vote, and a refused one.
    with frozen_time(day(300)):
        fondation = app.request_membership(pole, name=LATER[4][0], kind=LATER[4][1], category=LATER[4][2],
                                           representative=LATER[4][3], actor="contact@fondation-ras.example")
        members[LATER[4][0]] = fondation
        spam = app.request_membership(pole, name="Promotions Immobilières du Sud", kind="company",
                                      category="supporter", representative="J. Dupont",
                                      actor="contact@pis.example")
    with frozen_time(day(310)):
        app.refuse_member(pole, spam, decision="Conseil d'administration du 19 novembre 2025",
                          reasons="Activité sans lien avec la stratégie commune du pôle.", actor=SECRETARY)
        app.admit_member(pole, fondation, decision="Conseil d'administration du 19 novembre 2025",
                         actor=SECRETARY)
        app.assign_college(pole, fondation, college="partenaires", reason="Fondation partenaire", actor=SECRETARY)
    _subscribe(app, pole, fondation, *JOINING_SHARES[LATER[4][0]], day(310, 11))

    # Winter 2026: strategy v2 adopted; a secret ballot on the logistics provider.
    # December 2025: the first self-assessment with the référentiel of the Labo de l'ESS (issue 24), closed in
    # January.
    assess(app, pole, title="Auto-évaluation 2025", opened=day(330), closes=day(355, 18), answers_from=day(331),
           close=day(358), actor=SECRETARY)

    _vote(app, pole, day(380), "Révision de la stratégie commune : logistique et évaluation",
          "Ajout d'un axe logistique en circuits courts et d'une évaluation annuelle.",
          effect={"type": "revise_strategy", "text": STRATEGY_V2},
          ballots={n: "for" for n in list(members)[:10]} | {"Biocoop Crest": "against"}, members=members)
    # The communauté de communes finances the légumerie's equipment: 80 more shares (8 000 €).
    with frozen_time(day(384)):
        app.subscribe_shares(pole, members["Communauté de communes du Val de Drôme"], shares=80, paid="8000",
                             on=day(384).date(), decision="Conseil d'administration du 02/02/2026 (délibération du "
                             "conseil communautaire du 29 janvier 2026)", actor=SECRETARY)
    _vote(app, pole, day(400), "Choix du prestataire de la plateforme logistique (vote à bulletin secret)",
          "Retenir la coopérative Rhône Logistique Solidaire comme prestataire pour trois ans.", secret=True,
          ballots={"Régie de quartier Fontbarlettes": "for", "SCOP Les Jardins de la Gervanne": "for",
                   "Association Épicerie solidaire du Diois": "against", "Lucie Garnier": "for",
                   "Communauté de communes du Val de Drôme": "for", "Commune de Crest": "abstain",
                   "Université Grenoble Alpes — Valence": "for", "Biocoop Crest": "against"},
          members=members)
    with frozen_time(day(405)):
        app.pay_up_shares(pole, members["SCOP Les Jardins de la Gervanne"], amount="3000", on=day(405).date(),
                          note="Virement du 23 février 2026 : solde des 80 parts", actor=SECRETARY)
    # A proposal that fails: 45 % in favour after weighting the colleges.
    _vote(app, pole, day(430), "Adhésion au réseau national des tiers-lieux",
          "Le pôle adhère au réseau national des tiers-lieux (cotisation annuelle de 1 200 €).",
          ballots={"Régie de quartier Fontbarlettes": "against", "SCOP Les Jardins de la Gervanne": "against",
                   "Chantier d'insertion Valence Nord": "for", "Lucie Garnier": "for",
                   "Karim Haddad": "against", "Communauté de communes du Val de Drôme": "against",
                   "Lycée agricole du Valentin": "for"}, members=members)
    # Leaving asks back Karim Haddad's share: the refund waits for the statutes' delay.
    with frozen_time(day(440)):
        app.withdraw_member(pole, members["Karim Haddad"], reason="Déménagement hors du territoire",
                            actor=SECRETARY)
    # Spring 2026: the Régie hands ten shares to the Chantier d'insertion, with the board's approval; Biocoop asks
    # back half of its shares (it keeps the ten of its category), refunded in July.
    with frozen_time(day(460)):
        app.transfer_shares(pole, members["Régie de quartier Fontbarlettes"],
                            members["Chantier d'insertion Valence Nord"], shares=10, on=day(460).date(),
                            decision="Conseil d'administration du 19/04/2026", actor=SECRETARY)
    with frozen_time(day(470)):
        biocoop = app.request_withdrawal_of_shares(pole, members["Biocoop Crest"], shares=10, on=day(470).date(),
                                                   reason="Financement du nouveau magasin de Die",
                                                   actor="rep:Biocoop Crest")

    # Summer 2026: statutes v3 rebalance weights, with a proxy used.
    _vote(app, pole, day(520), "Statuts v3 : rééquilibrage Partenaires / Usagers",
          "Nouvelle répartition 30 / 25 / 20 / 25 ; en cas de collège silencieux, sa part est reportée sur le "
          "collège des usagers.", kind="extraordinary", effect={"type": "amend_statutes", "statutes": STATUTES_V3},
          ballots={n: "for" for n in members if n not in ("Karim Haddad", "Commune de Crest")},
          proxies={"Commune de Crest": "Communauté de communes du Val de Drôme"},
          proxy_ballots={"Commune de Crest": "for"}, members=members)

    # July 2026: Biocoop's ten shares refunded, the board deciding not to wait the five years.
    with frozen_time(day(540)):
        app.refund_shares(pole, request=biocoop, amount="1000", on=day(540).date(),
                          decision="Conseil d'administration du 08/07/2026",
                          early_approval="Conseil d'administration du 08/07/2026 : remboursement anticipé",
                          actor=SECRETARY)
    _refused_subscription(app, pole, members)

    # Early September 2026: the pole joins the regional network of PTCE, sharing what the network asks.
    _vote(app, pole, day(600), "Adhésion à la cellule régionale des PTCE",
          "Le pôle adhère à la cellule régionale des PTCE de la CRESS et partage avec elle les résultats agrégés de "
          "ses auto-évaluations, le nombre de ses membres par catégorie, le nombre de ses décisions et la date de sa "
          "dernière assemblée.", effect={"type": "join_network", "network_id": str(NETWORK_ID), "shares": ALL_SHARES},
          ballots={n: "for" for n in members if n not in ("Karim Haddad", "Biocoop Crest")}, members=members)

    # September 2026: the annual ordinary assembly, in the room and remotely; its minutes await their
    # signatures (issue 25).
    _assembly(app, pole, day(610, 18), members)

    # Now: a charter under discussion, one open vote the demo users can take part in, and drafts for the next
    # assembly.
    current = now()
    _charter_discussion(app, pole, current, members)
    assess(app, pole, title="Auto-évaluation 2026", opened=current - timedelta(days=5),
           closes=current + timedelta(days=16), answers_from=current - timedelta(days=4), close=None,
           silent=SILENT_2026, actor=SECRETARY)
    with frozen_time(current - timedelta(days=2)):
        open_id = app.draft_proposal(
            pole, title="Budget 2027 de la légumerie mutualisée",
            text="Le pôle consacre 48 000 € en 2027 à la légumerie mutualisée : 30 000 € d'investissement "
                 "(éplucheuse, cellule de refroidissement) et 18 000 € de fonctionnement.", actor=SECRETARY)
        app.open_voting(open_id, closes_at=current + timedelta(days=7), actor=SECRETARY)
    with frozen_time(current - timedelta(days=1)):
        for name in ("SCOP Les Jardins de la Gervanne", "Communauté de communes du Val de Drôme",
                     "Mutuelle des Monts du Vercors"):
            app.cast_ballot(open_id, members[name], "for", actor=f"rep:{name}")
        app.cast_ballot(open_id, members["Biocoop Crest"], "against", actor="rep:Biocoop Crest")
        app.draft_proposal(pole, title="Exclusion d'un membre pour non-paiement des cotisations",
                           text="Brouillon à compléter avant le conseil.", kind="ordinary", actor=SECRETARY)
        app.draft_proposal(pole, title="Transfert du siège social à Die",
                           text="Le siège social du pôle est transféré de Crest à la Maison de l'économie "
                                "sociale et solidaire, 12 rue Camille Buffardel, 26150 Die. L'article 4 des "
                                "statuts est modifié en conséquence.", kind="extraordinary", actor=SECRETARY)
    return pole


def _charter_discussion(app: Collegia, pole: UUID, current: datetime, members: dict[str, UUID]) -> UUID:
    """CHARTER, published for discussion (issue 23): members discuss it and one tables an amendment, not yet
    admitted. From `make run` the secretary admits it, opens its vote, closes it, then opens the charter's."""
    # Drafted, published, discussed and amended before the other facts of "now": the newest drafts stay the
    # secretary's own.
    with frozen_time(current - timedelta(days=6)):
        charter = app.draft_proposal(pole, title=CHARTER["title"], text=CHARTER["text"], actor=SECRETARY)
        app.publish_for_discussion(charter, actor=SECRETARY)
    numbers: dict[str, int] = {}
    for i, (name, text, reply_to) in enumerate(CHARTER["comments"]):
        with frozen_time(current - timedelta(days=5, hours=-7 * i)):
            numbers[name] = app.post_comment(charter, member_id=members[name], text=text,
                                             reply_to=numbers.get(reply_to or ""), actor=f"rep:{name}")
    name, text = CHARTER["edited"]
    with frozen_time(current - timedelta(days=3, hours=20)):
        app.edit_comment(charter, numbers[name], text=text, actor=f"rep:{name}")
    amendment = CHARTER["amendment"]
    with frozen_time(current - timedelta(days=3, hours=2)):
        app.table_amendment(charter, member_id=members[amendment["member"]], passage=amendment["passage"],
                            wording=amendment["wording"], motive=amendment["motive"],
                            actor=f"rep:{amendment['member']}")
    return charter


def _assembly(app: Collegia, pole: UUID, at: datetime, members: dict[str, UUID]) -> UUID:
    """The 2026 annual ordinary assembly: convened three weeks ahead, two resolutions, signed minutes."""
    with frozen_time(at - timedelta(days=22)):
        accounts = app.draft_proposal(
            pole, title="Approbation des comptes 2025",
            text="L'assemblée approuve les comptes de l'exercice 2025 (résultat : +6 240 €) et donne quitus au "
                 "conseil d'administration.", actor=SECRETARY)
        fee = app.draft_proposal(
            pole, title="Cotisation 2027",
            text="La cotisation annuelle est portée à 120 € pour les personnes morales et maintenue à 20 € "
                 "pour les personnes physiques.", actor=SECRETARY)
    with frozen_time(at - timedelta(days=21)):
        assembly = app.convene_assembly(pole, kind="ordinary", held_at=at, place="Salle des fêtes de Saillans",
                                        mode="hybrid", convocation="first", agenda=[accounts, fee], actor=SECRETARY)
    with frozen_time(at - timedelta(days=2)):
        app.give_assembly_proxy(assembly, members["Commune de Crest"],
                                members["Communauté de communes du Val de Drôme"], actor="rep:Commune de Crest")
    with frozen_time(at):
        app.open_session(assembly, actor=SECRETARY)
        attendance = {"Régie de quartier Fontbarlettes": "present", "SCOP Les Jardins de la Gervanne": "present",
                      "Communauté de communes du Val de Drôme": "present", "Lucie Garnier": "present",
                      "Université Grenoble Alpes — Valence": "remote", "Biocoop Crest": "correspondence"}
        for name, mode in attendance.items():
            app.record_attendance(assembly, members[name], mode, actor=SECRETARY)
    votes = {accounts: {n: "for" for n in attendance} | {"Commune de Crest": "for"},
             fee: {n: "for" for n in attendance} | {"Biocoop Crest": "against", "Lucie Garnier": "abstain",
                                                    "Commune de Crest": "for"}}
    for i, (proposal, ballots) in enumerate(votes.items()):
        with frozen_time(at + timedelta(minutes=20 + 30 * i)):
            app.put_to_vote(assembly, proposal, actor=SECRETARY)
        remote = "Université Grenoble Alpes — Valence"
        with frozen_time(at + timedelta(minutes=25 + 30 * i)):
            app.record_room_ballots(proposal, {str(members[n]): c for n, c in ballots.items() if n != remote},
                                    actor=SECRETARY)
            app.cast_ballot(proposal, members[remote], ballots[remote], actor=f"rep:{remote}")
        with frozen_time(at + timedelta(minutes=40 + 30 * i)):
            app.close_voting(proposal, actor=SECRETARY)
    with frozen_time(at + timedelta(minutes=95)):
        app.close_session(assembly, actor=SECRETARY)
    # Its minutes are left for the chair (Élise Morel) and the secretary (Claire Martin) to sign in their PDF
    # from `make run` (issue 25: « Signer le PDF » on the minutes' page).
    return assembly


def _refused_subscription(app: Collegia, pole: UUID, members: dict[str, UUID]) -> None:
    """REFUSED_DEMO, tried: the public cap refuses it and nothing is stored."""
    try:
        with frozen_time(datetime.fromisoformat(REFUSED_DEMO["on"]).replace(hour=10, tzinfo=UTC)):
            app.subscribe_shares(pole, members[REFUSED_DEMO["member"]], shares=REFUSED_DEMO["shares"],
                                 paid=REFUSED_DEMO["paid"], on=REFUSED_DEMO["on"], decision=REFUSED_DEMO["decision"],
                                 actor=SECRETARY)
    except CapitalRuleBroken:
        return
    raise RuntimeError("the demo's refused subscription was accepted: its figures no longer cross the public cap")


def _subscribe(app: Collegia, pole: UUID, member: UUID, shares: int, paid: str, at: datetime) -> None:
    with frozen_time(at):
        app.subscribe_shares(pole, member, shares=shares, paid=paid, on=at.date(),
                             decision=f"Conseil d'administration du {at:%d/%m/%Y}", actor=SECRETARY)


def _join(app: Collegia, pole: UUID, name: str, kind: str, category: str, rep: str, college: str,
          at: datetime) -> UUID:
    """A request, admitted by the board six days later (nothing else happens in between)."""
    with frozen_time(at):
        member = app.request_membership(pole, name=name, kind=kind, category=category, representative=rep,
                                        actor=f"rep:{name}")
    _admit(app, pole, member, college, at + timedelta(days=6))
    if name in JOINING_SHARES:
        _subscribe(app, pole, member, *JOINING_SHARES[name], at + timedelta(days=6, hours=1))
    return member


def _admit(app: Collegia, pole: UUID, member: UUID, college: str, at: datetime) -> None:
    with frozen_time(at):
        app.admit_member(pole, member, decision=f"Conseil d'administration du {at:%d/%m/%Y}", actor=SECRETARY)
        app.assign_college(pole, member, college=college, reason="Catégorie d'associé à l'adhésion",
                           actor=SECRETARY)


def _vote(app: Collegia, pole: UUID, at: datetime, title: str, text: str, *, ballots: dict[str, str],
          members: dict[str, UUID], kind: str = "ordinary", effect: dict[str, Any] | None = None,
          secret: bool = False, proxies: dict[str, str] | None = None,
          proxy_ballots: dict[str, str] | None = None) -> UUID:
    with frozen_time(at - timedelta(days=15)):
        proposal = app.draft_proposal(pole, title=title, text=text, kind=kind, effect=effect, secret=secret,
                                      actor=SECRETARY)
    with frozen_time(at - timedelta(days=14)):
        app.open_voting(proposal, closes_at=at, actor=SECRETARY)
    for i, (principal, holder) in enumerate((proxies or {}).items()):
        with frozen_time(at - timedelta(days=10, minutes=-i)):
            app.grant_proxy(proposal, members[principal], members[holder], actor=f"rep:{principal}")
    for i, (name, choice) in enumerate(ballots.items()):
        with frozen_time(at - timedelta(days=7, minutes=-17 * i)):
            app.cast_ballot(proposal, members[name], choice, actor=f"rep:{name}")
    for principal, choice in (proxy_ballots or {}).items():
        holder = (proxies or {})[principal]
        with frozen_time(at - timedelta(days=3)):
            app.cast_ballot(proposal, members[principal], choice, proxy_holder=members[holder],
                            actor=f"rep:{holder}")
    with frozen_time(at + timedelta(minutes=5)):
        app.close_if_due(proposal)
    return proposal
