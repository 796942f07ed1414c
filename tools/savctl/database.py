"""Create, reuse and drop the databases the tooling works on."""

import shutil
import subprocess
from pathlib import Path

from . import SetupError
from .paths import DATA_DIR, odoo_launcher


def database_exists(connection, name):
    with connection.connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cr.fetchone() is not None


def installed_modules(connection, name):
    """Return {module: installed version} for an Odoo database, or None if it is not one."""
    conn = connection.connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT to_regclass('ir_module_module')")
            if cr.fetchone()[0] is None:
                return None
            cr.execute(
                "SELECT name, latest_version FROM ir_module_module WHERE state = 'installed'"
            )
            return dict(cr.fetchall())
    finally:
        conn.close()


def drop_database(connection, name):
    """Drop database ``name`` and its filestore; closing other sessions first."""
    conn = connection.connect()
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        conn.close()
    shutil.rmtree(DATA_DIR / "filestore" / name, ignore_errors=True)


def odoo_command(config_path, *arguments):
    return [str(odoo_launcher()), "server", "-c", str(config_path), *arguments]


def run_odoo(config_path, arguments, log_path):
    """Run Odoo with ``arguments`` until it stops, logging to ``log_path``; return its exit code."""
    Path(log_path).parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        result = subprocess.run(
            odoo_command(config_path, *arguments),
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False,
        )
    return result.returncode


def check_database_name(name):
    if not name or not all(char.isalnum() or char in "_-." for char in name):
        raise SetupError(
            f"database name {name!r} is invalid: use letters, digits, '_', '-' or '.'"
        )
