# language: fr
Fonctionnalité: Un objectif faible mène à une révision de la stratégie
  Les résultats d'une campagne close montrent les écarts : les indicateurs
  jugés importants mais peu réalisés. L'importance (de 1 à 6) et la
  réalisation (sur l'échelle du pôle, de 1 à 4 par défaut) ne se comparent
  qu'une fois ramenées chacune à sa propre échelle : (moyenne − 1) / (points
  − 1), de 0 pour la note la plus basse à 1 pour la plus haute ; l'écart est
  la différence des deux, le plus large en premier. De l'objectif principal
  le plus faible, le secrétaire rédige une révision de la stratégie commune,
  qui renvoie à la campagne et que l'assemblée vote comme toute résolution.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts et la stratégie «Mutualiser une légumerie et animer un tiers-lieu de coopération.»
    Et les membres admis :
      | membre         | collège       |
      | Alice          | salaries      |
      | Bruno          | salaries      |
      | Chloé          | usagers       |
      | Commune de Die | collectivites |

  # Importance sur 6 points : (moyenne − 1) / 5 ; réalisation sur 4 points : (moyenne − 1) / 3.
  #   e2 importance 5 3 4 4, moyenne 16/4 = 4 → 3/5 ; réalisation 1 1 1 1, moyenne 1 → 0 ;
  #      écart 3/5 − 0 = 3/5
  #   f1 importance 6 6 6 6, moyenne 6 → 1 ; réalisation 3 2 3 2, moyenne 10/4 = 5/2 → (3/2) / 3 = 1/2 ;
  #      écart 1 − 1/2 = 1/2
  #   a1 importance 3 2 4 3, moyenne 12/4 = 3 → 2/5 ; réalisation 2 2 1 3, moyenne 8/4 = 2 → 1/3 ;
  #      écart 2/5 − 1/3 = 6/15 − 5/15 = 1/15
  #   g1 importance 2 1 2 3, moyenne 8/4 = 2 → 1/5 ; réalisation 4 3 4 3, moyenne 14/4 = 7/2 → (5/2) / 3 = 5/6 ;
  #      écart 1/5 − 5/6 = 6/30 − 25/30 = −19/30 (mieux réalisé qu'important)
  # Les moyennes brutes diraient l'inverse pour les deux premiers : 6 − 5/2 = 7/2 pour f1, plus que 4 − 1 = 3
  # pour e2 ; mais une note de 4 sur 6 n'est pas une note de 4 sur 4. L'écart le plus large est e2, de
  # l'objectif e (« Encourager des coopérations et des mutualisations aux formes variées et innovantes »).
  Scénario: Un objectif faible mène à une révision de la stratégie
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et les membres répondent (importance / réalisation) :
      | membre         | a1  | e2  | f1  | g1  |
      | Alice          | 3/2 | 5/1 | 6/3 | 2/4 |
      | Chloé          | 2/2 | 3/1 | 6/2 | 1/3 |
      | Commune de Die | 4/1 | 4/1 | 6/3 | 2/4 |
      | Bruno          | 3/3 | 4/1 | 6/2 | 3/3 |
    Et le secrétaire tente de rédiger depuis la campagne la révision «Révision de la stratégie» de l'objectif «e» : «Créer des synergies entre les entreprises du pôle.»
    Alors la demande est refusée avec le message «a revision is drafted from a closed campaign's results»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré
    Quand la date du jour est le 2025-04-01
    Et le secrétaire clôt la campagne
    Alors les écarts de la campagne, du plus large au plus étroit, sont :
      | indicateur | importance moyenne | réalisation moyenne | écart  |
      | e2         | 4                  | 1                   | 3/5    |
      | f1         | 6                  | 5/2                 | 1/2    |
      | a1         | 3                  | 2                   | 1/15   |
      | g1         | 2                  | 7/2                 | -19/30 |
    Et l'écart le plus large est celui de l'indicateur «e2», de l'objectif «e»
    Quand le secrétaire rédige depuis la campagne la révision «Révision de la stratégie après l'auto-évaluation 2025» de l'objectif «e» : «Mutualiser une légumerie, animer un tiers-lieu de coopération et créer des synergies entre les entreprises du pôle.»
    Alors la campagne renvoie à la révision «Révision de la stratégie après l'auto-évaluation 2025» pour l'objectif «e»
    Et la révision «Révision de la stratégie après l'auto-évaluation 2025» propose la stratégie «Mutualiser une légumerie, animer un tiers-lieu de coopération et créer des synergies entre les entreprises du pôle.»
    Quand le vote est ouvert
    Et tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Alors la résolution est adoptée
    Et la stratégie commune est en version 2 : «Mutualiser une légumerie, animer un tiers-lieu de coopération et créer des synergies entre les entreprises du pôle.»
    Et cette version a été adoptée par la résolution «Révision de la stratégie après l'auto-évaluation 2025»

  # La version 2 du pôle note la réalisation sur 5 points : (moyenne − 1) / 4.
  #   e2 importance 4 5 3, moyenne 4 → 3/5 ; réalisation 2 1 3, moyenne 2 → 1/4 ; écart 3/5 − 1/4 = 7/20
  #   f1 importance 6 6 6, moyenne 6 → 1 ; réalisation 5 3 4, moyenne 4 → 3/4 ; écart 1 − 3/4 = 1/4 = 5/20
  Scénario: L'écart suit l'échelle de réalisation que le pôle a choisie
    Quand le pôle adopte sa version du référentiel, la réalisation notée en 5 points : «pas engagé, amorcé, engagé, en bonne voie, atteint»
    Alors le référentiel du pôle est en version 2, la réalisation notée en 5 points
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Alors la campagne suit la version 2 du référentiel
    Quand les membres répondent (importance / réalisation) :
      | membre         | e2  | f1  |
      | Alice          | 4/2 | 6/5 |
      | Chloé          | 5/1 | 6/3 |
      | Commune de Die | 3/3 | 6/4 |
    Et le secrétaire clôt la campagne
    Alors les écarts de la campagne, du plus large au plus étroit, sont :
      | indicateur | importance moyenne | réalisation moyenne | écart |
      | e2         | 4                  | 2                   | 7/20  |
      | f1         | 6                  | 4                   | 1/4   |
