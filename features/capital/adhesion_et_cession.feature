# language: fr
Fonctionnalité: L'adhésion par la souscription du minimum, et la cession de parts entre associés
  « L'admission prend effet à la souscription du minimum de parts » : la
  décision du conseil est enregistrée, mais le candidat ne devient associé
  (et n'est dans le collège électoral) qu'au jour où sa souscription du
  minimum de sa catégorie est inscrite au registre. Les parts libérées se
  cèdent entre associés avec l'agrément du conseil ; la cession déplace des
  parts sans changer le capital. Une part vaut 50,00 €.

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
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les associés :
      | associé | catégorie | collège  | parts | versé    | le         |
      | Alice   | salarie   | salaries | 20    | 1 000,00 | 2025-01-10 |
      | Bruno   | usager    | usagers  | 12    | 600,00   | 2025-01-10 |

  # Capital : 20 + 12 = 32 parts, 1 600,00 €. Le minimum d'une collectivité est de 20 parts (1 000,00 €).
  # 19 parts (950,00 €) : sous le minimum, refusé ; la commune reste en attente.
  # 20 parts (1 000,00 €) : la souscription (n° 3) fait prendre effet l'admission ;
  # capital 52 parts, 2 600,00 € ; publiques 20 / 52 = 38,46 %.
  Scénario: L'admission prend effet à la souscription du minimum de parts
    Quand «Commune de Die» demande à adhérer dans la catégorie «collectivite»
    Et le conseil approuve l'admission de «Commune de Die»
    Alors «Commune de Die» est en attente
    Et l'admission de «Commune de Die» est approuvée et attend la souscription du minimum
    Quand le 2025-02-01, «Commune de Die» tente de souscrire 19 parts en versant 950,00 €
    Alors le mouvement est refusé au nom de la règle «an associate of category 'collectivite' holds at least 20 share(s) (the statutes): 19 subscribed is not enough»
    Et rien n'a été enregistré
    Et «Commune de Die» est en attente
    Quand le 2025-02-01, «Commune de Die» souscrit 20 parts et verse 1 000,00 €
    Alors «Commune de Die» est admis
    Et l'entrée n° 3 du registre est une souscription de 20 parts de «Commune de Die» pour 1 000,00 €, datée du 2025-02-01
    Et le capital est de 52 parts, soit 2 600,00 €
    Et les collectivités publiques détiennent 20 parts sur 52, soit 38,46 %

  # Sans décision d'admission, pas de souscription : le candidat n'est ni associé ni approuvé.
  Scénario: Un candidat dont l'admission n'est pas approuvée ne souscrit pas
    Quand «Coop Bois» demande à adhérer dans la catégorie «usager»
    Et le 2025-02-01, «Coop Bois» tente de souscrire 2 parts en versant 100,00 €
    Alors le mouvement est refusé au nom de la règle «'Coop Bois' is requested: shares are subscribed by an associate, or by an applicant whose admission was approved»
    Et rien n'a été enregistré
    Et «Coop Bois» est en attente

  # Alice cède 5 parts libérées à Bruno le 2025-05-01 : Alice 20 − 5 = 15 parts, 750,00 € versés ;
  # Bruno 12 + 5 = 17 parts, 850,00 € versés ; la cession vaut 5 × 50,00 € = 250,00 €.
  # Le capital ne change pas : 32 parts, 1 600,00 €. Variation 2025 : ouverture 0, 2 souscriptions (32 parts,
  # 1 600,00 €), 1 cession (5 parts, 250,00 €) sans effet sur le capital, clôture 32 parts, 1 600,00 €.
  # Céder ses 15 parts restantes laisserait Alice à 0 part, sous le minimum de 1 : refusé.
  Scénario: Une cession de parts entre associés, agréée par le conseil
    Quand le 2025-05-01, «Alice» cède 5 parts à «Bruno» avec l'agrément du conseil
    Alors le compte de «Alice» est de 15 parts, 750,00 € versés et 0,00 € restant dus
    Et le compte de «Bruno» est de 17 parts, 850,00 € versés et 0,00 € restant dus
    Et le capital est de 32 parts, soit 1 600,00 €
    Et l'entrée n° 3 du registre est une cession de 5 parts de «Alice» à «Bruno» pour 250,00 €, datée du 2025-05-01
    Et l'état de variation du capital de 2025 est :
      | ligne                 | mouvements | parts | montant  |
      | capital à l'ouverture | —          | 0     | 0,00     |
      | souscriptions         | 2          | 32    | 1 600,00 |
      | cessions              | 1          | 5     | 250,00   |
      | remboursements        | 0          | 0     | 0,00     |
      | capital à la clôture  | —          | 32    | 1 600,00 |
    Quand le 2025-05-02, «Alice» tente de céder 15 parts à «Bruno»
    Alors le mouvement est refusé au nom de la règle «'Alice' would keep 0 share(s), below the 1 of its category (the statutes)»
    Et rien n'a été enregistré

  # La commune (20 parts) rejoint : 20 publiques sur 52. Alice lui cède 6 parts : 26 / 52 = 50,00 %, permis.
  # Bruno lui en cède une de plus : 27 / 52 = 51,92 % > 50 % : refusé (art. 19 septies).
  Scénario: Une cession à une collectivité atteint le plafond, la suivante le franchirait
    Soit «Commune de Die» demande à adhérer dans la catégorie «collectivite»
    Et le conseil approuve l'admission de «Commune de Die»
    Et le 2025-02-01, «Commune de Die» souscrit 20 parts et verse 1 000,00 €
    Quand le 2025-05-01, «Alice» cède 6 parts à «Commune de Die» avec l'agrément du conseil
    Alors les collectivités publiques détiennent 26 parts sur 52, soit 50,00 %
    Quand le 2025-05-01, «Bruno» tente de céder 1 part à «Commune de Die»
    Alors le mouvement est refusé au nom de la règle «public bodies would hold 51.92 % of the capital, above the cap of 50.00 % (loi n° 47-1775 du 10 septembre 1947, art. 19 septies)»
    Et rien n'a été enregistré
