# language: fr
Fonctionnalité: Seuils de majorité fixés par les statuts
  Les statuts peuvent relever les seuils légaux (ordinaire : plus de 50 % des
  suffrages exprimés ; extraordinaire : au moins 2/3), jamais les abaisser.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Scénario: Un seuil ordinaire relevé à plus de 3/5 s'applique au vote
    Soit les statuts exigent plus de 3/5 des suffrages exprimés pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 3 membres
    Et le collège «usagers» compte 2 membres
    Et le collège «partenaires» compte 2 membres
    Et un vote ordinaire «Budget 2025» est ouvert
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 1/2 + 1/5 × 1/2 = 20/60 + 9/60 + 6/60 : plus de 1/2, pas plus de 3/5
    Alors le résultat est 7/12
    Et la résolution est rejetée

  Scénario: Les statuts ne peuvent pas faire passer une égalité en assemblée ordinaire
    Soit les statuts exigent au moins 1/2 des suffrages exprimés pour les résolutions ordinaires
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «the ordinary threshold must be above 50 % of votes cast (a tie fails)»
    Et rien n'a été enregistré

  Scénario: Les statuts ne peuvent pas abaisser le seuil extraordinaire sous 2/3
    Soit les statuts exigent au moins 3/5 des suffrages exprimés pour les résolutions extraordinaires
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «the extraordinary threshold must be at least 2/3 of votes cast»
    Et rien n'a été enregistré
