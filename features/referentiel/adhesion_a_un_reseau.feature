# language: fr
Fonctionnalité: Un pôle adhère à un réseau régional par décision
  Un pôle rejoint un réseau régional de PTCE, et le quitte, par une
  résolution votée par ses membres selon le poids des collèges. La
  résolution d'adhésion dit ce que le pôle partage avec le réseau : les
  résultats agrégés de ses campagnes (résultats du référentiel), ses
  effectifs par nature de membre, son nombre de décisions, la date de sa
  dernière assemblée. Le réseau ne voit que cela, et rien d'autre.

  Contexte:
    Soit la date du jour est le 2025-03-03
    Et des statuts «scic» avec les collèges :
      | collège       | nom                         | part |
      | salaries      | Salariés et producteurs     | 2/5  |
      | usagers       | Usagers et bénéficiaires    | 7/20 |
      | collectivites | Collectivités territoriales | 1/4  |
    Et le pôle «Pôle Diois» est fondé avec ces statuts
    Et les membres admis :
      | membre                          | collège       |
      | Alice                           | salaries      |
      | Bruno                           | salaries      |
      | Bérénice                        | salaries      |
      | Chloé                           | usagers       |
      | David                           | usagers       |
      | Dora                            | usagers       |
      | Commune de Die                  | collectivites |
      | Communauté de communes du Diois | collectivites |

  # Adhésion : salaries 2 pour sur 3 exprimés, usagers 1 pour sur 2 exprimés (l'abstention n'est pas un
  # suffrage exprimé), collectivites 2 pour sur 2.
  #   2/5 × 2/3 + 7/20 × 1/2 + 1/4 × 2/2 = 4/15 + 7/40 + 1/4 = 32/120 + 21/120 + 30/120 = 83/120 > 1/2
  # Départ : tous pour, 2/5 + 7/20 + 1/4 = 1.
  Scénario: Un pôle adhère à un réseau par décision, puis le quitte
    Quand une résolution «Adhésion au réseau régional» propose d'adhérer au réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» en partageant «résultats du référentiel, effectifs»
    Et le vote est ouvert
    Et le collège «salaries» vote 2 pour, 1 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 1 contre et 1 abstention
    Et le collège «collectivites» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le décompte par collège est :
      | collège       | pour | contre | abstentions | part pour |
      | salaries      | 2    | 1      | 0           | 2/3       |
      | usagers       | 1    | 1      | 1           | 1/2       |
      | collectivites | 2    | 0      | 0           | 1         |
    Et le résultat est 83/120
    Et la résolution est adoptée
    Et le pôle est dans le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» par la décision «Adhésion au réseau régional», et partage exactement «effectifs, résultats du référentiel»
    Et le pôle est dans 1 réseau
    Quand une résolution «Départ du réseau régional» propose de quitter le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes»
    Et le vote est ouvert
    Et tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Alors le résultat est 1
    Et la résolution est adoptée
    Et le pôle n'est pas dans le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes»
    Et le pôle est dans 0 réseau
    Quand une résolution «Départ du réseau régional, encore» propose de quitter le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes»
    Et le secrétaire tente d'ouvrir le vote
    Alors la demande est refusée avec le message «the pole is not in this network: there is nothing to leave»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré

  Scénario: Quitter un réseau où le pôle n'est pas est refusé à l'ouverture du vote
    Quand une résolution «Départ du réseau national» propose de quitter le réseau «Réseau national des PTCE»
    Et le secrétaire tente d'ouvrir le vote
    Alors la demande est refusée avec le message «the pole is not in this network: there is nothing to leave»
    Et le refus est un conflit d'état
    Et rien n'a été enregistré

  # Salariés 0 pour sur 3, usagers 1 pour sur 3, collectivités 2 pour sur 2 :
  #   2/5 × 0 + 7/20 × 1/3 + 1/4 × 1 = 7/60 + 15/60 = 22/60 = 11/30 < 1/2
  Scénario: Une adhésion rejetée laisse le pôle hors du réseau
    Quand une résolution «Adhésion au réseau régional» propose d'adhérer au réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes» en partageant «résultats du référentiel, effectifs, décisions, assemblées»
    Et le vote est ouvert
    Et le collège «salaries» vote 0 pour, 3 contre et 0 abstention
    Et le collège «usagers» vote 1 pour, 2 contre et 0 abstention
    Et le collège «collectivites» vote 2 pour, 0 contre et 0 abstention
    Et le vote est clos par le secrétaire
    Alors le résultat est 11/30
    Et la résolution est rejetée
    Et le pôle n'est pas dans le réseau «Réseau des PTCE d'Auvergne-Rhône-Alpes»
