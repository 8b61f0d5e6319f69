# language: fr
Fonctionnalité: Recomptage à partir des événements
  L'électorat, les parts et les règles sont figés à l'ouverture et stockés avec
  la résolution : recompter à partir des seuls événements redonne toujours le
  résultat enregistré à la clôture.

  Scénario: Le recomptage redonne le résultat de la clôture, changements de vote et pouvoirs compris
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
    Et un vote ordinaire «Budget 2025» est ouvert
    Quand «Alice» vote «contre»
    Et «Alice» vote «pour»
    Et «Bruno» vote «abstention»
    Et «Chloé» donne pouvoir à «Alice»
    Et «Alice» vote «contre» pour «Chloé»
    Et «David» vote «pour»
    Et «Élise» vote «pour»
    Et «Élise» se retire du pôle
    Et le conseil réaffecte «David» au collège «partenaires»
    Et le vote est clos par le secrétaire
    # 1/2 × 1 + 3/10 × 1/2 + 1/5 × 1 = 10/20 + 3/20 + 4/20
    Alors le résultat est 17/20
    Et le recomptage à partir des événements donne le résultat enregistré à la clôture
