# language: fr
Fonctionnalité: Quorum par collège
  Les statuts peuvent exiger, en plus du quorum général, un quorum dans chaque
  collège : un collège absent empêche alors de délibérer.

  Scénario: Un collège absent fait manquer le quorum malgré une forte participation
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts exigent un quorum de 1/2 dans chaque collège pour les résolutions ordinaires
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres
    Et un vote ordinaire «Budget 2025» est ouvert
    Quand le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le quorum n'est pas atteint : participation 5 sur 10
    Et le quorum du collège «partenaires» n'est pas atteint
    Et la résolution est ajournée faute de quorum
