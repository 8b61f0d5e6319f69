# language: fr
Fonctionnalité: Les résultats d'une campagne d'auto-évaluation, par collège et pour tous
  Chaque membre du pôle note les indicateurs du référentiel des PTCE (Le Labo
  de l'ESS) : leur importance de 1 (très peu important) à 6 (très important)
  et leur réalisation de 1 (pas engagé) à 4 (atteint). À la clôture, la
  campagne garde pour chaque collège combien ont donné chaque note ; on en
  tire la médiane et la moyenne, par collège et pour tous. La médiane d'un
  nombre pair de notes est la moyenne des deux notes du milieu. Un objectif
  principal réunit toutes les notes de ses indicateurs.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les membres admis :
      | membre                          | collège       |
      | Alice                           | salaries      |
      | Bruno                           | salaries      |
      | Bérénice                        | salaries      |
      | Chloé                           | usagers       |
      | David                           | usagers       |
      | Dora                            | usagers       |
      | Fanny                           | usagers       |
      | Commune de Die                  | collectivites |
      | Communauté de communes du Diois | collectivites |

  # Les notes, « importance/réalisation » ; Chloé ne note pas la réalisation de a3, Fanny ne répond pas.
  #
  # a1, importance :
  #   salaries      6, 5, 6 → triées 5 6 6 : médiane 6 ; somme 17, moyenne 17/3
  #   usagers       4, 3, 5 → triées 3 4 5 : médiane 4 ; somme 12, moyenne 4
  #   collectivites 2, 4    → triées 2 4 (pair) : médiane (2 + 4) / 2 = 3 ; moyenne 6/2 = 3
  #   tous          triées 2 3 4 4 5 5 6 6 (8 notes) : médiane (4 + 5) / 2 = 9/2 ; somme 35, moyenne 35/8
  # a1, réalisation :
  #   salaries      2, 1, 3 → 1 2 3 : médiane 2 ; somme 6, moyenne 2
  #   usagers       2, 1, 2 → 1 2 2 : médiane 2 ; somme 5, moyenne 5/3
  #   collectivites 4, 3    → 3 4 : médiane (3 + 4) / 2 = 7/2 ; moyenne 7/2
  #   tous          triées 1 1 2 2 2 3 3 4 : médiane (2 + 2) / 2 = 2 ; somme 18, moyenne 18/8 = 9/4
  # a3, réalisation (Chloé n'a pas noté) :
  #   salaries      1, 2, 1 → 1 1 2 : médiane 1 ; somme 4, moyenne 4/3
  #   usagers       1, 2    → 1 2 (pair) : médiane 3/2 ; moyenne 3/2
  #   collectivites 3, 2    → 2 3 : médiane 5/2 ; moyenne 5/2
  #   tous          triées 1 1 1 2 2 2 3 (7 notes) : médiane la 4e, 2 ; somme 12, moyenne 12/7
  Scénario: Une campagne répondue par des membres de trois collèges
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et les membres répondent (importance / réalisation) :
      | membre                          | a1  | a2  | a3  |
      | Alice                           | 6/2 | 5/3 | 4/1 |
      | Bruno                           | 5/1 | 6/3 | 3/2 |
      | Bérénice                        | 6/3 | 4/2 | 5/1 |
      | Chloé                           | 4/2 | 3/4 | 6/— |
      | David                           | 3/1 | 5/2 | 2/1 |
      | Dora                            | 5/2 | 4/2 | 4/2 |
      | Commune de Die                  | 2/4 | 6/1 | 5/3 |
      | Communauté de communes du Diois | 4/3 | 3/1 | 6/2 |
    Et la date du jour est le 2025-04-01
    Et le secrétaire clôt la campagne
    Alors la campagne est close
    Et la campagne compte 9 invités et 8 répondants
    Et les répondants par collège sont :
      | collège       | répondants |
      | salaries      | 3          |
      | usagers       | 3          |
      | collectivites | 2          |
      | tous          | 8          |
    Et l'importance de l'indicateur «a1» se résume ainsi :
      | collège       | notes | médiane | moyenne |
      | salaries      | 3     | 6       | 17/3    |
      | usagers       | 3     | 4       | 4       |
      | collectivites | 2     | 3       | 3       |
      | tous          | 8     | 9/2     | 35/8    |
    Et la réalisation de l'indicateur «a1» se résume ainsi :
      | collège       | notes | médiane | moyenne |
      | salaries      | 3     | 2       | 2       |
      | usagers       | 3     | 2       | 5/3     |
      | collectivites | 2     | 7/2     | 7/2     |
      | tous          | 8     | 2       | 9/4     |
    Et la réalisation de l'indicateur «a3» se résume ainsi :
      | collège       | notes | médiane | moyenne |
      | salaries      | 3     | 1       | 4/3     |
      | usagers       | 2     | 3/2     | 3/2     |
      | collectivites | 2     | 5/2     | 5/2     |
      | tous          | 7     | 2       | 12/7    |

  # L'objectif principal « a » (développer l'ancrage territorial) réunit les notes de a1, a2 et a3.
  # Importance :
  #   salaries      a1 6 5 6, a2 5 6 4, a3 4 3 5 → triées 3 4 4 5 5 5 6 6 6 (9) : médiane la 5e, 5 ;
  #                 somme 3 + 8 + 15 + 18 = 44, moyenne 44/9
  #   usagers       a1 4 3 5, a2 3 5 4, a3 6 2 4 → triées 2 3 3 4 4 4 5 5 6 (9) : médiane 4 ;
  #                 somme 2 + 6 + 12 + 10 + 6 = 36, moyenne 4
  #   collectivites a1 2 4, a2 6 3, a3 5 6 → triées 2 3 4 5 6 6 (6) : médiane (4 + 5) / 2 = 9/2 ;
  #                 somme 26, moyenne 26/6 = 13/3
  #   tous          24 notes : 2 ×2, 3 ×4, 4 ×6, 5 ×6, 6 ×6 ; la 12e est un 4, la 13e un 5 : médiane 9/2 ;
  #                 somme 44 + 36 + 26 = 106, moyenne 106/24 = 53/12
  # Réalisation :
  #   salaries      a1 2 1 3, a2 3 3 2, a3 1 2 1 → 1 ×3, 2 ×3, 3 ×3 (9) : médiane 2 ; somme 18, moyenne 2
  #   usagers       a1 2 1 2, a2 4 2 2, a3 1 2 → triées 1 1 2 2 2 2 2 4 (8) : médiane (2 + 2) / 2 = 2 ;
  #                 somme 16, moyenne 2
  #   collectivites a1 4 3, a2 1 1, a3 3 2 → triées 1 1 2 3 3 4 (6) : médiane (2 + 3) / 2 = 5/2 ;
  #                 somme 14, moyenne 14/6 = 7/3
  #   tous          23 notes : 1 ×7, 2 ×9, 3 ×5, 4 ×2 ; la 12e est un 2 : médiane 2 ;
  #                 somme 7 + 18 + 15 + 8 = 48, moyenne 48/23
  Scénario: Un objectif principal réunit les notes de tous ses indicateurs
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et les membres répondent (importance / réalisation) :
      | membre                          | a1  | a2  | a3  |
      | Alice                           | 6/2 | 5/3 | 4/1 |
      | Bruno                           | 5/1 | 6/3 | 3/2 |
      | Bérénice                        | 6/3 | 4/2 | 5/1 |
      | Chloé                           | 4/2 | 3/4 | 6/— |
      | David                           | 3/1 | 5/2 | 2/1 |
      | Dora                            | 5/2 | 4/2 | 4/2 |
      | Commune de Die                  | 2/4 | 6/1 | 5/3 |
      | Communauté de communes du Diois | 4/3 | 3/1 | 6/2 |
    Et le secrétaire clôt la campagne
    Alors l'importance de l'objectif «a» se résume ainsi :
      | collège       | notes | médiane | moyenne |
      | salaries      | 9     | 5       | 44/9    |
      | usagers       | 9     | 4       | 4       |
      | collectivites | 6     | 9/2     | 13/3    |
      | tous          | 24    | 9/2     | 53/12   |
    Et la réalisation de l'objectif «a» se résume ainsi :
      | collège       | notes | médiane | moyenne |
      | salaries      | 9     | 2       | 2       |
      | usagers       | 8     | 2       | 2       |
      | collectivites | 6     | 5/2     | 7/3     |
      | tous          | 23    | 2       | 48/23   |
    Et la réalisation de l'objectif «b» se résume ainsi :
      | collège | notes | médiane | moyenne |
      | tous    | 0     | —       | —       |
