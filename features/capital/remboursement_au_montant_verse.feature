# language: fr
Fonctionnalité: Des statuts qui remboursent les parts au montant versé
  Quand les statuts ne laissent pas les pertes réduire le remboursement, les
  parts sont remboursées au montant versé sur elles, jamais au-delà (loi
  n° 47-1775 art. 18) ni en deçà. Une part vaut 50,00 €.

  Contexte:
    Soit la date du jour est le 2026-12-03
    Et des statuts «scic» avec les collèges :
      | collège  | nom      | part |
      | salaries | Salariés | 1/2  |
      | usagers  | Usagers  | 1/2  |
    Et les statuts fixent la part sociale à 50,00 €, le capital statutaire à 2 000,00 € et le plancher du capital à 1 000,00 €
    Et les statuts remboursent les parts 1 an après la demande
    Et les statuts remboursent les parts au montant versé, sans imputation des pertes
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les associés :
      | associé | catégorie | collège  | parts | versé    | le         |
      | Alice   | salarie   | salaries | 20    | 1 000,00 | 2025-01-10 |
      | Bruno   | usager    | usagers  | 12    | 600,00   | 2025-01-10 |
      | Chloé   | usager    | usagers  | 8     | 400,00   | 2025-01-10 |

  # Bruno demande le remboursement de 4 parts (4 × 50,00 € = 200,00 € versés).
  # 160,00 € (40,00 € par part) : sous le montant versé, refusé par ces statuts.
  # 200,00 € : permis ; capital 40 − 4 = 36 parts, 1 800,00 € ; Bruno 8 parts, 400,00 € versés.
  Scénario: Un remboursement sous le nominal est refusé quand les statuts n'imputent pas les pertes (art. 18)
    Soit le 2025-03-01, «Bruno» demande le remboursement de 4 parts
    Quand le 2026-03-02, le conseil tente de rembourser «Bruno» de 160,00 €
    Alors le mouvement est refusé au nom de la règle «the statutes refund shares at the amount paid on them, 200,00 €»
    Et rien n'a été enregistré
    Et la demande de remboursement de «Bruno» portant sur 4 parts est en attente
    Quand le 2026-03-02, le conseil rembourse «Bruno» de 200,00 €
    Alors le capital est de 36 parts, soit 1 800,00 €
    Et le compte de «Bruno» est de 8 parts, 400,00 € versés et 0,00 € restant dus
    Et les remboursements de 2026 ont rendu 200,00 € aux associés
