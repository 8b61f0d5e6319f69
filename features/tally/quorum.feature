# language: fr
Fonctionnalité: Quorum selon la nature de la résolution et la convocation
  Le quorum se compte par tête : membres présents, représentés ou votant à
  distance, sur les membres ayant droit de vote. Par défaut (statuts type SA) :
  ordinaire 1/5 en première convocation, aucun en seconde ; extraordinaire 1/4
  puis 1/5. Une abstention compte pour le quorum, pas dans les suffrages.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres

  Plan du scénario: Quorum <nature> en <convocation> convocation avec <votants> votant(s) sur 10
    Soit un vote <nature> «Règlement intérieur» est ouvert en <convocation> convocation
    Quand le collège «salaries» vote <votants> pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors la résolution est <issue>

    Exemples:
      | nature         | convocation | votants | issue                    |
      | ordinaire      | première    | 1       | ajournée faute de quorum |
      | ordinaire      | seconde     | 1       | adoptée                  |
      | extraordinaire | première    | 2       | ajournée faute de quorum |
      | extraordinaire | première    | 3       | adoptée                  |
      | extraordinaire | seconde     | 2       | adoptée                  |

  Scénario: Les abstentionnistes comptent pour le quorum
    Soit un vote extraordinaire «Règlement intérieur» est ouvert
    Quand le collège «salaries» vote 2 pour, 0 contre et 1 abstention
    Et le vote est clos par le secrétaire
    # 3 participants ≥ 1/4 × 10 ; le résultat ne compte que les 2 suffrages exprimés
    Alors le quorum est atteint : participation 3 sur 10
    Et le résultat est 1
    Et la résolution est adoptée
