"""The web app: one blueprint per area, registered by `init_app`."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the blueprints (filled in by the web app issue)."""
