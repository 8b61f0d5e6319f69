"""Secret ballots: a choice is sealed with the instance's ballot key before it becomes an event.

The event store, its exports and every projection then hold only ciphertext next to a
member's id; the choice is unsealed in memory only to count it. The associated data binds
each sealed choice to its proposal and member, so ciphertexts cannot be swapped.

Two formats (docs/secret-ballots.md):

- **v2** (every ballot sealed by this code): ``"v2:" + base64(nonce ‖ AES-GCM(padded choice) ‖ tag)``.
  The choice is padded (ISO/IEC 7816-4: one 0x80 byte, then zeros) to a whole number of
  `BLOCK`-byte blocks, at least one, before it is encrypted: every choice the domain allows fits in
  one block, so every sealed value has the same length (`SEALED_LENGTH` characters) whatever the
  choice. The associated data is ``"v2:<proposal>:<member>"``: the version is bound too, so a v2
  value with its prefix stripped (or an old value given the prefix) is refused, never misread.
- **v1** (ballots stored before padding existed): ``base64(nonce ‖ AES-GCM(choice) ‖ tag)``,
  associated data ``"<proposal>:<member>"``. Its length gives away "for" (3 bytes) against
  "against" / "abstain" (7 bytes). Events are immutable, so these values stay in the stores and
  exports that hold them; they still unseal, so old votes can be recounted.

A v1 value is pure base64 and never contains ``:``, so the prefix tells the formats apart.
"""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from governance.errors import RuleBroken

NONCE = 12  # bytes: AES-GCM's standard nonce, random for every seal
TAG = 16  # bytes: AES-GCM's authentication tag
BLOCK = 16  # bytes: every choice is padded to a whole number of blocks (each allowed choice fits in one)
VERSION = "v2:"  # the prefix of the padded format; a value without it is the old, unpadded format (v1)
SEALED_LENGTH = len(VERSION) + 4 * -(-(NONCE + BLOCK + TAG) // 3)  # characters of any one-block sealed value
_PAD = b"\x80"  # ISO/IEC 7816-4 padding: 0x80 then zeros up to the block's end


def pad(plaintext: bytes) -> bytes:
    """`plaintext`, 0x80 and zeros, up to a whole number of `BLOCK`-byte blocks (at least one)."""
    size = BLOCK * (len(plaintext) // BLOCK + 1)  # always room for the 0x80 marker
    return (plaintext + _PAD).ljust(size, b"\x00")


def unpad(padded: bytes) -> bytes:
    """The plaintext `pad` was given; ValueError when `padded` is not a padded value."""
    if not padded or len(padded) % BLOCK:
        raise ValueError("padded plaintext is not a whole number of blocks")
    body = padded.rstrip(b"\x00")
    if not body.endswith(_PAD):
        raise ValueError("padded plaintext has no 0x80 marker")
    return body[:-1]


class BallotSealer:
    """Seals and unseals secret-ballot choices with a 256-bit AES-GCM key."""

    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("the ballot key must be 32 bytes")
        self._aead = AESGCM(key)
        self._key = key

    def derive_key(self, purpose: str) -> bytes:
        """A 32-byte key for another use of the instance's secret (HKDF-SHA256, `purpose` as info): the
        snapshot seal's key, for instance, is the same in every process that holds this ballot key, and
        never the ballot key itself."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(self._key)

    @staticmethod
    def generate_key() -> bytes:
        return AESGCM.generate_key(bit_length=256)

    def seal(self, proposal_id: str, member_id: str, choice: str) -> str:
        """Encrypt `choice`, padded, in the v2 format (random nonce: equal choices give unrelated
        ciphertexts; every choice of up to `BLOCK` - 1 bytes gives a value of `SEALED_LENGTH` characters)."""
        nonce = os.urandom(NONCE)
        sealed = self._aead.encrypt(nonce, pad(choice.encode()), _associated_data_v2(proposal_id, member_id))
        return VERSION + base64.b64encode(nonce + sealed).decode()

    def unseal(self, proposal_id: str, member_id: str, sealed: str) -> str:
        """Decrypt a sealed choice, in either format; refuses one sealed with another key, for
        another ballot, altered, or malformed."""
        v2 = sealed.startswith(VERSION) if isinstance(sealed, str) else False
        try:
            raw = base64.b64decode(sealed[len(VERSION):] if v2 else sealed, validate=True)
            if len(raw) < NONCE + TAG:
                raise ValueError("too short")
            if v2:
                padded = self._aead.decrypt(raw[:NONCE], raw[NONCE:], _associated_data_v2(proposal_id, member_id))
                return unpad(padded).decode()
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], _associated_data_v1(proposal_id, member_id)).decode()
        except (InvalidTag, ValueError, TypeError, binascii.Error):  # UnicodeDecodeError is a ValueError
            raise RuleBroken("a secret ballot cannot be unsealed with this instance's ballot key") from None


def _associated_data_v2(proposal_id: str, member_id: str) -> bytes:
    return f"{VERSION}{proposal_id}:{member_id}".encode()


def _associated_data_v1(proposal_id: str, member_id: str) -> bytes:
    return f"{proposal_id}:{member_id}".encode()
