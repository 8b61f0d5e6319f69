"""Webhooks (issue 26, docs/webhooks.md): a pole's board secretaries (and platform administrators) register HTTPS
endpoints that receive the pole's events, signed; they read each delivery's state, queue a failed one again and
send a test delivery. The store, the rules on URLs and kinds, the planner and the deliverer are
notifications/webhooks.py's; the secret is shown once, at registration."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, url_for

from notifications.webhooks import MAX_HOOKS_PER_POLE, WebhookPlanner, Webhooks
from web.api.auth import Access
from web.api.errors import ApiProblem
from web.api.routing import Created, operation
from web.api.schemas.webhooks import NewWebhookSchema, WebhookCreateSchema, WebhookDeliverySchema, WebhookSchema
from web.edge import SECRETARY, actor, app, caller, pole_or_404, require_pole_role, system

TAG = "Webhooks"
HOOKS = "/poles/<pole_id>/webhooks"
HOOK = HOOKS + "/<int:hook_id>"
MAX_ID = 2**31 - 1
EXTENSION = "collegia.webhooks"


def _keeper(pole_id: str, **_: Any) -> None:
    if not caller().is_admin:
        require_pole_role(pole_id, SECRETARY)
    pole_or_404(pole_id)


KEEPERS = Access("board secretaries of the pole, platform administrators", _keeper, scope="secretary")


def store() -> Webhooks:
    """This app's webhooks (the tables made on first use where the settings allow it)."""
    found = current_app.extensions.get(EXTENSION)
    if found is None:
        settings = system().settings
        found = current_app.extensions[EXTENSION] = Webhooks(system().engine, settings, settings.secret_key())
    return found


def hook_of(pole_id: str, hook_id: int) -> dict[str, Any]:
    hook = store().get(pole_id, hook_id) if 0 < hook_id <= MAX_ID else None
    if hook is None:
        raise ApiProblem(404, f"No webhook {hook_id} in this pole.")
    return hook


@operation(HOOKS, "POST", summary="Register a webhook", tag=TAG, access=KEEPERS, body=WebhookCreateSchema,
           response=NewWebhookSchema, status=201,
           description="The pole's events of the chosen kinds recorded from now on are POSTed to the URL, signed "
                       "with the secret this answer shows once (docs/webhooks.md: the payload, the headers, how to "
                       f"verify them). At most {MAX_HOOKS_PER_POLE} hooks per pole. An http:// URL is refused "
                       "(422, rule `invalid_input`), but to a loopback address on an instance allowing it "
                       "(COLLEGIA_WEBHOOKS_ALLOW_HTTP_LOOPBACK, for development); so is a private, loopback or "
                       "link-local address.")
def create_webhook(pole_id: str, body: dict[str, Any]) -> Created:
    WebhookPlanner(app(), system().engine).ensure_position()  # the planner's start, if no service has set it yet
    hook, secret = store().register(pole_id, body["url"], body["kinds"], actor=actor(),
                                    after_position=app().recorder.max_notification_id() or 0)
    return Created({**hook, "secret": secret}, url_for("api.get_webhook", pole_id=pole_id, hook_id=hook["id"]))


@operation(HOOKS, summary="List the pole's webhooks (never their secrets)", tag=TAG, access=KEEPERS,
           response=WebhookSchema, many=True)
def list_webhooks(pole_id: str) -> list[dict[str, Any]]:
    return store().list(pole_id)


@operation(HOOK, summary="One webhook (never its secret)", tag=TAG, access=KEEPERS, response=WebhookSchema)
def get_webhook(pole_id: str, hook_id: int) -> dict[str, Any]:
    return hook_of(pole_id, hook_id)


@operation(HOOK, "DELETE", summary="Delete a webhook", tag=TAG, access=KEEPERS, status=204,
           description="Its deliveries are forgotten with it: those still pending are never sent.")
def delete_webhook(pole_id: str, hook_id: int) -> Response:
    hook_of(pole_id, hook_id)
    store().delete(pole_id, hook_id)
    return Response(status=204)


@operation(HOOK + "/deliveries", summary="A webhook's deliveries, newest first", tag=TAG, access=KEEPERS,
           response=WebhookDeliverySchema, many=True,
           description="Each delivery's state, attempts, the receiver's last status or error and its times; not "
                       "its body.")
def list_webhook_deliveries(pole_id: str, hook_id: int) -> list[dict[str, Any]]:
    return store().deliveries(hook_of(pole_id, hook_id)["id"])


@operation(HOOK + "/deliveries/<int:delivery_id>/retry", "POST", summary="Queue a failed delivery again", tag=TAG,
           access=KEEPERS, response=WebhookDeliverySchema, errors=(409,),
           description="Its attempts start again from 0, with the same body and idempotency key. Only a failed "
                       "delivery (409, rule `webhook`, otherwise).")
def retry_webhook_delivery(pole_id: str, hook_id: int, delivery_id: int) -> dict[str, Any]:
    hook = hook_of(pole_id, hook_id)
    if not 0 < delivery_id <= MAX_ID or store().delivery(hook["id"], delivery_id) is None:
        raise ApiProblem(404, f"No delivery {delivery_id} of this webhook.")
    return store().requeue(hook["id"], delivery_id)


@operation(HOOK + "/ping", "POST", summary="Send a test delivery", tag=TAG, access=KEEPERS,
           response=WebhookDeliverySchema, status=201,
           description="A delivery of kind `ping` (data: the hook's id), queued now and sent like any other: follow "
                       "it in the deliveries.")
def ping_webhook(pole_id: str, hook_id: int) -> Created:
    delivery = store().ping(hook_of(pole_id, hook_id))
    return Created(delivery, url_for("api.list_webhook_deliveries", pole_id=pole_id, hook_id=hook_id))
