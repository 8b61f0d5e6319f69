# language: fr
Fonctionnalité: Import CSV quand les statuts confient l'admission à l'assemblée
  Le conseil ne peut pas admettre lui-même : l'import n'enregistre que les
  demandes d'adhésion, sans collège, et l'aperçu le dit avant toute confirmation.

  Contexte:
    Soit le pôle «Pôle Rhizome», dont les statuts SCIC ont les collèges «salaries», «usagers» et «collectivites» et confient l'admission à l'assemblée
    Et «Coop Bois» en est membre fondateur
    Et sa secrétaire est connectée

  Scénario: Seules les demandes sont enregistrées
    Quand la secrétaire envoie le fichier :
      """
      nom,type,catégorie,représentant,collège
      Léa Durand,personne,salarié,,salaries
      """
    Alors l'aperçu compte 1 lignes valides et 0 avec un problème
    Et l'aperçu annonce que seules les demandes seront enregistrées
    Quand la secrétaire confirme l'import de toutes les lignes
    Alors le pôle compte ces membres :
      | membre     | statut     | collège | type           | représentant |
      | Coop Bois  | admis      | usagers | ess_enterprise | Jean Bois    |
      | Léa Durand | en attente |         | person         | Léa Durand   |
