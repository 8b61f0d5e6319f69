# language: fr
Fonctionnalité: Le conseil dans les statuts et son élection
  Les statuts instituent le conseil : ses sièges, ses sièges réservés à un
  collège, la durée des mandats, sa méthode d'élection. L'assemblée générale ordinaire élit les membres du conseil (Code de commerce
  L225-18 ; loi n° 47-1775, art. 6). Les statuts choisissent la méthode :
  chaque candidat est une résolution ordinaire («resolution_per_candidate»),
  ou chaque électeur coche au plus autant de candidats que de sièges
  («plurality»). Dans les deux cas, chaque collège compte d'abord ses
  bulletins, puis les parts des collèges pondèrent : un candidat obtient
  Σ part du collège × (pour ÷ exprimés dans le collège). Les sièges réservés
  à un collège sont pourvus d'abord, par ses candidats dans l'ordre du
  classement ; les sièges ouverts ensuite, par les autres.

  Collèges : salariés 1/2, usagers 3/10, partenaires 1/5.
  Membres : salariés Salomé, Samir ; usagers Ursula, Ulrich, Ugo ;
  partenaires Paula, Pierre. AGO du 15 juin 2027.

  Contexte:
    Soit nous sommes le 2027-06-15 à 18:00
    Et des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Plan du scénario: Un mandat de plus de six ans est refusé à toute SCIC, quelle que soit sa forme («<forme>»)
    Loi n° 47-1775 du 10 septembre 1947, art. 6 : les coopératives « sont
    administrées par des mandataires nommés pour six ans au plus ».

    Soit les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 7 ans par la méthode «resolution_per_candidate»
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» en «<forme>» avec ces statuts
    Alors la demande est refusée avec le message «a cooperative's administrators are appointed for at most 6 years (loi n° 47-1775 du 10 septembre 1947, art. 6): 7 years is refused»
    Et rien n'a été enregistré

    Exemples:
      | forme     |
      | SCIC SA   |
      | SCIC SAS  |
      | SCIC SARL |

  Scénario: Un mandat de plus de six ans est refusé dans une société anonyme (Code de commerce L225-18)
    Code de commerce L225-18 : « La durée de leurs fonctions est déterminée
    par les statuts, sans pouvoir excéder six ans. »

    Soit des statuts «one_member_one_vote» sans collège
    Et les statuts instituent un «conseil d'administration» de 3 sièges, élu pour 7 ans par la méthode «resolution_per_candidate»
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» en «SCIC SA» avec ces statuts
    Alors la demande est refusée avec le message «the administrators of a société anonyme are appointed for at most 6 years (Code de commerce L225-18): 7 years is refused»
    Et rien n'a été enregistré

  Scénario: Six ans, c'est permis
    Soit les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 6 ans par la méthode «resolution_per_candidate»
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» en «SCIC SA» avec ces statuts
    Alors la demande est acceptée

  # Loi 1947 art. 6 follows the legal form, not the voting model: governance/pole.py check_legal_form_rules.
  Scénario: Une SCIC SAS à une voix par membre reste une coopérative : sept ans sont refusés
    Soit des statuts «one_member_one_vote» sans collège
    Et les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 7 ans par la méthode «resolution_per_candidate»
    Quand le conseil tente de fonder le pôle «Pôle Rhizome» en «SCIC SAS» avec ces statuts
    Alors la demande est refusée avec le message «(loi n° 47-1775 du 10 septembre 1947, art. 6)»
    Et rien n'a été enregistré

  Scénario: Le siège réservé aux salariés revient à un candidat moins bien placé qu'un perdant du siège ouvert
    Chaque candidat est une résolution ordinaire, adoptée au-delà de 1/2.
    Ulrich : salariés 2/2, usagers 3/3, partenaires 1/2
             → 1/2 × 1 + 3/10 × 1 + 1/5 × 1/2 = 1/2 + 3/10 + 1/10 = 9/10
    Paula  : salariés 1/2, usagers 3/3, partenaires 2/2
             → 1/4 + 3/10 + 1/5 = 5/20 + 6/20 + 4/20 = 3/4
    Ugo    : salariés 1/2, usagers 2/2 (son abstention n'est pas un suffrage
             exprimé), partenaires 1/2 → 1/4 + 3/10 + 1/10 = 13/20
    Samir  : salariés 2/2, usagers 1/3, partenaires 0/2
             → 1/2 + 1/10 + 0 = 3/5
    Tous sont adoptés. Le siège réservé va au seul salarié, Samir (3/5) ;
    les deux sièges ouverts à Ulrich (9/10) et Paula (3/4) ; Ugo (13/20),
    pourtant mieux placé que Samir, n'est pas élu.

    Soit les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 3 ans par la méthode «resolution_per_candidate»
    Et les statuts réservent 1 siège du conseil au collège «salaries»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Salomé, Samir»
    Et les membres admis du collège «usagers» sont «Ursula, Ulrich, Ugo»
    Et les membres admis du collège «partenaires» sont «Paula, Pierre»
    Et une élection «Conseil coopératif 2027» pourvoit 3 sièges, dont 1 réservé au collège «salaries», avec les candidats «Ulrich, Paula, Ugo, Samir»
    Et le vote est ouvert
    Quand les bulletins sont :
      | membre | Ulrich | Paula  | Ugo        | Samir  |
      | Salomé | pour   | pour   | pour       | pour   |
      | Samir  | pour   | contre | contre     | pour   |
      | Ursula | pour   | pour   | pour       | pour   |
      | Ulrich | pour   | pour   | pour       | contre |
      | Ugo    | pour   | pour   | abstention | contre |
      | Paula  | pour   | pour   | contre     | contre |
      | Pierre | contre | pour   | pour       | contre |
    Et le vote est clos par le secrétaire
    Alors les candidats obtiennent :
      | candidat | collège     | résultat | rang | élu | siège            |
      | Ulrich   | usagers     | 9/10     | 1    | oui | ouvert           |
      | Paula    | partenaires | 3/4      | 2    | oui | ouvert           |
      | Ugo      | usagers     | 13/20    | 3    | non | —                |
      | Samir    | salaries    | 3/5      | 4    | oui | réservé salaries |
    Et sont élus, dans l'ordre, «Ulrich, Paula, Samir»
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

  Scénario: Scrutin plurinominal pondéré par collège, avec un bulletin blanc
    Deux sièges : chacun coche au plus deux noms. Un bulletin sans nom coché
    est blanc : il compte pour la participation, pas dans les suffrages
    exprimés de son collège (usagers : 2 exprimés sur 3 bulletins).
    Salomé : salariés 2/2, usagers 0/2, partenaires 0/2 → 1/2
    Ulrich : salariés 1/2, usagers 2/2, partenaires 1/2
             → 1/4 + 3/10 + 1/10 = 13/20
    Paula  : salariés 1/2, usagers 1/2, partenaires 2/2
             → 1/4 + 3/20 + 1/5 = 5/20 + 3/20 + 4/20 = 3/5
    Sans pondération, Ulrich et Paula auraient 4 voix chacun, Salomé 2.

    Soit les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 3 ans par la méthode «plurality»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Salomé, Samir»
    Et les membres admis du collège «usagers» sont «Ursula, Ulrich, Ugo»
    Et les membres admis du collège «partenaires» sont «Paula, Pierre»
    Et une élection «Conseil coopératif 2027» pourvoit 2 sièges avec les candidats «Salomé, Ulrich, Paula»
    Et le vote est ouvert
    Quand «Ugo» tente de cocher «Salomé, Ulrich, Paula»
    Alors la demande est refusée avec le message «a ballot marks at most 2 candidates, one per seat to fill»
    Et rien n'a été enregistré
    Quand les bulletins sont :
      | membre | Salomé | Ulrich | Paula |
      | Salomé | oui    | oui    | non   |
      | Samir  | oui    | non    | oui   |
      | Ursula | non    | oui    | oui   |
      | Ulrich | non    | oui    | non   |
      | Ugo    | non    | non    | non   |
      | Paula  | non    | oui    | oui   |
      | Pierre | non    | non    | oui   |
    Et le vote est clos par le secrétaire
    Alors les candidats obtiennent :
      | candidat | résultat | rang | élu | siège  |
      | Ulrich   | 13/20    | 1    | oui | ouvert |
      | Paula    | 3/5      | 2    | oui | ouvert |
      | Salomé   | 1/2      | 3    | non | —      |
    Et sont élus, dans l'ordre, «Ulrich, Paula»
    Et le dépouillement compte 1 bulletin blanc
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

  Plan du scénario: Collège des partenaires silencieux, règle «<règle>»
    Un siège, deux candidats ; les partenaires ne votent pas. Salariés :
    Salomé 1/2, Ulrich 1/2 ; usagers : Salomé 1/3, Ulrich 2/3.
    proportional : parts 1/2 ÷ 4/5 = 5/8 et 3/10 ÷ 4/5 = 3/8
                   Salomé 5/8 × 1/2 + 3/8 × 1/3 = 5/16 + 2/16 = 7/16
                   Ulrich 5/8 × 1/2 + 3/8 × 2/3 = 5/16 + 4/16 = 9/16
    equal        : parts 1/2 + 1/10 = 3/5 et 3/10 + 1/10 = 2/5
                   Salomé 3/10 + 2/15 = 13/30 ; Ulrich 3/10 + 4/15 = 17/30
    not_for      : parts 1/2 et 3/10, le 1/5 muet n'est pour personne
                   Salomé 1/4 + 1/10 = 7/20 ; Ulrich 1/4 + 1/5 = 9/20
    merge_into:salaries : parts 7/10 et 3/10
                   Salomé 7/20 + 1/10 = 9/20 ; Ulrich 7/20 + 1/5 = 11/20
    merge_into:usagers : parts 1/2 et 1/2
                   Salomé 1/4 + 1/6 = 5/12 ; Ulrich 1/4 + 1/3 = 7/12
    merge_into:partenaires : la cible est vide, repli au prorata (7/16, 9/16)

    Soit la règle des collèges vides est «<règle>»
    Et les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 3 ans par la méthode «plurality»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Salomé, Samir»
    Et les membres admis du collège «usagers» sont «Ursula, Ulrich, Ugo»
    Et les membres admis du collège «partenaires» sont «Paula, Pierre»
    Et une élection «Élection partielle» pourvoit 1 siège avec les candidats «Salomé, Ulrich»
    Et le vote est ouvert
    Quand les bulletins sont :
      | membre | Salomé | Ulrich |
      | Salomé | oui    | non    |
      | Samir  | non    | oui    |
      | Ursula | non    | oui    |
      | Ulrich | non    | oui    |
      | Ugo    | oui    | non    |
    Et le vote est clos par le secrétaire
    Alors les collèges vides sont «partenaires»
    Et la règle appliquée aux collèges vides est «<règle appliquée>»
    Et les candidats obtiennent :
      | candidat | résultat | rang | élu |
      | Ulrich   | <Ulrich> | 1    | oui |
      | Salomé   | <Salomé> | 2    | non |
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

    Exemples:
      | règle                  | Salomé | Ulrich | règle appliquée                                                  |
      | proportional           | 7/16   | 9/16   | proportional                                                     |
      | equal                  | 13/30  | 17/30  | equal                                                            |
      | not_for                | 7/20   | 9/20   | not_for                                                          |
      | merge_into:salaries    | 9/20   | 11/20  | merge_into:salaries                                              |
      | merge_into:usagers     | 5/12   | 7/12   | merge_into:usagers                                               |
      | merge_into:partenaires | 7/16   | 9/16   | merge_into:partenaires (target empty, fell back to proportional) |

  Plan du scénario: Le recomptage redonne exactement le dépouillement de la clôture, méthode «<méthode>»
    Trois électeurs, un par collège ; Salomé est élue par chaque méthode.
    resolution_per_candidate : Salomé 1/2 + 1/5 = 7/10 ; Ulrich 3/10 + 1/5 =
      1/2, pas plus de la moitié : non adopté.
    plurality : Salomé 1/2 + 1/5 = 7/10 ; Ulrich 3/10.
    majority_judgment : Salomé Très bien 1/2, Bien 1/5, Passable 3/10 → Bien+
      (p = 1/2, q = 3/10) ; Ulrich Bien 1/2, Passable 1/2 → Passable+ (p = 1/2).

    Soit les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 3 ans par la méthode «<méthode>»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Salomé, Samir»
    Et les membres admis du collège «usagers» sont «Ursula, Ulrich, Ugo»
    Et les membres admis du collège «partenaires» sont «Paula, Pierre»
    Et une élection «Élection partielle» pourvoit 1 siège avec les candidats «Salomé, Ulrich»
    Et le vote est ouvert
    Quand les bulletins sont :
      | membre | Salomé          | Ulrich          |
      | Salomé | <Salomé→Salomé> | <Salomé→Ulrich> |
      | Ursula | <Ursula→Salomé> | <Ursula→Ulrich> |
      | Paula  | <Paula→Salomé>  | <Paula→Ulrich>  |
    Et le vote est clos par le secrétaire
    Alors les candidats obtiennent :
      | candidat | résultat   | mention           | élu |
      | Salomé   | <résultat> | <mention>         | oui |
      | Ulrich   | <perdant>  | <mention perdant> | non |
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

    Exemples:
      | méthode                  | Salomé→Salomé | Salomé→Ulrich | Ursula→Salomé | Ursula→Ulrich | Paula→Salomé | Paula→Ulrich | résultat | mention | perdant | mention perdant |
      | resolution_per_candidate | pour          | contre        | contre        | pour          | pour         | pour         | 7/10     | —       | 1/2     | —               |
      | plurality                | oui           | non           | non           | oui           | oui          | non          | 7/10     | —       | 3/10    | —               |
      | majority_judgment        | Très bien     | Passable      | Passable      | Bien          | Bien         | Bien         | —        | Bien+   | —       | Passable+       |
