# language: fr
Fonctionnalité: Le capital à une date passée et l'état de variation de l'exercice
  Le registre est chronologique : le capital à une date se relit des seuls
  mouvements datés de ce jour ou avant. L'état de variation soumis à l'AGO
  qui approuve les comptes donne le capital à l'ouverture (fin de l'exercice
  précédent), les souscriptions, remboursements et annulations de l'année,
  et le capital à la clôture ; les cessions déplacent des parts sans changer
  le capital. Une part vaut 50,00 € ; un quart au moins est versé à la
  souscription, le reste dans les 3 ans (loi n° 47-1775 art. 12).

  Contexte:
    Soit la date du jour est le 2026-12-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom           | part |
      | salaries      | Salariés      | 2/5  |
      | usagers       | Usagers       | 3/10 |
      | collectivites | Collectivités | 3/10 |
    Et les statuts fixent la part sociale à 50,00 €, le capital statutaire à 2 000,00 € et le plancher du capital à 1 000,00 €
    Et un associé de la catégorie «collectivite» souscrit au moins 20 parts
    Et les catégories «collectivite» sont des collectivités publiques (loi n° 47-1775 art. 19 septies)
    Et les statuts remboursent les parts 1 an après la demande
    Et les statuts font verser un quart de chaque souscription à la souscription et le reste dans les 3 ans
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les associés :
      | associé        | catégorie    | collège       | parts | versé    | le         |
      | Alice          | salarie      | salaries      | 20    | 1 000,00 | 2024-03-01 |
      | Bruno          | usager       | usagers       | 12    | 600,00   | 2024-03-01 |
      | Commune de Die | collectivite | collectivites | 20    | 1 000,00 | 2024-06-15 |
      | Chloé          | usager       | usagers       | 8     | 400,00   | 2025-02-10 |
    Et le 2025-04-01, «Bruno» demande le remboursement de 2 parts
    Et le 2025-05-01, «Alice» cède 5 parts à «Chloé» avec l'agrément du conseil
    Et les associés :
      | associé | catégorie | collège | parts | versé  | le         |
      | Dora    | usager    | usagers | 10    | 125,00 | 2025-09-01 |
    Et le 2025-10-01, le conseil rembourse «Bruno» de 100,00 € par décision anticipée «CA du 1er octobre 2025»
    Et le 2025-11-02, «Dora» verse 125,00 € sur ses parts
    Et le 2025-12-15, le conseil annule 5 parts non libérées de «Dora»
    Et le 2026-02-01, «Alice» souscrit 4 parts et verse 200,00 €

  # Au 2024-12-31 : Alice 20 + Bruno 12 + Commune 20 = 52 parts × 50,00 € = 2 600,00 € ; publiques 20 / 52 = 38,46 %.
  # Au 2025-06-30 : la cession du 2025-05-01 est faite, le remboursement de Bruno (2025-10-01) pas encore :
  #   Alice 20 − 5 = 15, Bruno 12, Chloé 8 + 5 = 13, Commune 20 : 60 parts, 3 000,00 € ; 20 / 60 = 33,33 %.
  #   Par catégorie : collectivite 20 (1 000,00 €, 20/60 = 33,33 %), salarie 15 (750,00 €, 25,00 %),
  #   usager 12 + 13 = 25 (1 250,00 €, 25/60 = 41,67 %).
  # Au 2025-09-30 : Dora a souscrit 10 parts (500,00 €) et versé le quart, 125,00 € ; elle doit 375,00 € :
  #   70 parts, 3 500,00 €. Chloé a 400,00 € + 250,00 € cédés = 650,00 € versés.
  # Aujourd'hui : 52 + 8 + 10 − 2 − 5 + 4 = 67 parts, 3 350,00 €.
  Scénario: Le capital à une date passée
    Alors le capital au 2024-12-31 est de 52 parts, soit 2 600,00 €
    Et les collectivités publiques détiennent 20 parts sur 52 au 2024-12-31, soit 38,46 %
    Et le capital au 2025-06-30 est de 60 parts, soit 3 000,00 €
    Et les collectivités publiques détiennent 20 parts sur 60 au 2025-06-30, soit 33,33 %
    Et la situation du capital au 2025-06-30 par catégorie est :
      | catégorie    | parts | montant  | part    |
      | collectivite | 20    | 1 000,00 | 33,33 % |
      | salarie      | 15    | 750,00   | 25,00 % |
      | usager       | 25    | 1 250,00 | 41,67 % |
    Et les associés au 2025-09-30 sont :
      | associé        | parts | montant  | versé    | restant dû |
      | Alice          | 15    | 750,00   | 750,00   | 0,00       |
      | Bruno          | 12    | 600,00   | 600,00   | 0,00       |
      | Chloé          | 13    | 650,00   | 650,00   | 0,00       |
      | Commune de Die | 20    | 1 000,00 | 1 000,00 | 0,00       |
      | Dora           | 10    | 500,00   | 125,00   | 375,00     |
    Et le capital au 2025-09-30 est de 70 parts, soit 3 500,00 €
    Et le capital est de 67 parts, soit 3 350,00 €
    Et les collectivités publiques détiennent 20 parts sur 67, soit 29,85 %

  # 2025 : ouverture 52 parts, 2 600,00 € (au 2024-12-31).
  # Souscriptions : Chloé 8 + Dora 10 = 18 parts, 900,00 € (2 mouvements).
  # Remboursements : Bruno 2 parts, 100,00 € (1 mouvement) ; annulations : Dora 5 parts non libérées
  # (500,00 € − 125,00 € − 125,00 € = 250,00 € dus = 5 parts), 250,00 € (1 mouvement).
  # Cession : 5 parts (250,00 €), sans effet sur le capital.
  # Clôture : 52 + 18 − 2 − 5 = 63 parts, 63 × 50,00 € = 3 150,00 €.
  # 2026 : ouverture 63 parts (3 150,00 €) ; Alice souscrit 4 parts (200,00 €) ; clôture 67 parts, 3 350,00 €.
  Scénario: L'état de variation du capital d'un exercice
    Alors l'état de variation du capital de 2025 est :
      | ligne                 | mouvements | parts | montant  |
      | capital à l'ouverture | —          | 52    | 2 600,00 |
      | souscriptions         | 2          | 18    | 900,00   |
      | remboursements        | 1          | 2     | 100,00   |
      | annulations           | 1          | 5     | 250,00   |
      | cessions              | 1          | 5     | 250,00   |
      | capital à la clôture  | —          | 63    | 3 150,00 |
    Et les remboursements de 2025 ont rendu 100,00 € aux associés
    Et le compte de «Dora» est de 5 parts, 250,00 € versés et 0,00 € restant dus
    Et l'état de variation du capital de 2026 est :
      | ligne                 | mouvements | parts | montant  |
      | capital à l'ouverture | —          | 63    | 3 150,00 |
      | souscriptions         | 1          | 4     | 200,00   |
      | remboursements        | 0          | 0     | 0,00     |
      | annulations           | 0          | 0     | 0,00     |
      | capital à la clôture  | —          | 67    | 3 350,00 |
    Et l'état de variation du capital de 2024 est :
      | ligne                 | mouvements | parts | montant  |
      | capital à l'ouverture | —          | 0     | 0,00     |
      | souscriptions         | 3          | 52    | 2 600,00 |
      | capital à la clôture  | —          | 52    | 2 600,00 |
    Et le registre compte 11 mouvements, numérotés de 1 à 11
