# language: fr
Fonctionnalité: Envoyer la convocation et en garder la preuve (Code de commerce, art. R225-66, R225-69, R225-106)
  R225-66 : l'avis de convocation comporte la dénomination, la forme de la société, le montant du capital,
  l'adresse du siège, les mentions de l'article R123-237 (numéro d'identification, « RCS » suivi de la ville
  du greffe), les jour, heure et lieu de l'assemblée, sa nature et son ordre du jour, et les conditions du vote
  par correspondance. R225-69 : quinze jours au moins entre l'envoi et l'assemblée, le jour de l'envoi exclu
  (envoi le 4 janvier 2027, assemblée le 19 : 15 jours). L'envoi est un événement qui garde le texte et son
  empreinte SHA-256 ; le procès-verbal dit le mode de convocation (R225-106).

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et les membres :
      | membre  |
      | Alice   |
      | Bruno   |
      | Chloé   |
    Et le 2026-11-01 «Alice» accepte en ligne d'être convoqué par courriel
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |

  Scénario: Sans l'identité du pôle, la convocation ne part pas
    Quand le 2027-01-04 à 10:00 le secrétaire tente d'envoyer la convocation
    Alors la demande est refusée avec le message «R225-66: the convocation states the pole's registered office, and for a company its capital and its RCS number and city (R123-237); record the pole's identity first (missing: registered_office, capital, rcs_number, rcs_city)»
    Et rien n'a été enregistré depuis

  Scénario: Envoyée un jour trop tard, la convocation est refusée et rien n'est enregistré
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Quand le 2027-01-05 à 10:00 le secrétaire tente d'envoyer la convocation
    Alors la demande est refusée avec le message «R225-69: at least 15 days are needed between sending the convocation and the assembly on first convocation (sent on 2027-01-05, the assembly on 2027-01-19 leaves 14; the earliest lawful date is 2027-01-20)»
    Et rien n'a été enregistré depuis

  Scénario: Le texte envoyé porte les mentions obligatoires et son empreinte est au registre
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Quand le 2027-01-04 à 10:00 la convocation est envoyée
    Alors la convocation mentionne «SCIC SA à capital variable»
    Et la convocation mentionne «Capital : variable»
    Et la convocation mentionne «Siège social : 2 place des Otages — 29600 Morlaix»
    Et la convocation mentionne «912 345 678 RCS Brest»
    Et la convocation mentionne «le mardi 19 janvier 2027 à 18 h 00»
    Et la convocation mentionne «assemblée générale ordinaire»
    Et la convocation mentionne «- Résolution 1 (ordinaire) : Comptes 2026»
    Et la convocation mentionne «jusqu'au lundi 18 janvier 2027 à 15 h»
    Et la convocation mentionne «reçu au plus tard le samedi 16 janvier 2027»
    Et la convocation mentionne «ne sont pas considérés comme des votes exprimés (art. L225-107 I)»
    Et l'événement d'envoi porte l'empreinte SHA-256 du texte de la convocation

  Scénario: Les lettres postées le jour même : délai respecté, et le procès-verbal le dit
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et le secrétaire enregistre le dépôt des lettres à la poste le 2027-01-04
    Alors le délai de convocation est respecté : 15 et 15 jours pour 15 requis
    Et le procès-verbal indique une convocation par courriel à 1 et par courrier à 2 membres, délai respecté

  Scénario: Les lettres postées deux jours après le courriel : le délai n'est pas tenu pour elles
    Le dépôt à la poste est un fait : il s'enregistre tel qu'il a eu lieu, et le procès-verbal dit que le délai
    n'a pas été tenu pour les membres convoqués par courrier (19 − 6 = 13 jours).
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Et le secrétaire enregistre le dépôt des lettres à la poste le 2027-01-06
    Alors le délai de convocation est non respecté : 15 et 13 jours pour 15 requis
    Et le procès-verbal indique une convocation par courriel à 1 et par courrier à 2 membres, délai non respecté

  Scénario: La séance s'ouvre le jour annoncé par la convocation, pas avant
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Quand le 2027-01-18 à 23:30 le secrétaire tente d'ouvrir la séance
    Alors la demande est refusée avec le message «the session opens on the day the convocation announced (2027-01-19)»
    Quand le 2027-01-19 à 09:00 le secrétaire tente d'ouvrir la séance
    Alors la demande est acceptée

  Scénario: Tant que les lettres ne sont pas déposées, le délai n'est pas établi pour les membres convoqués par courrier
    Soit l'identité du pôle est enregistrée (siège, capital, RCS)
    Quand le 2027-01-04 à 10:00 la convocation est envoyée
    Alors le délai de convocation n'est pas établi : les lettres ne sont pas déposées
