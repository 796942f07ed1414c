"""Command line of the project's tooling; see `./sav --help`."""

import argparse
import os
import sys
import uuid
from pathlib import Path

from . import SetupError
from .environment import ensure_venv
from .odoo_source import find_odoo
from .paths import odoo_launcher, venv_python


def build_parser():
    parser = argparse.ArgumentParser(
        prog="./sav",
        description="Set up, serve and test SAV for Odoo. Odoo 19.0 comes from ODOO_SOURCE "
        "(a source folder or archive URL) or from an importable odoo package.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="create or reuse the demo database and serve it on http://127.0.0.1:8069"
    )
    serve.add_argument("--db", default="sav_demo", help="database name (default: sav_demo)")
    serve.add_argument("--http-port", type=int, default=8069, help="HTTP port (default: 8069)")
    serve.add_argument("--modules", default="",
                       help="comma-separated modules to install (default: every module in addons/)")
    serve.add_argument("--update", action="store_true",
                       help="update the modules in an existing database before serving")
    serve.add_argument("--no-serve", action="store_true",
                       help="prepare the database, then stop instead of serving it")

    test = commands.add_parser(
        "test", help="run the linters, every module's Odoo tests and the end-to-end tests"
    )
    test.add_argument("modules", nargs="*", help="only test these modules (no linters, no tests/)")
    test.add_argument("--end-to-end", nargs="*", metavar="PYTEST_ARG",
                      help="only run the end-to-end tests, with these pytest arguments")
    test.add_argument("--keep-databases", action="store_true",
                      help="keep each module's test database for inspection")

    i18n = commands.add_parser(
        "i18n", help="export MODULE's .pot and merge new terms into its i18n/fr.po"
    )
    i18n.add_argument("modules", nargs="+")
    return parser


def export_translations(args, odoo_root):
    from .config import write_local_config  # noqa: PLC0415
    from .database import drop_database, run_odoo  # noqa: PLC0415
    from .paths import CHECKOUT_ID, STATE_DIR  # noqa: PLC0415
    from .postgres import Connection, ensure_postgres  # noqa: PLC0415
    from .testrun import free_port  # noqa: PLC0415

    connection = Connection.from_environment()
    ensure_postgres(connection)
    config_path = write_local_config(odoo_root, connection, free_port(), name=f"odoo-i18n-{CHECKOUT_ID}.conf",
                                     overrides={"workers": 0})
    database = f"sav_i18n_{uuid.uuid4().hex[:8]}"
    log_path = STATE_DIR / "logs" / f"{database}.log"
    try:
        code = run_odoo(config_path, ["-d", database, "-i", ",".join(args.modules),
                                      "--load-language", "fr_FR", "--stop-after-init",
                                      "--no-http"], log_path)
        if code:
            raise SetupError(f"installing {', '.join(args.modules)} failed: read {log_path}")
        import subprocess  # noqa: PLC0415

        result = subprocess.run(
            [str(odoo_launcher()), "i18n", "export", "-c", str(config_path),
             "-d", database, "-l", "pot", "fr_FR", "--", *args.modules],
            check=False,
        )
        return result.returncode
    finally:
        drop_database(connection, database)


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if os.environ.get("SAV_IN_VENV") != "1":
            # First stage, on any Python: find Odoo, prepare .venv, then continue inside it.
            odoo_root = find_odoo([venv_python(), sys.executable] if venv_python().exists()
                                  else [sys.executable])
            ensure_venv(odoo_root)
            environment = dict(os.environ, SAV_IN_VENV="1", SAV_ODOO_ROOT=str(odoo_root))
            arguments = [str(venv_python()), "-m", "savctl", *(argv or sys.argv[1:])]
            os.execve(arguments[0], arguments, environment)

        odoo_root = Path(os.environ["SAV_ODOO_ROOT"])
        if args.command == "serve":
            from .serve import serve  # noqa: PLC0415

            return serve(args, odoo_root)
        if args.command == "test":
            from .testrun import run_tests  # noqa: PLC0415

            return run_tests(args, odoo_root)
        return export_translations(args, odoo_root)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
