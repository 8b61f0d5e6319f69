"""Issue 26, explicit over implicit: every field of the statutes is given or takes the default the OpenAPI document
states; a pole founded without a proxy cap has none (the statutes *may* cap: governance-rules §4); founding a pole
answers its founders' ids."""

from __future__ import annotations

from tests.api.test_poles import FOUNDERS, SCIC, new_pole


def statutes_component(api_as) -> dict:
    document = api_as(None).get("/openapi.json").get_json()
    return document["components"]["schemas"]["Statutes"]


def test_every_optional_field_of_the_statutes_states_its_default(api_as):
    schema = statutes_component(api_as)
    required = set(schema.get("required", []))
    undocumented = [name for name, prop in schema["properties"].items() if name not in required and "default" not in prop]
    assert not undocumented, f"statutes fields without a stated default: {undocumented}"
    assert schema["properties"]["max_proxies_per_holder"]["default"] is None
    assert schema["properties"]["notice_days"]["default"] == {"first": 15, "second": 10}  # R225-69


def test_omitted_fields_take_their_documented_defaults(api_as):
    defaults = {name: prop["default"] for name, prop in statutes_component(api_as)["properties"].items()
                if "default" in prop}
    admin = api_as("admin")
    response = admin.post("/poles", json=new_pole(statutes=SCIC))
    assert response.status_code == 201, response.get_json()
    pole = response.get_json()
    stored = admin.get(f"/poles/{pole['id']}/statutes/1").get_json()["statutes"]
    assert stored["max_proxies_per_holder"] is None  # not 1: no cap was given, so there is none
    for name, value in defaults.items():
        if name in ("model", "colleges"):
            continue  # given
        assert stored.get(name) == value, (name, stored.get(name), value)  # null ones may be left out when read
    # The founders' ids, in the order given, so that the caller can go on (represent them, let them vote).
    assert [(f["name"], f["college"]) for f in pole["founders"]] == [(f["name"], f["college"]) for f in FOUNDERS]
    members = {m["id"]: m["name"] for m in admin.get(f"/poles/{pole['id']}/members").get_json()}
    assert {f["id"]: f["name"] for f in pole["founders"]} == members


def test_a_cap_given_is_kept(api_as):
    admin = api_as("admin")
    pole = admin.post("/poles", json=new_pole(statutes={**SCIC, "max_proxies_per_holder": 2})).get_json()
    assert admin.get(f"/poles/{pole['id']}/statutes/1").get_json()["statutes"]["max_proxies_per_holder"] == 2
