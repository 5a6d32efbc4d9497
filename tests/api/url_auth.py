"""The API app's part of the staff URL walk (tests/foundation/test_url_auth.py): the token pages."""

from __future__ import annotations


def records_of(agency_b, clerk_b) -> dict:
    from gongkai.api.services import api_token_create

    return {"api_token": api_token_create(actor=clerk_b, name="乙局的令牌", scope="read", days=30).token}


STAFF_URLS = {
    "api_tokens:list": None,
    "api_tokens:revoke": lambda w: {"pk": w["api_token"].pk},
}
