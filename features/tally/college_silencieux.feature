# language: fr
Fonctionnalité: Règle du collège vide ou silencieux
  Quand aucun suffrage n'est exprimé dans un collège, les statuts disent ce que
  devient sa part, et le procès-verbal imprime la règle appliquée :
  «proportional» (par défaut) la répartit entre les collèges qui ont voté au
  prorata de leurs parts, «equal» à parts égales, «not_for» la compte comme non
  favorable, «merge_into:<collège>» la verse à un collège désigné.

  Dans chaque cas : Salariés 3 pour 1 contre (3/4), Usagers 1 pour 2 contre (1/3),
  Partenaires silencieux.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Scénario: Sans règle dans les statuts, la part est redistribuée au prorata
    Soit le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 3 membres
    Et le collège «partenaires» compte 2 membres
    Et un vote ordinaire «Budget 2025» est ouvert
    Quand le collège «salaries» vote 3 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 2 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # poids 1/2 ÷ 4/5 = 5/8 et 3/10 ÷ 4/5 = 3/8 ; 5/8 × 3/4 + 3/8 × 1/3 = 15/32 + 4/32
    Alors le résultat est 19/32
    Et la règle appliquée aux collèges vides est «proportional»
    Et les collèges vides sont «partenaires»
    Et la résolution est adoptée

  Plan du scénario: La part du collège silencieux suit la règle «<règle>»
    Soit la règle des collèges vides est «<règle>»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 3 membres
    Et le collège «partenaires» compte 2 membres
    Et un vote ordinaire «Budget 2025» est ouvert
    Quand le collège «salaries» vote 3 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 2 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le résultat est <résultat>
    Et la règle appliquée aux collèges vides est «<règle appliquée>»
    Et le décompte par collège est :
      | collège     | poids effectif   |
      | salaries    | <poids salariés> |
      | usagers     | <poids usagers>  |
      | partenaires | 0                |
    Et la résolution est <issue>

    # equal                : (1/2 + 1/10) × 3/4 + (3/10 + 1/10) × 1/3 = 9/20 + 2/15 = 7/12
    # not_for              : 1/2 × 3/4 + 3/10 × 1/3 = 15/40 + 4/40 = 19/40
    # merge_into:usagers   : 1/2 × 3/4 + (3/10 + 1/5) × 1/3 = 3/8 + 1/6 = 13/24
    # merge_into:salaries  : (1/2 + 1/5) × 3/4 + 3/10 × 1/3 = 21/40 + 4/40 = 5/8
    # merge_into:partenaires (cible vide) : repli au prorata, 19/32
    Exemples:
      | règle                  | résultat | poids salariés | poids usagers | issue   | règle appliquée                                                   |
      | equal                  | 7/12     | 3/5            | 2/5           | adoptée | equal                                                             |
      | not_for                | 19/40    | 1/2            | 3/10          | rejetée | not_for                                                           |
      | merge_into:usagers     | 13/24    | 1/2            | 1/2           | adoptée | merge_into:usagers                                                |
      | merge_into:salaries    | 5/8      | 7/10           | 3/10          | adoptée | merge_into:salaries                                               |
      | merge_into:partenaires | 19/32    | 5/8            | 3/8           | adoptée | merge_into:partenaires (target empty, fell back to proportional) |
