"""`./sav serve`: a database with the project's modules, French and demo data, then the server."""

import configparser
import errno
import os
import re
import socket
import subprocess
from pathlib import Path

from . import SetupError
from .config import extra_addons_paths, write_local_config
from .database import (
    check_database_name,
    database_exists,
    drop_database,
    installed_modules,
    odoo_command,
    run_odoo,
)
from .modules import project_modules, read_manifest
from .paths import ADDONS_DIR, STATE_DIR, odoo_launcher
from .postgres import Connection, ensure_postgres

DEMO_LOGIN = ("admin", "admin")

# Run by `odoo shell` on a new database before the project's modules: the
# company is French when Accounting installs, so that it takes the French
# chart of accounts, taxes and the euro (Accounting then brings l10n_fr_account).
FRENCH_COMPANY_SCRIPT = """
env.ref("base.main_company").write({"country_id": env.ref("base.fr").id})
# Accounting's demo data loads the generic chart on the main company before the
# French one can load: Accounting must install without demo data, which Odoo
# skips for a module when one of its dependencies has none.
env.cr.execute("UPDATE ir_module_module SET demo = FALSE WHERE state = 'installed'")
env.cr.commit()
print("SAV-LOCALIZED")
"""
# Run after Accounting is installed without demo data, to check that the main
# company has the French chart of accounts. The installed modules are then
# marked as having demo data again, so that the project's modules get theirs
# (the portal customer among them) on top of the French chart.
FRENCH_CHART_CHECK_SCRIPT = """
company = env.ref("base.main_company")
if company.chart_template != "fr" or company.currency_id.name != "EUR":
    raise SystemExit(f"the main company has chart {company.chart_template!r} and currency "
                     f"{company.currency_id.name}, not the French chart in EUR")
env.cr.execute("UPDATE ir_module_module SET demo = TRUE WHERE state = 'installed'")
env.cr.commit()
print("SAV-LOCALIZED")
"""
# Modules that bring Accounting. Installed for a French company, Accounting
# brings the French accounting module (l10n_fr_account) and its chart.
ACCOUNTING_MODULES = {"sav_billing", "sav_portal"}

# Run by `odoo shell` once the modules are installed: French becomes the
# language of the administrator, of the company and of anonymous portal pages.
LOCALIZE_SCRIPT = """
env["res.lang"]._activate_lang("fr_FR")
env.ref("base.user_admin").write({"lang": "fr_FR", "tz": "Europe/Paris"})
env.ref("base.public_user").write({"lang": "fr_FR"})
env.ref("base.main_company").partner_id.write({"lang": "fr_FR"})
env.cr.commit()
print("SAV-LOCALIZED")
"""


def check_port_free(port, option):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise SetupError(
                f"port {port} on 127.0.0.1 is already in use: stop the program that uses it "
                f"(`ss -ltnp 'sport = :{port}'` names it) or choose another port with {option}"
            ) from None


def module_dir(name):
    for folder in [ADDONS_DIR, *map(Path, extra_addons_paths())]:
        if (folder / name / "__manifest__.py").is_file():
            return folder / name
    return None


def resolve_modules(value):
    if not value:
        return project_modules()
    names = [name.strip() for name in value.split(",") if name.strip()]
    for name in names:
        if module_dir(name) is None:
            raise SetupError(
                f"module {name!r} is not in addons/ nor in SAV_EXTRA_ADDONS: "
                f"choose among {', '.join(project_modules())}"
            )
    return names


def _first_problem(log_path):
    """Return the cause of the first ERROR or CRITICAL entry of an Odoo log, in one line.

    The exception that starts the first traceback names the cause better than
    the log entry itself ("Failed to load registry"). When Odoo reports the
    data file and line it was parsing, they are appended.
    """
    log_line = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) \S+ (.*)$")
    # Odoo only warns when a module's demo data fails, and installs it without.
    demo_failure = re.compile(r"^\S+ \S+ \d+ WARNING \S+ \S+: (Module \S+ demo data failed .*)$")
    exception_line = re.compile(r"^[\w.]+(Error|Exception|Warning): .+")
    first_entry = cause = position = None
    with open(log_path, errors="replace") as log:
        for line in log:
            line = line.rstrip()
            match = log_line.match(line)
            demo_match = demo_failure.match(line)
            if match and first_entry is None:
                first_entry = f"{match.group(1)} {match.group(2).strip()}"
            elif demo_match and first_entry is None:
                first_entry = demo_match.group(1).strip()
            elif first_entry and exception_line.match(line):
                if cause is None:
                    cause = line
                parsing = re.search(r"while parsing (\S+)", line)
                if parsing and position is None:
                    position = parsing.group(1).rstrip(",")
    if cause:
        return cause + (f" in {position}" if position else "")
    return first_entry


def _odoo_step(config_path, connection, database, arguments, log_name, drop_on_failure):
    log_path = STATE_DIR / "logs" / f"{database}-{log_name}.log"
    returncode = run_odoo(config_path, arguments, log_path)
    problem = _first_problem(log_path)
    if returncode == 0 and problem is None:
        return log_path
    reason = problem or f"Odoo exited with code {returncode}"
    if drop_on_failure:
        drop_database(connection, database)
        raise SetupError(
            f"creating database {database} failed ({reason}); the half-made database was "
            f"dropped: read {log_path}, fix the cause, then run the command again"
        )
    raise SetupError(
        f"updating database {database} failed ({reason}): read {log_path}, fix the cause, "
        "then run the command again"
    )


def _localize(config_path, connection, database, drop_on_failure, script=LOCALIZE_SCRIPT,
              log_name="localize"):
    log_path = STATE_DIR / "logs" / f"{database}-{log_name}.log"
    command = [str(odoo_launcher()), "shell", "-c", str(config_path),
               "-d", database, "--no-http"]
    with open(log_path, "w") as log:
        result = subprocess.run(command, input=script, text=True, stdout=log,
                                stderr=subprocess.STDOUT, check=False)
    if result.returncode == 0 and "SAV-LOCALIZED" in log_path.read_text():
        return
    if drop_on_failure:
        drop_database(connection, database)
    raise SetupError(
        f"setting French on database {database} failed: read {log_path}"
        + ("; the half-made database was dropped" if drop_on_failure else "")
    )


def prepare_database(config_path, connection, database, modules, update=False):
    """Create ``database`` with ``modules``, demo data and French, or bring an existing one up to date."""
    install = ["-d", database, "--stop-after-init", "--no-http", "--with-demo"]
    if not database_exists(connection, database):
        print(f"Creating database {database} with {', '.join(modules)} and French demo data "
              "(a few minutes) ...", flush=True)
        to_install = list(modules)
        try:
            if ACCOUNTING_MODULES & set(modules):
                _odoo_step(config_path, connection, database,
                           [*install, "-i", "base", "--load-language", "fr_FR"],
                           "create-base", drop_on_failure=True)
                _localize(config_path, connection, database, drop_on_failure=True,
                          script=FRENCH_COMPANY_SCRIPT, log_name="french-company")
                _odoo_step(config_path, connection, database,
                           ["-d", database, "--stop-after-init", "--no-http", "-i", "account"],
                           "french-accounting", drop_on_failure=True)
                _localize(config_path, connection, database, drop_on_failure=True,
                          script=FRENCH_CHART_CHECK_SCRIPT, log_name="french-chart")
            _odoo_step(config_path, connection, database,
                       [*install, "-i", ",".join(to_install), "--load-language", "fr_FR"],
                       "create", drop_on_failure=True)
            _localize(config_path, connection, database, drop_on_failure=True)
        except KeyboardInterrupt:
            drop_database(connection, database)
            raise
        return "created"

    installed = installed_modules(connection, database)
    if installed is None:
        raise SetupError(
            f"database {database} exists but is not an Odoo database: choose another name "
            "with --db or drop it"
        )
    missing = [name for name in modules if name not in installed]
    outdated = [
        name for name in modules
        if name in installed and _manifest_version(name) not in (None, installed[name])
    ]
    if missing:
        print(f"Installing {', '.join(missing)} in database {database} ...", flush=True)
        _odoo_step(config_path, connection, database, [*install, "-i", ",".join(missing)],
                   "install", drop_on_failure=False)
    to_update = list(modules) if update else outdated
    if to_update:
        print(f"Updating {', '.join(to_update)} in database {database} ...", flush=True)
        _odoo_step(config_path, connection, database, [*install, "-u", ",".join(to_update)],
                   "update", drop_on_failure=False)
    if not missing and not to_update:
        print(f"Reusing database {database}: its modules are up to date.")
        return "reused"
    return "updated"


def _manifest_version(name):
    folder = module_dir(name)
    if folder is None:
        return None
    version = read_manifest(folder).get("version")
    # Odoo stores "19.0.1.0.0" for a manifest version "1.0.0" or "19.0.1.0.0".
    if version and not version.startswith("19.0."):
        version = f"19.0.{version}"
    return version


def serve(args, odoo_root):
    connection = Connection.from_environment()
    ensure_postgres(connection)
    check_database_name(args.db)
    modules = resolve_modules(args.modules)

    config_path = write_local_config(odoo_root, connection, args.http_port)
    settings = configparser.ConfigParser(interpolation=None)
    settings.read(config_path)
    workers = settings.getint("options", "workers", fallback=0)
    gevent_port = settings.getint("options", "gevent_port", fallback=8072)
    if not args.no_serve:
        check_port_free(args.http_port, "--http-port")
        if workers:
            check_port_free(gevent_port, "gevent_port in config/odoo.conf")

    prepare_database(config_path, connection, args.db, modules, update=args.update)
    if args.no_serve:
        print(f"Database {args.db} is ready. Log in as {DEMO_LOGIN[0]} / {DEMO_LOGIN[1]}.")
        return 0

    print(
        f"\nSAV for Odoo starts on http://127.0.0.1:{args.http_port} "
        f"(database {args.db}, {workers or 'no'} worker processes).\n"
        f"Log in as {DEMO_LOGIN[0]}, password {DEMO_LOGIN[1]}. Stop it with Ctrl+C.\n",
        flush=True,
    )
    command = odoo_command(config_path, "-d", args.db, "--db-filter", f"^{re.escape(args.db)}$")
    os.execv(command[0], command)
    return 0
