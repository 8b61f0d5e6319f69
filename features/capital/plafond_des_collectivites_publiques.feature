# language: fr
Fonctionnalité: Le plafond des collectivités publiques au capital d'une SCIC
  « Les collectivités territoriales, leurs groupements et les établissements
  publics territoriaux peuvent détenir ensemble jusqu'à 50 % du capital de
  chacune des sociétés coopératives d'intérêt collectif » (loi n° 47-1775 du
  10 septembre 1947, art. 19 septies). Le plafond se vérifie après chaque
  mouvement du registre : l'atteindre est permis, le franchir est refusé, que
  le franchissement vienne d'une souscription publique, d'une cession à une
  collectivité ou du remboursement d'un associé privé. Un mouvement refusé
  n'enregistre rien. Une part vaut 50,00 €.

  Contexte:
    Soit la date du jour est le 2026-12-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom           | part |
      | salaries      | Salariés      | 2/5  |
      | usagers       | Usagers       | 3/10 |
      | collectivites | Collectivités | 3/10 |
    Et les statuts fixent la part sociale à 50,00 €, le capital statutaire à 2 000,00 € et le plancher du capital à 1 000,00 €
    Et un associé de la catégorie «collectivite» souscrit au moins 20 parts
    Et un associé de la catégorie «epci» souscrit au moins 10 parts
    Et les catégories «collectivite, epci» sont des collectivités publiques (loi n° 47-1775 art. 19 septies)
    Et les statuts remboursent les parts 1 an après la demande
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les associés :
      | associé        | catégorie    | collège       | parts | versé    | le         |
      | Alice          | salarie      | salaries      | 12    | 600,00   | 2025-01-10 |
      | Bruno          | usager       | usagers       | 9     | 450,00   | 2025-01-10 |
      | Chloé          | usager       | usagers       | 9     | 450,00   | 2025-01-10 |
      | Commune de Die | collectivite | collectivites | 20    | 1 000,00 | 2025-01-15 |

  # Avant : 12 + 9 + 9 = 30 parts privées, 20 publiques : 20 / 50 = 40,00 %.
  # La communauté de communes souscrit son minimum, 10 parts (10 × 50,00 € = 500,00 €) :
  # publiques 20 + 10 = 30 sur 50 + 10 = 60 parts (3 000,00 €) : 30 / 60 = 50,00 %, le plafond
  # est atteint, pas franchi : permis.
  # Une part publique de plus : 31 / 61 = 50,819… % → 50,82 % > 50 % : refusé, rien n'est enregistré.
  Scénario: Le plafond de 50 % atteint exactement est permis, franchi d'une part il est refusé (art. 19 septies)
    Alors les collectivités publiques détiennent 20 parts sur 50, soit 40,00 %
    Quand «Communauté de communes du Diois» demande à adhérer dans la catégorie «epci»
    Et le conseil approuve l'admission de «Communauté de communes du Diois»
    Et le 2025-02-01, «Communauté de communes du Diois» souscrit 10 parts et verse 500,00 €
    Alors «Communauté de communes du Diois» est admis
    Et le capital est de 60 parts, soit 3 000,00 €
    Et les collectivités publiques détiennent 30 parts sur 60, soit 50,00 %
    Quand le 2025-02-02, «Commune de Die» tente de souscrire 1 part en versant 50,00 €
    Alors le mouvement est refusé au nom de la règle «after this movement public bodies would hold 50.82 % of the capital, above the cap of 50.00 % (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)»
    Et rien n'a été enregistré
    Et le capital est de 60 parts, soit 3 000,00 €
    Et les collectivités publiques détiennent 30 parts sur 60, soit 50,00 %
    Et le registre compte 5 mouvements, numérotés de 1 à 5

  # Publiques 30 sur 60 (50,00 %) après la souscription de la communauté de communes.
  # Alice demande le 2025-03-03 le remboursement de 2 parts (dû 1 an après : le 2026-03-03).
  # Le 2026-03-03, rembourser ces 2 parts privées laisserait 30 publiques sur 58 : 30 / 58 = 51,72 % > 50 % :
  # refusé, la demande reste en attente. (Le plancher n'est pas en cause : max(1 000,00 € ; 60 × 50,00 € / 4 =
  # 750,00 €) = 1 000,00 €, et 58 × 50,00 € = 2 900,00 €.)
  # Le 2026-04-01 Bruno souscrit 2 parts (100,00 €) : 30 / 62 = 48,39 %.
  # Le 2026-04-02 le remboursement passe : 30 / 60 = 50,00 % ; Alice garde 10 parts, 500,00 € versés.
  # Registre : 4 souscriptions du contexte, n° 5 la communauté de communes, n° 6 la demande, n° 7 Bruno, n° 8 le remboursement.
  Scénario: Le remboursement d'un associé privé qui ferait franchir le plafond est refusé, et passe après une nouvelle souscription privée
    Soit «Communauté de communes du Diois» demande à adhérer dans la catégorie «epci»
    Et le conseil approuve l'admission de «Communauté de communes du Diois»
    Et le 2025-02-01, «Communauté de communes du Diois» souscrit 10 parts et verse 500,00 €
    Et le 2025-03-03, «Alice» demande le remboursement de 2 parts
    Quand le 2026-03-03, le conseil tente de rembourser «Alice» de 100,00 €
    Alors le mouvement est refusé au nom de la règle «after this movement public bodies would hold 51.72 % of the capital, above the cap of 50.00 % (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)»
    Et rien n'a été enregistré
    Et la demande de remboursement de «Alice» portant sur 2 parts est en attente
    Et le compte de «Alice» est de 12 parts, 600,00 € versés et 0,00 € restant dus, dont 2 parts en attente de remboursement
    Quand le 2026-04-01, «Bruno» souscrit 2 parts et verse 100,00 €
    Alors les collectivités publiques détiennent 30 parts sur 62, soit 48,39 %
    Quand le 2026-04-02, le conseil rembourse «Alice» de 100,00 €
    Alors les collectivités publiques détiennent 30 parts sur 60, soit 50,00 %
    Et le capital est de 60 parts, soit 3 000,00 €
    Et le compte de «Alice» est de 10 parts, 500,00 € versés et 0,00 € restant dus
    Et «Alice» n'a plus de demande de remboursement en attente
    Et l'entrée n° 8 du registre est un remboursement de 2 parts de «Alice» pour 100,00 €, datée du 2026-04-02
    Et le registre compte 8 mouvements, numérotés de 1 à 8

  # Publiques 30 sur 60 (50,00 %). Une cession ne change pas le capital (60 parts) mais déplace des parts :
  # d'Alice (privée) à la Commune de Die (publique), 1 part ferait 31 / 60 = 51,67 % > 50 % : refusée.
  # Entre associés privés, d'Alice à Bruno, 2 parts laissent 30 / 60 = 50,00 % : permise.
  Scénario: Une cession d'un associé privé à une collectivité qui franchirait le plafond est refusée
    Soit «Communauté de communes du Diois» demande à adhérer dans la catégorie «epci»
    Et le conseil approuve l'admission de «Communauté de communes du Diois»
    Et le 2025-02-01, «Communauté de communes du Diois» souscrit 10 parts et verse 500,00 €
    Quand le 2025-05-01, «Alice» tente de céder 1 part à «Commune de Die»
    Alors le mouvement est refusé au nom de la règle «public bodies would hold 51.67 % of the capital, above the cap of 50.00 % (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)»
    Et rien n'a été enregistré
    Quand le 2025-05-01, «Alice» cède 2 parts à «Bruno» avec l'agrément du conseil
    Alors les collectivités publiques détiennent 30 parts sur 60, soit 50,00 %
    Et le compte de «Alice» est de 10 parts, 500,00 € versés et 0,00 € restant dus
    Et le compte de «Bruno» est de 11 parts, 550,00 € versés et 0,00 € restant dus
