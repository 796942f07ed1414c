"""Write the local Odoo configuration derived from config/odoo.conf."""

import configparser
import os
import secrets

from .odoo_source import addons_paths
from .paths import ADDONS_DIR, CONFIG_TEMPLATE, DATA_DIR, STATE_DIR


def extra_addons_paths():
    """Return the add-on folders listed in SAV_EXTRA_ADDONS (comma-separated)."""
    value = os.environ.get("SAV_EXTRA_ADDONS", "")
    return [path.strip() for path in value.split(",") if path.strip()]


def _hash_password(password):
    from passlib.context import CryptContext  # noqa: PLC0415 (installed with Odoo)

    return CryptContext(["pbkdf2_sha512"]).hash(password)


def write_local_config(odoo_root, connection, http_port, name="odoo.conf", overrides=None):
    """Write ``STATE_DIR/name`` and return its path.

    The master password is generated once, stored hashed, and printed the
    first time only; later runs keep it.
    """
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(CONFIG_TEMPLATE)
    options = parser["options"]

    target = STATE_DIR / name
    previous = configparser.ConfigParser(interpolation=None)
    previous.read(target)
    admin_passwd = previous.get("options", "admin_passwd", fallback="")
    if not admin_passwd:
        password = secrets.token_urlsafe(18)
        admin_passwd = _hash_password(password)
        if name == "odoo.conf":
            print(f"Generated the Odoo master password: {password} (stored hashed in {target})")

    paths = [*addons_paths(odoo_root), ADDONS_DIR, *extra_addons_paths()]
    options["addons_path"] = ",".join(str(path) for path in paths)
    options["data_dir"] = str(DATA_DIR)
    options["admin_passwd"] = admin_passwd
    options["db_host"] = connection.host or "False"
    options["db_port"] = str(connection.port)
    options["db_user"] = connection.user or "False"
    options["db_password"] = connection.password or "False"
    options["http_interface"] = "127.0.0.1"
    options["http_port"] = str(http_port)
    for key, value in (overrides or {}).items():
        options[key] = str(value)

    STATE_DIR.mkdir(parents=True, exist_ok=True)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write("; Written by ./sav from config/odoo.conf; edits here are overwritten.\n")
        parser.write(handle)
    return target
