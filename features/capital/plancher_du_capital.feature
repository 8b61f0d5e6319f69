# language: fr
Fonctionnalité: Le plancher du capital diffère les remboursements
  Le capital variable « ne peut être réduit par la reprise des apports » en
  dessous de la somme fixée par les statuts, qui ne peut être inférieure au
  dixième du capital social stipulé (Code de commerce L231-5) ; dans une
  coopérative il ne peut non plus être inférieur au quart du capital le plus
  élevé atteint depuis la constitution de la société (loi n° 47-1775 art. 13).
  Un remboursement qui ferait passer le capital sous ce plancher attend : la
  demande reste ouverte, et passe quand de nouvelles souscriptions le
  permettent. Une part vaut 50,00 € ; le plancher statutaire, 1 000,00 €, est
  au moins le dixième des 2 000,00 € stipulés (200,00 €).

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
      | associé | catégorie | collège  | parts | versé  | le         |
      | Alice   | salarie   | salaries | 10    | 500,00 | 2025-01-10 |
      | Bruno   | usager    | usagers  | 12    | 600,00 | 2025-01-10 |

  # Capital : 10 + 12 = 22 parts × 50,00 € = 1 100,00 €.
  # Plancher : le plus élevé de 1 000,00 € (statuts, L231-5) et du quart du capital le plus élevé atteint,
  # 1 100,00 € / 4 = 275,00 € (art. 13) : 1 000,00 €.
  # Alice se retire le 2025-03-01 : la demande porte sur ses 10 parts, remboursables le 2026-03-01.
  # Le 2026-03-01, rembourser 10 parts laisserait 12 × 50,00 € = 600,00 € < 1 000,00 € : refusé, la demande attend.
  # Le 2026-04-01, Chloé souscrit 8 parts (400,00 €) : 30 parts, 1 500,00 € ; plus élevé atteint 1 500,00 € / 4 =
  # 375,00 € : le plancher reste 1 000,00 €.
  # Le 2026-04-02, le remboursement laisse 20 × 50,00 € = 1 000,00 €, égal au plancher : il passe.
  Scénario: Le plancher diffère le remboursement d'un associé sortant, qui passe après une nouvelle souscription (L231-5 ; art. 13)
    Alors le plancher du capital est de 1 000,00 €
    Quand le 2025-03-01, «Alice» se retire du pôle
    Alors «Alice» est retiré
    Et la demande de remboursement de «Alice» portant sur 10 parts est en attente
    Et l'entrée n° 3 du registre est une demande de remboursement de 10 parts de «Alice» pour 500,00 €, datée du 2025-03-01
    Quand le 2026-03-01, le conseil tente de rembourser «Alice» de 500,00 €
    Alors le mouvement est refusé au nom de la règle «this refund would bring the capital to 600,00 €, below its floor of 1 000,00 € (Code de commerce L231-5; loi n° 47-1775 art. 13)»
    Et rien n'a été enregistré
    Et la demande de remboursement de «Alice» portant sur 10 parts est en attente
    Et le capital est de 22 parts, soit 1 100,00 €
    Quand les associés :
      | associé | catégorie | collège | parts | versé  | le         |
      | Chloé   | usager    | usagers | 8     | 400,00 | 2026-04-01 |
    Alors le capital est de 30 parts, soit 1 500,00 €
    Et le plancher du capital est de 1 000,00 €
    Quand le 2026-04-02, le conseil rembourse «Alice» de 500,00 €
    Alors le capital est de 20 parts, soit 1 000,00 €
    Et le compte de «Alice» est de 0 part, 0,00 € versés et 0,00 € restant dus
    Et «Alice» n'a plus de demande de remboursement en attente
    Et l'entrée n° 5 du registre est un remboursement de 10 parts de «Alice» pour 500,00 €, datée du 2026-04-02

  # Dora souscrit 78 parts (3 900,00 €) : 22 + 78 = 100 parts, 5 000,00 €, le capital le plus élevé atteint.
  # Plancher : max(1 000,00 € ; 5 000,00 € / 4 = 1 250,00 €) = 1 250,00 € (art. 13 l'emporte sur les statuts).
  # Dora se retire le 2025-03-01 ; le 2026-03-01, rembourser ses 78 parts laisserait 22 × 50,00 € = 1 100,00 €
  # < 1 250,00 € : refusé.
  # Chloé souscrit 4 parts (200,00 €) : 104 parts, 5 200,00 €, nouveau plus élevé : 5 200,00 € / 4 = 1 300,00 €.
  # Le remboursement laisse 26 × 50,00 € = 1 300,00 €, égal au plancher : il passe.
  # (3 parts n'auraient pas suffi : 103 parts → plancher 1 287,50 €, reste 25 × 50,00 € = 1 250,00 €.)
  Scénario: Le quart du capital le plus élevé atteint (loi 1947 art. 13) relève le plancher des statuts
    Soit les associés :
      | associé | catégorie | collège | parts | versé    | le         |
      | Dora    | usager    | usagers | 78    | 3 900,00 | 2025-02-01 |
    Alors le capital est de 100 parts, soit 5 000,00 €
    Et le plancher du capital est de 1 250,00 €
    Quand le 2025-03-01, «Dora» se retire du pôle
    Et le 2026-03-01, le conseil tente de rembourser «Dora» de 3 900,00 €
    Alors le mouvement est refusé au nom de la règle «this refund would bring the capital to 1 100,00 €, below its floor of 1 250,00 € (Code de commerce L231-5; loi n° 47-1775 art. 13)»
    Et rien n'a été enregistré
    Quand les associés :
      | associé | catégorie | collège | parts | versé  | le         |
      | Chloé   | usager    | usagers | 4     | 200,00 | 2026-03-02 |
    Alors le plancher du capital est de 1 300,00 €
    Quand le 2026-03-02, le conseil rembourse «Dora» de 3 900,00 €
    Alors le capital est de 26 parts, soit 1 300,00 €
    Et le plancher du capital est de 1 300,00 €
    Et le plancher du capital au 2025-12-31 est de 1 250,00 €
