"""Benchmark the customer portal pages of sav_portal for a large customer.

Builds a throwaway database with one customer, its 20 sites, 10,000 requests,
20,000 visits (by default) and a portal user. Then serves that database with
Odoo on a loopback port and logs in as the portal user. For each portal page,
it prints the median server time and the number of SQL queries, as Odoo's HTTP
log reports them.

Usage, with the Python of the project's environment (after ``./sav test`` or
``./sav serve`` has created it)::

    .venv/bin/python benchmarks/bench_portal.py --odoo /opt/odoo19 --db sav_portal_bench
    .venv/bin/python benchmarks/bench_portal.py --odoo /opt/odoo19 --db sav_portal_bench \\
        --requests 10000 --visits 20000 --repeat 5 --drop

The database is created with sav_portal installed when it does not exist. A
database that exists must be one this script built (it leaves a marker in
ir.config_parameter), so that a real database is never filled with fake data.
``--drop`` drops the database at the end. Requests and visits are inserted
with plain SQL; the customer, sites, equipment and users go through the ORM.
This script is not part of ``./sav test``.
"""

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ADDONS_PATH = Path(__file__).resolve().parents[1] / "addons"
MARKER = "sav_portal.benchmark_data"
SITE_COUNT = 20
PORTAL_LOGIN = "bench_portal"
PORTAL_PASSWORD = "bench_portal_password"
HISTORY_DAYS = 3 * 365
PAGES = [
    "/my/sav",
    "/my/sav/page/50",
    "/my/sav?filterby=done&sortby=site",
    "/my/sav/dashboard",
    "/my/sav/planning?mode=month",
    "/my/sav/planning?mode=week",
    "/my/sav/documents",
    "/my/sav/new",
]
# Odoo's werkzeug log line ends with: query count, query time, other time (seconds).
ACCESS_LOG = re.compile(r'"GET (?P<path>\S+) HTTP/[\d.]+" 200 - (?P<queries>\d+) '
                        r"(?P<sql>[\d.]+) (?P<other>[\d.]+)")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--odoo", required=True, help="Odoo 19.0 source folder")
    parser.add_argument("--db", required=True, help="name of the throwaway database")
    parser.add_argument("--db-host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--db-port", default="5432", help="PostgreSQL port")
    parser.add_argument("--requests", type=int, default=10_000, help="number of requests")
    parser.add_argument("--visits", type=int, default=20_000, help="number of visits")
    parser.add_argument("--repeat", type=int, default=5, help="measured calls per page")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    return parser.parse_args()


def odoo_options(args):
    addons = ",".join([f"{args.odoo}/addons", f"{args.odoo}/odoo/addons", str(ADDONS_PATH)])
    return [f"--addons-path={addons}", f"--db_host={args.db_host}", f"--db_port={args.db_port}"]


def odoo_command(args, *extra):
    return [sys.executable, f"{args.odoo}/odoo-bin", *odoo_options(args), "-d", args.db, *extra]


def populate(env, args):
    """Insert the customer, its sites, equipment, portal user, requests and visits."""
    started = time.perf_counter()
    technicians = env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": f"Technicien {index:02d}",
                "login": f"bench_technician_{index:02d}",
                "group_ids": [(6, 0, env.ref("sav_request.sav_request_group_technician").ids)],
            }
            for index in range(5)
        ]
    )
    customer = env["res.partner"].create({"name": "Grand Compte Bench", "is_company": True})
    sites = env["res.partner"].create(
        [
            {"name": f"Site {index:02d}", "type": "delivery", "parent_id": customer.id}
            for index in range(SITE_COUNT)
        ]
    )
    env["sav.equipment"].create(
        [{"site_id": site.id, "brand": "Frisquet", "model": "Prestige"} for site in sites]
    )
    contact = env["res.partner"].create(
        {"name": "Utilisateur Bench", "parent_id": customer.id, "email": "bench@example.com"}
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": contact.name,
            "login": PORTAL_LOGIN,
            "password": PORTAL_PASSWORD,
            "partner_id": contact.id,
            "group_ids": [(6, 0, env.ref("base.group_portal").ids)],
        }
    )
    env.flush_all()
    cr = env.cr
    cr.execute(
        """
        INSERT INTO sav_request (
            name, partner_id, site_id, channel, priority, state, summary, company_id,
            create_uid, write_uid, create_date, write_date
        )
        SELECT 'BENCH/' || lpad(g::text, 7, '0'), %(customer)s,
               (%(sites)s::int[])[1 + g %% %(site_count)s], 'portal', '0',
               CASE WHEN g %% 10 = 0 THEN 'new' WHEN g %% 10 = 1 THEN 'planned' ELSE 'done' END,
               'Demande de benchmark', %(company)s, %(uid)s, %(uid)s, created, created
          FROM generate_series(0, %(count)s - 1) AS g
          JOIN LATERAL (
                SELECT now() AT TIME ZONE 'UTC'
                       - (%(count)s - g) * %(days)s * interval '1 day' / %(count)s AS created
               ) AS dates ON TRUE
        """,
        {
            "customer": customer.id,
            "sites": sites.ids,
            "site_count": SITE_COUNT,
            "company": env.company.id,
            "uid": env.uid,
            "count": args.requests,
            "days": HISTORY_DAYS,
        },
    )
    # Visits go to the requests that are not pending, spread evenly. Visits of done
    # requests took place some days after the request; those of planned ones are to come.
    cr.execute(
        """
        WITH planned AS (
            SELECT id, partner_id, site_id, company_id, create_date, name, state,
                   row_number() OVER (ORDER BY id) - 1 AS position
              FROM sav_request WHERE state != 'new' AND name LIKE 'BENCH/%%'
        ), total AS (SELECT count(*) AS count FROM planned)
        INSERT INTO sav_intervention (
            name, request_id, partner_id, site_id, company_id, technician_id,
            planned_start, planned_end, state, report_type,
            create_uid, write_uid, create_date, write_date
        )
        SELECT planned.name, planned.id, planned.partner_id, planned.site_id,
               planned.company_id, (%(technicians)s::int[])[1 + g %% 5], starts.start,
               starts.start + interval '2 hours',
               CASE WHEN planned.state = 'planned' THEN 'planned' ELSE 'done' END, 'summary',
               %(uid)s, %(uid)s, planned.create_date, planned.create_date
          FROM generate_series(0, %(count)s - 1) AS g
          JOIN total ON TRUE
          JOIN planned ON planned.position = g %% total.count
          JOIN LATERAL (
                SELECT CASE WHEN planned.state = 'planned'
                            THEN date_trunc('day', now() AT TIME ZONE 'UTC')
                                 + (g %% 28) * interval '1 day' + interval '8 hours'
                            ELSE planned.create_date + (1 + g %% 6) * interval '1 day'
                       END AS start
               ) AS starts ON TRUE
        """,
        {"technicians": technicians.ids, "uid": env.uid, "count": args.visits},
    )
    cr.execute(
        """
        UPDATE sav_request AS r
           SET first_visit_start = v.first_start,
               visit_delay_hours = EXTRACT(EPOCH FROM v.first_start - r.create_date) / 3600
          FROM (SELECT request_id, MIN(planned_start) AS first_start
                  FROM sav_intervention WHERE state != 'cancelled' GROUP BY request_id) AS v
         WHERE v.request_id = r.id
        """
    )
    env["ir.config_parameter"].set_param(MARKER, "1")
    cr.execute("ANALYZE sav_request; ANALYZE sav_intervention")
    print(f"Data set built in {time.perf_counter() - started:.1f} s: {args.requests} requests, "
          f"{args.visits} visits, {SITE_COUNT} sites.")


def prepare_database(args):
    exists = subprocess.run(
        ["psql", "-h", args.db_host, "-p", args.db_port, "-lqt"],
        capture_output=True, text=True, check=True,
    ).stdout
    if args.db not in {line.split("|")[0].strip() for line in exists.splitlines()}:
        print(f"Creating database {args.db} with sav_portal installed...")
        subprocess.run(odoo_command(args, "-i", "sav_portal", "--stop-after-init", "--no-http",
                                    "--log-level=warn"), check=True)
    sys.path.insert(0, args.odoo)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(odoo_options(args))
    with Registry(args.db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if env["ir.config_parameter"].get_param(MARKER):
            print(f"Reusing the data set of {args.db}.")
            return
        if env["sav.request"].search_count([], limit=1):
            sys.exit(f"error: database {args.db} has requests that this script did not create: "
                     "pick another --db")
        populate(env, args)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(args):
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        server = subprocess.Popen(
            odoo_command(args, "--http-interface=127.0.0.1", f"--http-port={port}",
                         "--workers=0", "--max-cron-threads=0", f"--logfile={log.name}",
                         "--log-handler=werkzeug:INFO", f"--db-filter=^{args.db}$"),
        )
        try:
            base = f"http://127.0.0.1:{port}"
            session = requests.Session()
            for _attempt in range(120):
                try:
                    session.get(f"{base}/web/login", timeout=5)
                    break
                except requests.ConnectionError:
                    time.sleep(1)
            login = session.get(f"{base}/web/login", timeout=30)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text).group(1)
            session.post(f"{base}/web/login", timeout=30, data={
                "login": PORTAL_LOGIN, "password": PORTAL_PASSWORD, "csrf_token": csrf,
            })
            for page in PAGES:
                for _call in range(args.repeat + 1):  # the first call warms the caches
                    response = session.get(base + page, timeout=120)
                    response.raise_for_status()
            time.sleep(1)
            log.seek(0)
            samples = {}
            for line in log:
                match = ACCESS_LOG.search(line)
                if match:
                    samples.setdefault(match["path"], []).append(
                        (int(match["queries"]), float(match["sql"]) + float(match["other"]))
                    )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\n{'page':45} {'queries':>8} {'server ms (median)':>20}")
    for page in PAGES:
        measured = samples.get(page, [])[1:]
        if not measured:
            print(f"{page:45} {'-':>8} {'not logged':>20}")
            continue
        queries = statistics.median(q for q, _seconds in measured)
        millis = statistics.median(seconds for _q, seconds in measured) * 1000
        print(f"{page:45} {queries:>8.0f} {millis:>20.0f}")


def main():
    args = parse_args()
    prepare_database(args)
    try:
        measure(args)
    finally:
        if args.drop:
            subprocess.run(["dropdb", "-h", args.db_host, "-p", args.db_port, args.db],
                           check=False)


if __name__ == "__main__":
    main()
