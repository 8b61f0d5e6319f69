# language: fr
Fonctionnalité: Jugement majoritaire pondéré par collège, à bulletin secret
  Chaque bulletin pèse la part effective de son collège divisée par le
  nombre de bulletins exprimés du collège ; le profil de mérite d'un
  candidat est m(g) = Σ part du collège × (bulletins du collège donnant g ÷
  bulletins du collège). La mention majoritaire, la jauge et le départage se
  lisent sur ce profil comme sur des voix entières.

  Exemple (c) de docs/majority-judgment.md §5, ramené à six mentions
  (« Excellent » compté « Très bien », au-dessus de la médiane). Salariés
  1/2 (3 bulletins : chacun pèse 1/6 = 25/150), usagers 3/10 (5 bulletins :
  3/50 = 9/150), partenaires 1/5 (2 bulletins : 1/10 = 15/150) ; en
  150es, 25 × 3 + 9 × 5 + 15 × 2 = 150.

  Profils en 150es (Passable, Assez bien, Bien, Très bien) :
    Xavier  : 18 + 15 = 33, 25, 25 + 9 = 34, 25 + 18 + 15 = 58
    Yasmine : 18, 18 + 15 = 33, 25, 50 + 9 + 15 = 74
  Xavier : cumul 33, 58, 92 ≥ 75 → Bien ; q = 58/150 = 29/75,
    p = 58/150 = 29/75 ; p = q compte « − » → Bien−, score 4 − 29/75 = 271/75.
  Yasmine : cumul 18, 51, 76 ≥ 75 → Bien ; q = 51/150 = 17/50,
    p = 74/150 = 37/75 → Bien+, score 4 + 37/75 = 337/75.
  Départage : le Bien de Yasmine s'arrête à 76, juste au-dessus du milieu
  (75) : dès la profondeur 1/150 elle lit (Bien, Très bien), Xavier encore
  (Bien, Bien), jusqu'à 17/150.

  Contexte:
    Soit nous sommes le 2027-06-15 à 18:00
    Et des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts instituent un «conseil coopératif» de 3 sièges, élu pour 3 ans par la méthode «majority_judgment»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Salomé, Samir, Xavier»
    Et les membres admis du collège «usagers» sont «Ursula, Ulrich, Ugo, Uma, Ulysse»
    Et les membres admis du collège «partenaires» sont «Paula, Yasmine»
    Et une élection «Conseil coopératif 2027» pourvoit 1 siège avec les candidats «Xavier, Yasmine»
    Et le vote est ouvert
    Et les bulletins sont :
      | membre  | Xavier     | Yasmine    |
      | Salomé  | Très bien  | Très bien  |
      | Samir   | Assez bien | Bien       |
      | Xavier  | Bien       | Très bien  |
      | Ursula  | Passable   | Assez bien |
      | Ulrich  | Très bien  | Assez bien |
      | Ugo     | Passable   | Passable   |
      | Uma     | Bien       | Très bien  |
      | Ulysse  | Très bien  | Passable   |
      | Paula   | Passable   | Assez bien |
      | Yasmine | Très bien  | Très bien  |
    Et le vote est clos par le secrétaire

  Scénario: La pondération par collège élit Yasmine
    Alors les candidats obtiennent :
      | candidat | mention | p     | q     | score  | rang | élu |
      | Yasmine  | Bien+   | 37/75 | 17/50 | 337/75 | 1    | oui |
      | Xavier   | Bien-   | 29/75 | 29/75 | 271/75 | 2    | non |
    Et sont élus, dans l'ordre, «Yasmine»
    Et «Xavier» est classé derrière «Yasmine» à la profondeur 1/150, où «Yasmine» lit «Bien / Très bien» et «Xavier» «Bien / Bien»
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

  Scénario: Les mêmes bulletins à une voix par membre auraient élu Xavier
    Sans pondération, dix bulletins de même poids :
    Xavier : Très bien 4, Bien 2, Assez bien 1, Passable 3 ; cumul 3, 4, 6 ≥ 5
      → Bien ; p = q = 4/10 = 2/5 → Bien−, score 4 − 2/5 = 18/5.
    Yasmine : Très bien 4, Bien 1, Assez bien 3, Passable 2 ; cumul 2, 5 ≥ 5
      → Assez bien ; p = 5/10 = 1/2, q = 2/10 = 1/5 → Assez bien+, score 7/2.
    Les salariés, qui pèsent la moitié, préfèrent Yasmine (Très bien, Bien,
    Très bien contre Très bien, Assez bien, Bien) : la pondération le leur
    permet. (La simulation n'enregistre rien : Yasmine reste élue.)

    Alors avec les mêmes bulletins sous des statuts «one_member_one_vote», les candidats obtiendraient :
      | candidat | mention     | p   | q   | score | rang | élu |
      | Xavier   | Bien-       | 2/5 | 2/5 | 18/5  | 1    | oui |
      | Yasmine  | Assez bien+ | 1/2 | 1/5 | 7/2   | 2    | non |

  Scénario: Le scrutin secret publie les mentions par collège, jamais un bulletin
    L'élection est secrète (défaut des statuts, loi 1947 art. 8) : le
    registre garde qu'un membre a voté, et ses mentions seulement scellées,
    toutes de la même longueur ; le dépouillement publie par collège combien
    de fois chaque mention a été donnée.

    Alors les mentions données à «Yasmine» sont publiées par collège :
      | collège     | À rejeter | Insuffisant | Passable | Assez bien | Bien | Très bien |
      | salaries    | 0         | 0           | 0        | 0          | 1    | 2         |
      | usagers     | 0         | 0           | 2        | 2          | 0    | 1         |
      | partenaires | 0         | 0           | 0        | 1          | 0    | 1         |
    Et les mentions données à «Xavier» sont publiées par collège :
      | collège     | À rejeter | Insuffisant | Passable | Assez bien | Bien | Très bien |
      | salaries    | 0         | 0           | 0        | 1          | 1    | 1         |
      | usagers     | 0         | 0           | 2        | 0          | 1    | 2         |
      | partenaires | 0         | 0           | 1        | 0          | 0    | 1         |
    Et aucun événement enregistré pour cette élection ne contient de bulletin en clair
    Et les 10 bulletins scellés ont tous la même longueur, 63 caractères
