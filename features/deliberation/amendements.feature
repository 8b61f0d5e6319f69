# language: fr
Fonctionnalité: Les amendements des membres, votés avant leur résolution
  Une résolution publiée pour discussion garde son texte : les membres ne le
  changent que par des amendements. Le secrétaire admet un amendement, ou le
  déclare irrecevable en disant pourquoi (un amendement ne sort pas de l'objet
  de la résolution : Code de commerce, L225-105 al. 3). Les amendements admis
  sont votés avant la résolution, dans l'ordre de leur dépôt, sous les mêmes
  règles et les mêmes poids de collège ; un amendement adopté change le texte
  mis au vote final, et le registre garde les deux textes (le procès-verbal
  les énonce : R225-106, R223-24). Un amendement dont le passage a déjà été
  changé par un amendement adopté avant lui devient caduc.

  Résultat pondéré : Σ part × (pour / exprimés), avec les parts des statuts
  (salariés 1/2, usagers 3/10, partenaires 1/5) ; une résolution ordinaire est
  adoptée au-delà de 1/2.

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
    Et le secrétaire publie pour discussion la résolution ordinaire «Budget 2026» : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»

  Scénario: Un amendement adopté change le texte mis aux voix, et le registre garde les deux textes
    Soit «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Et le secrétaire admet l'amendement n° 1
    Quand le secrétaire ouvre le vote de l'amendement n° 1
    Et le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 2/2 + 1/5 × 1/2 = 10/30 + 9/30 + 3/30 = 22/30
    Alors le résultat est 11/15
    Et l'amendement n° 1 est adopté
    Et le texte mis aux voix de «Budget 2026» est «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Quand le secrétaire ouvre le vote de «Budget 2026»
    Et le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 0 pour, 2 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 3/3 + 3/10 × 1/2 + 1/5 × 0/2 = 10/20 + 3/20 + 0
    Alors le résultat est 13/20
    Et la résolution est adoptée
    Et le texte mis aux voix de «Budget 2026» est «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et le registre garde le texte déposé de «Budget 2026» : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»
    Et le registre garde le texte que l'amendement n° 1 a donné à «Budget 2026» : «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et l'historique du vote contient, dans l'ordre :
      | fait                   |
      | ProposalDrafted        |
      | PublishedForDiscussion |
      | AmendmentReceived      |
      | AmendmentIncorporated  |
      | VotingOpened           |
      | VotingClosed           |
    Et le procès-verbal de «Budget 2026» porte le texte déposé «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.» et le texte mis aux voix «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et le procès-verbal de «Budget 2026» mentionne les amendements :
      | n° | déposé par | sort  | motif                         | issue  | résultat |
      | 1  | Chloé      | admis | Dans l'objet de la résolution | adopté | 11/15    |

  Scénario: Un amendement déclaré irrecevable n'est pas voté, la résolution est votée telle que déposée
    Soit «Fanny» dépose l'amendement n° 1 à «Budget 2026» : remplacer «Il recrute un coordinateur.» par «Il dissout le pôle.»
    Quand le secrétaire déclare l'amendement n° 1 irrecevable : «Hors de l'objet de la résolution (L225-105 al. 3)»
    Alors l'amendement n° 1 est irrecevable avec le motif «Hors de l'objet de la résolution (L225-105 al. 3)»
    Quand le secrétaire tente d'ouvrir le vote de l'amendement n° 1
    Alors la demande est refusée avec le message «an amendment is voted once the secretary admits it (this one is rejected)»
    Et la règle nommée est «deliberation»
    Et rien n'a été enregistré
    Quand le secrétaire ouvre le vote de «Budget 2026»
    Et le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 1/2 + 1/5 × 2/2 = 20/60 + 9/60 + 12/60
    Alors le résultat est 41/60
    Et la résolution est adoptée
    Et «Budget 2026» est mise aux voix telle que déposée : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»
    Et l'amendement n° 1 n'a pas été mis aux voix
    Et le procès-verbal de «Budget 2026» mentionne les amendements :
      | n° | déposé par | sort        | motif                                             | issue | résultat |
      | 1  | Fanny      | irrecevable | Hors de l'objet de la résolution (L225-105 al. 3) | —     | —        |

  Scénario: Un amendement rejeté au vote laisse à la résolution son texte
    Soit «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Et le secrétaire admet l'amendement n° 1
    Quand le secrétaire tente d'ouvrir le vote de «Budget 2026»
    Alors la demande est refusée avec le message «amendment n° 1 is still to be decided or voted: it is voted before the resolution»
    Et rien n'a été enregistré
    Quand le secrétaire ouvre le vote de l'amendement n° 1
    Et le collège «salaries» vote 1 pour, 2 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 0 pour, 2 contre et 0 abstention
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 1/3 + 3/10 × 1/2 + 1/5 × 0/2 = 10/60 + 9/60 + 0, pas au-delà de 1/2
    Alors le résultat est 19/60
    Et l'amendement n° 1 est rejeté
    Quand le secrétaire ouvre le vote de «Budget 2026»
    Et le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 3/3 + 3/10 × 2/2 + 1/5 × 1/2 = 5/10 + 3/10 + 1/10
    Alors le résultat est 9/10
    Et la résolution est adoptée
    Et «Budget 2026» est mise aux voix telle que déposée : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»
    Et le procès-verbal de «Budget 2026» mentionne les amendements :
      | n° | déposé par | sort  | motif                         | issue  | résultat |
      | 1  | Chloé      | admis | Dans l'objet de la résolution | rejeté | 19/60    |

  Scénario: Deux amendements visent le même passage : le premier adopté, le second devient caduc
    Soit «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Et «Élise» dépose l'amendement n° 2 à «Budget 2026» : remplacer «120 000 euros» par «90 000 euros»
    Et le secrétaire admet l'amendement n° 1
    Et le secrétaire admet l'amendement n° 2
    Quand le secrétaire tente d'ouvrir le vote de l'amendement n° 2
    Alors la demande est refusée avec le message «amendments are voted one at a time, in the order they were tabled: amendment n° 1 first»
    Et rien n'a été enregistré
    Quand le secrétaire ouvre le vote de l'amendement n° 1
    Et tous les membres votent «pour»
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 3/3 + 3/10 × 2/2 + 1/5 × 2/2
    Alors le résultat est 1
    Et l'amendement n° 1 est adopté
    Et l'amendement n° 2 est caduc avec le motif «the passage it changes was changed by an amendment adopted before»
    Et l'amendement n° 2 n'a pas été mis aux voix
    Quand le secrétaire tente d'ouvrir le vote de l'amendement n° 2
    Alors la demande est refusée avec le message «an amendment is voted once the secretary admits it (this one is lapsed)»
    Et rien n'a été enregistré
    Quand le secrétaire ouvre le vote de «Budget 2026»
    Et le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 2/2 + 1/5 × 1/2 = 10/30 + 9/30 + 3/30
    Alors le résultat est 11/15
    Et la résolution est adoptée
    Et le texte mis aux voix de «Budget 2026» est «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et le procès-verbal de «Budget 2026» mentionne les amendements :
      | n° | déposé par | sort  | motif                                                             | issue  | résultat |
      | 1  | Chloé      | admis | Dans l'objet de la résolution                                     | adopté | 1        |
      | 2  | Élise      | caduc | the passage it changes was changed by an amendment adopted before | —      | —        |
