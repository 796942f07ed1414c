"""Fixtures of the end-to-end tests: the ./sav command, real Odoo servers, a loopback SMTP server."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import psycopg2
import pytest
from aiosmtpd.controller import Controller

REPO_ROOT = Path(__file__).resolve().parents[1]
SAV = REPO_ROOT / "sav"


def pytest_configure(config):
    if not os.environ.get("SAV_ODOO_ROOT") or not os.environ.get("SAV_TEST_CONFIG"):
        pytest.exit("run these tests through `./sav test` (or `./sav test --end-to-end`), "
                    "which sets SAV_ODOO_ROOT and SAV_TEST_CONFIG", returncode=4)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_connect(dbname="postgres"):
    return psycopg2.connect(
        dbname=dbname,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=int(os.environ.get("PGPORT", "5432")),
    )


def database_exists(name):
    with pg_connect() as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cr.fetchone() is not None


def drop_database(name):
    conn = pg_connect()
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                   [name])
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()


@pytest.fixture(scope="session")
def odoo_root():
    return Path(os.environ["SAV_ODOO_ROOT"])


@pytest.fixture(scope="session")
def sav_home(tmp_path_factory):
    """State and data folders of ./sav, kept away from the developer's own."""
    home = tmp_path_factory.mktemp("sav-home")
    return {"SAV_STATE_DIR": str(home / "state"), "SAV_DATA_DIR": str(home / "data")}


@pytest.fixture(scope="session")
def run_sav(sav_home, odoo_root):
    """Run ./sav with ``args`` and return the finished process (text output)."""

    def run(*args, env=None, timeout=900):
        environment = dict(os.environ, ODOO_SOURCE=str(odoo_root), **sav_home)
        environment.pop("SAV_IN_VENV", None)
        environment.update(env or {})
        return subprocess.run([str(SAV), *args], cwd=REPO_ROOT, env=environment,
                              capture_output=True, text=True, timeout=timeout, check=False)

    return run


@pytest.fixture(scope="session")
def demo_database(run_sav):
    """A database made by `./sav serve --no-serve`, as a new user gets it; dropped at the end."""
    name = f"sav_e2e_demo_{uuid.uuid4().hex[:6]}"
    result = run_sav("serve", "--no-serve", "--db", name)
    assert result.returncode == 0, result.stdout + result.stderr
    yield {"name": name, "first_run": result}
    drop_database(name)


class SmtpSink:
    """Messages received by the loopback SMTP server, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append({"envelope_to": envelope.rcpt_tos, "message": message})
        return "250 Message accepted for delivery"

    def wait_for(self, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for item in self.messages:
                if predicate(item["message"]):
                    return item["message"]
            time.sleep(0.5)
        subjects = [item["message"]["Subject"] for item in self.messages]
        raise AssertionError(f"no matching e-mail within {timeout} s; received: {subjects}")


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def odoo_server(odoo_root, sav_home):
    """Start Odoo in multi-process mode on ``database``; stop it after the test."""
    processes = []

    def start(database, smtp_port=None, workers=2):
        http_port, gevent_port = free_port(), free_port()
        log_path = Path(sav_home["SAV_STATE_DIR"]) / f"server-{database}-{http_port}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(Path(sys.executable).parent / "sav-odoo"), "server",
            "-c", os.environ["SAV_TEST_CONFIG"],
            "-d", database, "--db-filter", f"^{database}$",
            "--http-port", str(http_port), "--gevent-port", str(gevent_port),
            "--workers", str(workers), "--max-cron-threads", "1",
            "--data-dir", sav_home["SAV_DATA_DIR"],
        ]
        if smtp_port:
            command += ["--smtp", "127.0.0.1", "--smtp-port", str(smtp_port)]
        log = open(log_path, "w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        processes.append((process, log))
        base_url = f"http://127.0.0.1:{http_port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"Odoo stopped at start: read {log_path}")
            try:
                with urllib.request.urlopen(f"{base_url}/web/health", timeout=5) as response:
                    if response.status == 200:
                        return base_url
            except OSError:
                time.sleep(0.5)
        raise AssertionError(f"Odoo did not answer on {base_url} within 120 s: read {log_path}")

    yield start
    for process, log in processes:
        # The master and its workers share a process group of their own.
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
