"""`./sav serve` builds the demo database a new user starts from, and reuses it afterwards."""

import http.cookiejar
import json
import urllib.request
import uuid

from conftest import REPO_ROOT, database_exists, drop_database, pg_connect


def query(database, sql, params=()):
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()
    finally:
        conn.close()


def test_demo_database_has_every_module_in_french(demo_database):
    database = demo_database["name"]
    modules = sorted(path.parent.name for path in (REPO_ROOT / "addons").glob("*/__manifest__.py"))
    installed = dict(query(database, "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                           [modules]))
    assert installed == dict.fromkeys(modules, "installed")
    demo_flags = query(database, "SELECT demo FROM ir_module_module WHERE name = 'sav_request'")
    assert demo_flags == [(True,)]
    assert query(database, "SELECT code FROM res_lang WHERE active AND code = 'fr_FR'") == [
        ("fr_FR",)
    ]
    admin_lang = query(database, "SELECT p.lang FROM res_users u JOIN res_partner p "
                                 "ON p.id = u.partner_id WHERE u.login = 'admin'")
    assert admin_lang == [("fr_FR",)]
    assert "Log in as admin / admin" in demo_database["first_run"].stdout


def test_demo_company_keeps_french_accounting(demo_database):
    database = demo_database["name"]
    company = query(database, "SELECT c.chart_template, cur.name FROM res_company c "
                              "JOIN res_currency cur ON cur.id = c.currency_id WHERE c.id = 1")
    assert company == [("fr", "EUR")], "French chart of accounts, in euros"
    rates = query(database, "SELECT DISTINCT amount FROM account_tax "
                            "WHERE company_id = 1 AND type_tax_use = 'sale' AND active")
    assert 20.0 in {float(rate) for (rate,) in rates}, "French VAT at 20 %"
    requests = query(database, "SELECT count(*) FROM sav_request")
    assert requests[0][0] >= 60, "the project's demo data loaded on top of the French chart"
    claire = query(database, "SELECT 1 FROM res_users WHERE login = 'claire'")
    assert claire == [(1,)], "the portal customer of the demo exists"


def test_second_run_reuses_database(run_sav, demo_database):
    result = run_sav("serve", "--no-serve", "--db", demo_database["name"])
    assert result.returncode == 0, result.stderr
    assert f"Reusing database {demo_database['name']}" in result.stdout
    assert "Creating database" not in result.stdout


def test_failed_creation_drops_database(run_sav):
    database = f"sav_e2e_broken_{uuid.uuid4().hex[:6]}"
    fixtures = REPO_ROOT / "tests" / "fixtures" / "addons"
    try:
        result = run_sav("serve", "--no-serve", "--db", database,
                         "--modules", "sav_request,sav_broken_install",
                         env={"SAV_EXTRA_ADDONS": str(fixtures)})
        assert result.returncode == 2, result.stdout + result.stderr
        error = result.stderr.strip().splitlines()
        assert len(error) == 1, result.stderr
        assert f"creating database {database} failed" in error[0]
        assert "partner_that_does_not_exist" in error[0]
        assert "the half-made database was dropped" in error[0]
        assert not database_exists(database)
    finally:
        drop_database(database)


def test_demo_customer_sees_portal_in_french(demo_database, odoo_server):
    base_url = odoo_server(demo_database["name"], workers=2)
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    login = json.dumps({"jsonrpc": "2.0", "method": "call", "params": {
        "db": demo_database["name"], "login": "claire", "password": "claire"}}).encode()
    request = urllib.request.Request(f"{base_url}/web/session/authenticate", data=login,
                                     headers={"Content-Type": "application/json"})
    with opener.open(request, timeout=60) as response:
        answer = json.load(response)
    assert answer.get("result", {}).get("uid"), answer

    with opener.open(f"{base_url}/my/sav", timeout=120) as response:
        page = response.read().decode()
    assert "Service après-vente" in page
    assert "Nouvelle demande" in page
    assert "New Request" not in page
