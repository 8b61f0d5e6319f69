# language: fr
Fonctionnalité: Procès-verbal de l'assemblée générale
  Le procès-verbal est calculé à partir des événements : présence, quorum et,
  pour chaque résolution, le décompte enregistré à la clôture (décompte par
  collège, poids effectifs, règle du collège vide, résultat, issue). Seuls sont
  enregistrés les signatures (qui, en quelle qualité, sur quel texte) et les
  rectificatifs, nouvelles entrées qui renvoient à l'entrée corrigée : rien
  n'est jamais modifié, et une signature donnée avant un rectificatif ne vaut
  plus pour le texte en vigueur.

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
    Et l'ordre du jour :
      | résolution   | nature    |
      | Comptes 2025 | ordinaire |
      | Budget 2026  | ordinaire |
    Et une assemblée générale ordinaire est convoquée en première convocation sur cet ordre du jour
    Et «Chloé» donne pouvoir à «Alice» pour l'assemblée
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation      |
      | Alice  | présente           |
      | Bruno  | présent            |
      | David  | à distance         |
      | Élise  | par correspondance |
    Et le secrétaire met aux voix «Comptes 2025»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | pour   |
      | Chloé  | pour   |
      | Bruno  | pour   |
      | Élise  | contre |
    Et «David» vote «abstention»
    Et le vote «Comptes 2025» est clos par le secrétaire
    Et le secrétaire met aux voix «Budget 2026»
    Et le secrétaire enregistre les votes en salle :
      | membre | vote   |
      | Alice  | contre |
      | Chloé  | contre |
      | Bruno  | pour   |
    Et le vote «Budget 2026» est clos par le secrétaire

  Scénario: Le procès-verbal indique la présence, les pouvoirs et le quorum
    Quand la séance est levée
    Alors le procès-verbal indique la présence :
      | membre   | collège     | participation      | mandataire | pouvoirs détenus |
      | Alice    | Salariés    | présente           | —          | Chloé            |
      | Bruno    | Salariés    | présent            | —          | —                |
      | Bérénice | Salariés    | absente            | —          | —                |
      | Chloé    | Usagers     | représentée        | Alice      | —                |
      | David    | Usagers     | à distance         | —          | —                |
      | Élise    | Partenaires | par correspondance | —          | —                |
      | Fanny    | Partenaires | absente            | —          | —                |
    # ordinaire, première convocation : 1/5 × 7 = 1,4 → 2 requis
    Et le procès-verbal indique un quorum de 1/5 atteint : 5 sur 7, 2 requis

  Scénario: Chaque résolution au procès-verbal reprend exactement le décompte enregistré à la clôture
    Quand la séance est levée
    Alors le procès-verbal de «Comptes 2025» reprend le décompte enregistré à la clôture et le recomptage
    Et le procès-verbal de «Comptes 2025» indique par collège :
      | collège     | électeurs | participants | pour | contre | abstentions | poids effectif |
      | salaries    | 3         | 2            | 2    | 0      | 0           | 1/2            |
      | usagers     | 2         | 2            | 1    | 0      | 1           | 3/10           |
      | partenaires | 2         | 1            | 0    | 1      | 0           | 1/5            |
    # 1/2 × 1 + 3/10 × 1 + 1/5 × 0
    Et le procès-verbal de «Comptes 2025» indique le résultat 4/5, la règle «none» et la résolution adoptée
    Et le procès-verbal de «Comptes 2025» compte 5 bulletins dont 1 par pouvoir
    Et le procès-verbal de «Budget 2026» reprend le décompte enregistré à la clôture et le recomptage
    Et le procès-verbal de «Budget 2026» indique par collège :
      | collège     | électeurs | participants | pour | contre | abstentions | poids effectif |
      | salaries    | 3         | 2            | 1    | 1      | 0           | 5/8            |
      | usagers     | 2         | 2            | 0    | 1      | 0           | 3/8            |
      | partenaires | 2         | 1            | 0    | 0      | 0           | 0              |
    # partenaires silencieux, part répartie au prorata : 5/8 × 1/2 + 3/8 × 0
    Et le procès-verbal de «Budget 2026» indique le résultat 5/16, la règle «proportional» et la résolution rejetée
    Et le procès-verbal de «Budget 2026» compte 3 bulletins dont 1 par pouvoir

  Scénario: Le procès-verbal ne se signe qu'une fois la séance levée
    Quand «Claire Martin» tente de signer le procès-verbal en qualité de présidente
    Alors la demande est refusée avec le message «the minutes of an assembly are signed once its session is closed»
    Et rien n'a été enregistré

  Scénario: Chaque signature est une entrée : qui, en quelle qualité, sur le texte en vigueur
    Soit la séance est levée
    Quand «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Et «Léa Morvan» signe le procès-verbal en qualité de scrutatrice
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité     | à jour |
      | 1      | Claire Martin | présidente  | oui    |
      | 2      | Paul Roux     | secrétaire  | oui    |
      | 3      | Léa Morvan    | scrutatrice | oui    |
    Quand «Claire Martin» tente de signer le procès-verbal en qualité de présidente
    Alors la demande est refusée avec le message «Claire Martin has already signed these minutes as chair»
    Et rien n'a été enregistré

  Scénario: Un rectificatif est une nouvelle entrée ; les signatures antérieures ne valent plus pour le texte rectifié
    Soit la séance est levée
    Et «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Quand le secrétaire ajoute un rectificatif à l'entrée 1 : «Lire : séance ouverte à 14 h 10.»
    Alors les rectificatifs du procès-verbal sont :
      | entrée | corrige | texte                             |
      | 3      | 1       | Lire : séance ouverte à 14 h 10. |
    Et les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | non    |
      | 2      | Paul Roux     | secrétaire | non    |
    Et le procès-verbal de «Comptes 2025» reprend le décompte enregistré à la clôture et le recomptage
    Quand «Claire Martin» signe le procès-verbal en qualité de présidente
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | non    |
      | 2      | Paul Roux     | secrétaire | non    |
      | 4      | Claire Martin | présidente | oui    |

  Scénario: Un procès-verbal non signé ne se rectifie pas
    Soit la séance est levée
    Quand le secrétaire tente d'ajouter un rectificatif à l'entrée 1 : «Lire : séance ouverte à 14 h 10.»
    Alors la demande est refusée avec le message «only signed minutes are corrected; until then, the minutes follow the register»
    Et rien n'a été enregistré

  Scénario: Un rectificatif renvoie à une entrée existante
    Soit la séance est levée
    Et «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Quand le secrétaire tente d'ajouter un rectificatif à l'entrée 7 : «Lire : séance ouverte à 14 h 10.»
    Alors la demande est refusée avec le message «a correction must reference an existing entry of the minutes (1 to 2)»
    Et rien n'a été enregistré
