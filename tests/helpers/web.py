"""For the Flask test-client tests: the header htmx sends, and the CSRF token of a page (CSRF protection stays
on: every POST carries a real token)."""

import re

HX = {"HX-Request": "true"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def token_from(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)
