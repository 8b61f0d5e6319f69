# language: fr
Fonctionnalité: Vote d'une résolution en séance, en salle et à distance
  Le secrétaire met les résolutions aux voix une à une. Les membres dans la
  salle (et ceux qui ont voté par correspondance) votent par la voix du
  secrétaire, qui enregistre leurs bulletins ; ceux qui suivent à distance
  votent eux-mêmes. Tous les bulletins forment un seul décompte pondéré par
  collège. Seuls votent les membres notés participants quand la résolution a
  été mise aux voix.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre   | collège     |
      | Alice    | salaries    |
      | Bruno    | salaries    |
      | Bérénice | salaries    |
      | Chloé    | usagers     |
      | David    | usagers     |
      | Élise    | partenaires |
      | Fanny    | partenaires |
    Et l'ordre du jour :
      | résolution   | nature    |
      | Comptes 2025 | ordinaire |
      | Budget 2026  | ordinaire |
    Et une assemblée générale ordinaire est convoquée en première convocation sur cet ordre du jour
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation      |
      | Alice  | présente           |
      | Bruno  | présent            |
      | Chloé  | à distance         |
      | David  | à distance         |
      | Élise  | par correspondance |

  Scénario: Bulletins de la salle et bulletins à distance font un seul décompte pondéré
    Soit le secrétaire met aux voix «Comptes 2025»
    Quand le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Bruno  | contre |
      | Élise  | pour   |
    Et «Chloé» vote «pour»
    Et «David» vote «contre»
    Et le vote est clos par le secrétaire
    Alors le décompte par collège est :
      | collège     | électeurs | participants | pour | contre | abstentions | part pour | poids effectif |
      | salaries    | 3         | 2            | 1    | 1      | 0           | 1/2       | 1/2            |
      | usagers     | 2         | 2            | 1    | 1      | 0           | 1/2       | 3/10           |
      | partenaires | 2         | 1            | 1    | 0      | 0           | 1         | 1/5            |
    # 1/2 × 1/2 + 3/10 × 1/2 + 1/5 × 1 = 5/20 + 3/20 + 4/20
    Et le résultat est 3/5
    Et le quorum est atteint : participation 5 sur 7
    Et la résolution est adoptée
    Et l'assemblée note «Comptes 2025» adoptée
    Et le recomptage à partir des événements donne le résultat enregistré à la clôture
    Et l'historique du vote contient, dans l'ordre :
      | fait                   |
      | VotingOpenedInAssembly |
      | BallotCast             |
      | BallotCast             |
      | BallotCast             |
      | BallotCast             |
      | BallotCast             |
      | VotingClosed           |

  Scénario: Un membre à distance peut changer son vote jusqu'à la clôture
    Soit le secrétaire met aux voix «Comptes 2025»
    Quand «Chloé» vote «contre»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote        |
      | Alice  | pour        |
      | Élise  | abstention  |
    Et «Chloé» vote «pour»
    Et le vote est clos par le secrétaire
    Alors le collège «usagers» compte 1 pour, 0 contre et 0 abstention
    Et le collège «partenaires» compte 0 pour, 0 contre et 1 abstention
    # partenaires sans suffrage exprimé : 1/2 ÷ 4/5 × 1 + 3/10 ÷ 4/5 × 1
    Et le résultat est 1
    Et les collèges vides sont «partenaires»
    Et la résolution est adoptée

  Scénario: Un membre absent ne vote pas
    Soit le secrétaire met aux voix «Comptes 2025»
    Quand «Fanny» tente de voter «pour»
    Alors la demande est refusée avec le message «this member was not recorded as taking part in the assembly when this resolution was put to the vote»
    Et rien n'a été enregistré

  Scénario: Le secrétaire n'enregistre pas le bulletin d'un absent, ni aucun autre du même relevé
    Soit le secrétaire met aux voix «Comptes 2025»
    Quand le secrétaire tente d'enregistrer les votes en salle :
      | membre | vote |
      | Alice  | pour |
      | Fanny  | pour |
    Alors la demande est refusée avec le message «this member was not recorded as taking part in the assembly when this resolution was put to the vote»
    Et rien n'a été enregistré

  Scénario: Un membre arrivé après la mise aux voix vote la résolution suivante, pas celle en cours
    Soit le secrétaire met aux voix «Comptes 2025»
    Et le secrétaire enregistre «Bérénice» présente
    Quand «Bérénice» tente de voter «pour»
    Alors la demande est refusée avec le message «this member was not recorded as taking part in the assembly when this resolution was put to the vote»
    Quand le vote «Comptes 2025» est clos par le secrétaire
    Et le secrétaire met aux voix «Budget 2026»
    Et «Bérénice» vote «pour»
    Et le vote «Budget 2026» est clos par le secrétaire
    Alors le collège «salaries» compte 1 pour, 0 contre et 0 abstention
    Et le quorum est atteint : participation 6 sur 7
    Et les votants de «Comptes 2025» sont «Alice, Bruno, Chloé, David, Élise»
    Et les votants de «Budget 2026» sont «Alice, Bérénice, Bruno, Chloé, David, Élise»

  Scénario: Une seule résolution aux voix à la fois, et la séance ne se lève pas pendant un vote
    Soit le secrétaire met aux voix «Comptes 2025»
    Quand le secrétaire tente de mettre aux voix «Budget 2026»
    Alors la demande est refusée avec le message «close the resolution being voted before opening the next one»
    Et rien n'a été enregistré
    Quand le secrétaire tente de lever la séance
    Alors la demande est refusée avec le message «a resolution is still being voted: close its vote first»
    Et rien n'a été enregistré

  Scénario: Une résolution n'est mise aux voix qu'une fois
    Soit le secrétaire met aux voix «Comptes 2025»
    Et le vote est clos par le secrétaire
    Quand le secrétaire tente de mettre aux voix «Comptes 2025»
    Alors la demande est refusée avec le message «this resolution has already been put to the vote»
    Et rien n'a été enregistré

  Scénario: Une résolution inscrite à l'ordre du jour ne s'ouvre pas en ligne
    Quand le secrétaire tente d'ouvrir en ligne le vote de «Budget 2026»
    Alors la demande est refusée avec le message «this proposal is on an assembly's agenda: it is voted during the session»
    Et rien n'a été enregistré

  Scénario: Après la levée de la séance, plus aucune mise aux voix
    Soit la séance est levée
    Quand le secrétaire tente de mettre aux voix «Comptes 2025»
    Alors la demande est refusée avec le message «resolutions are put to the vote during the session (this assembly is closed)»
    Et rien n'a été enregistré
    Quand le secrétaire tente d'enregistrer «Fanny» présente
    Alors la demande est refusée avec le message «this assembly is closed»
