# language: fr
Fonctionnalité: Modification des statuts par résolution extraordinaire
  Les parts des collèges, leur composition et les règles de vote ne changent que
  par une résolution extraordinaire adoptée, qui crée une nouvelle version des
  statuts. Un vote applique toujours les statuts en vigueur à son ouverture.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 40%  |
      | usagers     | Usagers     | 40%  |
      | partenaires | Partenaires | 20%  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 2 membres
    Et le collège «usagers» compte 2 membres
    Et le collège «partenaires» compte 2 membres

  Scénario: Une résolution extraordinaire adoptée crée la version 2 des statuts
    Soit une résolution extraordinaire «Rééquilibrer les collèges» propose les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 50%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 20%  |
    Et le vote est ouvert
    Quand tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Alors la résolution est adoptée
    Et le pôle est aux statuts en version 2
    Et les statuts en version 2 ont été adoptés par la résolution «Rééquilibrer les collèges»
    Et le collège «usagers» pèse 3/10 dans les statuts en vigueur

  Scénario: Une modification rejetée laisse les statuts inchangés
    Soit une résolution extraordinaire «Rééquilibrer les collèges» propose les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 50%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 20%  |
    Et le vote est ouvert
    Quand tous les membres votent «contre»
    Et le vote est clos par le secrétaire
    Alors la résolution est rejetée
    Et le pôle est aux statuts en version 1
    Et le collège «usagers» pèse 2/5 dans les statuts en vigueur

  Scénario: Une résolution ordinaire ne peut pas modifier les statuts
    Quand le secrétaire tente de rédiger une résolution ordinaire «Rééquilibrer les collèges» proposant les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 50%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 20%  |
    Alors la demande est refusée avec le message «college weights, their composition and the voting rules change only by an extraordinary resolution»
    Et rien n'a été enregistré

  Scénario: Un vote ouvert avant la modification garde les statuts de son ouverture
    Soit un vote ordinaire «Budget 2025» est ouvert
    Et une résolution extraordinaire «Rééquilibrer les collèges» propose les statuts :
      | collège     | nom         | part |
      | salaries    | Salariés    | 50%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 20%  |
    Et le vote est ouvert
    Et tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Quand un vote ordinaire «Cotisations 2026» est ouvert
    Et le collège «salaries» vote 2 pour, 0 contre et 0 abstention sur «Budget 2025»
    Et le collège «usagers» vote 0 pour, 2 contre et 0 abstention sur «Budget 2025»
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention sur «Budget 2025»
    Et le collège «salaries» vote 2 pour, 0 contre et 0 abstention sur «Cotisations 2026»
    Et le collège «usagers» vote 0 pour, 2 contre et 0 abstention sur «Cotisations 2026»
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention sur «Cotisations 2026»
    Et le vote «Budget 2025» est clos par le secrétaire
    Et le vote «Cotisations 2026» est clos par le secrétaire
    Alors le vote «Budget 2025» applique les statuts en version 1
    Et le vote «Cotisations 2026» applique les statuts en version 2
    # v1 : 2/5 × 1 + 2/5 × 0 + 1/5 × 1 ; v2 : 1/2 × 1 + 3/10 × 0 + 1/5 × 1
    Et le résultat du vote «Budget 2025» est 3/5
    Et le résultat du vote «Cotisations 2026» est 7/10
