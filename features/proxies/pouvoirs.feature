# language: fr
Fonctionnalité: Pouvoirs (procurations)
  Un membre peut donner pouvoir à un autre membre pour une résolution. Le
  pouvoir est révocable tant que le mandataire ne l'a pas utilisé ; la voix
  compte dans le collège du mandant ; le mandant qui vote lui-même l'emporte.
  Par défaut, un mandataire détient au plus un pouvoir.

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
    Et un vote ordinaire «Budget 2025» est ouvert

  Scénario: La voix portée par pouvoir compte dans le collège du mandant
    Soit «Chloé» donne pouvoir à «Alice»
    Quand «Alice» vote «pour» pour «Chloé»
    Et «Alice» vote «contre»
    Et le vote est clos par le secrétaire
    Alors le collège «salaries» compte 0 pour, 1 contre et 0 abstention
    Et le collège «usagers» compte 1 pour, 0 contre et 0 abstention
    # 5/8 × 0 + 3/8 × 1
    Et le résultat est 3/8
    Et l'historique du vote contient, dans l'ordre :
      | fait         |
      | ProxyGranted |
      | BallotCast   |
      | BallotCast   |
      | VotingClosed |

  Scénario: Un pouvoir révoqué avant usage ne peut plus servir
    Soit «Chloé» donne pouvoir à «Alice»
    Et «Chloé» révoque son pouvoir
    Quand «Alice» tente de voter «pour» pour «Chloé»
    Alors la demande est refusée avec le message «this member holds no proxy from that member on this proposal»
    Et rien n'a été enregistré
    Et l'historique du vote contient, dans l'ordre :
      | fait         |
      | ProxyGranted |
      | ProxyRevoked |

  Scénario: Un pouvoir utilisé ne peut plus être révoqué
    Soit «Chloé» donne pouvoir à «Alice»
    Et «Alice» vote «pour» pour «Chloé»
    Quand «Chloé» tente de révoquer son pouvoir
    Alors la demande est refusée avec le message «the proxy holder has already used it: it can no longer be revoked»
    Et rien n'a été enregistré

  Scénario: Un mandataire ne détient pas plus de pouvoirs que les statuts ne le permettent
    Soit «Chloé» donne pouvoir à «Alice»
    Quand «David» tente de donner pouvoir à «Alice»
    Alors la demande est refusée avec le message «the statutes cap proxies at 1 per holder, and this holder already has 1»
    Et rien n'a été enregistré

  Scénario: Le mandant qui vote lui-même l'emporte sur son pouvoir
    Soit «Chloé» donne pouvoir à «Alice»
    Et «Alice» vote «pour» pour «Chloé»
    Quand «Chloé» vote «contre»
    Et «Alice» tente de voter «pour» pour «Chloé»
    Alors la demande est refusée avec le message «the principal has voted in person, which overrides its proxy»
    Et rien n'a été enregistré
    Quand le vote est clos par le secrétaire
    Alors le collège «usagers» compte 0 pour, 1 contre et 0 abstention
