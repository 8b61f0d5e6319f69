# language: fr
Fonctionnalité: Pouvoirs pour une assemblée générale
  Un membre qui ne vient pas peut donner pouvoir à un autre membre pour toute
  l'assemblée, jusqu'à la première mise aux voix. Le représenté compte pour le
  quorum si son mandataire participe (présent ou à distance), et sa voix,
  portée par le mandataire, compte dans le collège du mandant. Par défaut, un
  mandataire détient au plus un pouvoir, et un mandant ne prend plus part
  autrement (Code de commerce, art. R225-85 III) : les statuts peuvent le
  permettre (voir ce_que_l_assemblee_peut_compter.feature).

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
    Et une assemblée générale ordinaire est convoquée en première convocation sur «Comptes 2025»

  Scénario: La voix du représenté, portée par son mandataire, compte dans le collège du mandant
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Élise  | présente      |
    Quand le secrétaire met aux voix «Comptes 2025»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Chloé  | contre |
      | Élise  | pour   |
    Et le vote est clos par le secrétaire
    Alors le bulletin de «Chloé» a été porté par «Alice»
    Et le collège «salaries» compte 1 pour, 0 contre et 0 abstention
    Et le collège «usagers» compte 0 pour, 1 contre et 0 abstention
    Et le collège «partenaires» compte 1 pour, 0 contre et 0 abstention
    # 1/2 × 1 + 3/10 × 0 + 1/5 × 1
    Et le résultat est 7/10
    Et le quorum est atteint : participation 3 sur 7
    Et la résolution est adoptée

  Scénario: Un mandataire à distance vote pour son mandant depuis son navigateur
    Soit «David» donne pouvoir à «Chloé» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Chloé  | à distance    |
    Quand le secrétaire met aux voix «Comptes 2025»
    Et «Chloé» vote «pour»
    Et «Chloé» vote «contre» pour «David»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote |
      | Alice  | pour |
    Et le vote est clos par le secrétaire
    Alors le bulletin de «David» a été porté par «Chloé»
    Et le collège «usagers» compte 1 pour, 1 contre et 0 abstention
    # 1/2 ÷ 4/5 = 5/8 et 3/10 ÷ 4/5 = 3/8 ; 5/8 × 1 + 3/8 × 1/2
    Et le résultat est 13/16
    Et le quorum est atteint : participation 3 sur 7

  Scénario: Un mandataire détient au plus un pouvoir par défaut
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Quand «David» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est refusée avec le message «the statutes cap proxies at 1 per holder, and this holder already has 1»
    Et rien n'a été enregistré

  Scénario: Le pouvoir d'un mandataire absent ne compte pas
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Alors les participants comptés pour le quorum sont :
      | membre | participation |
      | Bruno  | présent       |
    # 1/5 × 7 = 1,4 : il faut 2 participants
    Quand le secrétaire tente de mettre aux voix «Comptes 2025»
    Alors la demande est refusée avec le message «quorum not reached: 1 of 7 members present, represented or voting remotely, 2 needed on first convocation»
    Et rien n'a été enregistré

  Scénario: Le pouvoir compte dès que le mandataire arrive
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Quand le secrétaire enregistre «Alice» présente
    Alors les participants comptés pour le quorum sont :
      | membre | participation |
      | Alice  | présent       |
      | Bruno  | présent       |
      | Chloé  | représentée   |
    Et le quorum de l'assemblée est atteint : 3 sur 7, 2 requis

  Scénario: Le pouvoir ne compte plus quand le mandataire s'en va
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Bruno  | présent       |
    Quand le secrétaire enregistre «Alice» absente
    Alors les participants comptés pour le quorum sont :
      | membre | participation |
      | Bruno  | présent       |
    Et le pouvoir de «Chloé» pour l'assemblée est actif

  Scénario: Par défaut, un membre qui a donné pouvoir ne prend plus part autrement (R225-85 III)
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et le secrétaire enregistre «Élise» par correspondance
    Et la séance est ouverte
    Quand le secrétaire tente d'enregistrer «Chloé» présente
    Alors la demande est refusée avec le message «this member has given its proxy for this assembly: it cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et rien n'a été enregistré
    Et le pouvoir de «Chloé» pour l'assemblée est actif
    Quand le secrétaire tente d'enregistrer «Élise» à distance
    Alors la demande est refusée avec le message «this member has voted by correspondence: it cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et rien n'a été enregistré

  Scénario: Révoquer son pouvoir ou corriger une présence ne rouvre pas le choix (R225-85 III)
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et «Chloé» révoque son pouvoir pour l'assemblée
    Et le secrétaire enregistre «Élise» par correspondance
    Et la séance est ouverte
    Et le secrétaire enregistre «Élise» absente
    Quand le secrétaire tente d'enregistrer «Chloé» présente
    Alors la demande est refusée avec le message «this member has given its proxy for this assembly: it cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et rien n'a été enregistré
    Quand le secrétaire tente d'enregistrer «Élise» présente
    Alors la demande est refusée avec le message «this member has voted by correspondence: it cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et rien n'a été enregistré
    Quand le secrétaire enregistre «Élise» par correspondance
    Alors les participants comptés pour le quorum sont :
      | membre | participation      |
      | Élise  | par correspondance |

  Scénario: Un membre qui participe ne donne pas pouvoir
    Soit le secrétaire enregistre «Chloé» à distance
    Quand «Chloé» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est refusée avec le message «this member attends the assembly itself»
    Et rien n'a été enregistré

  Scénario: Un pouvoir révoqué avant la première mise aux voix ne compte plus
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et «Chloé» révoque son pouvoir pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Bruno  | présent       |
    Alors le pouvoir de «Chloé» pour l'assemblée est révoqué
    Et les participants comptés pour le quorum sont :
      | membre | participation |
      | Alice  | présent       |
      | Bruno  | présent       |

  Scénario: Après la première mise aux voix, les pouvoirs ne changent plus
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Bruno  | présent       |
    Et le secrétaire met aux voix «Comptes 2025»
    Quand «Chloé» tente de révoquer son pouvoir pour l'assemblée
    Alors la demande est refusée avec le message «proxies for this assembly can no longer change»
    Et rien n'a été enregistré
    Quand «David» tente de donner pouvoir à «Bruno» pour l'assemblée
    Alors la demande est refusée avec le message «proxies for this assembly can no longer change: a resolution has been put to the vote»
    Et rien n'a été enregistré

  Scénario: Un mandataire ne vote pas par correspondance
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Quand le secrétaire tente d'enregistrer «Alice» par correspondance
    Alors la demande est refusée avec le message «a proxy holder votes for its principals at the session: it cannot vote by correspondence»
    Et rien n'a été enregistré

  # Défaut du domaine : la règle précédente n'est vérifiée que dans un sens. Un membre
  # déjà noté par correspondance reçoit un pouvoir sans refus, puis ce pouvoir ne compte
  # ni pour le quorum ni pour le vote (seuls les mandataires présents ou à distance
  # représentent) : le mandant se croit représenté et ne l'est pas.
  Scénario: Un membre qui vote par correspondance ne reçoit pas de pouvoir
    Soit le secrétaire enregistre «Élise» par correspondance
    Quand «Fanny» tente de donner pouvoir à «Élise» pour l'assemblée
    Alors la demande est refusée avec le message «a proxy holder votes for its principals at the session: it cannot vote by correspondence»
    Et rien n'a été enregistré
