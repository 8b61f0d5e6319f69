# language: fr
Fonctionnalité: Deux campagnes comparées, à un an d'écart
  Chaque année, le pôle refait son auto-évaluation avec le même référentiel.
  Les résultats figés de deux campagnes closes se comparent objectif par
  objectif : la médiane et la moyenne de la réalisation de chaque objectif
  principal, qui réunit toutes les notes de ses indicateurs.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les membres admis :
      | membre         | collège       |
      | Alice          | salaries      |
      | Bruno          | salaries      |
      | Chloé          | usagers       |
      | Dora           | usagers       |
      | Commune de Die | collectivites |

  # 2025, objectif a (a1 1 2 1 3, a2 2 1 2 1, a3 1 1 2 2) : 12 notes, 1 ×6, 2 ×5, 3 ×1 ;
  #   la 6e est un 1, la 7e un 2 : médiane (1 + 2) / 2 = 3/2 ; somme 6 + 10 + 3 = 19, moyenne 19/12.
  # 2025, objectif e (e1 2 3 1 2, e2 2 2 2 4, e3 3 2 3 3) : 12 notes, 1 ×1, 2 ×6, 3 ×4, 4 ×1 ;
  #   la 6e et la 7e sont des 2 : médiane 2 ; somme 1 + 12 + 12 + 4 = 29, moyenne 29/12.
  # 2026 (Dora répond aussi), objectif a (a1 3 3 2 4 3, a2 2 3 3 2 1, a3 2 2 4 3 3) : 15 notes,
  #   1 ×1, 2 ×5, 3 ×7, 4 ×2 ; la 8e est un 3 : médiane 3 ; somme 1 + 10 + 21 + 8 = 40, moyenne 40/15 = 8/3.
  # 2026, objectif e (e1 2 3 2 3 1, e2 2 1 2 2 2, e3 3 2 2 3 2) : 15 notes, 1 ×2, 2 ×9, 3 ×4 ;
  #   la 8e est un 2 : médiane 2 ; somme 2 + 18 + 12 = 32, moyenne 32/15.
  # L'objectif a passe d'une médiane de 3/2 à 3 ; celui de e garde sa médiane, 2, mais sa moyenne baisse
  # (29/12 ≈ 2,42 puis 32/15 ≈ 2,13) ; l'objectif b n'est noté ni en 2025 ni en 2026.
  Scénario: Deux campagnes comparées
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et les membres notent la réalisation :
      | membre         | a1 | a2 | a3 | e1 | e2 | e3 |
      | Alice          | 1  | 2  | 1  | 2  | 2  | 3  |
      | Chloé          | 2  | 1  | 1  | 3  | 2  | 2  |
      | Commune de Die | 1  | 2  | 2  | 1  | 2  | 3  |
      | Bruno          | 3  | 1  | 2  | 2  | 4  | 3  |
    Et la date du jour est le 2025-04-01
    Et le secrétaire clôt la campagne
    Et la date du jour est le 2026-03-02
    Et le secrétaire ouvre la campagne «Auto-évaluation 2026» du 2026-03-02 au 2026-03-31
    Et les membres notent la réalisation :
      | membre         | a1 | a2 | a3 | e1 | e2 | e3 |
      | Alice          | 3  | 2  | 2  | 2  | 2  | 3  |
      | Chloé          | 3  | 3  | 2  | 3  | 1  | 2  |
      | Commune de Die | 2  | 3  | 4  | 2  | 2  | 2  |
      | Bruno          | 4  | 2  | 3  | 3  | 2  | 3  |
      | Dora           | 3  | 1  | 3  | 1  | 2  | 2  |
    Et la date du jour est le 2026-04-01
    Et le secrétaire clôt la campagne
    Alors la réalisation par objectif passe de «Auto-évaluation 2025» à «Auto-évaluation 2026» ainsi :
      | objectif | médiane avant | médiane après | moyenne avant | moyenne après |
      | a        | 3/2           | 3             | 19/12         | 8/3           |
      | e        | 2             | 2             | 29/12         | 32/15         |
      | b        | —             | —             | —             | —             |
    Et la réalisation de l'objectif «a» dans «Auto-évaluation 2025» se résume ainsi :
      | collège | notes | médiane | moyenne |
      | tous    | 12    | 3/2     | 19/12   |
    Et la réalisation de l'objectif «a» dans «Auto-évaluation 2026» se résume ainsi :
      | collège | notes | médiane | moyenne |
      | tous    | 15    | 3       | 8/3     |
