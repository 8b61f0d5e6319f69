# language: fr
Fonctionnalité: Seuils de majorité
  Une résolution ordinaire passe à plus de 50 % des suffrages exprimés : une
  égalité échoue. Une résolution extraordinaire passe à 2/3 au moins : 2/3 tout
  juste suffit.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 3 membres
    Et le collège «usagers» compte 3 membres
    Et le collège «partenaires» compte 3 membres

  Scénario: Une égalité fait échouer une résolution ordinaire
    Soit un vote ordinaire «Achat d'un véhicule partagé» est ouvert
    Quand le collège «salaries» vote 1 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le résultat est 1/2
    Et la résolution est rejetée

  Scénario: Juste au-dessus de la moitié, une résolution ordinaire passe
    Soit un vote ordinaire «Achat d'un véhicule partagé» est ouvert
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 1/2 + 1/5 × 1/2 = 20/60 + 9/60 + 6/60
    Alors le résultat est 7/12
    Et la résolution est adoptée

  Scénario: Exactement 2/3 suffit pour une résolution extraordinaire
    Soit un vote extraordinaire «Transformation en SCIC SA» est ouvert
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 1 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le résultat est 2/3
    Et la résolution est adoptée

  Scénario: Sous 2/3, une résolution extraordinaire échoue malgré une majorité
    Soit un vote extraordinaire «Transformation en SCIC SA» est ouvert
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 2 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 2/3 + 1/5 × 1/3 = 5/15 + 3/15 + 1/15
    Alors le résultat est 3/5
    Et la résolution est rejetée
