"""The links mail carries: absolute URLs under `COLLEGIA_BASE_URL`, and the signed tokens in them.

Tokens are signed with the instance's secret key by `itsdangerous` (the library Flask signs its
sessions with), one salt per purpose so that a token made for one use is worth nothing for another.
Unsubscribe tokens do not expire (a mail may be read months later); the account links (set a
password, reset it, confirm an address) are timed and checked by web/accounts.
"""

from __future__ import annotations

from typing import Any

from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer

from infrastructure.config import Settings

UNSUBSCRIBE = "collegia-unsubscribe"  # unsubscribe links; timed tokens are salted "collegia-timed-<purpose>"


class Links:
    def __init__(self, settings: Settings) -> None:
        self.base = settings.base_url.rstrip("/")
        self.secret = settings.secret_key()

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    # -- pages ----------------------------------------------------------------------------------
    def proposal(self, pole_id: str, proposal_id: str) -> str:
        return self.url(f"/poles/{pole_id}/proposals/{proposal_id}")

    def comment(self, pole_id: str, proposal_id: str, number: int) -> str:
        """A comment of the proposal's discussion: the proposal's page, at the comment (`id="comment-<n>"`)."""
        return self.proposal(pole_id, proposal_id) + f"#comment-{int(number)}"

    def minutes(self, pole_id: str, subject_id: str) -> str:
        return self.url(f"/poles/{pole_id}/minutes/{subject_id}")

    def assembly(self, pole_id: str, assembly_id: str) -> str:
        return self.url(f"/poles/{pole_id}/assemblies/{assembly_id}")

    def assembly_documents(self, pole_id: str, assembly_id: str) -> str:
        """The documents made available for the assembly: a section of its page, headed `id="documents-title"`
        (the documents route itself is the secretary's upload page)."""
        return self.assembly(pole_id, assembly_id) + "#documents-title"

    def correspondence(self, pole_id: str, assembly_id: str) -> str:
        """The online correspondence form of the assembly (L225-107 I, R225-77)."""
        return self.assembly(pole_id, assembly_id) + "/correspondence"

    def pole(self, pole_id: str) -> str:
        return self.url(f"/poles/{pole_id}/")

    def preferences(self) -> str:
        return self.url("/account/notifications")

    def login(self) -> str:
        return self.url("/login")

    # -- unsubscribe (RFC 8058 one-click: the same URL answers GET with a page, POST at once) ------
    def unsubscribe(self, user_id: int, kind: str) -> str:
        token = URLSafeSerializer(self.secret, salt=UNSUBSCRIBE).dumps([int(user_id), kind])
        return self.url(f"/mail/unsubscribe/{token}")

    def read_unsubscribe(self, token: str) -> tuple[int, str] | None:
        try:
            user_id, kind = URLSafeSerializer(self.secret, salt=UNSUBSCRIBE).loads(token)
        except (BadData, ValueError, TypeError):  # forged, or signed for another purpose
            return None
        return int(user_id), str(kind)

    # -- timed tokens (account links) --------------------------------------------------------------
    def timed(self, purpose: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=f"collegia-timed-{purpose}")

    def sign(self, purpose: str, payload: Any) -> str:
        return self.timed(purpose).dumps(payload)

    def unsign(self, purpose: str, token: str, max_age: float) -> Any:
        """The payload, or None when the token is forged, for another purpose, or older than `max_age`
        seconds."""
        try:
            return self.timed(purpose).loads(token, max_age=max_age)
        except BadData:  # expired, forged, or for another purpose
            return None
