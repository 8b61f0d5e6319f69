# language: fr
Fonctionnalité: Délai de convocation d'une assemblée générale (Code de commerce, art. R225-69)
  « Le délai entre la date […] de l'envoi des lettres, soit de la transmission de la convocation par
  télécommunication électronique, et la date de l'assemblée est au moins de quinze jours sur première
  convocation et de dix jours sur convocation suivante. » Le jour de l'envoi n'est pas compté, le jour
  de l'assemblée l'est (Cass. com., 11 janv. 2005) : le délai est la différence des deux dates à Paris,
  en jours calendaires. Collegia envoie la convocation le jour où le secrétaire convoque. Les statuts
  peuvent allonger ces délais, jamais les raccourcir. Une convocation refusée n'enregistre rien.
  Dates calculées à la main dans docs/convocation-law.md (assemblée le mardi 19 janvier 2027).

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Plan du scénario: Première convocation envoyée le <envoi> (<jour>) : <jours> jours, <issue>
    Soit le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et la convocation est envoyée le <envoi> à 10:00 à Paris
    Quand le secrétaire convoque en première convocation une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur «Comptes 2026»
    Alors <résultat>

    Exemples:
      | envoi      | jour  | jours | issue   | résultat |
      | 2027-01-04 | lundi | 15    | acceptée | «Comptes 2026» est à l'ordre du jour d'une assemblée convoquée pour le 2027-01-19 |
      | 2027-01-05 | mardi | 14    | refusée | la demande est refusée avec le message «R225-69: at least 15 days are needed between sending the convocation and the assembly on first convocation (sent on 2027-01-05, the assembly on 2027-01-19 leaves 14; the earliest lawful date is 2027-01-20)» |

  Plan du scénario: Convocation suivante envoyée le <envoi> (<jour>) : <jours> jours, <issue>
    Soit le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et la convocation est envoyée le <envoi> à 10:00 à Paris
    Quand le secrétaire convoque en seconde convocation une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur «Comptes 2026»
    Alors <résultat>

    Exemples:
      | envoi      | jour     | jours | issue    | résultat |
      | 2027-01-09 | samedi   | 10    | acceptée | «Comptes 2026» est à l'ordre du jour d'une assemblée convoquée pour le 2027-01-19 |
      | 2027-01-10 | dimanche | 9     | refusée  | la demande est refusée avec le message «R225-69: at least 10 days are needed between sending the convocation and the assembly on a later convocation (sent on 2027-01-10, the assembly on 2027-01-19 leaves 9; the earliest lawful date is 2027-01-20)» |

  Scénario: Une convocation refusée pour délai trop court n'enregistre rien
    Soit le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et la convocation est envoyée le 2027-01-05 à 10:00 à Paris
    Quand le secrétaire convoque en première convocation une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur «Comptes 2026»
    Alors la demande est refusée avec le message «R225-69»
    Et rien n'a été enregistré

  Plan du scénario: Les jours se comptent à Paris : envoi le <envoi> à <heure>, heure de Paris (<utc> UTC), <issue>
    Soit le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et la convocation est envoyée le <envoi> à <heure> à Paris
    Quand le secrétaire convoque en première convocation une assemblée générale ordinaire pour le 2027-01-19 à 09:00 sur «Comptes 2026»
    Alors <résultat>

    Exemples:
      | envoi      | heure | utc              | issue    | résultat |
      | 2027-01-04 | 23:30 | 2027-01-04 22:30 | acceptée | la demande est acceptée |
      | 2027-01-05 | 00:30 | 2027-01-04 23:30 | refusée  | la demande est refusée avec le message «(sent on 2027-01-05, the assembly on 2027-01-19 leaves 14;» |

  Plan du scénario: Des statuts qui allongent le délai à 21 jours : envoi le <envoi>, <issue>
    Soit les statuts fixent un délai de convocation de 21 jours en première convocation
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et la convocation est envoyée le <envoi> à 10:00 à Paris
    Quand le secrétaire convoque en première convocation une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur «Comptes 2026»
    Alors <résultat>

    Exemples:
      | envoi      | issue    | résultat |
      | 2026-12-29 | acceptée | «Comptes 2026» est à l'ordre du jour d'une assemblée convoquée pour le 2027-01-19 |
      | 2027-01-04 | refusée  | la demande est refusée avec le message «R225-69: at least 21 days are needed between sending the convocation and the assembly on first convocation (sent on 2027-01-04, the assembly on 2027-01-19 leaves 15; the earliest lawful date is 2027-01-25)» |

  Scénario: Des statuts ne peuvent pas raccourcir le délai légal de première convocation
    Soit les statuts fixent un délai de convocation de 10 jours en première convocation
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «the notice on first convocation must be at least 15 days (Code de commerce R225-69); statutes may only lengthen it»
    Et rien n'a été enregistré

  Scénario: Des statuts ne peuvent pas raccourcir le délai légal de convocation suivante
    Soit les statuts fixent un délai de convocation de 7 jours en seconde convocation
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «the notice on a later convocation must be at least 10 days (Code de commerce R225-69); statutes may only lengthen it»
