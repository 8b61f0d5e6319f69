# language: fr
Fonctionnalité: Jugement majoritaire : mention majoritaire et départage
  Chaque électeur donne une mention à chaque candidat, sur l'échelle des
  statuts, de la pire à la meilleure : À rejeter, Insuffisant, Passable,
  Assez bien, Bien, Très bien. La mention majoritaire d'un candidat est la
  médiane inférieure : la plus basse mention g telle qu'au moins la moitié
  des mentions soient ≤ g. Avec p la part des mentions strictement
  au-dessus et q la part strictement au-dessous, le candidat a « g+ » (score
  g + p) quand p > q, « g− » (score g − q) sinon. À égalité de mention et de
  signe, le plus grand p l'emporte pour un « + », le plus petit q pour un
  « − » ; si cela ne suffit pas, on retire les mentions médianes une à une
  (docs/majority-judgment.md, §3.3) et le premier écart décide.

  Exemples (a) et (b) de docs/majority-judgment.md §5, ramenés à six
  mentions : il n'y a pas d'« Excellent », compté ici « Très bien » ; ces
  mentions étant au-dessus de la médiane, les chiffres ne changent pas.
  Dix électeurs, une voix chacun ; les candidats ne votent pas.

  Contexte:
    Soit nous sommes le 2027-06-15 à 18:00
    Et des statuts «one_member_one_vote» sans collège
    Et les statuts instituent un «conseil d'administration» de 3 sièges, élu pour 3 ans par la méthode «majority_judgment»
    Et le pôle «Association Terre Commune» est fondé avec ces statuts
    Et les membres admis sans collège sont «Anna, Basile, Camille, Denis, Elsa, Fanny, Gaël, Hugo, Inès, Jules»
    Et les membres admis sans collège sont «Aline, Bruno, Chloé, Dora, Emma»

  Scénario: Égalité de mention majoritaire départagée par la jauge (exemple a)
    Aline : Très bien 4, Bien 3, Assez bien 2, Passable 1.
      Cumul depuis la pire : Passable 1, Assez bien 3, Bien 6 ≥ 5 → Bien ;
      p = 4/10 = 2/5, q = 3/10 ; p > q → Bien+, score 4 + 2/5 = 22/5.
    Bruno : Très bien 2, Bien 5, Assez bien 1, Passable 1, Insuffisant 1.
      Cumul : 1, 2, 3, 8 ≥ 5 → Bien ; p = 2/10 = 1/5, q = 3/10 ;
      p < q → Bien−, score 4 − 3/10 = 37/10.
    Chloé : Très bien 4, Bien 1, Assez bien 3, Passable 2.
      Cumul : Passable 2, Assez bien 5 ≥ 5 → Assez bien (la médiane
      inférieure : exactement la moitié est à Assez bien ou moins) ;
      p = 5/10 = 1/2, q = 2/10 = 1/5 → Assez bien+, score 3 + 1/2 = 7/2.
    Aline et Bruno ont la même mention, Bien : le signe les départage.
    En retirant les médianes : Aline passe à (Bien, Très bien) dès la
    profondeur 1/10, Bruno lit encore (Bien, Bien) ; Chloé lit
    (Assez bien, Bien) dès la profondeur 0, contre (Bien, Bien) pour Bruno.

    Soit une élection «Élection partielle» pourvoit 1 siège avec les candidats «Aline, Bruno, Chloé»
    Et le vote est ouvert
    Quand les bulletins sont :
      | membre  | Aline      | Bruno       | Chloé      |
      | Anna    | Très bien  | Très bien   | Très bien  |
      | Basile  | Très bien  | Très bien   | Très bien  |
      | Camille | Très bien  | Bien        | Très bien  |
      | Denis   | Très bien  | Bien        | Très bien  |
      | Elsa    | Bien       | Bien        | Bien       |
      | Fanny   | Bien       | Bien        | Assez bien |
      | Gaël    | Bien       | Bien        | Assez bien |
      | Hugo    | Assez bien | Assez bien  | Assez bien |
      | Inès    | Assez bien | Passable    | Passable   |
      | Jules   | Passable   | Insuffisant | Passable   |
    Et le vote est clos par le secrétaire
    Alors les candidats obtiennent :
      | candidat | mention     | p    | q    | score | rang | élu |
      | Aline    | Bien+       | 2/5  | 3/10 | 22/5  | 1    | oui |
      | Bruno    | Bien-       | 1/5  | 3/10 | 37/10 | 2    | non |
      | Chloé    | Assez bien+ | 1/2  | 1/5  | 7/2   | 3    | non |
    Et sont élus, dans l'ordre, «Aline»
    Et «Bruno» est classé derrière «Aline» à la profondeur 1/10, où «Aline» lit «Bien / Très bien» et «Bruno» «Bien / Bien»
    Et «Chloé» est classé derrière «Bruno» à la profondeur 0, où «Bruno» lit «Bien / Bien» et «Chloé» «Assez bien / Bien»
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture

  Scénario: Même mention, même signe, même p : le départage va plus profond (exemple b)
    Dora : Très bien 3, Bien 5, Assez bien 2. Cumul : Assez bien 2,
      Bien 7 ≥ 5 → Bien ; p = 3/10, q = 2/10 = 1/5 → Bien+, score 43/10.
    Emma : Très bien 3, Bien 6, Passable 1. Cumul : Passable 1, Bien 7 → Bien ;
      p = 3/10, q = 1/10 → Bien+, score 43/10.
    Même mention, même signe, même p = 3/10 : la jauge ne départage pas.
    En retirant les médianes (profondeurs en dixièmes) :
      de 0 à 2/10    : Dora (Bien, Bien)         Emma (Bien, Bien)
      de 2/10 à 3/10 : Dora (Bien, Très bien)    Emma (Bien, Très bien)
      dès 3/10       : Dora (Assez bien, Très bien) Emma (Bien, Très bien)
    Autant de soutiens au-dessus de Bien, mais Dora a plus de critiques
    (2 contre 1) : Emma est élue.

    Soit une élection «Élection partielle» pourvoit 1 siège avec les candidats «Dora, Emma»
    Et le vote est ouvert
    Quand les bulletins sont :
      | membre  | Dora       | Emma      |
      | Anna    | Très bien  | Très bien |
      | Basile  | Très bien  | Très bien |
      | Camille | Très bien  | Très bien |
      | Denis   | Bien       | Bien      |
      | Elsa    | Bien       | Bien      |
      | Fanny   | Bien       | Bien      |
      | Gaël    | Bien       | Bien      |
      | Hugo    | Bien       | Bien      |
      | Inès    | Assez bien | Bien      |
      | Jules   | Assez bien | Passable  |
    Et le vote est clos par le secrétaire
    Alors les candidats obtiennent :
      | candidat | mention | p    | q    | score | rang | élu |
      | Emma     | Bien+   | 3/10 | 1/10 | 43/10 | 1    | oui |
      | Dora     | Bien+   | 3/10 | 1/5  | 43/10 | 2    | non |
    Et sont élus, dans l'ordre, «Emma»
    Et «Dora» est classé derrière «Emma» à la profondeur 3/10, où «Emma» lit «Bien / Très bien» et «Dora» «Assez bien / Très bien»
    Et le recomptage à partir des événements redonne exactement le dépouillement de la clôture
