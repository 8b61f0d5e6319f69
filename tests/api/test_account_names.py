"""Account and API-token names are names like any other: NFC, nothing invisible or direction-changing
(issue 15 point 8: a name must not be able to mimic another)."""

from __future__ import annotations

import pytest

from governance.errors import InvalidInput
from web.api.tokens import ApiTokens


@pytest.mark.parametrize("character", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_an_account_name_with_a_hidden_character_is_refused(accounts, character):
    with pytest.raises(InvalidInput, match="^name contains an invisible or direction-changing character"):
        accounts.create_user("cachee@pole.example", f"Claire{character} Martin", "Mot-de-passe-2026")
    assert accounts.find_by_email("cachee@pole.example") is None


def test_an_account_name_is_stored_composed(accounts):
    user_id = accounts.create_user("composee@pole.example", "He\u0301le\u0300ne", "Mot-de-passe-2026")
    assert accounts.get(user_id).name == "H\u00e9l\u00e8ne"


def test_a_token_name_with_a_hidden_character_is_refused(app, accounts):
    user_id = accounts.create_user("jetons@pole.example", "Jeton Test", "Mot-de-passe-2026")
    tokens = ApiTokens(app.extensions["collegia"].engine)
    with pytest.raises(InvalidInput, match="^token name contains an invisible or direction-changing character"):
        tokens.create(user_id, "outil\u202e")
