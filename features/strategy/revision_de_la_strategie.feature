# language: fr
Fonctionnalité: Révision de la stratégie commune
  La stratégie commune de mutualisation et de coopération (loi 2014-856, art. 9)
  est un texte versionné. Une révision est votée comme toute résolution et ne
  devient la nouvelle version qu'une fois adoptée.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts et la stratégie «Mutualiser les achats de bois local»
    Et les membres admis :
      | membre | collège     |
      | Alice  | salaries    |
      | Chloé  | usagers     |
      | Élise  | partenaires |
    Et une résolution «Stratégie 2026» propose la stratégie «Mutualiser les achats et les transports»
    Et le vote est ouvert

  Scénario: Une révision adoptée devient la nouvelle version de la stratégie
    Quand tous les membres votent «pour»
    Alors la stratégie commune est en version 1 : «Mutualiser les achats de bois local»
    Quand le vote est clos par le secrétaire
    Alors la résolution est adoptée
    Et la stratégie commune est en version 2 : «Mutualiser les achats et les transports»
    Et cette version a été adoptée par la résolution «Stratégie 2026»

  Scénario: Une révision rejetée ne change pas la stratégie
    Soit tous les membres votent «contre»
    Quand le vote est clos par le secrétaire
    Alors la résolution est rejetée
    Et la stratégie commune est en version 1 : «Mutualiser les achats de bois local»
