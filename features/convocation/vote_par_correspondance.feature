# language: fr
Fonctionnalité: Voter par correspondance avant l'assemblée (Code de commerce, art. L225-107 I, R225-75 à R225-77, R225-85)
  L225-107 I : « Tout actionnaire peut voter par correspondance […]. Pour le calcul du quorum, il n'est tenu
  compte que des formulaires qui ont été reçus par la société avant la réunion de l'assemblée […]. Les
  formulaires ne donnant aucun sens de vote ou exprimant une abstention ne sont pas considérés comme des votes
  exprimés. » R225-77 : les formulaires papier comptent s'ils sont reçus au plus tard trois jours avant la
  réunion (le 16 janvier pour le 19), les formulaires électroniques jusqu'à la veille à 15 heures, heure de
  Paris ; le formulaire « vaut pour les assemblées successives convoquées avec le même ordre du jour ».
  L225-106 : pour un pouvoir sans indication de mandataire, le président vote pour les résolutions présentées
  par le conseil. R225-85 III : qui a voté par correspondance ne choisit plus un autre mode de participation,
  sauf disposition contraire des statuts.
  Douze membres : le quorum ordinaire de première convocation (1/5) en demande 3 (12 / 5 = 2,4, arrondi à 3).

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Plan du scénario: Un formulaire <canal> reçu le <le> est <issue>
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Quand on tente d'enregistrer le formulaire :
      | membre     | reçu    | le   | Comptes 2026 |
      | salaries-2 | <reçu>  | <le> | pour         |
    Alors <résultat>

    Exemples:
      | canal      | reçu     | le               | issue   | résultat |
      | papier     | papier   | 2027-01-16       | compté  | la demande est acceptée |
      | papier     | papier   | 2027-01-17       | refusé  | la demande est refusée avec le message «R225-77: paper forms received after 2027-01-16 are not counted (received on 2027-01-17)» |
      | en ligne   | en ligne | 2027-01-18 14:59 | compté  | la demande est acceptée |
      | en ligne   | en ligne | 2027-01-18 15:01 | refusé  | la demande est refusée avec le message «R225-77: electronic forms are received until the eve of the meeting at 15:00, Paris time (2027-01-18 15:00)» |
      | en ligne   | en ligne | 2027-01-03 12:00 | refusé  | la demande est refusée avec le message «a correspondence form is received once the convocation is sent (Code de commerce R225-75)» |

  Scénario: Des statuts qui raccourcissent le délai des formulaires papier à un jour
    Soit les statuts fixent la réception des formulaires papier 1 jours avant l'assemblée
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Quand on tente d'enregistrer le formulaire :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-18 | pour         |
    Alors la demande est acceptée

  Scénario: Les formulaires comptent pour le quorum et votent dès la mise aux voix
    Deux formulaires et une présence : 3 membres sur 12, le quorum de 3 est atteint. Une résolution laissée
    en blanc est une abstention ; le pouvoir au président vote pour.
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
      | Budget 2027  |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et le secrétaire enregistre le dépôt des lettres à la poste le 2027-01-04
    Et les formulaires de vote par correspondance :
      | membre     | forme                | reçu     | le               | Comptes 2026 | Budget 2027 |
      | salaries-2 | par correspondance   | papier   | 2027-01-16       | contre       |             |
      | salaries-3 | pouvoir au président | en ligne | 2027-01-18 14:59 |              |             |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Et le secrétaire enregistre «salaries-1» présent
    Alors les membres qui comptent pour le quorum sont 3 sur 12
    Quand le secrétaire met aux voix «Comptes 2026»
    Alors le bulletin de «salaries-2» sur «Comptes 2026» est «contre», porté par son formulaire
    Et le bulletin de «salaries-3» sur «Comptes 2026» est «pour», porté par son formulaire
    Et le procès-verbal indique une convocation par courriel à 0 et par courrier à 12 membres, délai respecté

  Scénario: Sans les formulaires, le quorum manquerait
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-16 | pour         |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Et le secrétaire enregistre «salaries-1» présent
    Alors les membres qui comptent pour le quorum sont 2 sur 12
    Quand le secrétaire tente de mettre aux voix «Comptes 2026»
    Alors la demande est refusée avec le message «quorum not reached: 2 of 12 members present, represented or voting remotely, 3 needed on first convocation»

  Scénario: Qui a voté par correspondance ne vient pas voter en séance (par défaut)
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-10 | pour         |
    Quand on tente d'enregistrer le formulaire :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-12 | contre       |
    Alors la demande est refusée avec le message «this member has already chosen how to take part (a form or a proxy): it cannot choose again unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et rien n'a été enregistré depuis
    Quand le 2027-01-19 à 18:00 la séance est ouverte
    Et le secrétaire tente d'enregistrer «salaries-2» présent
    Alors la demande est refusée avec le message «this member has voted by correspondence: it cannot take part another way unless the statutes allow it (Code de commerce, art. R225-85 III)»
    Et le formulaire de «salaries-2» est compté

  Scénario: Des statuts qui le permettent : venir en séance écarte le formulaire
    Soit les statuts permettent de prendre part autrement après un pouvoir ou un vote par correspondance
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-10 | contre       |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Quand le secrétaire enregistre «salaries-2» présent
    Alors le formulaire de «salaries-2» est écarté
    Et les participants comptés pour le quorum sont :
      | membre     | participation |
      | salaries-2 | présent       |
    Quand le secrétaire enregistre «salaries-2» absent
    Alors le formulaire de «salaries-2» est compté
    Et les participants comptés pour le quorum sont :
      | membre     | participation      |
      | salaries-2 | par correspondance |

  Scénario: Les formulaires valent pour la deuxième convocation sur le même ordre du jour
    Première assemblée : un seul formulaire, 1 sur 12, quorum de 3 manqué. Deuxième convocation le 20 janvier
    pour le 2 février (13 jours, au moins 10 : R225-69) : pas de quorum en deuxième convocation ordinaire, le
    formulaire reçu pour la première compte sans être renvoyé.
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-10 | pour         |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Et le 2027-01-19 le secrétaire lève la séance faute de quorum
    Quand le 2027-01-20 le secrétaire convoque en deuxième convocation pour le 2027-02-02 à 18:00 sur le même ordre du jour
    Alors le formulaire de «salaries-2» est compté
    Quand le 2027-02-02 à 18:00 la séance est ouverte
    Et le secrétaire met aux voix «Comptes 2026»
    Alors le bulletin de «salaries-2» sur «Comptes 2026» est «pour», porté par son formulaire

  Scénario: Le secret d'un vote par correspondance sur une résolution à bulletin secret
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution  | secret |
      | Révocation  | oui    |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu     | le               | Révocation |
      | salaries-2 | en ligne | 2027-01-10 12:00 | contre     |
      | salaries-3 | en ligne | 2027-01-10 12:00 |            |
      | salaries-4 | papier   | 2027-01-10       | pour       |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Et le secrétaire met aux voix «Révocation»
    Alors aucun événement ne contient en clair un choix de «salaries-2» sur «Révocation»
    Et aucun événement ne contient en clair un choix de «salaries-3» sur «Révocation»
    Et aucun événement ne contient en clair un choix de «salaries-4» sur «Révocation»

  Scénario: Une SA ne peut pas exclure le vote par correspondance
    Soit les statuts excluent le vote par correspondance
    Quand le conseil tente de fonder la SCIC SA «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «in a société anonyme every member may vote by correspondence: the statutes cannot exclude it (Code de commerce L225-107 I)»
    Et rien n'a été enregistré

  Scénario: Une modification des statuts d'une SA ne peut pas non plus l'exclure
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et le collège «salaries» compte 3 membres
    Et une résolution extraordinaire «Supprimer le vote par correspondance» propose d'exclure le vote par correspondance
    Quand le secrétaire tente d'ouvrir en ligne le vote de «Supprimer le vote par correspondance» cette semaine
    Alors la demande est refusée avec le message «in a société anonyme every member may vote by correspondence: the statutes cannot exclude it (Code de commerce L225-107 I)»
    Et rien n'a été enregistré depuis

  Scénario: Sans participation électronique prévue par les statuts, pas de formulaire en ligne
    R225-77 3° : la signature électronique du formulaire peut résulter de l'identification du membre lorsque la
    société permet, conformément aux statuts, la participation par des moyens électroniques. Sinon, un
    formulaire papier signé, que le secrétariat enregistre.
    Soit les statuts ne prévoient pas la participation par des moyens électroniques
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Quand on tente d'enregistrer le formulaire :
      | membre     | reçu     | le               | Comptes 2026 |
      | salaries-2 | en ligne | 2027-01-10 12:00 | pour         |
    Alors la demande est refusée avec le message «the statutes do not provide for taking part by electronic means: the member sends a signed paper form, which the secretary records (Code de commerce R225-77 3° and R225-61)»
    Et rien n'a été enregistré depuis
    Quand on tente d'enregistrer le formulaire :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-10 | pour         |
    Alors la demande est acceptée
    Et la convocation mentionne «voter par correspondance (Code de commerce, art. L225-107) : sur un formulaire papier demandé au siège»

  Scénario: Le formulaire d'un membre parti avant la séance est écarté à son ouverture
    R225-86 al. 2 : en cas de transfert avant le jour de la séance, « la société invalide […], avant
    l'ouverture de la séance de l'assemblée, le vote exprimé à distance ». Deux formulaires reçus, l'un des
    membres quitte le pôle le 15 janvier : à l'ouverture, un seul formulaire compte.
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 12 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et les formulaires de vote par correspondance :
      | membre     | reçu   | le         | Comptes 2026 |
      | salaries-2 | papier | 2027-01-10 | pour         |
      | salaries-3 | papier | 2027-01-10 | contre       |
    Et le 2027-01-15 «salaries-3» se retire du pôle
    Quand le 2027-01-19 à 18:00 la séance est ouverte
    Alors le formulaire de «salaries-3» est écarté
    Et le formulaire de «salaries-2» est compté
    Et les membres qui comptent pour le quorum sont 1 sur 12
