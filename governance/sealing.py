"""Secret ballots: a choice is sealed with the instance's ballot key before it becomes an event.

The event store, its exports and every projection then hold only ciphertext next to a
member's id; the choice is unsealed in memory only to count it. The associated data binds
each sealed choice to its proposal and member, so ciphertexts cannot be swapped.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from governance.errors import DomainError


class BallotSealer:
    """Seals and unseals secret-ballot choices with a 256-bit AES-GCM key."""

    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("the ballot key must be 32 bytes")
        self._aead = AESGCM(key)

    @staticmethod
    def generate_key() -> bytes:
        return AESGCM.generate_key(bit_length=256)

    def seal(self, proposal_id: str, member_id: str, choice: str) -> str:
        """Encrypt `choice` (random nonce: equal choices give unrelated ciphertexts)."""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, choice.encode(), f"{proposal_id}:{member_id}".encode())
        return base64.b64encode(nonce + sealed).decode()

    def unseal(self, proposal_id: str, member_id: str, sealed: str) -> str:
        """Decrypt a sealed choice; refuses one sealed with another key or for another ballot."""
        raw = base64.b64decode(sealed)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], f"{proposal_id}:{member_id}".encode()).decode()
        except InvalidTag:
            raise DomainError("a secret ballot cannot be unsealed with this instance's ballot key") from None
