# language: fr
Fonctionnalité: Le procès-verbal signé dans son PDF, puis horodaté
  Tenu sous forme électronique, le registre des délibérations reçoit des
  procès-verbaux signés par une signature électronique au moins avancée
  (décret n° 2019-1118 du 31 octobre 2019 ; Code de commerce, art. R225-22,
  auquel renvoie l'art. R225-106 ; règlement eIDAS, art. 26) et datés par un
  horodatage qui offre toute garantie de preuve. Chaque membre du bureau
  (art. R225-101, R225-106) ajoute sa signature au PDF que la précédente a
  laissé, par une mise à jour incrémentale qui garde les signatures
  antérieures valides ; l'horodatage de document clôt le fichier (PAdES
  B-LTA). Le registre inscrit l'empreinte SHA-256 de chaque fichier et celle
  du fichier auquel il s'ajoute : le PDF et la chaîne du registre se
  répondent. Un rectificatif fait un nouveau texte, dont le PDF est signé à
  nouveau. Une demande refusée n'enregistre rien.

  Dans ces scénarios, un fichier est désigné par un nom (« F1 ») et le
  registre inscrit l'empreinte SHA-256 de ce nom ; « — » : aucun fichier
  (la première signature s'ajoute au PDF tout juste produit du texte).

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

  Scénario: La présidente puis le secrétaire signent le même fichier, l'horodatage le clôt
    Quand «Alice Martin» signe le PDF du procès-verbal en qualité de présidente : fichier «F1» ajouté à «—»
    Et «Bruno Petit» signe le PDF du procès-verbal en qualité de secrétaire : fichier «F2» ajouté à «F1»
    Et le secrétaire horodate le PDF du procès-verbal : fichier «F3» ajouté à «F2»
    Alors les fichiers du procès-verbal au registre sont :
      | entrée | type       | signataire   | fichier | ajouté à | à jour |
      | 1      | signature  | Alice Martin | F1      | —        | oui    |
      | 2      | signature  | Bruno Petit  | F2      | F1       | oui    |
      | 3      | horodatage | —            | F3      | F2       | oui    |

  Scénario: Une signature ajoutée à un autre fichier que le dernier signé est refusée
    Soit «Alice Martin» signe le PDF du procès-verbal en qualité de présidente : fichier «F1» ajouté à «—»
    Quand «Bruno Petit» tente de signer le PDF du procès-verbal en qualité de secrétaire : fichier «F2» ajouté à «—»
    Alors la demande est refusée avec le message «each signature is added to the PDF the previous signature left»
    Et rien n'a été enregistré

  Scénario: Après l'horodatage de document, le PDF ne reçoit plus de signature
    Soit «Alice Martin» signe le PDF du procès-verbal en qualité de présidente : fichier «F1» ajouté à «—»
    Et le secrétaire horodate le PDF du procès-verbal : fichier «F2» ajouté à «F1»
    Quand «Bruno Petit» tente de signer le PDF du procès-verbal en qualité de secrétaire : fichier «F3» ajouté à «F2»
    Alors la demande est refusée avec le message «closed by its document timestamp»
    Et rien n'a été enregistré

  Scénario: Seul un procès-verbal signé dans son PDF reçoit l'horodatage de document
    Soit «Alice Martin» signe le procès-verbal en qualité de présidente
    Quand le secrétaire tente d'horodater le PDF du procès-verbal : fichier «F1» ajouté à «—»
    Alors la demande est refusée avec le message «only minutes signed in their PDF take a document timestamp»
    Et rien n'a été enregistré

  Scénario: Un rectificatif fait un nouveau texte, dont le PDF est signé à nouveau depuis le début
    Soit «Alice Martin» signe le PDF du procès-verbal en qualité de présidente : fichier «F1» ajouté à «—»
    Et «Bruno Petit» signe le PDF du procès-verbal en qualité de secrétaire : fichier «F2» ajouté à «F1»
    Et le secrétaire horodate le PDF du procès-verbal : fichier «F3» ajouté à «F2»
    Quand le secrétaire ajoute un rectificatif à l'entrée 1 : «Lire Comptes 2025 au lieu de Comptes 2024.»
    Et «Alice Martin» signe le PDF du procès-verbal en qualité de présidente : fichier «G1» ajouté à «—»
    Alors les fichiers du procès-verbal au registre sont :
      | entrée | type       | signataire   | fichier | ajouté à | à jour |
      | 1      | signature  | Alice Martin | F1      | —        | non    |
      | 2      | signature  | Bruno Petit  | F2      | F1       | non    |
      | 3      | horodatage | —            | F3      | F2       | non    |
      | 5      | signature  | Alice Martin | G1      | —        | oui    |
