# language: fr
Fonctionnalité: Admission des membres par l'assemblée
  Les statuts disent qui admet les nouveaux membres : le conseil, ou
  l'assemblée. Quand c'est l'assemblée, le conseil ne peut plus admettre
  directement : une résolution «admettre tel membre» doit être adoptée.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et le pôle «Pôle Rhizome» est fondé avec ces statuts
    Et les membres admis :
      | membre | collège     |
      | Alice  | salaries    |
      | Chloé  | usagers     |
      | Élise  | partenaires |
    Et une résolution extraordinaire «Admissions par l'assemblée» propose de réserver les admissions à l'assemblée
    Et le vote est ouvert
    Et tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Et «Coop Bois» demande à adhérer

  Scénario: Le conseil ne peut plus admettre directement
    Quand le conseil tente d'admettre «Coop Bois»
    Alors la demande est refusée avec le message «the statutes say members are admitted by an assembly vote: draft a proposal instead»
    Et rien n'a été enregistré
    Et «Coop Bois» est en attente

  Scénario: Une résolution adoptée admet le membre
    Soit une résolution «Admission de Coop Bois» propose d'admettre «Coop Bois»
    Et le vote est ouvert
    Quand tous les membres votent «pour»
    Et le vote est clos par le secrétaire
    Alors la résolution est adoptée
    Et «Coop Bois» est admis

  Scénario: Une résolution rejetée laisse la demande en attente
    Soit une résolution «Admission de Coop Bois» propose d'admettre «Coop Bois»
    Et le vote est ouvert
    Quand tous les membres votent «contre»
    Et le vote est clos par le secrétaire
    Alors la résolution est rejetée
    Et «Coop Bois» est en attente
