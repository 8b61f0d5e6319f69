# language: fr
Fonctionnalité: Import des membres depuis un fichier CSV
  La secrétaire d'un nouveau pôle importe ses membres depuis un tableur. Chaque
  ligne est d'abord vérifiée par les règles du domaine (nom, type de membre,
  catégorie, représentant, collège des statuts en vigueur, doublons) et la
  règle enfreinte est nommée en français. Rien n'est enregistré avant sa
  confirmation ; une ligne invalide n'entre jamais, et l'import de toutes les
  lignes n'a lieu que si toutes sont valides.

  Contexte:
    Soit le pôle «Pôle Rhizome», dont les statuts SCIC ont les collèges «salaries», «usagers» et «collectivites»
    Et «Coop Bois» en est membre fondateur
    Et sa secrétaire est connectée

  Scénario: Un fichier valide, séparé par des points-virgules et enregistré avec BOM
    Quand la secrétaire envoie le fichier enregistré avec BOM :
      """
      nom;type;catégorie;représentant;collège
      Léa Durand;personne;salarié;;salaries
      Épicerie du Vercors;organisation;bénéficiaire;Paul Martin;Usagers
      Mairie de Saillans;local_authority;public_body;Agnès Roche;collectivites
      """
    Alors l'aperçu compte 3 lignes valides et 0 avec un problème
    Et le pôle n'a encore enregistré aucun nouveau membre
    Quand la secrétaire confirme l'import de toutes les lignes
    Alors le pôle compte ces membres :
      | membre              | statut | collège       | type           | représentant |
      | Coop Bois           | admis  | usagers       | ess_enterprise | Jean Bois    |
      | Léa Durand          | admis  | salaries      | person         | Léa Durand   |
      | Épicerie du Vercors | admis  | usagers       | other          | Paul Martin  |
      | Mairie de Saillans  | admis  | collectivites | local_authority| Agnès Roche  |
    Et chaque admission importée porte la décision «Import CSV du 3 mars 2025, décision du CA»

  Scénario: Chaque ligne invalide nomme sa règle, et rien n'est importé
    Quand la secrétaire envoie le fichier :
      """
      nom,type,catégorie,représentant,collège
      Jeanne Petit,personne,salarié,,salaries
      Coop X,cooperative,partenaire,Luc Blanc,
      coop  BOIS,organisation,partenaire,Anne Noir,
      Ferme du Pic,organisation,producteur,,
      Lucie Garnier,personne,salarié,,cuisine
      JEANNE PETIT,personne,salarié,,usagers
      ,personne,salarié,,
      """
    Alors l'aperçu compte 1 lignes valides et 6 avec un problème
    Et l'aperçu nomme ces règles :
      | ligne | règle                                                                        |
      | 3     | type : « cooperative » n'est pas un type de membre                           |
      | 4     | doublon : « Coop Bois » fait déjà partie du pôle (admis)                     |
      | 5     | le champ « représentant » est obligatoire                                    |
      | 6     | collège : les statuts en vigueur ne définissent aucun collège « cuisine »    |
      | 7     | doublon : même nom qu'à la ligne 2 du fichier                                |
      | 8     | le champ « nom du membre » est obligatoire                                   |
    Quand la secrétaire confirme l'import de toutes les lignes
    Alors l'import est refusé : «Certaines lignes ne sont pas valides : rien n'a été importé.»
    Et le pôle n'a encore enregistré aucun nouveau membre

  Scénario: La secrétaire choisit de n'importer que les lignes valides
    Quand la secrétaire envoie le fichier :
      """
      nom,type,catégorie,représentant,collège
      Jeanne Petit,personne,salarié,,salaries
      Coop X,cooperative,partenaire,Luc Blanc,
      """
    Et la secrétaire confirme l'import des seules lignes valides
    Alors le pôle compte ces membres :
      | membre       | statut | collège  | type           | représentant |
      | Coop Bois    | admis  | usagers  | ess_enterprise | Jean Bois    |
      | Jeanne Petit | admis  | salaries | person         | Jeanne Petit |
