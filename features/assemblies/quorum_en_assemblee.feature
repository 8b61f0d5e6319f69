# language: fr
Fonctionnalité: Quorum en assemblée générale, vérifié avant chaque mise aux voix
  En assemblée, le quorum se compte par tête au moment où le secrétaire met une
  résolution aux voix : membres présents, à distance, par correspondance ou
  représentés, sur les membres convoqués. Par défaut (statuts type SA) :
  ordinaire 1/5 en première convocation, aucun en seconde ; extraordinaire 1/4
  puis 1/5. Sans quorum, le vote ne s'ouvre pas et rien n'est enregistré.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 4 membres
    Et le collège «partenaires» compte 2 membres

  Plan du scénario: Assemblée <nature> en <convocation> convocation : <présents> présent(s) sur 10, le vote ne s'ouvre pas
    Soit une assemblée générale <nature> est convoquée en <convocation> convocation sur «Règlement intérieur»
    Et la séance est ouverte
    Et <présents> membres du collège «salaries» sont présents
    Quand le secrétaire tente de mettre aux voix «Règlement intérieur»
    Alors la demande est refusée avec le message «quorum not reached: <présents> of 10 members present, represented or voting remotely, <requis> needed on <conv> convocation»
    Et rien n'a été enregistré
    Et «Règlement intérieur» n'a pas été mise aux voix
    Et le quorum de l'assemblée n'est pas atteint : <présents> sur 10, <requis> requis

    # ordinaire 1/5 × 10 = 2 ; extraordinaire 1/4 × 10 = 2,5 → 3, puis 1/5 × 10 = 2
    Exemples:
      | nature         | convocation | présents | requis | conv   |
      | ordinaire      | première    | 1        | 2      | first  |
      | extraordinaire | première    | 2        | 3      | first  |
      | extraordinaire | seconde     | 1        | 2      | second |

  Plan du scénario: Assemblée <nature> en <convocation> convocation : <présents> présent(s) sur 10, le vote s'ouvre
    Soit une assemblée générale <nature> est convoquée en <convocation> convocation sur «Règlement intérieur»
    Et la séance est ouverte
    Et <présents> membres du collège «salaries» sont présents
    Alors le quorum de l'assemblée est atteint : <présents> sur 10, <requis> requis
    Quand le secrétaire met aux voix «Règlement intérieur»
    Alors «Règlement intérieur» est mise aux voix en séance
    Quand le secrétaire enregistre «pour» pour chaque participant
    Et le vote est clos par le secrétaire
    Alors le quorum est atteint : participation <présents> sur 10
    Et la résolution est adoptée
    Et l'assemblée note «Règlement intérieur» adoptée

    Exemples:
      | nature         | convocation | présents | requis |
      | ordinaire      | première    | 2        | 2      |
      | ordinaire      | seconde     | 1        | 0      |
      | extraordinaire | première    | 3        | 3      |
      | extraordinaire | seconde     | 2        | 2      |

  Scénario: Présents, à distance, par correspondance et représentés comptent tous pour le quorum
    Soit une assemblée générale extraordinaire est convoquée en première convocation sur «Fusion des ateliers»
    Et «partenaires-1» donne pouvoir à «salaries-1» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre     | participation      |
      | salaries-1 | présent            |
      | usagers-1  | à distance         |
    Quand le secrétaire tente de mettre aux voix «Fusion des ateliers»
    # 2 participants et 1 représenté : 3 sur 10 atteint 1/4
    Alors la demande est acceptée
    Et les participants comptés pour le quorum sont :
      | membre        | participation |
      | salaries-1    | présent       |
      | usagers-1     | à distance    |
      | partenaires-1 | représenté    |

  Scénario: Le vote par correspondance fait le quorum qui manquait
    Soit une assemblée générale extraordinaire est convoquée en première convocation sur «Fusion des ateliers»
    Et la séance est ouverte
    Et la feuille de présence :
      | membre     | participation |
      | salaries-1 | présent       |
      | usagers-1  | à distance    |
    Alors le quorum de l'assemblée n'est pas atteint : 2 sur 10, 3 requis
    Quand le secrétaire enregistre «usagers-2» par correspondance
    Alors le quorum de l'assemblée est atteint : 3 sur 10, 3 requis
    Quand le secrétaire met aux voix «Fusion des ateliers»
    Alors les votants de «Fusion des ateliers» sont «salaries-1, usagers-1, usagers-2»

  Scénario: Un membre noté présent par erreur puis absent ne compte plus
    Soit une assemblée générale ordinaire est convoquée en première convocation sur «Règlement intérieur»
    Et la séance est ouverte
    Et 2 membres du collège «usagers» sont présents
    Quand le secrétaire enregistre «usagers-2» absent
    Et le secrétaire tente de mettre aux voix «Règlement intérieur»
    Alors la demande est refusée avec le message «quorum not reached: 1 of 10 members present, represented or voting remotely, 2 needed on first convocation»

  Scénario: Un membre admis après la convocation ne compte pas pour le quorum
    Soit une assemblée générale ordinaire est convoquée en première convocation sur «Règlement intérieur»
    Et «Coop Bois» demande à adhérer
    Et le conseil admet «Coop Bois» dans le collège «usagers»
    Quand le secrétaire tente d'enregistrer «Coop Bois» présent
    Alors la demande est refusée avec le message «this member is not in the electorate frozen when the assembly was convened»
    Et rien n'a été enregistré

  Scénario: Une assemblée ordinaire ne vote pas une résolution extraordinaire
    Soit l'ordre du jour :
      | résolution           | nature         |
      | Comptes 2025         | ordinaire      |
      | Modifier les statuts | extraordinaire |
    Quand le secrétaire tente de convoquer une assemblée générale ordinaire sur cet ordre du jour
    Alors la demande est refusée avec le message «an ordinary assembly cannot vote an extraordinary resolution: convene an extraordinary or mixed assembly»
    Et rien n'a été enregistré

  Scénario: Une assemblée extraordinaire ne vote pas une résolution ordinaire
    Soit l'ordre du jour :
      | résolution           | nature         |
      | Comptes 2025         | ordinaire      |
      | Modifier les statuts | extraordinaire |
    Quand le secrétaire tente de convoquer une assemblée générale extraordinaire sur cet ordre du jour
    Alors la demande est refusée avec le message «an extraordinary assembly cannot vote an ordinary resolution: convene an ordinary or mixed assembly»
    Et rien n'a été enregistré

  Scénario: Une assemblée mixte vote les deux natures, chacune à son quorum
    Soit l'ordre du jour :
      | résolution           | nature         |
      | Comptes 2025         | ordinaire      |
      | Modifier les statuts | extraordinaire |
    Et une assemblée générale mixte est convoquée en première convocation sur cet ordre du jour
    Et la séance est ouverte
    Et 2 membres du collège «salaries» sont présents
    Quand le secrétaire met aux voix «Comptes 2025»
    Alors «Comptes 2025» est mise aux voix en séance
    Quand le vote est clos par le secrétaire
    Et le secrétaire tente de mettre aux voix «Modifier les statuts»
    Alors la demande est refusée avec le message «quorum not reached: 2 of 10 members present, represented or voting remotely, 3 needed on first convocation»
