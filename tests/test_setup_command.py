"""`./sav` stops on bad input with a one-line error that names the problem and the fix."""

import http.server
import socket
import tarfile
import threading

import pytest
from conftest import free_port


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def fake_odoo_tree(folder, version):
    (folder / "odoo").mkdir(parents=True)
    (folder / "odoo" / "release.py").write_text(f"version_info = ({version}, 0, 0, 'final', 0, '')\n")
    return folder


def test_missing_odoo_source_folder(run_sav, tmp_path):
    missing = tmp_path / "no-such-odoo"
    result = run_sav("serve", "--no-serve", env={"ODOO_SOURCE": str(missing)})
    assert_one_line_error(result, f"ODOO_SOURCE={missing} does not exist", "set ODOO_SOURCE to")


def test_odoo_source_without_odoo(run_sav, tmp_path):
    result = run_sav("test", env={"ODOO_SOURCE": str(tmp_path)})
    assert_one_line_error(result, "is not an Odoo source", "set ODOO_SOURCE to")


def test_odoo_source_of_another_version(run_sav, tmp_path):
    tree = fake_odoo_tree(tmp_path / "odoo-17", 17)
    result = run_sav("serve", env={"ODOO_SOURCE": str(tree)})
    assert_one_line_error(result, "contains Odoo 17.0, not 19.0", "set ODOO_SOURCE to")


def test_odoo_archive_of_another_version(run_sav, tmp_path, sav_home):
    tree = fake_odoo_tree(tmp_path / "odoo-18.0", 18)
    archive = tmp_path / "odoo-18.0.tar.gz"
    with tarfile.open(archive, "w:gz") as bundle:
        bundle.add(tree, arcname="odoo-18.0")
    result = run_sav("serve", env={"ODOO_SOURCE": archive.as_uri(),
                                   "SAV_CACHE_DIR": str(tmp_path / "cache")})
    assert_one_line_error(result, "contains Odoo 18.0, not 19.0")


def test_odoo_archive_url_not_found(run_sav, tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/odoo-19.0-missing.tar.gz"
    try:
        result = run_sav("serve", env={"ODOO_SOURCE": url, "SAV_CACHE_DIR": str(tmp_path)})
    finally:
        server.shutdown()
    assert_one_line_error(result, f"ODOO_SOURCE={url} could not be downloaded (HTTP 404)")


def test_postgres_unreachable(run_sav):
    closed_port = free_port()
    result = run_sav("serve", "--no-serve", env={"PGHOST": "127.0.0.1", "PGPORT": str(closed_port)})
    assert_one_line_error(result, f"PostgreSQL does not answer at 127.0.0.1:{closed_port}",
                          "set PGHOST and PGPORT")


def test_http_port_taken(run_sav):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run_sav("serve", "--db", "sav_e2e_never_created", "--http-port", str(port))
    assert_one_line_error(result, f"port {port} on 127.0.0.1 is already in use", "--http-port")


def test_unknown_module(run_sav):
    result = run_sav("serve", "--no-serve", "--modules", "sav_request,sav_no_such_module")
    assert_one_line_error(result, "module 'sav_no_such_module' is not in addons/")


@pytest.mark.parametrize("name", ["bad name", "x;drop"])
def test_invalid_database_name(run_sav, name):
    result = run_sav("serve", "--no-serve", "--db", name)
    assert_one_line_error(result, f"database name {name!r} is invalid")
