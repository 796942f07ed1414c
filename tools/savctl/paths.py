"""Locations used by the tooling, inside and outside the repository."""

import hashlib
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO_ROOT / "addons"
CONFIG_TEMPLATE = REPO_ROOT / "config" / "odoo.conf"
VENV_DIR = Path(os.environ.get("SAV_VENV", REPO_ROOT / ".venv"))
TEST_LOG_DIR = REPO_ROOT / ".test-logs"
# Names the test configuration of this checkout, so that checkouts tested at
# the same time (git worktrees) do not overwrite each other's addons path.
CHECKOUT_ID = hashlib.sha256(str(REPO_ROOT).encode()).hexdigest()[:8]


def _xdg(variable, default):
    return Path(os.environ.get(variable) or Path.home() / default)


# The generated configuration contains the master password, so it lives outside the repository.
STATE_DIR = Path(os.environ.get("SAV_STATE_DIR") or _xdg("XDG_CONFIG_HOME", ".config") / "sav-odoo")
DATA_DIR = Path(os.environ.get("SAV_DATA_DIR") or _xdg("XDG_DATA_HOME", ".local/share") / "sav-odoo")
CACHE_DIR = Path(os.environ.get("SAV_CACHE_DIR") or _xdg("XDG_CACHE_HOME", ".cache") / "sav-odoo")


def venv_python():
    return VENV_DIR / "bin" / "python"


def odoo_launcher():
    """Return the script that starts Odoo from the environment (see ensure_venv)."""
    return VENV_DIR / "bin" / "sav-odoo"
