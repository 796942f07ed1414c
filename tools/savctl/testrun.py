"""`./sav test`: linters, each module's Odoo tests on its own database, then tests/ with pytest."""

import os
import re
import socket
import subprocess
import time
import uuid
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field

from .config import write_local_config
from .database import drop_database, run_odoo
from .modules import project_modules
from .paths import ADDONS_DIR, CHECKOUT_ID, REPO_ROOT, TEST_LOG_DIR, VENV_DIR, venv_python
from .postgres import Connection, ensure_postgres

LOG_LINE = re.compile(r"^\S+ \S+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>[\w.]+): (?P<message>.*)$")
REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIPPED = re.compile(r"^skipped (?P<test>.+?) : (?P<reason>.*)$")
# Odoo skips a tour, and still passes, when it finds no browser or no websocket client.
MISSING_BROWSER = ("Chrome executable not found", "websocket-client module is not installed")
LINT_PATHS = ["addons", "tools", "tests", "benchmarks"]
TEST_CONFIG_NAME = f"odoo-test-{CHECKOUT_ID}.conf"


@dataclass
class Outcome:
    """Counts of one part of the run, and what to show when it fails."""

    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    problems: list = field(default_factory=list)
    log: str = ""

    def line(self):
        text = f"{self.name}: {self.passed} passed, {self.failed} failed"
        if self.skipped:
            text += f", {self.skipped} skipped"
        return f"{text} ({self.seconds:.0f} s)"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lint(name, command):
    started = time.monotonic()
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    outcome = Outcome(name, seconds=time.monotonic() - started)
    if result.returncode == 0:
        outcome.passed = 1
    else:
        outcome.failed = 1
        outcome.problems = (result.stdout + result.stderr).strip().splitlines()[-40:]
    return outcome


def run_linters():
    paths = [path for path in LINT_PATHS if (REPO_ROOT / path).exists()]
    ruff = _lint("ruff", [str(VENV_DIR / "bin" / "ruff"), "check", *paths])
    modules = [str(ADDONS_DIR / name) for name in project_modules()]
    pylint = _lint("pylint-odoo", [str(VENV_DIR / "bin" / "pylint"), "--rcfile=.pylintrc",
                                   *modules])
    return [ruff, pylint]


def read_odoo_log(outcome, log_path, module):
    """Fill ``outcome`` from the log of an Odoo test run."""
    report = None
    text = log_path.read_text(errors="replace")
    for raw in text.splitlines():
        match = LOG_LINE.match(raw)
        if not match:
            continue
        level, logger, message = match["level"], match["logger"], match["message"]
        found = REPORT.search(message)
        if found:
            report = tuple(int(value) for value in found.groups())
            continue
        if SKIPPED.match(message):
            outcome.skipped += 1
            if any(reason in message for reason in MISSING_BROWSER):
                outcome.problems.append(f"a tour was skipped: {message}")
            continue
        if any(reason in message for reason in MISSING_BROWSER):
            outcome.problems.append(f"tours cannot run: {message}")
            continue
        in_test = ".tests." in logger
        if level in ("ERROR", "CRITICAL") and not in_test:
            outcome.problems.append(f"{level} {logger}: {message}")
        elif level == "WARNING" and not in_test and ("sav_" in message or "sav." in message):
            outcome.problems.append(f"WARNING {logger}: {message}")
        elif level in ("ERROR", "CRITICAL") and in_test and message.startswith(("FAIL:", "ERROR:")):
            outcome.problems.append(message)

    if report is None:
        outcome.failed = max(1, len(outcome.problems))
        outcome.problems.insert(0, "no test report: the module did not install or Odoo crashed")
        return
    failures, errors, run = report
    outcome.failed = failures + errors
    outcome.passed = run - failures - errors - outcome.skipped
    if not outcome.failed and outcome.problems:
        # Errors outside tests (install, data files, missing browser) fail the run too.
        outcome.failed = len(outcome.problems)


def run_module_tests(module, odoo_root, connection, keep_database=False):
    started = time.monotonic()
    database = f"sav_test_{module}_{uuid.uuid4().hex[:8]}"
    config_path = write_local_config(
        odoo_root, connection, free_port(), name=TEST_CONFIG_NAME,
        overrides={"workers": 0, "max_cron_threads": 0, "log_level": "info"},
    )
    log_path = TEST_LOG_DIR / f"{module}.log"
    arguments = [
        "-d", database, "-i", module, "--test-enable", "--test-tags", f"/{module}",
        "--stop-after-init", "--http-port", str(free_port()),
    ]
    outcome = Outcome(module, log=str(log_path))
    try:
        run_odoo(config_path, arguments, log_path)
        read_odoo_log(outcome, log_path, module)
    finally:
        if not keep_database:
            drop_database(connection, database)
    outcome.seconds = time.monotonic() - started
    return outcome


def read_junit(outcome, junit):
    """Add the counts and failures of a pytest JUnit XML report to ``outcome``."""
    suites = ElementTree.parse(junit).getroot()
    for suite in suites.iter("testsuite"):
        tests, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
        failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        outcome.passed += tests - failed - skipped
        outcome.failed += failed
        outcome.skipped += skipped

    for case in suites.iter("testcase"):
        for failure in [*case.findall("failure"), *case.findall("error")]:
            first_line = ((failure.get("message") or "").splitlines() or [""])[0]
            outcome.problems.append(f"{case.get('classname')}.{case.get('name')}: {first_line[:300]}")


def run_end_to_end(odoo_root, connection, selection):
    started = time.monotonic()
    junit = TEST_LOG_DIR / "end-to-end.xml"
    junit.unlink(missing_ok=True)
    log_path = TEST_LOG_DIR / "end-to-end.log"
    config_path = write_local_config(
        odoo_root, connection, free_port(), name=TEST_CONFIG_NAME,
        overrides={"workers": 0, "max_cron_threads": 0, "log_level": "info"},
    )

    environment = dict(os.environ, SAV_ODOO_ROOT=str(odoo_root), SAV_TEST_CONFIG=str(config_path))
    command = [str(venv_python()), "-m", "pytest", "-p", "no:cacheprovider", "-rfEs",
               f"--junitxml={junit}", *(selection or ["tests"])]
    with open(log_path, "w") as log:
        subprocess.run(command, cwd=REPO_ROOT, env=environment, stdout=log,
                       stderr=subprocess.STDOUT, check=False)

    outcome = Outcome("end-to-end (tests/)", seconds=time.monotonic() - started, log=str(log_path))
    if not junit.exists():
        outcome.failed = 1
        outcome.problems = log_path.read_text(errors="replace").splitlines()[-30:]
        return outcome
    read_junit(outcome, junit)
    return outcome


def report(outcome):
    print(outcome.line(), flush=True)
    for problem in outcome.problems[:40]:
        print(f"    {problem}")
    if outcome.failed and outcome.log:
        print(f"    full log: {outcome.log}")


def run_tests(args, odoo_root):
    connection = Connection.from_environment()
    ensure_postgres(connection)
    TEST_LOG_DIR.mkdir(exist_ok=True)

    only_end_to_end = args.end_to_end is not None
    outcomes = []
    if not args.modules and not only_end_to_end:
        for outcome in run_linters():
            report(outcome)
            outcomes.append(outcome)

    modules = args.modules or ([] if only_end_to_end else project_modules())
    for module in modules:
        print(f"Testing {module} on a new database ...", flush=True)
        outcome = run_module_tests(module, odoo_root, connection, args.keep_databases)
        report(outcome)
        outcomes.append(outcome)

    if not args.modules:
        print("Running the end-to-end tests under tests/ ...", flush=True)
        outcome = run_end_to_end(odoo_root, connection, args.end_to_end)
        report(outcome)
        outcomes.append(outcome)

    passed = sum(outcome.passed for outcome in outcomes)
    failed = sum(outcome.failed for outcome in outcomes)
    skipped = sum(outcome.skipped for outcome in outcomes)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0
