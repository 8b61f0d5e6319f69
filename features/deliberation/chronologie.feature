# language: fr
Fonctionnalité: La chronologie d'une décision montre le débat qui l'a précédée
  Le registre du pôle garde, dans l'ordre où ils ont eu lieu, les faits d'une
  résolution, de sa discussion et de ses amendements : publication,
  commentaires, amendement déposé, admis, voté, texte incorporé, vote de la
  résolution, clôture. Les bulletins sont comptés à part ; rien dans la
  discussion ne dit si ou comment un membre a voté.

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

  Scénario: Publication, commentaires, amendement, votes et clôture, dans l'ordre du registre
    Soit nous sommes le 2025-03-03 à 10:00 à Paris
    Et le secrétaire publie pour discussion la résolution ordinaire «Budget 2026» : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»
    Et nous sommes le 2025-03-04 à 18:30 à Paris
    Et «Chloé» commente «Budget 2026» : «Le montant me paraît élevé pour une première année.»
    Et nous sommes le 2025-03-04 à 19:05 à Paris
    Et «Alice» répond au commentaire n° 1 : «Il couvre le poste de coordination.»
    Et nous sommes le 2025-03-05 à 09:00 à Paris
    Et «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Et nous sommes le 2025-03-06 à 10:00 à Paris
    Et le secrétaire admet l'amendement n° 1
    Quand nous sommes le 2025-03-07 à 10:00 à Paris
    Et le secrétaire ouvre le vote de l'amendement n° 1
    Et le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et nous sommes le 2025-03-10 à 10:00 à Paris
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 3/3 + 3/10 × 1/2 + 1/5 × 2/2 = 10/20 + 3/20 + 4/20
    Alors le résultat est 17/20
    Et l'amendement n° 1 est adopté
    Quand nous sommes le 2025-03-10 à 10:30 à Paris
    Et le secrétaire ouvre le vote de «Budget 2026»
    Et le collège «salaries» vote 1 pour, 2 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et nous sommes le 2025-03-14 à 18:00 à Paris
    Et le vote est clos par le secrétaire
    # 1/2 × 1/3 + 3/10 × 2/2 + 1/5 × 2/2 = 5/30 + 9/30 + 6/30
    Alors le résultat est 2/3
    Et la résolution est adoptée
    Et la chronologie de «Budget 2026», bulletins mis à part, est :
      | quand            | sur             | fait                   | par        |
      | 2025-03-03 10:00 | résolution      | ProposalDrafted        | secrétaire |
      | 2025-03-03 10:00 | résolution      | PublishedForDiscussion | secrétaire |
      | 2025-03-03 10:00 | discussion      | DiscussionOpened       | secrétaire |
      | 2025-03-04 18:30 | discussion      | CommentPosted          | Chloé      |
      | 2025-03-04 19:05 | discussion      | CommentPosted          | Alice      |
      | 2025-03-05 09:00 | amendement n° 1 | ProposalDrafted        | Chloé      |
      | 2025-03-05 09:00 | amendement n° 1 | AmendmentTabled        | Chloé      |
      | 2025-03-05 09:00 | résolution      | AmendmentReceived      | Chloé      |
      | 2025-03-06 10:00 | amendement n° 1 | AmendmentAdmitted      | secrétaire |
      | 2025-03-07 10:00 | amendement n° 1 | VotingOpened           | secrétaire |
      | 2025-03-10 10:00 | amendement n° 1 | VotingClosed           | secrétaire |
      | 2025-03-10 10:00 | résolution      | AmendmentIncorporated  | secrétaire |
      | 2025-03-10 10:30 | résolution      | VotingOpened           | secrétaire |
      | 2025-03-14 18:00 | résolution      | VotingClosed           | secrétaire |
    Et aucun événement de la discussion de «Budget 2026» ne parle d'un bulletin
