# language: fr
Fonctionnalité: Scrutin secret
  Pour un scrutin secret, le registre garde qu'un membre a voté (droit de vote,
  quorum, un bulletin par membre) mais jamais comment : aucun événement stocké
  ne contient le choix en clair. Les décomptes par collège sont publiés, avec
  une alerte quand un collège est si petit que son décompte révèle les bulletins.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 3 membres
    Et le collège «usagers» compte 3 membres
    Et le collège «partenaires» compte 2 membres
    Et un scrutin secret ordinaire «Élection du conseil» est ouvert

  Scénario: Les événements d'un scrutin secret ne contiennent aucun choix en clair
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 2 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 1/2 × 2/3 + 3/10 × 1/3 + 1/5 × 1 = 10/30 + 3/30 + 6/30
    Alors le résultat est 19/30
    Et la résolution est adoptée
    Et aucun événement enregistré pour ce scrutin ne contient de choix en clair
    Et le recomptage à partir des événements donne le résultat enregistré à la clôture

  Scénario: Un décompte unanime dans un petit collège est signalé comme révélant les bulletins
    Quand le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «partenaires» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le décompte par collège est :
      | collège     | pour | contre | abstentions |
      | salaries    | 2    | 1      | 0           |
      | usagers     | 0    | 0      | 0           |
      | partenaires | 2    | 0      | 0           |
    Et le décompte du collège «partenaires» révèle les bulletins
    Et le décompte du collège «salaries» ne révèle pas les bulletins
