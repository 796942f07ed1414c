"""Reach PostgreSQL, starting the local cluster when it is down."""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass

from . import SetupError

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


@dataclass
class Connection:
    """Connection settings of the PostgreSQL server. Empty values keep libpq's defaults."""

    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_environment(cls):
        port = os.environ.get("PGPORT") or "5432"
        if not port.isdigit():
            raise SetupError(f"PGPORT={port} is not a port number: set PGPORT to a number such as 5432")
        return cls(
            host=os.environ.get("PGHOST", "127.0.0.1"),
            port=int(port),
            user=os.environ.get("PGUSER", ""),
            password=os.environ.get("PGPASSWORD", ""),
        )

    @property
    def label(self):
        return f"{self.host or 'the local socket'}:{self.port}"

    def connect(self, dbname="postgres"):
        import psycopg2  # noqa: PLC0415 (only the project's environment has psycopg2)

        params = {"dbname": dbname, "port": self.port, "connect_timeout": 5}
        if self.host:
            params["host"] = self.host
        if self.user:
            params["user"] = self.user
        if self.password:
            params["password"] = self.password
        return psycopg2.connect(**params)


def _local_clusters_on(port):
    """Return (version, name) of the Debian clusters that listen on ``port`` and are down."""
    if not shutil.which("pg_lsclusters"):
        return []
    output = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True,
                            check=False).stdout
    clusters = []
    for line in output.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[2] == str(port) and fields[3] != "online":
            clusters.append((fields[0], fields[1]))
    return clusters


def _start_local(connection):
    started = False
    for version, name in _local_clusters_on(connection.port):
        print(f"Starting the local PostgreSQL cluster {version}/{name} ...", flush=True)
        result = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"],
            capture_output=True, text=True, check=False,
        )
        started = started or result.returncode == 0
    return started


def ensure_postgres(connection):
    """Return once PostgreSQL accepts connections at ``connection``, else raise SetupError."""
    import psycopg2  # noqa: PLC0415

    try:
        connection.connect().close()
        return
    except psycopg2.OperationalError as error:
        first_error = str(error).strip().splitlines()[0]

    if connection.host in LOCAL_HOSTS and _start_local(connection):
        for _attempt in range(30):
            time.sleep(0.5)
            try:
                connection.connect().close()
                return
            except psycopg2.OperationalError:
                continue

    if "does not exist" in first_error and "role" in first_error:
        user = connection.user or os.environ.get("USER", "")
        raise SetupError(
            f"PostgreSQL at {connection.label} has no role for {user!r} ({first_error}): "
            f"create it with `createuser --createdb {user}` as the postgres user, or set PGUSER"
        )
    raise SetupError(
        f"PostgreSQL does not answer at {connection.label} ({first_error}): start it "
        "(on Debian: pg_ctlcluster <version> main start) or set PGHOST and PGPORT to a running server"
    )
