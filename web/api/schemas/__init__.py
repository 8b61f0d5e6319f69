"""Marshmallow schemas of the API: they validate requests, serialise responses and generate the OpenAPI document."""
