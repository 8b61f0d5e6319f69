# language: fr
Fonctionnalité: Le remboursement des parts : délai statutaire et pertes
  Les statuts fixent le délai au terme duquel les parts sont remboursées ;
  un remboursement plus tôt demande la décision du conseil. Le
  remboursement n'excède jamais ce qui a été versé sur les parts, et peut
  être réduit par les pertes quand les statuts le prévoient (loi n° 47-1775
  art. 18). Une part vaut 50,00 €.

  Contexte:
    Soit la date du jour est le 2026-12-03
    Et des statuts «scic» avec les collèges :
      | collège  | nom      | part |
      | salaries | Salariés | 1/2  |
      | usagers  | Usagers  | 1/2  |
    Et les statuts fixent la part sociale à 50,00 €, le capital statutaire à 2 000,00 € et le plancher du capital à 1 000,00 €
    Et les statuts remboursent les parts 1 an après la demande
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les associés :
      | associé | catégorie | collège  | parts | versé    | le         |
      | Alice   | salarie   | salaries | 20    | 1 000,00 | 2025-01-10 |
      | Bruno   | usager    | usagers  | 12    | 600,00   | 2025-01-10 |
      | Chloé   | usager    | usagers  | 8     | 400,00   | 2025-01-10 |

  # Capital : 20 + 12 + 8 = 40 parts × 50,00 € = 2 000,00 €.
  # Bruno demande le 2025-03-01 le remboursement de 2 parts : dû 1 an après, le 2026-03-01.
  # Le 2026-02-27, sans décision du conseil : refusé. Le même jour, avec la décision anticipée du conseil :
  # 2 × 50,00 € = 100,00 € remboursés ; capital 38 parts = 1 900,00 € ≥ plancher 1 000,00 € ;
  # Bruno garde 10 parts, 500,00 € versés.
  Scénario: Un remboursement avant le délai statutaire est refusé, sauf décision anticipée du conseil
    Soit le 2025-03-01, «Bruno» demande le remboursement de 2 parts
    Quand le 2026-02-27, le conseil tente de rembourser «Bruno» de 100,00 €
    Alors le mouvement est refusé au nom de la règle «the statutes refund shares 1 year(s) after the withdrawal, on 2026-03-01: an earlier refund needs the decision of the board»
    Et rien n'a été enregistré
    Et la demande de remboursement de «Bruno» portant sur 2 parts est en attente
    Quand le 2026-02-27, le conseil rembourse «Bruno» de 100,00 € par décision anticipée «CA du 27 février 2026»
    Alors le capital est de 38 parts, soit 1 900,00 €
    Et le compte de «Bruno» est de 10 parts, 500,00 € versés et 0,00 € restant dus
    Et «Bruno» n'a plus de demande de remboursement en attente

  # Le 2026-03-01 (le délai est échu), le jour même : sans décision anticipée, le remboursement passe.
  # Capital : 40 − 2 = 38 parts, 1 900,00 €.
  Scénario: Au terme du délai statutaire, le remboursement n'a pas besoin de décision anticipée
    Soit le 2025-03-01, «Bruno» demande le remboursement de 2 parts
    Quand le 2026-03-01, le conseil rembourse «Bruno» de 100,00 €
    Alors le capital est de 38 parts, soit 1 900,00 €

  # Bruno demande le 2025-03-01 le remboursement de 4 parts, sur lesquelles il a versé 4 × 50,00 € = 200,00 €.
  # 200,01 € : plus que le versé, refusé (art. 18).
  # Les comptes de l'exercice font apparaître des pertes : le conseil rembourse 40,00 € par part,
  # 4 × 40,00 € = 160,00 €, sous le nominal ; les statuts laissent les pertes réduire le remboursement : permis.
  # Le capital baisse du nominal des parts remboursées : 40 − 4 = 36 parts, 1 800,00 € ;
  # Bruno : 12 − 4 = 8 parts, 600,00 € − 200,00 € = 400,00 € versés.
  # Variation 2026 : ouverture 40 parts (2 000,00 €), 1 remboursement de 4 parts (200,00 € au nominal,
  # 160,00 € rendus), clôture 36 parts (1 800,00 €).
  Scénario: Les pertes réduisent le remboursement sous le nominal quand les statuts le prévoient (loi 1947 art. 18)
    Soit le 2025-03-01, «Bruno» demande le remboursement de 4 parts
    Quand le 2026-03-02, le conseil tente de rembourser «Bruno» de 200,01 €
    Alors le mouvement est refusé au nom de la règle «a refund cannot exceed what was paid on the shares, 200,00 € (loi n° 47-1775 art. 18)»
    Et rien n'a été enregistré
    Quand le 2026-03-02, le conseil rembourse «Bruno» de 160,00 €
    Alors le capital est de 36 parts, soit 1 800,00 €
    Et le compte de «Bruno» est de 8 parts, 400,00 € versés et 0,00 € restant dus
    Et l'entrée n° 5 du registre est un remboursement de 4 parts de «Bruno» pour 160,00 €, datée du 2026-03-02
    Et l'état de variation du capital de 2026 est :
      | ligne                 | mouvements | parts | montant  |
      | capital à l'ouverture | —          | 40    | 2 000,00 |
      | souscriptions         | 0          | 0     | 0,00     |
      | remboursements        | 1          | 4     | 200,00   |
      | annulations           | 0          | 0     | 0,00     |
      | capital à la clôture  | —          | 36    | 1 800,00 |
    Et les remboursements de 2026 ont rendu 160,00 € aux associés
