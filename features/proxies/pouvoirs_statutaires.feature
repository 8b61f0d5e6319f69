# language: fr
Fonctionnalité: Règles statutaires des pouvoirs
  Les statuts peuvent fixer le nombre de pouvoirs qu'un membre détient et
  exiger que le mandataire soit du collège de son mandant.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts plafonnent les pouvoirs à 2 par mandataire
    Et les statuts exigent que le mandataire soit du collège de son mandant
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre    | collège     |
      | Alice     | salaries    |
      | Bruno     | salaries    |
      | Bérénice  | salaries    |
      | Benoît    | salaries    |
      | Chloé     | usagers     |
      | Élise     | partenaires |
    Et un vote ordinaire «Budget 2025» est ouvert

  Scénario: Le plafond statutaire de pouvoirs par mandataire
    Soit «Bruno» donne pouvoir à «Alice»
    Et «Bérénice» donne pouvoir à «Alice»
    Quand «Benoît» tente de donner pouvoir à «Alice»
    Alors la demande est refusée avec le message «the statutes cap proxies at 2 per holder, and this holder already has 2»
    Et rien n'a été enregistré

  Scénario: Un pouvoir révoqué libère une place sous le plafond
    Soit «Bruno» donne pouvoir à «Alice»
    Et «Bérénice» donne pouvoir à «Alice»
    Et «Bérénice» révoque son pouvoir
    Quand «Benoît» tente de donner pouvoir à «Alice»
    Alors la demande est acceptée

  Scénario: Le mandataire doit être du collège de son mandant
    Quand «Chloé» tente de donner pouvoir à «Alice»
    Alors la demande est refusée avec le message «the statutes require the proxy holder to be in the principal's college»
    Et rien n'a été enregistré
