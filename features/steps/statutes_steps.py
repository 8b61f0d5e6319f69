"""Steps about statutes and founding a pole."""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from uuid import UUID

from pytest_bdd import given, step, then, when

from features.steps.support import BOARD, Refusal, attempt, college_rows, p
from governance.application import Collegia
from governance.statutes import Statutes, check_statutes


@given(p("des statuts «{model:T}» avec les collèges :"), target_fixture="statutes")
def statutes_with_colleges(model: str, datatable: list[list[str]]) -> dict[str, Any]:
    return {"model": model, "colleges": college_rows(datatable)}


@given(p("la règle des collèges vides est «{rule:T}»"))
def empty_college_rule(statutes: dict[str, Any], rule: str) -> None:
    statutes["empty_college_rule"] = rule


@given(p("les statuts plafonnent les pouvoirs à {cap:d} par mandataire"))
def proxy_cap(statutes: dict[str, Any], cap: int) -> None:
    statutes["max_proxies_per_holder"] = cap


@given("les statuts exigent que le mandataire soit du collège de son mandant")
def proxy_same_college(statutes: dict[str, Any]) -> None:
    statutes["proxy_same_college"] = True


@given("les statuts permettent de prendre part autrement après un pouvoir ou un vote par correspondance")
def participation_change_allowed(statutes: dict[str, Any]) -> None:
    statutes["participation_change_allowed"] = True  # Code de commerce, art. R225-85 III: "sauf disposition contraire"


@given(p("les statuts exigent un quorum de {quorum:Frac} dans chaque collège pour les résolutions {kind:Nature}s"))
def college_quorum(statutes: dict[str, Any], quorum: Fraction, kind: str) -> None:
    statutes.setdefault("college_quorum", {})[kind] = str(quorum)


@given(p("les statuts exigent plus de {fraction:Frac} des suffrages exprimés pour les résolutions {kind:Nature}s"))
def strict_threshold(statutes: dict[str, Any], fraction: Fraction, kind: str) -> None:
    statutes.setdefault("thresholds", {})[kind] = {"fraction": str(fraction), "strict": True}


@given(p("les statuts exigent au moins {fraction:Frac} des suffrages exprimés pour les résolutions {kind:Nature}s"))
def inclusive_threshold(statutes: dict[str, Any], fraction: Fraction, kind: str) -> None:
    statutes.setdefault("thresholds", {})[kind] = {"fraction": str(fraction), "strict": False}


@step(p("le pôle «{name:T}» est fondé avec ces statuts"), target_fixture="pole_id")
def found_pole(app: Collegia, statutes: dict[str, Any], name: str) -> UUID:
    return app.found_pole(name=name, territory="Pays de Morlaix", legal_form="SCIC SAS",
                          statutes=statutes, actor=BOARD)


@step(p("le pôle «{name:T}» est fondé avec ces statuts et la stratégie «{strategy:T}»"),
      target_fixture="pole_id")
def found_pole_with_strategy(app: Collegia, statutes: dict[str, Any], name: str, strategy: str) -> UUID:
    return app.found_pole(name=name, territory="Pays de Morlaix", legal_form="SCIC SAS",
                          statutes=statutes, strategy=strategy, actor=BOARD)


@when(p("le conseil tente de fonder le pôle «{name:T}» avec ces statuts"), target_fixture="refusal")
def try_found_pole(app: Collegia, statutes: dict[str, Any], name: str) -> Refusal:
    return attempt(app, lambda: found_pole(app, statutes, name))


@then("la vérification des statuts ne donne aucun avertissement")
def no_warning(statutes: dict[str, Any]) -> None:
    assert check_statutes(Statutes.from_dict(statutes)) == []


@then(p("la vérification des statuts avertit «{warning:T}»"))
def warns(statutes: dict[str, Any], warning: str) -> None:
    assert warning in check_statutes(Statutes.from_dict(statutes))


@then(p("le pôle est aux statuts en version {version:d}"))
def statutes_version(app: Collegia, pole_id: UUID, version: int) -> None:
    assert app.get_pole(pole_id).statutes_version == version


@then(p("le collège «{college:T}» pèse {share:Frac} dans les statuts en vigueur"))
def college_share(app: Collegia, pole_id: UUID, college: str, share: Fraction) -> None:
    assert app.get_pole(pole_id).statutes.college(college).share == share
