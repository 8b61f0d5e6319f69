# language: fr
Fonctionnalité: Résultat d'un vote pondéré par collège
  Chaque collège pèse sa part statutaire, quel que soit son nombre de membres :
  résultat = Σ part × (pour / exprimés), où les exprimés sont les voix pour et
  contre. Les abstentions ne sont pas des suffrages exprimés (Code de commerce,
  L225-96 et L225-98 depuis la loi 2019-744). Tout est calculé en fractions exactes.

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
    Et un vote ordinaire «Budget 2025» est ouvert

  Scénario: Chaque collège pèse sa part, pas son nombre de voix
    Quand le collège «salaries» vote 3 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 3 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 3/4 + 3/10 × 1/4 + 1/5 × 1 = 15/40 + 3/40 + 8/40
    Alors le résultat est 13/20
    Et le décompte par collège est :
      | collège     | électeurs | pour | contre | abstentions | exprimés | part pour | poids effectif |
      | salaries    | 4         | 3    | 1      | 0           | 4        | 3/4       | 1/2            |
      | usagers     | 4         | 1    | 3      | 0           | 4        | 1/4       | 3/10           |
      | partenaires | 2         | 2    | 0      | 0           | 2        | 1         | 1/5            |
    Et la règle appliquée aux collèges vides est «none»
    Et la résolution est adoptée

  Scénario: Les abstentions ne sont pas des suffrages exprimés
    Quand le collège «salaries» vote 1 pour, 1 contre et 2 abstentions
    Et le collège «usagers» vote 2 pour, 1 contre et 1 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 1/2 + 3/10 × 2/3 + 1/5 × 1/2 = 5/20 + 4/20 + 2/20 ;
    # compter les abstentions comme des voix donnerait 3/8 et ferait échouer la résolution
    Alors le résultat est 11/20
    Et le décompte par collège est :
      | collège     | participants | pour | contre | abstentions | exprimés | part pour |
      | salaries    | 4            | 1    | 1      | 2           | 2        | 1/2       |
      | usagers     | 4            | 2    | 1      | 1           | 3        | 2/3       |
      | partenaires | 2            | 1    | 1      | 0           | 2        | 1/2       |
    Et la résolution est adoptée

  Scénario: Un collège qui ne fait que s'abstenir est un collège silencieux
    Quand le collège «salaries» vote 3 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 0 pour, 0 contre et 2 abstentions
    Et le vote est clos par le secrétaire
    # la part des partenaires est répartie au prorata : 5/8 × 3/4 + 3/8 × 1/2 = 15/32 + 6/32
    Alors le résultat est 21/32
    Et les collèges vides sont «partenaires»
    Et le décompte par collège est :
      | collège     | exprimés | part pour | poids effectif |
      | salaries    | 4        | 3/4       | 5/8            |
      | usagers     | 2        | 1/2       | 3/8            |
      | partenaires | 0        | —         | 0              |
    Et la résolution est adoptée
