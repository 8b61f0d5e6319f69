# language: fr
Fonctionnalité: Une assemblée ne compte que ce que les statuts et la loi permettent
  Chaque voix comptée en assemblée générale doit l'être à un titre que les
  statuts ou la loi admettent : le plafond de pouvoirs tient à chaque instant où
  un pouvoir prend effet, y compris quand une présence est corrigée ; chaque
  membre prend part d'une seule manière à une résolution (présent, à distance,
  par correspondance, ou représenté par les pouvoirs de l'assemblée, figés à la
  mise aux voix) ; l'ordre du jour est figé à la convocation (Code de commerce,
  art. R225-66 : l'avis indique la nature de l'assemblée et son ordre du jour) ;
  une assemblée ne vote que les résolutions de la nature pour laquelle elle a
  été convoquée. Un membre qui a donné pouvoir ou voté par correspondance ne
  prend plus part autrement, sauf si les statuts le permettent (R225-85 III).

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts plafonnent les pouvoirs à 2 par mandataire
    Et les statuts permettent de prendre part autrement après un pouvoir ou un vote par correspondance
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre   | collège     |
      | Alice    | salaries    |
      | Bruno    | salaries    |
      | Bérénice | salaries    |
      | Benoît   | salaries    |
      | Chloé    | usagers     |
      | David    | usagers     |
      | Élise    | partenaires |
    Et une assemblée générale ordinaire est convoquée en première convocation sur «Comptes 2025»

  Scénario: Corriger une présence ne rend pas un pouvoir au-delà du plafond
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Et «Benoît» donne pouvoir à «Alice» pour l'assemblée
    # Alice détient les pouvoirs de Bérénice et de Benoît : 2, le plafond.
    # Rendre celui de Bruno en ferait 3.
    Quand le secrétaire tente d'enregistrer «Bruno» absent
    Alors la demande est refusée avec le message «recording this member absent would bring its proxy back into force, which the statutes do not allow (the statutes cap proxies at 2 per holder, and this holder already has 2): record the absence without its proxy, or keep the member's attendance»
    Et rien n'a été enregistré
    Et le pouvoir de «Bruno» pour l'assemblée est écarté

  Scénario: Le secrétaire choisit d'enregistrer l'absence sans le pouvoir
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Et «Benoît» donne pouvoir à «Alice» pour l'assemblée
    Et le secrétaire enregistre «Alice» présente
    Quand le secrétaire enregistre «Bruno» absent sans rétablir son pouvoir
    Alors le pouvoir de «Bruno» pour l'assemblée est révoqué
    # Alice, plus les deux pouvoirs qu'elle porte : 3 têtes sur 7.
    Et les participants comptés pour le quorum sont :
      | membre   | participation |
      | Alice    | présent       |
      | Bérénice | représenté    |
      | Benoît   | représenté    |

  Scénario: Sous le plafond, corriger une présence rend le pouvoir
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Et le secrétaire enregistre «Alice» présente
    Quand le secrétaire enregistre «Bruno» absent
    Alors le pouvoir de «Bruno» pour l'assemblée est actif
    Et les participants comptés pour le quorum sont :
      | membre | participation |
      | Alice  | présent       |
      | Bruno  | représenté    |

  Scénario: Un pouvoir ne revient pas à un mandataire qui vote par correspondance
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Bruno» présent
    Et le secrétaire enregistre «Alice» par correspondance
    Quand le secrétaire tente d'enregistrer «Bruno» absent
    Alors la demande est refusée avec le message «recording this member absent would bring its proxy back into force, which the statutes do not allow (a proxy holder votes for its principals at the session: it cannot vote by correspondence): record the absence without its proxy, or keep the member's attendance»
    Et rien n'a été enregistré

  Scénario: Un pouvoir en ligne ne vaut rien sur une résolution votée en assemblée
    Soit la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Chloé  | présente      |
    Et le secrétaire met aux voix «Comptes 2025»
    # David est absent et n'a pas donné pouvoir pour l'assemblée.
    Quand «David» tente de donner pouvoir à «Chloé»
    Alors la demande est refusée avec le message «this resolution is voted in a general assembly: its proxies are the assembly's, frozen when it was put to the vote»
    Et rien n'a été enregistré
    Quand «Chloé» tente de voter «pour» pour «David»
    Alors la demande est refusée avec le message «this member holds no proxy from that member on this proposal»
    Et rien n'a été enregistré
    Quand «David» tente de voter «pour»
    Alors la demande est refusée avec le message «this member was not recorded as taking part in the assembly when this resolution was put to the vote»
    Et rien n'a été enregistré

  Scénario: Un membre représenté ne vote pas lui-même : son mandataire vote pour lui
    Soit «David» donne pouvoir à «Chloé» pour l'assemblée
    Et la séance est ouverte
    Et le secrétaire enregistre «Chloé» présente
    Et le secrétaire met aux voix «Comptes 2025»
    Quand «David» tente de voter «contre»
    Alors la demande est refusée avec le message «this member is represented at the assembly: its proxy holder votes for it»
    Et rien n'a été enregistré
    Quand «Chloé» vote «pour» pour «David»
    Et «Chloé» vote «pour»
    Et le vote est clos par le secrétaire
    # Usagers : Chloé et David, 2 pour ; 2 participants sur 7, quorum ordinaire 1/5 × 7 = 1,4 → 2.
    Alors le collège «usagers» compte 2 pour, 0 contre et 0 abstention
    Et le quorum est atteint : participation 2 sur 7

  Scénario: L'ordre du jour est figé à la convocation
    Quand le secrétaire tente de modifier «Comptes 2025» en résolution extraordinaire modifiant les statuts
    Alors la demande est refusée avec le message «this draft is on the agenda of a convened assembly, whose members were convened on its text: it can no longer be amended (Code de commerce, art. R225-66); withdraw it and put a new draft on another assembly's agenda»
    Et rien n'a été enregistré

  Scénario: Le mandant qui vient lui-même écarte son pouvoir
    Soit «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Chloé  | présente      |
    Alors le pouvoir de «Chloé» pour l'assemblée est écarté
    Et les participants comptés pour le quorum sont :
      | membre | participation |
      | Alice  | présent       |
      | Chloé  | présent       |
    Quand le secrétaire met aux voix «Comptes 2025»
    Et «Alice» tente de voter «pour» pour «Chloé»
    Alors la demande est refusée avec le message «this member holds no proxy from that member on this proposal»
    Et rien n'a été enregistré
    Quand le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Chloé  | contre |
    Et le vote est clos par le secrétaire
    Alors le collège «usagers» compte 0 pour, 1 contre et 0 abstention
    Et le quorum est atteint : participation 2 sur 7

  Scénario: Un pouvoir écarté par la venue du mandant libère la place du mandataire
    Soit «Bruno» donne pouvoir à «Alice» pour l'assemblée
    Et «Bérénice» donne pouvoir à «Alice» pour l'assemblée
    Et le secrétaire enregistre «Bruno» présent
    Quand «Benoît» tente de donner pouvoir à «Alice» pour l'assemblée
    Alors la demande est acceptée
