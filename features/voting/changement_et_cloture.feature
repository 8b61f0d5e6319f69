# language: fr
Fonctionnalité: Changer son vote et clore le scrutin
  Un membre peut changer de bulletin jusqu'à la clôture : le dernier compte.
  Le vote se clôt à l'heure annoncée, ou plus tôt par le secrétaire.

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
      | Chloé  | usagers     |
      | Élise  | partenaires |
    Et un vote ordinaire «Budget 2025» est ouvert

  Scénario: Le dernier bulletin d'un membre est celui qui compte
    Quand «Alice» vote «pour»
    Et «Alice» vote «contre»
    Et «Chloé» vote «pour»
    Et le vote est clos par le secrétaire
    Alors le collège «salaries» compte 0 pour, 1 contre et 0 abstention
    # 5/8 × 0 + 3/8 × 1
    Et le résultat est 3/8
    Et la résolution est rejetée
    Et l'historique du vote contient, dans l'ordre :
      | fait          |
      | VotingOpened  |
      | BallotCast    |
      | BallotCast    |
      | BallotCast    |
      | VotingClosed  |

  Scénario: À l'heure annoncée, le vote se clôt de lui-même et ne reçoit plus de bulletin
    Soit «Alice» vote «pour»
    Et «Chloé» vote «pour»
    Quand l'heure de clôture est passée
    Et «Élise» tente de voter «contre»
    Alors la demande est refusée avec le message «voting closed at 2025-03-10 09:00 UTC»
    Et rien n'a été enregistré
    Quand le planificateur clôt le vote s'il est échu
    Alors le vote est clos
    Et le résultat est 1
    Et la résolution est adoptée

  Scénario: Avant l'heure annoncée, le planificateur laisse le vote ouvert
    Soit «Alice» vote «pour»
    Quand le planificateur clôt le vote s'il est échu
    Alors le vote est toujours ouvert
