# language: fr
Fonctionnalité: Règles statutaires des pouvoirs en assemblée générale
  Les statuts peuvent fixer le nombre de pouvoirs qu'un membre détient pour une
  assemblée et exiger que le mandataire soit du collège de son mandant. Chaque
  pouvoir compte une tête pour le quorum.

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
      | membre   | collège     |
      | Alice    | salaries    |
      | Bruno    | salaries    |
      | Bérénice | salaries    |
      | Benoît   | salaries    |
      | Chloé    | usagers     |
      | Élise    | partenaires |
    Et une assemblée générale extraordinaire est convoquée en première convocation sur «Modifier l'objet social»

  Scénario: Le plafond statutaire de pouvoirs par mandataire
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Quand «Benoît» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est refusée avec le message «the statutes cap proxies at 2 per holder, and this holder already has 2»
    Et rien n'a été enregistré

  Scénario: Un pouvoir révoqué libère une place sous le plafond
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» révoque son pouvoir pour l'assemblée
    Quand «Benoît» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est acceptée

  Scénario: Le mandataire doit être du collège de son mandant
    Quand «Chloé» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est refusée avec le message «the statutes require the proxy holder to be in the principal's college»
    Et rien n'a été enregistré

  Scénario: Un mandataire présent avec deux pouvoirs fait trois têtes pour le quorum
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Alice» présente
    # extraordinaire, première convocation : 1/4 × 6 = 1,5 → 2 requis
    Alors le quorum de l'assemblée est atteint : 3 sur 6, 2 requis
    Quand le secrétaire met aux voix «Modifier l'objet social»
    Et le secrétaire enregistre les votes en salle :
      | membre   | vote   |
      | Alice    | pour   |
      | Bruno    | pour   |
      | Bérénice | contre |
    Et le vote est clos par le secrétaire
    Alors le bulletin de «Bérénice» a été porté par «Alice»
    Et le collège «salaries» compte 2 pour, 1 contre et 0 abstention
    # seul le collège des salariés s'exprime : 2/3, au seuil extraordinaire de 2/3
    Et le résultat est 2/3
    Et la résolution est adoptée
