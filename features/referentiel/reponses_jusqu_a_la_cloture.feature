# language: fr
Fonctionnalité: Les réponses se modifient jusqu'à la clôture, puis sont figées
  Un membre répond du jour d'ouverture au jour de clôture inclus ; il peut
  revenir sur ses réponses tant que la campagne n'est pas close, et seule sa
  dernière réponse compte (le registre garde les précédentes). Après le jour
  de clôture, puis une fois la campagne close, aucune réponse n'est plus
  reçue : les résultats figés à la clôture ne changent plus.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les membres admis :
      | membre         | collège       |
      | Alice          | salaries      |
      | Bruno          | salaries      |
      | Chloé          | usagers       |
      | Commune de Die | collectivites |

  # Dernières réponses : Alice a1 6/4 (et non 6/1), a2 5/2 ; Bruno a1 4/3 (et non 4/2).
  # a1, importance : 6, 4 → triées 4 6 : médiane (4 + 6) / 2 = 5 ; moyenne 10/2 = 5.
  # a1, réalisation : 4, 3 → triées 3 4 : médiane (3 + 4) / 2 = 7/2 ; moyenne 7/2.
  #   (Si les premières réponses comptaient aussi, 1 2 3 4 donneraient 4 notes, médiane 5/2.)
  # a2, réalisation : Alice seule, 2.
  Scénario: Les réponses se modifient jusqu'à la clôture, puis sont figées
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-10 au 2025-03-31
    Alors la campagne est prévue
    Quand «Alice» tente de répondre (importance / réalisation) :
      | a1  |
      | 6/1 |
    Alors la demande est refusée avec le message «the campaign opens on 2025-03-10»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré
    Quand la date du jour est le 2025-03-10
    Et «Alice» répond (importance / réalisation) :
      | a1  | a2  |
      | 6/1 | 5/2 |
    Et «Bruno» répond (importance / réalisation) :
      | a1  |
      | 4/2 |
    Et la date du jour est le 2025-03-20
    Et «Alice» modifie ses réponses (importance / réalisation) :
      | a1  | a2  |
      | 6/4 | 5/2 |
    Et la date du jour est le 2025-03-31
    Et «Bruno» modifie ses réponses (importance / réalisation) :
      | a1  |
      | 4/3 |
    Et la date du jour est le 2025-04-01
    Et «Chloé» tente de répondre (importance / réalisation) :
      | a1  |
      | 5/2 |
    Alors la demande est refusée avec le message «the campaign closed on 2025-03-31: answers are no longer taken»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré
    Et la campagne est ouverte
    Quand le secrétaire clôt la campagne
    Alors le registre de la campagne garde 4 réponses, dont 2 de «Alice»
    Et la campagne compte 4 invités et 2 répondants
    Et l'importance de l'indicateur «a1» se résume ainsi :
      | collège  | notes | médiane | moyenne |
      | salaries | 2     | 5       | 5       |
      | usagers  | 0     | —       | —       |
      | tous     | 2     | 5       | 5       |
    Et la réalisation de l'indicateur «a1» se résume ainsi :
      | collège  | notes | médiane | moyenne |
      | salaries | 2     | 7/2     | 7/2     |
      | tous     | 2     | 7/2     | 7/2     |
    Et la réalisation de l'indicateur «a2» se résume ainsi :
      | collège | notes | médiane | moyenne |
      | tous    | 1     | 2       | 2       |
    Quand «Alice» tente de répondre (importance / réalisation) :
      | a1  | a2  |
      | 1/1 | 1/1 |
    Alors la demande est refusée avec le message «the campaign is closed: its answers are frozen»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré
    Et les résultats de la campagne n'ont pas changé
    Et la campagne est close
