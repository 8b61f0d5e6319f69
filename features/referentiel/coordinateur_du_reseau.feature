# language: fr
Fonctionnalité: La coordinatrice d'un réseau ne voit que les chiffres que le pôle partage
  Un réseau régional de PTCE (ici la cellule d'une CRESS) a sa coordinatrice.
  Un pôle n'y entre que par une résolution de ses membres, qui dit ce qu'il
  partage. La coordinatrice lit la page du réseau, son export CSV et le réseau
  dans l'API : elle y voit le pôle, ce qu'il partage et rien d'autre ; jamais
  une réponse, une justification ni un nom de membre. Les pages du pôle lui
  restent fermées (403), comme l'API du pôle : coordonner un réseau n'est pas
  un rôle dans le pôle.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et la plateforme web, sur sa propre base
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les membres admis :
      | membre                          | nature          | collège       |
      | Alice Martin                    | person          | salaries      |
      | Bruno Petit                     | person          | salaries      |
      | Bérénice Roux                   | person          | salaries      |
      | Épicerie du Vercors             | ess_enterprise  | usagers       |
      | Coop Bois                       | ess_enterprise  | usagers       |
      | Librairie Les Couleurs          | company         | usagers       |
      | Commune de Die                  | local_authority | collectivites |
      | Communauté de communes du Diois | local_authority | collectivites |
    Et le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et les membres répondent (importance / réalisation) :
      | membre                 | a1  | a2  | a3  |
      | Alice Martin           | 6/2 | 5/3 | 4/1 |
      | Bruno Petit            | 5/1 | 6/3 | 3/2 |
      | Bérénice Roux          | 6/3 | 4/2 | 5/1 |
      | Épicerie du Vercors    | 4/3 | 3/4 | 6/2 |
      | Coop Bois              | 3/1 | 5/3 | 2/2 |
      | Librairie Les Couleurs | 5/3 | 4/3 | 4/4 |
    Et «Épicerie du Vercors» justifie sa note de «a1» : «Nos bénévoles s'épuisent et personne ne prend le relais»
    Et la date du jour est le 2025-04-01
    Et le secrétaire clôt la campagne
    Et le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» est déclaré sur la plateforme, avec pour coordinatrice «Sophie Laurent»

  # Adhésion : salaries 3 pour sur 3, usagers 2 pour sur 3, collectivites 1 pour sur 1 exprimé (l'abstention
  # n'est pas un suffrage exprimé) : 2/5 × 1 + 7/20 × 2/3 + 1/4 × 1 = 24/60 + 14/60 + 15/60 = 53/60 > 1/2.
  #
  # Effectifs partagés, comptés à la main : 3 personnes physiques, 2 entreprises de l'ESS (l'épicerie, la
  # coopérative), 1 entreprise (la librairie), 2 collectivités ; 8 membres admis en tout.
  #
  # 8 membres sollicités, 6 répondants : 3 salariés, 3 usagers ; les collectivités n'ont pas répondu (0
  # répondant : aucun collège n'est masqué, ceux qui ont répondu en ont 3 chacun). L'objectif principal « a »
  # réunit les notes de a1, a2 et a3. La page montre « médiane / moyenne », la moyenne arrondie à 2 décimales.
  # Importance (de 1 à 6) :
  #   salaries  a1 6 5 6, a2 5 6 4, a3 4 3 5 → triées 3 4 4 5 5 5 6 6 6 (9) : médiane la 5e, 5 ;
  #             somme 44, moyenne 44/9 ≈ 4,89
  #   usagers   a1 4 3 5, a2 3 5 4, a3 6 2 4 → triées 2 3 3 4 4 4 5 5 6 (9) : médiane 4 ; somme 36, moyenne 4
  #   tous      18 notes : 2 ×1, 3 ×3, 4 ×5, 5 ×5, 6 ×4 ; la 9e est un 4, la 10e un 5 : médiane (4 + 5) / 2 = 4,5 ;
  #             somme 80, moyenne 80/18 = 40/9 ≈ 4,44
  # Réalisation (de 1 à 4) :
  #   salaries  a1 2 1 3, a2 3 3 2, a3 1 2 1 → 1 ×3, 2 ×3, 3 ×3 (9) : médiane 2 ; somme 18, moyenne 2
  #   usagers   a1 3 1 3, a2 4 3 3, a3 2 2 4 → triées 1 2 2 3 3 3 3 4 4 (9) : médiane 3 ; somme 25,
  #             moyenne 25/9 ≈ 2,78
  #   tous      18 notes : 1 ×4, 2 ×5, 3 ×7, 4 ×2 ; la 9e est un 2, la 10e un 3 : médiane (2 + 3) / 2 = 2,5 ;
  #             somme 4 + 10 + 21 + 8 = 43, moyenne 43/18 ≈ 2,39
  # Aucun de ces groupes n'a donné partout la même note : aucun chiffre n'est masqué.
  #
  # Le pôle a pris 1 décision (son adhésion) et n'a tenu aucune assemblée : il ne partage ni l'un ni l'autre.
  Scénario: Le pôle adhère en partageant ses résultats et ses effectifs ; la coordinatrice ne voit qu'eux
    Quand une résolution «Adhésion au réseau régional» propose d'adhérer au réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» en partageant «résultats du référentiel, effectifs»
    Et le vote est ouvert
    Et le collège «salaries» vote 3 pour, 0 contre et 0 abstention
    Et le collège «usagers» vote 2 pour, 1 contre et 0 abstention
    Et le collège «collectivites» vote 1 pour, 0 contre et 1 abstention
    Et le vote est clos par le secrétaire
    Alors le résultat est 53/60
    Et la résolution est adoptée
    Quand la coordinatrice lit la page du réseau, son export CSV et le réseau dans l'API
    Alors elle voit le pôle «Pôle Diois», dans le réseau par la décision «Adhésion au réseau régional»
    Et elle lit les effectifs du pôle par type de membre :
      | type                      | membres |
      | Collectivité territoriale | 2       |
      | Entreprise                | 1       |
      | Entreprise de l'ESS       | 2       |
      | Personne physique         | 3       |
    Et elle lit pour l'objectif principal «a» de la campagne «Auto-évaluation 2025» (médiane et moyenne) :
      | groupe                   | répondants | importance médiane | importance moyenne | réalisation médiane | réalisation moyenne |
      | Ensemble des répondants  | 6          | 4,5                | 4,44               | 2,5                 | 2,39                |
      | Salariés et producteurs  | 3          | 5                  | 4,89               | 2                   | 2                   |
      | Usagers et bénéficiaires | 3          | 4                  | 4                  | 3                   | 2,78                |
    Et elle ne voit ni le nombre de décisions ni la date de la dernière assemblée du pôle
    Et elle ne voit ni le nom d'un membre, ni la justification «Nos bénévoles s'épuisent et personne ne prend le relais»
    Et la coordinatrice reçoit ces réponses :
      | page                                                       | statut |
      | /networks/{réseau}                                         | 200    |
      | /networks/{réseau}/export.csv                              | 200    |
      | /poles/{pôle}/                                             | 403    |
      | /poles/{pôle}/decisions                                    | 403    |
      | /poles/{pôle}/proposals/{décision}                         | 403    |
      | /poles/{pôle}/manage/members                               | 403    |
      | /poles/{pôle}/colleges                                     | 403    |
      | /poles/{pôle}/referentiel/campaigns/{campagne}/results     | 403    |
      | /poles/{pôle}/referentiel/campaigns/{campagne}/results.csv | 403    |
      | /api/v1/networks/{réseau}                                  | 200    |
      | /api/v1/poles/{pôle}                                       | 403    |
      | /api/v1/poles/{pôle}/decisions                             | 403    |
      | /api/v1/poles/{pôle}/campaigns/{campagne}/results          | 403    |

  # Tous pour, à l'adhésion comme au départ : 2/5 + 7/20 + 1/4 = 1.
  # Une fois le pôle dans le réseau, ce qu'il partage cette fois (décisions, assemblées) se voit : 1 décision
  # décidée (l'adhésion elle-même), aucune assemblée tenue.
  Scénario: Avant l'adoption de l'adhésion, et après le départ, la coordinatrice ne voit rien du pôle
    Quand une résolution «Adhésion au réseau régional» propose d'adhérer au réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» en partageant «résultats du référentiel, effectifs, décisions, assemblées»
    Et le vote est ouvert
    Et la coordinatrice lit la page du réseau, son export CSV et le réseau dans l'API
    Alors le réseau ne montre rien du pôle «Pôle Diois»
    Quand tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Et la coordinatrice lit la page du réseau, son export CSV et le réseau dans l'API
    Alors elle voit le pôle «Pôle Diois», dans le réseau par la décision «Adhésion au réseau régional»
    Et elle lit 1 décision et une dernière assemblée «aucune tenue pour l'instant»
    Quand une résolution «Départ du réseau régional» propose de quitter le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes»
    Et le vote est ouvert
    Et tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Alors le résultat est 1
    Et la résolution est adoptée
    Quand la coordinatrice lit la page du réseau, son export CSV et le réseau dans l'API
    Alors le réseau ne montre rien du pôle «Pôle Diois»
    Et la coordinatrice reçoit ces réponses :
      | page                                                   | statut |
      | /poles/{pôle}/                                         | 403    |
      | /poles/{pôle}/referentiel/campaigns/{campagne}/results | 403    |
      | /api/v1/poles/{pôle}                                   | 403    |
