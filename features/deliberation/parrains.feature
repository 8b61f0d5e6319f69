# language: fr
Fonctionnalité: Les statuts peuvent exiger plusieurs membres pour déposer un amendement
  Les statuts fixent combien de membres déposent ensemble un amendement (un
  par défaut). Tant que l'amendement n'a pas ce nombre de soutiens, le
  secrétaire ne peut pas l'admettre. Exiger plusieurs membres n'est qu'un
  avertissement à la vérification des statuts : en assemblée d'une SA, tout
  actionnaire peut proposer un amendement en séance (doctrine).

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts exigent 2 membres pour déposer un amendement
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre   | collège     |
      | Alice    | salaries    |
      | Bruno    | salaries    |
      | Chloé    | usagers     |
      | David    | usagers     |
      | Élise    | partenaires |
    Et le secrétaire publie pour discussion la résolution ordinaire «Budget 2026» : «Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur.»

  Scénario: Un amendement déposé par un seul membre n'est admis qu'une fois soutenu par un second
    Soit «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Quand le secrétaire tente d'admettre l'amendement n° 1
    # 1 membre sur les 2 que les statuts exigent
    Alors la demande est refusée avec le message «the statutes require 2 members to table an amendment: this one has 1»
    Et la règle nommée est «deliberation»
    Et rien n'a été enregistré
    Et l'amendement n° 1 est déposé
    Quand «David» soutient l'amendement n° 1
    Et le secrétaire admet l'amendement n° 1
    Alors l'amendement n° 1 est admis
    Et l'amendement n° 1 est déposé par «Chloé, David»
    Quand le secrétaire ouvre le vote de l'amendement n° 1
    Et le collège «salaries» vote 1 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 0 contre et 0 abstention
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 1/2 + 3/10 × 2/2 + 1/5 × 1/1 = 5/20 + 6/20 + 4/20
    Alors le résultat est 3/4
    Et l'amendement n° 1 est adopté
    Et le texte mis aux voix de «Budget 2026» est «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et la vérification des statuts avertit «an amendment needs 2 sponsors: in an SA's assembly any shareholder may table one in session (doctrine), so requiring several may be challenged»
