"""Where the templates, static files and seed articles live.

In a checkout they sit at the top of the repository; in an installed wheel they are copied inside the
package (see pyproject.toml). Prefer the packaged copy, fall back to the checkout.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES = _resource("templates")
STATIC = _resource("static")
SEEDS = _resource("seeds")
