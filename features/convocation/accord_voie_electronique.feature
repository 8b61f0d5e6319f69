# language: fr
Fonctionnalité: Convoquer par courriel les seuls membres qui y ont consenti à temps (Code de commerce, art. R225-63)
  « En l'absence d'accord de l'actionnaire, au plus tard trente-cinq jours avant la date de la prochaine
  assemblée générale, la société a recours à un envoi postal. » Un membre qui a consenti peut demander le retour
  au courrier « trente-cinq jours au moins » avant la convocation ; une demande plus tardive est honorée quand
  même (le courrier est toujours régulier) et le registre le dit. Assemblée le mardi 19 janvier 2027 à 18 h,
  convocation envoyée le lundi 4 janvier 2027 : l'accord doit dater au plus tard du 15 décembre 2026
  (19 janvier − 35 jours), le retour au courrier du 30 novembre 2026 (4 janvier − 35 jours).
  Dates calculées à la main dans docs/convocation-law.md.

  Contexte:
    Soit des statuts «scic» avec les collèges :
      | collège     | nom         | part |
      | salaries    | Salariés    | 1/2  |
      | usagers     | Usagers     | 3/10 |
      | partenaires | Partenaires | 1/5  |
    Et la SCIC SA «Pôle Rhizome» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)

  Scénario: Le courriel pour un accord d'au moins 35 jours, le courrier pour tous les autres
    Soit les membres :
      | membre  |
      | Alice   |
      | Bruno   |
      | Chloé   |
      | David   |
      | Emma    |
      | Farid   |
    Et le 2026-11-01 «David» accepte en ligne d'être convoqué par courriel
    Et le 2026-11-01 «Emma» accepte en ligne d'être convoqué par courriel
    Et le 2026-11-01 «Farid» accepte en ligne d'être convoqué par courriel
    Et le 2026-11-30 «David» demande le retour au courrier
    Et le 2026-12-01 «Emma» demande le retour au courrier
    Et le 2026-12-15 «Alice» accepte en ligne d'être convoqué par courriel
    Et le 2026-12-16 «Bruno» accepte en ligne d'être convoqué par courriel
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Quand le 2027-01-04 à 10:00 la convocation est envoyée, sans adresse électronique pour «Farid»
    Alors le registre des convocations indique :
      | membre | voie         | règle                     | date lue   |
      | Alice  | courriel     | accord                    | 2026-12-15 |
      | Bruno  | voie postale | accord trop tardif        | 2026-12-16 |
      | Chloé  | voie postale | pas d'accord              |            |
      | David  | voie postale | retour au courrier        | 2026-11-30 |
      | Emma   | voie postale | retour au courrier tardif | 2026-12-01 |
      | Farid  | voie postale | pas d'adresse             | 2026-11-01 |

  Scénario: Un accord sur papier daté d'avant mais enregistré après l'envoi ne sert pas pour cette assemblée
    Soit les membres :
      | membre  |
      | Alice   |
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Et le 2027-01-04 à 10:00 la convocation est envoyée
    Quand le secrétaire enregistre le 2027-01-05 l'accord papier de «Alice» daté du 2026-12-10
    Alors «Alice» reçoit la convocation par voie postale

  Scénario: Un accord sur papier enregistré avant l'envoi compte à la date du formulaire
    Soit les membres :
      | membre  |
      | Alice   |
      | Bruno   |
    Et le secrétaire enregistre le 2026-12-20 l'accord papier de «Alice» daté du 2026-12-15
    Et le secrétaire enregistre le 2026-12-20 l'accord papier de «Bruno» daté du 2026-12-16
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Quand le 2027-01-04 à 10:00 la convocation est envoyée
    Alors «Alice» reçoit la convocation par courriel
    Et «Bruno» reçoit la convocation par voie postale

  Scénario: Des statuts qui s'en tiennent au courrier
    Soit les statuts ne prévoient que la convocation par courrier
    Et la SCIC SA «Pôle Courrier» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et les membres :
      | membre  |
      | Alice   |
    Et le 2026-11-01 «Alice» accepte en ligne d'être convoqué par courriel
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Quand le 2027-01-04 à 10:00 la convocation est envoyée
    Alors le registre des convocations indique :
      | membre | voie         | règle                   | date lue   |
      | Alice  | voie postale | statuts : courrier seul | 2026-11-01 |

  Scénario: Des statuts qui allongent le délai de l'accord à 60 jours
    Soit les statuts fixent le délai de l'accord pour la voie électronique à 60 jours
    Et la SCIC SA «Pôle Prudent» est fondée avec ces statuts
    Et l'identité du pôle est enregistrée (siège, capital, RCS)
    Et les membres :
      | membre  |
      | Alice   |
      | Bruno   |
    Et le 2026-11-20 «Alice» accepte en ligne d'être convoqué par courriel
    Et le 2026-11-21 «Bruno» accepte en ligne d'être convoqué par courriel
    Et le 2027-01-04 le secrétaire convoque une assemblée générale ordinaire pour le 2027-01-19 à 18:00 sur :
      | résolution   |
      | Comptes 2026 |
    Quand le 2027-01-04 à 10:00 la convocation est envoyée
    Alors «Alice» reçoit la convocation par courriel
    Et «Bruno» reçoit la convocation par voie postale

  Scénario: Des statuts ne peuvent pas raccourcir le délai de 35 jours
    Soit les statuts fixent le délai de l'accord pour la voie électronique à 20 jours
    Quand le conseil tente de fonder la SCIC SA «Pôle Pressé» avec ces statuts
    Alors la demande est refusée avec le message «the consent to e-mail convocation must be given at least 35 days before the meeting (Code de commerce R225-63); statutes may lengthen it up to 365 days»
    Et rien n'a été enregistré

  Scénario: Un formulaire papier antidaté ne l'emporte pas sur un choix plus récent
    Le dernier souhait du membre compte : un retour au courrier daté d'avant son dernier accord enregistré est
    refusé, et rien n'est enregistré.
    Soit les membres :
      | membre  |
      | Alice   |
    Et le 2026-11-01 «Alice» accepte en ligne d'être convoqué par courriel
    Quand le secrétaire tente d'enregistrer le 2026-12-01 le retour au courrier de «Alice» daté du 2026-10-15
    Alors la demande est refusée avec le message «this form is dated 2026-10-15, before the member's last recorded choice (2026-11-01): the latest wish counts»
    Et rien n'a été enregistré depuis
