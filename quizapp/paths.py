"""Where the templates, static files and seed articles live, and where the user's data does.

In a checkout they sit at the top of the repository; in an installed wheel they are copied inside the
package (see pyproject.toml). Prefer the packaged copy, fall back to the checkout.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES = _resource("templates")
STATIC = _resource("static")
SEEDS = _resource("seeds")


# The user's data: the SQLite database and the secret key (the "instance folder").
DATA_FILES = ("quizapp.sqlite", "secret_key")


@dataclass(frozen=True)
class DataFolder:
    path: Path
    chosen_by: str  # "default", "QUIZAPP_INSTANCE_PATH" or "old place"

    def describe(self) -> str:
        """One line for `quizapp run`'s start-up: where the data is, and why there."""
        if self.chosen_by == "old place":
            return (
                f"Data: {self.path} (where older versions kept it: deleting the environment or checkout "
                f"it is in deletes it; to keep it safe, stop QuizApp and move this folder to "
                f"{default_data_folder()})"
            )
        if self.chosen_by == "QUIZAPP_INSTANCE_PATH":
            return f"Data: {self.path} (QUIZAPP_INSTANCE_PATH)"
        return f"Data: {self.path}"


def default_data_folder() -> Path:
    """The platform's folder for this user's application data (~/.local/share/quizapp on Linux), outside
    any virtual environment or checkout that may be deleted and made anew."""
    return Path(platformdirs.user_data_dir("quizapp", appauthor=False))


def old_data_folders() -> list[Path]:
    """Where QuizApp kept its data before: Flask's default instance folder, inside the Python environment
    for an installed package (.venv/var/quizapp-instance), or instance/ in a checkout."""
    return [Path(sys.prefix) / "var" / "quizapp-instance", PACKAGE_DIR.parent / "instance"]


def _has_data(folder: Path) -> bool:
    return any((folder / name).exists() for name in DATA_FILES)


def data_folder() -> DataFolder:
    """QUIZAPP_INSTANCE_PATH; else the user data folder, unless only an old place has data: an install
    from before keeps using it (moving a database that may be open is not done behind the user's back)."""
    if override := os.environ.get("QUIZAPP_INSTANCE_PATH"):
        return DataFolder(Path(override).absolute(), "QUIZAPP_INSTANCE_PATH")
    default = default_data_folder()
    if not _has_data(default):
        for old in old_data_folders():
            if _has_data(old):
                return DataFolder(old, "old place")
    return DataFolder(default, "default")
