# language: fr
Fonctionnalité: Agrégats seulement quand les réponses individuelles ne sont pas partagées
  À l'ouverture, le secrétaire dit si les réponses individuelles lui seront
  partagées. Si elles ne le sont pas, chaque réponse est scellée comme un
  bulletin secret : le registre montre qui a répondu et quand, jamais quoi ;
  toutes les réponses scellées ont la même longueur, quelles que soient les
  notes ; seul le répondant relit les siennes, et seuls les agrégats sont
  publiés à la clôture.

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

  # Alice note un seul indicateur, Bruno trois, la Commune de Die les 26 : leurs réponses scellées ont pourtant
  # la même longueur (deux caractères par indicateur, notés ou non, et un remplissage par blocs de 1 Kio).
  # a1, importance, pour tous : 6, 1, 6, 6 → triées 1 6 6 6 : médiane (6 + 6) / 2 = 6 ; somme 19, moyenne 19/4.
  Scénario: Agrégats seulement quand les réponses individuelles ne sont pas partagées
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31
    Et «Alice» répond (importance / réalisation) :
      | a1  |
      | 6/2 |
    Et «Bruno» répond (importance / réalisation) :
      | a1  | a2  | a3  |
      | 1/1 | 3/4 | 5/3 |
    Et «Chloé» répond à «a1» : importance 6, réalisation 1, justification «Le lieu est loin des bourgs du Diois.»
    Et «Commune de Die» note tous les indicateurs : importance 6, réalisation 4
    Alors chacune des 4 réponses enregistrées est scellée, et toutes ont la même longueur
    Et aucune réponse enregistrée au registre de la campagne ne montre une note ni la justification «Le lieu est loin des bourgs du Diois.»
    Et «Chloé» relit ses réponses : «a1» importance 6, réalisation 1, justification «Le lieu est loin des bourgs du Diois.»
    Quand le secrétaire tente de lire les réponses individuelles
    Alors la demande est refusée avec le message «this campaign's individual answers are not shared: only its results are»
    Et le refus est un défaut de droit
    Et rien n'a été enregistré
    Quand le secrétaire clôt la campagne
    Alors la campagne compte 4 invités et 4 répondants
    Et l'importance de l'indicateur «a1» se résume ainsi :
      | collège | notes | médiane | moyenne |
      | tous    | 4     | 6       | 19/4    |
    Quand le secrétaire tente de lire les réponses individuelles
    Alors la demande est refusée avec le message «this campaign's individual answers are not shared: only its results are»

  Scénario: Une campagne aux réponses partagées : le secrétaire les lit
    Quand le secrétaire ouvre la campagne «Auto-évaluation 2025» du 2025-03-03 au 2025-03-31, les réponses individuelles étant partagées avec lui
    Et «Alice» répond (importance / réalisation) :
      | a1  |
      | 6/2 |
    Et «Bruno» répond (importance / réalisation) :
      | a1  | a2  |
      | 1/1 | 3/4 |
    Et le secrétaire lit les réponses individuelles
    Alors il lit pour «Alice» à «a1» : importance 6, réalisation 2
    Et il lit pour «Bruno» à «a2» : importance 3, réalisation 4
