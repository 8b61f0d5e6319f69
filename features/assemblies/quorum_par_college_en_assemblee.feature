# language: fr
Fonctionnalité: Quorum par collège en assemblée générale
  Quand les statuts exigent un quorum dans chaque collège pour une nature de
  résolution, le secrétaire ne peut mettre aux voix une résolution de cette
  nature que si chaque collège l'atteint ; le refus nomme les collèges en
  défaut. Le quorum par collège s'ajoute au quorum général, quelle que soit la
  convocation.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Scénario: Un collège absent empêche d'ouvrir le vote malgré une forte présence
    Soit les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et une assemblée générale ordinaire est convoquée en première convocation sur «Budget 2026»
    Et la séance est ouverte
    Et 4 membres du collège «salaries» sont présents
    Et 2 membres du collège «usagers» sont présents
    Quand le secrétaire tente de mettre aux voix «Budget 2026»
    Alors la demande est refusée avec le message «the per-college quorum is not reached in partenaires: the vote cannot be opened»
    Et rien n'a été enregistré
    Et «Budget 2026» n'a pas été mise aux voix

  Scénario: Le refus nomme chaque collège en défaut
    Soit les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et une assemblée générale ordinaire est convoquée en première convocation sur «Budget 2026»
    Et la séance est ouverte
    Et 4 membres du collège «salaries» sont présents
    Et 1 membre du collège «usagers» est présent
    Quand le secrétaire tente de mettre aux voix «Budget 2026»
    Alors la demande est refusée avec le message «the per-college quorum is not reached in partenaires, usagers: the vote cannot be opened»
    Et rien n'a été enregistré

  Scénario: Chaque collège atteint son quorum : le vote s'ouvre et le décompte le montre
    Soit les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et une assemblée générale ordinaire est convoquée en première convocation sur «Budget 2026»
    Et la séance est ouverte
    Et 4 membres du collège «salaries» sont présents
    Et 2 membres du collège «usagers» sont présents
    Et 1 membre du collège «partenaires» est présent
    Quand le secrétaire met aux voix «Budget 2026»
    Et le secrétaire enregistre les votes en salle :
      | membre        | vote   |
      | salaries-1    | pour   |
      | salaries-2    | pour   |
      | salaries-3    | pour   |
      | salaries-4    | contre |
      | usagers-1     | pour   |
      | usagers-2     | contre |
      | partenaires-1 | contre |
    Et le vote est clos par le secrétaire
    Alors le quorum est atteint : participation 7 sur 10
    Et le décompte par collège est :
      | collège     | électeurs | participants | pour | contre | poids effectif |
      | salaries    | 4         | 4            | 3    | 1      | 1/2            |
      | usagers     | 4         | 2            | 1    | 1      | 3/10           |
      | partenaires | 2         | 1            | 0    | 1      | 1/5            |
    # 1/2 × 3/4 + 3/10 × 1/2 + 1/5 × 0 = 15/40 + 6/40
    Et le résultat est 21/40
    Et la résolution est adoptée

  Plan du scénario: Quorum par collège exigé pour les seules résolutions extraordinaires : assemblée <nature>
    Soit les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions extraordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et une assemblée générale <nature> est convoquée en première convocation sur «Charte des achats»
    Et la séance est ouverte
    Et 4 membres du collège «salaries» sont présents
    Et 2 membres du collège «usagers» sont présents
    Quand le secrétaire tente de mettre aux voix «Charte des achats»
    Alors <suite>

    Exemples:
      | nature         | suite                                                                                                   |
      | ordinaire      | la demande est acceptée                                                                                 |
      | extraordinaire | la demande est refusée avec le message «the per-college quorum is not reached in partenaires: the vote cannot be opened» |

  Scénario: En seconde convocation sans quorum général, le quorum par collège s'applique encore
    Soit les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et une assemblée générale ordinaire est convoquée en seconde convocation sur «Budget 2026»
    Et la séance est ouverte
    Et 2 membres du collège «salaries» sont présents
    Et 2 membres du collège «usagers» sont présents
    Quand le secrétaire tente de mettre aux voix «Budget 2026»
    Alors la demande est refusée avec le message «the per-college quorum is not reached in partenaires: the vote cannot be opened»
    Quand le secrétaire enregistre «partenaires-1» présent
    Et le secrétaire met aux voix «Budget 2026»
    Alors «Budget 2026» est mise aux voix en séance
