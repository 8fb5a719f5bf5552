"""Fixtures for the Flask test-client tests. CSRF protection stays on: every POST carries a real token."""

import pytest

from tests.helpers.web import HX, token_from


@pytest.fixture
def csrf(client):
    """A CSRF token valid for `client`'s session."""
    return token_from(client.get("/").get_data(as_text=True))


@pytest.fixture
def post(client, csrf):
    """POST with the CSRF token in the form (plain form) or the X-CSRFToken header (htmx=True)."""

    def _post(url, data=None, *, htmx=False, **kwargs):
        data = dict(data or {})
        headers = dict(kwargs.pop("headers", {}))
        if htmx:
            headers |= HX | {"X-CSRFToken": csrf}
        else:
            data.setdefault("csrf_token", csrf)
        return client.post(url, data=data, headers=headers, **kwargs)

    return _post
