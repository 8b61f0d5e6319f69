# language: fr
Fonctionnalité: Bornes des collèges d'une SCIC
  Dans une SCIC, chaque collège pèse entre 10 % et 50 % des voix et les parts
  font exactement 100 % (loi n° 47-1775 du 10 septembre 1947, art. 19 octies).
  Des statuts hors de ces bornes sont refusés ; moins de trois collèges n'est
  qu'un avertissement.

  Scénario: Des statuts SCIC conformes fondent le pôle sans avertissement
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 50%  |
      | usagers     | Usagers     | 30%  |
      | partenaires | Partenaires | 20%  |
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est acceptée
    Et la vérification des statuts ne donne aucun avertissement

  Plan du scénario: Des parts hors des bornes légales sont refusées
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part          |
      | salaries    | Salariés    | <salariés>    |
      | usagers     | Usagers     | <usagers>     |
      | partenaires | Partenaires | <partenaires> |
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est refusée avec le message «<message>»
    Et rien n'a été enregistré

    Exemples:
      | salariés | usagers | partenaires | message                                                            |
      | 60%      | 30%     | 10%         | 'Salariés' would hold 60.00 %, above the 50 % maximum for a SCIC   |
      | 50%      | 45%     | 5%          | 'Partenaires' would hold 5.00 %, below the 10 % minimum for a SCIC |
      | 50%      | 30%     | 10%         | college shares sum to 90.00 %; they must sum to exactly 100 %      |

  Scénario: Moins de trois collèges n'est qu'un avertissement
    Soit des statuts «scic» avec les collèges :
      | collège  | nom      | part |
      | salaries | Salariés | 50%  |
      | usagers  | Usagers  | 50%  |
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» avec ces statuts
    Alors la demande est acceptée
    Et la vérification des statuts avertit «only 2 college(s): at least 3 is common practice»
