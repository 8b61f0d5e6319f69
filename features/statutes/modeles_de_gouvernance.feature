# language: fr
Fonctionnalité: Modèles de gouvernance choisis par les statuts
  Hors SCIC, un pôle (association, GIE…) peut donner à ses collèges des parts
  libres («weighted») ou voter à une voix par membre («one_member_one_vote»).
  Jamais de vote au prorata du capital.

  Scénario: Un pôle à parts libres peut donner 70 % à un collège
    Soit des statuts «weighted» avec les collèges :
      | collège       | nom                     | part |
      | entreprises   | Entreprises             | 70%  |
      | collectivites | Collectivités locales   | 30%  |
    Et le pôle «GIE Littoral» est fondé avec ces statuts
    Et le collège «entreprises» compte 2 membres
    Et le collège «collectivites» compte 1 membre
    Et un vote ordinaire «Mutualiser un local» est ouvert
    Quand le collège «entreprises» vote 1 pour, 1 contre et 0 abstention
    Et le collège «collectivites» vote 1 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 7/10 × 1/2 + 3/10 × 1 = 7/20 + 6/20
    Alors le résultat est 13/20
    Et la résolution est adoptée
    Et la vérification des statuts avertit «only 2 college(s): at least 3 is common practice»

  Scénario: Une voix par membre, quelle que soit la taille de son collège
    Soit des statuts «one_member_one_vote» avec les collèges :
      | collège  | nom      | part |
      | salaries | Salariés | —    |
      | usagers  | Usagers  | —    |
    Et le pôle «Association Terre Commune» est fondé avec ces statuts
    Et le collège «salaries» compte 4 membres
    Et le collège «usagers» compte 1 membre
    Et un vote ordinaire «Horaires d'ouverture» est ouvert
    Quand le collège «salaries» vote 1 pour, 3 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    # 2 voix pour sur 5 suffrages exprimés ; pondéré 50/50, ce serait 1/2 × 1/4 + 1/2 × 1 = 5/8
    Alors le résultat est 2/5
    Et la règle appliquée aux collèges vides est «one_member_one_vote»
    Et le décompte par collège est :
      | collège  | pour | contre | exprimés | poids effectif |
      | salaries | 1    | 3      | 4        | 4/5            |
      | usagers  | 1    | 0      | 1        | 1/5            |
    Et la résolution est rejetée
