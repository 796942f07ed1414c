"""Locations used by the tooling, inside and outside the repository."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO_ROOT / "addons"
CONFIG_TEMPLATE = REPO_ROOT / "config" / "odoo.conf"
VENV_DIR = Path(os.environ.get("SAV_VENV", REPO_ROOT / ".venv"))
TEST_LOG_DIR = REPO_ROOT / ".test-logs"


def _xdg(variable, default):
    return Path(os.environ.get(variable) or Path.home() / default)


# The generated configuration holds the master password, so it lives outside the repository.
STATE_DIR = Path(os.environ.get("SAV_STATE_DIR") or _xdg("XDG_CONFIG_HOME", ".config") / "sav-odoo")
DATA_DIR = Path(os.environ.get("SAV_DATA_DIR") or _xdg("XDG_DATA_HOME", ".local/share") / "sav-odoo")
CACHE_DIR = Path(os.environ.get("SAV_CACHE_DIR") or _xdg("XDG_CACHE_HOME", ".cache") / "sav-odoo")


def venv_python():
    return VENV_DIR / "bin" / "python"
