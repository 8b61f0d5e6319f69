# language: fr
Fonctionnalité: Un amendement qui change les parts des collèges est vérifié au dépôt
  Un amendement peut changer la décision typée d'une résolution modifiant les
  statuts (d'autres parts de collèges). Ces parts sont vérifiées dès le dépôt,
  comme un projet du secrétaire : dans une SCIC, chaque collège pèse entre
  10 % et 50 % des voix (loi n° 47-1775 du 10 septembre 1947, art. 19 octies).
  Un amendement hors de ces bornes est refusé, la règle nommée, et rien n'est
  enregistré. L'amendement est voté sous les règles de sa résolution :
  extraordinaire, adoptée à 2/3 au moins des suffrages exprimés pondérés.

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
    Et une résolution extraordinaire «Rééquilibrer les collèges» propose les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 40%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 30%  |
    Et le secrétaire publie «Rééquilibrer les collèges» pour discussion

  Scénario: Un collège à 60 % est refusé au dépôt, la règle nommée
    Quand «Alice» tente de déposer un amendement à «Rééquilibrer les collèges» proposant les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 60%  |
      | usagers     | Usagers     | 20%  |
      | partenaires | Partenaires | 20%  |
    # 60 % > 50 %, le plafond d'un collège de SCIC (art. 19 octies), bien que 60 + 20 + 20 = 100
    Alors la demande est refusée avec le message «'Salariés' would hold 60.00 %, above the 50 % maximum for a SCIC»
    Et la règle nommée est «statutes»
    Et rien n'a été enregistré

  Scénario: Un amendement dans les bornes est voté sous les règles de sa résolution, puis l'emporte
    Quand «Chloé» dépose l'amendement n° 1 à «Rééquilibrer les collèges» proposant les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 45%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 25%  |
    Alors l'amendement n° 1 est voté sous les règles de «Rééquilibrer les collèges» : résolution extraordinaire
    Quand le secrétaire admet l'amendement n° 1
    Et le secrétaire ouvre le vote de l'amendement n° 1
    Et le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 1 pour, 1 contre et 0 abstention
    Et le vote de l'amendement n° 1 est clos par le secrétaire
    # parts en vigueur (version 1) : 1/2 × 3/3 + 3/10 × 2/2 + 1/5 × 1/2 = 5/10 + 3/10 + 1/10 ≥ 2/3
    Alors le résultat est 9/10
    Et l'amendement n° 1 est adopté
    Et le pôle est aux statuts en version 1
    Quand le secrétaire ouvre le vote de «Rééquilibrer les collèges»
    Et le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 0 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 2/2 + 1/5 × 2/2 = 10/30 + 9/30 + 6/30 ≥ 2/3 (20/30)
    Alors le résultat est 5/6
    Et la résolution est adoptée
    Et le pôle est aux statuts en version 2
    Et les statuts en version 2 ont été adoptés par la résolution «Rééquilibrer les collèges»
    # les parts de l'amendement (45 %, 30 %, 25 %), non celles déposées (40 %, 30 %, 30 %)
    Et le collège «salaries» pèse 9/20 dans les statuts en vigueur
    Et le collège «partenaires» pèse 1/4 dans les statuts en vigueur
