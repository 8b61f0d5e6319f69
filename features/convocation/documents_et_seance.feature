# language: fr
Fonctionnalité: Documents mis à disposition, participation à distance et incidents (Code de commerce, art. R225-83, R225-89, L225-107 II, R225-99, R225-106)
  Chaque document est conservé une fois, par son empreinte SHA-256 ; l'événement qui le met à disposition en
  garde l'empreinte, le nom, la taille et la date : le registre prouve ce qui était disponible, et depuis quand
  (R225-89 : au moins quinze jours avant l'assemblée). Le procès-verbal cite les documents soumis à
  l'assemblée (R225-106) et les incidents techniques qui ont perturbé la séance (R225-99). Un membre qui
  participe à distance ne compte comme présent que si les statuts le prévoient (L225-107 II).
  Empreinte de « Comptes annuels 2026 » (contenu « bilan 2026 ») :
  sha256("bilan 2026") = b13cb1a0afbd210a23ddaa4c59dac9d84d1d5dd7a47705e5184a9b729dc98174, calculée
  par `printf 'bilan 2026' | sha256sum`.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |

  Scénario: L'empreinte d'un document au registre et au procès-verbal
    Soit la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 3 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Quand le 2027-01-04 le secrétaire met à disposition «Comptes annuels 2026» de contenu «bilan 2026»
    Alors le registre prouve que «Comptes annuels 2026» d'empreinte b13cb1a0afbd210a23ddaa4c59dac9d84d1d5dd7a47705e5184a9b729dc98174 est à disposition depuis le 2027-01-04
    Et le procès-verbal cite «Comptes annuels 2026» d'empreinte b13cb1a0afbd210a23ddaa4c59dac9d84d1d5dd7a47705e5184a9b729dc98174

  Scénario: Un incident de visioconférence au procès-verbal
    Soit les statuts prévoient que la participation à distance vaut présence
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et le collège «salaries» compte 3 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Et le secrétaire enregistre «salaries-1» à distance
    Quand le secrétaire enregistre un incident de 18:42 à 18:51 le 2027-01-19 : «Coupure de la visioconférence pendant le vote de la résolution 1»
    Alors le procès-verbal indique l'incident «Coupure de la visioconférence pendant le vote de la résolution 1»
    Et les membres qui comptent pour le quorum sont 1 sur 3

  Scénario: Sans clause des statuts, la participation à distance ne vaut pas présence
    Soit les statuts ne prévoient pas que la participation à distance vaut présence
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et le collège «salaries» compte 3 membres
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-19 à 18:00 la séance est ouverte
    Quand le secrétaire tente d'enregistrer «salaries-1» à distance
    Alors la demande est refusée avec le message «the statutes do not provide that members taking part by video or telecommunication count as present (Code de commerce L225-107 II): record the member present, or its correspondence form or proxy»
    Et rien n'a été enregistré
