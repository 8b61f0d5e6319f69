# language: fr
Fonctionnalité: Exclusion d'un membre par l'assemblée
  Par défaut, les statuts réservent l'exclusion à l'assemblée : le conseil ne
  peut pas exclure directement, une résolution motivée doit être adoptée.
  L'exclu ne vote plus aux scrutins ouverts ensuite.

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
      | Bruno  | salaries    |
      | Chloé  | usagers     |
      | David  | usagers     |
      | Élise  | partenaires |

  Scénario: Le conseil ne peut pas exclure directement
    Quand le conseil tente d'exclure «David» pour «cotisations impayées depuis deux ans»
    Alors la demande est refusée avec le message «the statutes say members are excluded by an assembly vote: draft a proposal instead»
    Et rien n'a été enregistré
    Et «David» est admis

  Scénario: Une résolution adoptée exclut le membre, qui ne vote plus ensuite
    Soit une résolution «Exclusion de David» propose d'exclure «David» pour «cotisations impayées depuis deux ans»
    Et le vote est ouvert
    Et tous les membres votent «pour»
    Et «David» vote «contre»
    Et le vote est clos par le secrétaire
    Alors la résolution est adoptée
    Et «David» est exclu
    Quand un vote ordinaire «Budget 2025» est ouvert
    Et «David» tente de voter «pour»
    Alors la demande est refusée avec le message «this member is not in the electorate frozen when voting opened»
    Et rien n'a été enregistré
