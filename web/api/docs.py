"""Where integrators start: the API's index, its OpenAPI document, and a readable reference generated from it."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, url_for
from markupsafe import Markup, escape

from web.api.auth import PUBLIC
from web.api.errors import PROBLEM_TYPES
from web.api.openapi import openapi_document
from web.api.routing import json_response, operation
from web.api.schemas.common import ApiIndexSchema

REF = "#/components/schemas/"


@operation("/", summary="Where to start: links to the OpenAPI document and the reference", tag="About",
           access=PUBLIC, response=ApiIndexSchema)
def api_index() -> dict[str, str]:
    return {"openapi": url_for("api.openapi_json"), "docs": url_for("api.api_docs"),
            "tokens": url_for("api_tokens.index") if "api_tokens.index" in current_app.view_functions
            else "/account/tokens"}


@operation("/openapi.json", summary="This API's OpenAPI 3 document", tag="About", access=PUBLIC)
def openapi_json() -> Response:
    return json_response(openapi_document())


@operation("/docs", summary="The API reference, as a web page", tag="About", access=PUBLIC)
def api_docs() -> Response:
    spec = openapi_document()
    return Response(render_template("api/docs.html", spec=spec, intro=paragraphs(spec["info"]["description"]),
                                    groups=operation_groups(spec), schemas=schema_tables(spec),
                                    problems={k: with_code(v) for k, v in PROBLEM_TYPES.items()}),
                    mimetype="text/html")


# -- the reference page's content, read from the OpenAPI document -----------------------------
def type_of(schema: dict[str, Any]) -> dict[str, Any]:
    """A property's type in words, with the schema it links to (if any)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(REF)
        return {"text": name, "link": name}
    if "oneOf" in schema:
        choices = [type_of(s) for s in schema["oneOf"]]
        return {"text": " or ".join(c["text"] for c in choices), "link": None, "choices": choices}
    kind = schema.get("type", "any")
    if kind == "array":
        inner = type_of(schema.get("items", {}))
        return {"text": f"array of {inner['text']}", "link": inner.get("link")}
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        inner = type_of(schema["additionalProperties"])
        return {"text": f"map of {inner['text']}", "link": inner.get("link")}
    text = kind + (f" ({schema['format']})" if "format" in schema else "")
    return {"text": text + (" or null" if schema.get("nullable") else ""), "link": None}


def constraints(schema: dict[str, Any]) -> str:
    """Enumerations, bounds and defaults, briefly."""
    parts = []
    if "enum" in schema:
        parts.append("one of " + ", ".join(str(v) for v in schema["enum"] if v is not None))
    for key, label in (("minLength", "min length"), ("maxLength", "max length"), ("minimum", "min"),
                       ("maximum", "max"), ("minItems", "min items"), ("maxItems", "max items"),
                       ("default", "default")):
        if key in schema:
            parts.append(f"{label} {schema[key]}")
    return "; ".join(parts)


def with_code(text: str) -> Markup:
    """Plain text whose `backquoted` parts are shown as code."""
    parts = text.split("`")
    return Markup("").join(Markup("<code>{}</code>").format(part) if i % 2 else escape(part)
                           for i, part in enumerate(parts))


def paragraphs(text: str) -> list[Markup]:
    return [with_code(" ".join(p.split())) for p in text.split("\n\n") if p.strip()]


def operation_groups(spec: dict[str, Any]) -> list[tuple[dict[str, str], list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            groups.setdefault(op["tags"][0], []).append({
                "id": op["operationId"], "method": method.upper(), "path": path, "summary": op["summary"],
                "description": paragraphs(op.get("description", "")), "access": op.get("x-access", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": type_of(p["schema"]), "constraints": constraints(p["schema"]),
                                "description": p.get("description", "")} for p in op.get("parameters", [])],
                "body": _body(op), "responses": [(code, r["description"], _response_type(r))
                                                 for code, r in op["responses"].items()]})
    tags = {tag["name"]: tag for tag in spec.get("tags", [])}
    return [(tags.get(name, {"name": name}), ops) for name, ops in groups.items() if ops]


def _body(op: dict[str, Any]) -> dict[str, Any] | None:
    body = op.get("requestBody")
    if not body:
        return None
    return {"type": type_of(body["content"]["application/json"]["schema"]), "required": body.get("required", False)}


def _response_type(response: dict[str, Any]) -> dict[str, Any] | None:
    for content in response.get("content", {}).values():
        return type_of(content["schema"])
    return None


def schema_tables(spec: dict[str, Any]) -> list[dict[str, Any]]:
    tables = []
    for name, schema in sorted(spec["components"]["schemas"].items()):
        required = set(schema.get("required", []))
        tables.append({"name": name, "description": schema.get("description", ""), "properties": [
            {"name": prop, "type": type_of(s), "required": prop in required, "constraints": constraints(s),
             "description": with_code(s.get("description", ""))} for prop, s in schema.get("properties", {}).items()]})
    return tables
