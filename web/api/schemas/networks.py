"""Declaring regional networks and appointing their coordinators (issue 24's admin pages, over the API in issue 26).
What coordinators read of a network is in web/api/schemas/referentiel.py (`NetworkSchema`, `NetworkDetailSchema`)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from governance.base import MAX_NAME
from web.api.schemas.accounts import MAX_EMAIL
from web.api.schemas.common import free_text
from web.networks.store import MAX_DESCRIPTION


class NetworkCreateSchema(Schema):
    name = free_text("The network's name (e.g. a CRESS's regional cell); no two networks share one, whatever its "
                     "case.", MAX_NAME)
    description = free_text("What the network is, for its coordinators and the poles. Default: empty.",
                            MAX_DESCRIPTION, required=False, load_default="")


class CoordinatorAppointSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(1, MAX_EMAIL), metadata={
        "description": "The e-mail address of the person's account (create the account first: `POST /users`).",
        "example": "ines.garcia@cress-region.example"})


class CoordinatorSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "The coordinator's account (`user_id`)."})
    email = fields.String(required=True)
    name = fields.String(required=True)
    is_active = fields.Boolean(required=True, metadata={"description": "false: the account is disabled."})
