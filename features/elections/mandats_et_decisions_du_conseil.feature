# language: fr
Fonctionnalité: Les mandats et les décisions du conseil
  Un élu siège du jour de l'assemblée qui l'élit jusqu'au même jour, autant
  d'années plus tard que les statuts le disent, ce dernier jour compris ; il
  ne siège plus le lendemain. Les mandats qui expirent l'année d'une
  assemblée générale ordinaire prennent fin à sa clôture (Code de commerce
  R225-15).

  Le conseil décide entre ses membres en fonction le jour où le vote s'ouvre,
  une voix par membre (Code de commerce L225-37) :
  - quorum : les membres présents (un pouvoir ne rend pas son mandant
    présent) sont au moins la moitié des membres en fonction ;
  - majorité : les voix pour sont plus de la moitié des membres présents ou
    représentés ; une abstention n'est donc pas « pour » ;
  - partage : autant de pour que de contre, sans abstention ; la voix de la
    présidence est alors prépondérante.

  Contexte:
    Soit nous sommes le 2027-06-15 à 18:00
    Et des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et les statuts instituent un «conseil coopératif» de 5 sièges, élu pour 3 ans par la méthode «resolution_per_candidate»
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis du collège «salaries» sont «Aline, Bruno»
    Et les membres admis du collège «usagers» sont «Chloé, Dora»
    Et les membres admis du collège «partenaires» sont «Emma, Fanny»
    Et «Aline, Bruno, Chloé, Dora, Emma» sont élus au conseil
    Et «Aline» est nommée «président·e» par le conseil

  Scénario: Un mandat prend fin à sa date : le conseil la veille, le jour même et le lendemain
    Élus le 2027-06-15 pour 3 ans : ils siègent du 2027-06-15 au 2030-06-15
    inclus. Le terme est constaté le premier jour (à Paris) où il est passé.

    Alors les mandats sont :
      | membre | siège  | du         | au         | par      | fonction    |
      | Aline  | ouvert | 2027-06-15 | 2030-06-15 | élection | président·e |
      | Bruno  | ouvert | 2027-06-15 | 2030-06-15 | élection | —           |
      | Chloé  | ouvert | 2027-06-15 | 2030-06-15 | élection | —           |
      | Dora   | ouvert | 2027-06-15 | 2030-06-15 | élection | —           |
      | Emma   | ouvert | 2027-06-15 | 2030-06-15 | élection | —           |
    Et le conseil au 2027-06-14 est «—»
    Et le conseil au 2027-06-15 est «Aline, Bruno, Chloé, Dora, Emma»
    Et le conseil au 2030-06-14 est «Aline, Bruno, Chloé, Dora, Emma»
    Et le conseil au 2030-06-15 est «Aline, Bruno, Chloé, Dora, Emma»
    Et le conseil au 2030-06-16 est «—»
    Quand le 2030-06-15 à 23:30 les mandats arrivés à leur terme sont clos : 0
    Et le 2030-06-16 à 00:30 les mandats arrivés à leur terme sont clos : 5
    Alors le mandat de «Aline» a pris fin le 2030-06-16 au terme
    Et le mandat de «Emma» a pris fin le 2030-06-16 au terme
    Et le conseil au 2030-06-15 est «Aline, Bruno, Chloé, Dora, Emma»

  Scénario: L'assemblée de l'année du terme met fin aux mandats à sa clôture (R225-15)
    L'AGO du 2030-06-10 se tient l'année où les mandats expirent (le
    2030-06-15) : ils prennent fin le 2030-06-10, et les nouveaux élus
    siègent dès ce jour jusqu'au 2033-06-10.

    Quand nous sommes le 2030-06-10 à 18:00
    Et «Fanny, Bruno» sont élus au conseil
    Alors le conseil au 2030-06-09 est «Aline, Bruno, Chloé, Dora, Emma»
    Et le conseil au 2030-06-10 est «Fanny, Bruno»
    Et le conseil au 2033-06-10 est «Fanny, Bruno»
    Et le conseil au 2033-06-11 est «—»

  Scénario: Sans quorum, le conseil ne décide pas
    Quorum : 1/2 × 5 membres = 5/2, il faut 3 présents. Aline vote et porte
    le pouvoir de Bruno, Chloé vote : 2 présents, 1 représenté. Les 3 voix
    (2 pour, 1 contre : 2/3) ne comptent pas. Fanny, qui ne siège pas, ne
    vote pas.

    Soit une décision du conseil «Achat mutualisé d'un véhicule» est ouverte
    Alors les votants du conseil sont «Aline, Bruno, Chloé, Dora, Emma»
    Quand «Fanny» tente de voter «pour»
    Alors la demande est refusée avec le message «not in the electorate»
    Et rien n'a été enregistré
    Quand «Bruno» donne pouvoir à «Aline»
    Et «Aline» vote «pour»
    Et «Aline» vote «pour» pour «Bruno»
    Et «Chloé» vote «contre»
    Et le vote est clos par le secrétaire
    Alors la résolution est ajournée faute de quorum
    Et le quorum n'est pas atteint : participation 2 sur 5
    Et le conseil a compté 2 présents et 1 représentés sur 5 membres

  Scénario: Partage des voix : la présidente tranche
    4 présents sur 5 (≥ 5/2) : 2 pour, 2 contre, aucune abstention ;
    2/4 = 1/2 n'est pas plus de la moitié, mais c'est un partage : la voix
    d'Aline, présidente, qui a voté pour, l'emporte.

    Soit une décision du conseil «Achat mutualisé d'un véhicule» est ouverte
    Quand «Aline» vote «pour»
    Et «Bruno» vote «pour»
    Et «Chloé» vote «contre»
    Et «Dora» vote «contre»
    Et le vote est clos par le secrétaire
    Alors le conseil a compté 4 présents et 0 représentés sur 5 membres
    Et le résultat est 1/2
    Et la voix prépondérante de «Aline» a départagé : «pour»
    Et la résolution est adoptée

  Scénario: Une abstention fait échouer la décision
    4 présents : 2 pour, 1 contre, 1 abstention. La majorité se compte sur
    les présents ou représentés : 2/4 = 1/2, pas plus de la moitié. (En
    assemblée, l'abstention n'est pas un suffrage exprimé : 2/3 l'aurait
    emporté.) Pas de partage (2 pour, 1 contre) : pas de voix prépondérante.

    Soit une décision du conseil «Achat mutualisé d'un véhicule» est ouverte
    Quand «Aline» vote «pour»
    Et «Bruno» vote «pour»
    Et «Chloé» vote «contre»
    Et «Dora» vote «abstention»
    Et le vote est clos par le secrétaire
    Alors le résultat est 1/2
    Et aucune voix prépondérante n'a joué
    Et la résolution est rejetée

  Scénario: Avec une abstention, 2 pour et 2 contre n'est pas un partage
    5 présents : 2 pour (dont la présidente), 2 contre, 1 abstention :
    2/5, pas de majorité ; l'abstention empêche le partage, la voix de la
    présidente ne départage pas (docs/elections-law.md, question 5).

    Soit une décision du conseil «Achat mutualisé d'un véhicule» est ouverte
    Quand «Aline» vote «pour»
    Et «Bruno» vote «pour»
    Et «Chloé» vote «contre»
    Et «Dora» vote «contre»
    Et «Emma» vote «abstention»
    Et le vote est clos par le secrétaire
    Alors le conseil a compté 5 présents et 0 représentés sur 5 membres
    Et le résultat est 2/5
    Et aucune voix prépondérante n'a joué
    Et la résolution est rejetée
