# language: fr
Fonctionnalité: À une assemblée, l'amendement admis est voté juste avant sa résolution
  Une résolution inscrite à l'ordre du jour d'une assemblée convoquée se
  discute sans autre publication. Un amendement admis n'est pas un nouveau
  point de l'ordre du jour (Code de commerce, L225-105 al. 3) : il y prend
  place juste avant la résolution qu'il change, et la résolution ne peut être
  mise aux voix avant lui. Au procès-verbal, l'amendement est énoncé dans la
  section de sa résolution, sans numéro de résolution à lui.

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
    Et l'ordre du jour, avec les textes :
      | résolution   | nature    | texte                                                                       |
      | Comptes 2025 | ordinaire | Les comptes de l'exercice 2025 sont approuvés.                              |
      | Budget 2026  | ordinaire | Le pôle adopte le budget 2026 de 120 000 euros. Il recrute un coordinateur. |
    Et une assemblée générale ordinaire est convoquée en première convocation sur cet ordre du jour

  Scénario: L'amendement admis est inscrit juste avant sa résolution et voté avant elle
    Soit «Chloé» dépose l'amendement n° 1 à «Budget 2026» : remplacer «120 000 euros» par «100 000 euros»
    Quand le secrétaire admet l'amendement n° 1
    Alors l'ordre du jour de l'assemblée est «Comptes 2025, amendement n° 1, Budget 2026»
    Soit la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Bruno  | présent       |
      | Chloé  | à distance    |
      | David  | à distance    |
      | Élise  | présente      |
    Quand le secrétaire tente de mettre aux voix «Budget 2026»
    Alors la demande est refusée avec le message «the amendments of this resolution are voted before it: 1 still to vote»
    Et la règle nommée est «assembly»
    Et rien n'a été enregistré
    Quand le secrétaire met aux voix l'amendement n° 1
    Et le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Bruno  | pour   |
      | Élise  | contre |
    Et «Chloé» vote «pour»
    Et «David» vote «contre»
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # 1/2 × 2/2 + 3/10 × 1/2 + 1/5 × 0/1 = 10/20 + 3/20 + 0
    Alors le résultat est 13/20
    Et l'amendement n° 1 est adopté
    Et l'assemblée note «amendement n° 1» adoptée
    Quand le secrétaire met aux voix «Budget 2026»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Bruno  | contre |
      | Élise  | pour   |
    Et «Chloé» vote «pour»
    Et «David» vote «pour»
    Et le vote est clos par le secrétaire
    # 1/2 × 1/2 + 3/10 × 2/2 + 1/5 × 1/1 = 5/20 + 6/20 + 4/20
    Alors le résultat est 3/4
    Et la résolution est adoptée
    Et le texte mis aux voix de «Budget 2026» est «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et le registre garde le texte que l'amendement n° 1 a donné à «Budget 2026» : «Le pôle adopte le budget 2026 de 100 000 euros. Il recrute un coordinateur.»
    Et le procès-verbal numérote les résolutions «1. Comptes 2025, 2. Budget 2026»
    Et le procès-verbal de «Budget 2026» mentionne les amendements :
      | n° | déposé par | sort  | motif                         | issue  | résultat |
      | 1  | Chloé      | admis | Dans l'objet de la résolution | adopté | 13/20    |
