# language: fr
Fonctionnalité: Électorat figé à l'ouverture du vote
  Les membres et leurs collèges sont figés quand le vote s'ouvre : un membre
  admis ensuite ne vote pas, un membre qui se retire ensuite garde la voix déjà
  exprimée mais n'en exprime plus de nouvelle, un membre changé de collège
  vote dans son collège d'origine.

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
    Et «Coop Bois» demande à adhérer
    Et un vote ordinaire «Budget 2025» est ouvert

  Scénario: Un membre admis après l'ouverture ne vote pas
    Soit le conseil admet «Coop Bois» dans le collège «usagers»
    Quand «Coop Bois» tente de voter «pour»
    Alors la demande est refusée avec le message «this member is not in the electorate frozen when voting opened»
    Et rien n'a été enregistré

  Scénario: Un membre qui se retire après avoir voté garde sa voix
    Soit «Alice» vote «pour»
    Et «Chloé» vote «contre»
    Quand «Alice» se retire du pôle
    Et le vote est clos par le secrétaire
    Alors «Alice» est retiré
    Et le collège «salaries» compte 1 pour, 0 contre et 0 abstention
    # 5/8 × 1 + 3/8 × 0
    Et le résultat est 5/8
    Et la résolution est adoptée

  Scénario: Un membre changé de collège après l'ouverture vote dans son collège d'origine
    Soit le conseil réaffecte «David» au collège «partenaires»
    Quand «David» vote «contre»
    Et «Alice» vote «pour»
    Et le vote est clos par le secrétaire
    Alors le collège «usagers» compte 0 pour, 1 contre et 0 abstention
    Et le collège «partenaires» compte 0 pour, 0 contre et 0 abstention
    # 5/8 × 1 + 3/8 × 0
    Et le résultat est 5/8

  Scénario: Un membre qui se retire avant d'avoir voté ne vote plus
    Soit «Alice» vote «pour»
    Et «Bruno» se retire du pôle
    Quand «Bruno» tente de voter «contre»
    Alors la demande est refusée avec le message «is withdrawn since the electorate was frozen»
    Et rien n'a été enregistré
