# language: fr
Fonctionnalité: Un procès-verbal signé ne change plus, sauf par un rectificatif
  Le procès-verbal est calculé à partir des événements. Une fois signé, il est
  calculé à partir des événements tels qu'ils étaient à la première signature :
  ce qui arrive ensuite aux points de l'ordre du jour (un point jamais mis aux
  voix, retiré après la séance) ne modifie ni son texte ni son empreinte. Seul
  un rectificatif, nouvelle entrée signée, le fait évoluer.

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
      | Budget 2026  | ordinaire |
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

  Scénario: Retirer après la signature un point jamais voté ne change pas le procès-verbal signé
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Et l'empreinte du procès-verbal est notée
    Quand le secrétaire retire «Budget 2026»
    Alors l'empreinte du procès-verbal est inchangée
    Et au procès-verbal, «Budget 2026» est non mis aux voix
    Quand «Paul Roux» signe le procès-verbal en qualité de secrétaire
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | oui    |
      | 2      | Paul Roux     | secrétaire | oui    |

  Scénario: Avant toute signature, le procès-verbal suit le registre
    Quand le secrétaire retire «Budget 2026»
    Alors au procès-verbal, «Budget 2026» est retiré

  Scénario: Après la signature, seul un rectificatif fait évoluer le procès-verbal
    Soit «Claire Martin» signe le procès-verbal en qualité de présidente
    Et le secrétaire retire «Budget 2026»
    Quand le secrétaire ajoute un rectificatif à l'entrée 1 : «Le point Budget 2026 a été retiré après la séance.»
    Alors les signatures du procès-verbal sont :
      | entrée | signataire    | qualité    | à jour |
      | 1      | Claire Martin | présidente | non    |
    Et au procès-verbal, «Budget 2026» est non mis aux voix
