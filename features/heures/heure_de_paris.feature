# language: fr
Fonctionnalité: Une heure saisie à Paris désigne un seul instant
  Le secrétaire saisit l'heure de clôture d'un vote ou d'une assemblée à l'heure de Paris.
  La nuit du passage à l'heure d'été, l'heure entre 02:00 et 03:00 n'existe pas : elle est refusée,
  jamais déplacée en silence. La nuit du retour à l'heure d'hiver, l'heure entre 02:00 et 03:00 a lieu
  deux fois : Collegia demande laquelle (heure d'été ou heure d'hiver) avant d'enregistrer.

  Scénario: Une heure sautée au passage à l'heure d'été est refusée
    Quand le secrétaire saisit l'heure «2027-03-28 02:30» à Paris
    Alors la saisie est refusée : cette heure n'existe pas à Paris

  Scénario: Une heure qui a lieu deux fois au retour à l'heure d'hiver demande laquelle
    Quand le secrétaire saisit l'heure «2026-10-25 02:30» à Paris
    Alors la saisie demande s'il s'agit de l'heure d'été ou de l'heure d'hiver

  Plan du scénario: Le choix entre heure d'été et heure d'hiver fixe l'instant
    Quand le secrétaire saisit l'heure «2026-10-25 02:30» à Paris en <saison>
    Alors l'instant enregistré est <instant> UTC

    Exemples:
      | saison        | instant          |
      | heure d'été   | 2026-10-25 00:30 |
      | heure d'hiver | 2026-10-25 01:30 |

  Plan du scénario: Une heure ordinaire n'a qu'un instant
    Quand le secrétaire saisit l'heure «<heure>» à Paris
    Alors l'instant enregistré est <instant> UTC

    Exemples:
      | heure            | instant          |
      | 2027-03-28 01:59 | 2027-03-28 00:59 |
      | 2027-03-28 03:00 | 2027-03-28 01:00 |
      | 2026-10-25 03:00 | 2026-10-25 02:00 |
      | 2026-07-01 18:30 | 2026-07-01 16:30 |
