# language: fr
Fonctionnalité: Qui signe le procès-verbal de l'assemblée
  Le procès-verbal des délibérations est signé par les membres du bureau
  (Code de commerce, art. R225-106) ; le bureau est le président de séance,
  deux scrutateurs et le secrétaire qu'ils désignent (art. R225-101).
  Sur un même texte du procès-verbal signent donc un président, un secrétaire
  et au plus deux scrutateurs ; le président et le secrétaire de séance sont
  deux personnes différentes (sauf statuts contraires). Un rectificatif crée
  un nouveau texte, dont les signatures peuvent être renouvelées. Une
  signature refusée n'enregistre rien.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre | collège     |
      | Alice  | salaries    |
      | Bruno  | salaries    |
      | Chloé  | usagers     |
      | Élise  | partenaires |
    Et l'ordre du jour :
      | résolution   | nature    |
      | Comptes 2025 | ordinaire |
    Et une assemblée générale ordinaire est convoquée en première convocation sur cet ordre du jour
    Et la séance est ouverte
    Et la feuille de présence :
      | membre | participation |
      | Alice  | présente      |
      | Bruno  | présent       |
    Et le secrétaire met aux voix «Comptes 2025»
    Et le secrétaire enregistre «pour» pour chaque participant
    Et le vote «Comptes 2025» est clos par le secrétaire
    Et la séance est levée

  Scénario: Le président et le secrétaire de séance, deux personnes, signent
    Quand «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | oui    |
      | 2      | Paul Roux     | secrétaire | oui    |
    Et «Paul Roux» peut encore signer ce texte en qualité de : scrutateur
    Et «Élodie Roche» peut encore signer ce texte en qualité de : scrutateur

  Scénario: La présidente ne signe pas aussi comme secrétaire
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Alors «Claire Martin» peut encore signer ce texte en qualité de : scrutateur
    Et «Paul Roux» peut encore signer ce texte en qualité de : secrétaire, scrutateur
    Quand «Claire Martin» tente de signer le procès-verbal en qualité de secrétaire
    Alors la demande est refusée avec le message «Claire Martin signed these minutes as chair of the session: the secretary is another person (Code de commerce R225-101»
    Et rien n'a été enregistré

  Scénario: Le secrétaire ne signe pas ensuite comme président
    Soit «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Quand «Paul Roux» tente de signer le procès-verbal en qualité de président
    Alors la demande est refusée avec le message «the chair is another person»
    Et rien n'a été enregistré

  Scénario: Un seul président signe un même texte
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Quand «Alice Durand» tente de signer le procès-verbal en qualité de présidente
    Alors la demande est refusée avec le message «the chair of the session has already signed this text of the minutes»
    Et rien n'a été enregistré

  Scénario: Deux scrutateurs au plus, un troisième est refusé
    Soit «Alice Durand» signe le procès-verbal en qualité de scrutatrice
    Et «Bruno Petit» signe le procès-verbal en qualité de scrutateur
    Quand «Chloé Blanc» tente de signer le procès-verbal en qualité de scrutatrice
    Alors la demande est refusée avec le message «two scrutineers have already signed this text of the minutes»
    Et rien n'a été enregistré

  Scénario: Après un rectificatif, chacun renouvelle sa signature dans sa qualité, pas dans l'autre
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Et le secrétaire ajoute un rectificatif à l'entrée 1 : «Lire salle des fêtes de Crest.»
    Quand «Claire Martin» tente de signer le procès-verbal en qualité de secrétaire
    Alors la demande est refusée avec le message «the secretary is another person»
    Quand «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | non    |
      | 2      | Paul Roux     | secrétaire | non    |
      | 4      | Claire Martin | présidente | oui    |
      | 5      | Paul Roux     | secrétaire | oui    |

  Scénario: Après un rectificatif, le siège de président reste à la personne qui l'a tenu
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Et «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Et le secrétaire ajoute un rectificatif à l'entrée 1 : «Lire salle des fêtes de Crest.»
    Quand «Alice Bernard» tente de signer le procès-verbal en qualité de présidente
    Alors la demande est refusée avec le message «a corrected text is signed by the same person»
