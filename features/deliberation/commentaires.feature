# language: fr
Fonctionnalité: Les commentaires d'une discussion : réécrits, masqués, jamais effacés
  Une résolution publiée pour discussion reçoit les commentaires des membres,
  et des réponses sur un niveau. Un commentaire réécrit garde ses versions :
  l'historique montre ce qui a été dit, et quand. Le secrétaire peut masquer
  un commentaire en disant pourquoi : chacun voit qu'il est masqué et le motif,
  et son texte reste dans les événements du registre, chaînés comme les autres.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre | collège     |
      | Alice  | salaries    |
      | Bruno  | salaries    |
      | Chloé  | usagers     |
      | David  | usagers     |
      | Élise  | partenaires |
    Et le secrétaire publie pour discussion la résolution ordinaire «Budget 2026» : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»

  Scénario: Un commentaire masqué montre à tous qu'il l'est, et pourquoi ; son texte reste dans les événements
    Soit «David» commente «Budget 2026» : «Bruno est un incapable, il faut l'écarter du bureau.»
    Et «Alice» répond au commentaire n° 1 : «Restons sur le budget, s'il vous plaît.»
    Quand le secrétaire masque le commentaire n° 1 pour le motif «Propos injurieux envers un membre»
    Alors la discussion montre le commentaire n° 1 de «David» masqué, avec le motif «Propos injurieux envers un membre»
    Et le registre garde le texte du commentaire n° 1 : «Bruno est un incapable, il faut l'écarter du bureau.»
    Et le commentaire n° 2 se lit en version 1 : «Restons sur le budget, s'il vous plaît.»
    Quand «David» tente de réécrire le commentaire n° 1 : «Je retire ce que j'ai dit.»
    Alors la demande est refusée avec le message «this comment is already hidden»
    Et rien n'a été enregistré

  Scénario: L'historique d'un commentaire réécrit montre ses versions, dans l'ordre
    Soit nous sommes le 2025-03-04 à 18:30 à Paris
    Et «Chloé» commente «Budget 2026» : «Le montant de 120 000 euros me paraît élevé.»
    Et nous sommes le 2025-03-05 à 08:15 à Paris
    Et «Chloé» réécrit son commentaire n° 1 : «Le montant de 120 000 euros me paraît élevé pour une première année.»
    Et nous sommes le 2025-03-05 à 21:00 à Paris
    Et «Chloé» réécrit son commentaire n° 1 : «Le montant de 120 000 euros me paraît élevé : je proposerai 100 000 euros.»
    Quand «David» tente de réécrire le commentaire n° 1 : «Le montant est parfait.»
    Alors la demande est refusée avec le message «only its author edits or withdraws a comment»
    Et la règle nommée est «deliberation»
    Et rien n'a été enregistré
    Et le commentaire n° 1 se lit en version 3 : «Le montant de 120 000 euros me paraît élevé : je proposerai 100 000 euros.»
    Et l'historique du commentaire n° 1 est :
      | version | texte                                                                     | quand            | par   |
      | 1       | Le montant de 120 000 euros me paraît élevé.                              | 2025-03-04 18:30 | Chloé |
      | 2       | Le montant de 120 000 euros me paraît élevé pour une première année.      | 2025-03-05 08:15 | Chloé |
      | 3       | Le montant de 120 000 euros me paraît élevé : je proposerai 100 000 euros. | 2025-03-05 21:00 | Chloé |
