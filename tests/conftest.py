"""Fixtures of the end-to-end tests: the ./sav command, real Odoo servers, a loopback SMTP server."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
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


def run_after_disconnecting(database, statement):
    """Close every connection to ``database``, then run ``statement`` outside a transaction."""
    conn = pg_connect()
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                   [database])
        cr.execute(statement)
    conn.close()


def drop_database(name):
    run_after_disconnecting(name, f'DROP DATABASE IF EXISTS "{name}"')


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


class WebsocketRouter:
    """A loopback front for a multi-process Odoo, as nginx is in production.

    Connections that open with ``/websocket`` go to Odoo's gevent port, and the
    others go to its HTTP port. Without this front, the web client reports that
    its real-time connection is lost.
    """

    def __init__(self, http_port, gevent_port):
        self.backends = {"http": http_port, "gevent": gevent_port}
        self.loop = asyncio.new_event_loop()
        self.port = free_port()
        ready = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self.thread.start()
        ready.wait(10)

    def _run(self, ready):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port))
        ready.set()
        self.loop.run_forever()
        server.close()

    async def _handle(self, client_reader, client_writer):
        try:
            head = await client_reader.readuntil(b"\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_writer.close()
            return
        path = head.split(b" ")[1] if head.count(b" ") >= 2 else b"/"
        backend = "gevent" if path.startswith(b"/websocket") else "http"
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.backends[backend])
        except OSError:
            client_writer.close()
            return
        writer.write(head)

        async def pipe(source, target):
            try:
                while data := await source.read(65536):
                    target.write(data)
                    await target.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                target.close()

        await asyncio.gather(pipe(client_reader, writer), pipe(reader, client_writer))

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class OdooServers:
    """Odoo servers in multi-process mode, each stopped by ``stop_all``."""

    def __init__(self, sav_home):
        self.sav_home = sav_home
        self.processes = []
        self.routers = []

    def start(self, database, smtp_port=None, workers=2, front=False):
        """Start Odoo on ``database`` and return its base URL once it responds.

        With ``front``, the URL is that of a ``WebsocketRouter`` before it, for
        browsers.
        """
        http_port, gevent_port = free_port(), free_port()
        log_path = Path(self.sav_home["SAV_STATE_DIR"]) / f"server-{database}-{http_port}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(Path(sys.executable).parent / "sav-odoo"), "server",
            "-c", os.environ["SAV_TEST_CONFIG"],
            "-d", database, "--db-filter", f"^{database}$",
            "--http-port", str(http_port), "--gevent-port", str(gevent_port),
            "--workers", str(workers), "--max-cron-threads", "1",
            "--data-dir", self.sav_home["SAV_DATA_DIR"],
        ]
        if smtp_port:
            command += ["--smtp", "127.0.0.1", "--smtp-port", str(smtp_port)]
        log = open(log_path, "w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append((process, log))
        base_url = f"http://127.0.0.1:{http_port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"Odoo stopped at start: read {log_path}")
            try:
                with urllib.request.urlopen(f"{base_url}/web/health", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"Odoo did not answer on {base_url} within 120 s: "
                                 f"read {log_path}")
        if not front:
            return base_url
        router = WebsocketRouter(http_port, gevent_port)
        self.routers.append(router)
        return f"http://127.0.0.1:{router.port}"

    def stop_all(self):
        for router in self.routers:
            router.stop()
        self.routers.clear()
        for process, log in self.processes:
            # The master and its workers share a process group of their own.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()
        self.processes.clear()


@pytest.fixture
def odoo_server(sav_home):
    """Start Odoo in multi-process mode on ``database``; stop it after the test."""
    servers = OdooServers(sav_home)
    yield servers.start
    servers.stop_all()


def copy_database(source, target, sav_home):
    """Copy a database and its filestore, as Odoo's database manager duplicates one."""
    run_after_disconnecting(source, f'CREATE DATABASE "{target}" WITH TEMPLATE "{source}"')
    filestore = Path(sav_home["SAV_DATA_DIR"]) / "filestore"
    if (filestore / source).is_dir():
        shutil.copytree(filestore / source, filestore / target)
