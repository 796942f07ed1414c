"""Benchmark the pending list and the week calendar of sav_request at scale.

Builds a data set of 100,000 requests and 200,000 visits (by default) in a
throwaway database. Then it prints the time and the number of SQL queries
of the pending list and of the week calendar of 20 technicians, and the
EXPLAIN plans that show which indexes PostgreSQL uses.

Usage, with the Python of Odoo's virtual environment::

    python benchmarks/bench_sav_request.py --odoo /opt/odoo19 --db sav_bench
    python benchmarks/bench_sav_request.py --odoo /opt/odoo19 --db sav_bench \\
        --requests 10000 --visits 20000 --customers 1000 --keep

The database is created with sav_request installed when it does not exist.
A database that exists must be one this script built (it leaves a marker in
ir.config_parameter), so that a real database is never filled with fake
data; such a database is reused as it is. The database is dropped at the
end unless ``--keep`` is given. Requests and visits are inserted with plain
SQL; users, customers, sites and equipment go through the ORM. The full
size takes about 5 minutes on 2 cores (see bench_sav_request.md).
"""

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ADDONS_PATH = Path(__file__).resolve().parents[1] / "addons"
MARKER = "sav_request.benchmark_data"
TECHNICIAN_COUNT = 20
PENDING_SHARE = 50  # one request out of 50 is pending
HISTORY_DAYS = 5 * 365


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--odoo", required=True, help="Odoo 19.0 source folder")
    parser.add_argument("--db", required=True, help="name of the throwaway database")
    parser.add_argument("--db-host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--db-port", default="5432", help="PostgreSQL port")
    parser.add_argument("--requests", type=int, default=100_000, help="number of requests")
    parser.add_argument("--visits", type=int, default=200_000, help="number of visits")
    parser.add_argument("--customers", type=int, default=5_000, help="number of customers")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    return parser.parse_args()


def odoo_options(args):
    addons = ",".join(
        [f"{args.odoo}/addons", f"{args.odoo}/odoo/addons", str(ADDONS_PATH)]
    )
    return [
        f"--addons-path={addons}",
        f"--db_host={args.db_host}",
        f"--db_port={args.db_port}",
    ]


def install_module(args):
    print(f"Creating database {args.db} with sav_request installed...")
    command = [
        sys.executable, f"{args.odoo}/odoo-bin", *odoo_options(args), "-d", args.db,
        "-i", "sav_request", "--stop-after-init", "--no-http", "--log-level=warn",
    ]
    subprocess.run(command, check=True)


def populate(env, args):
    """Insert the customers, technicians, requests and visits of the data set."""
    cr = env.cr
    started = time.perf_counter()
    company = env.company
    technician_group = env.ref("sav_request.sav_request_group_technician")
    technicians = env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": f"Bench Technician {index:02d}",
                "login": f"bench_technician_{index:02d}",
                "group_ids": [(6, 0, technician_group.ids)],
            }
            for index in range(TECHNICIAN_COUNT)
        ]
    )
    customers = env["res.partner"].create(
        [{"name": f"Bench Customer {index}", "city": "Nantes"} for index in range(args.customers)]
    )
    sites = env["res.partner"].create(
        [
            {"name": "Site", "type": "delivery", "parent_id": customer.id}
            for customer in customers
        ]
    )
    env["sav.equipment"].create(
        [{"site_id": site.id, "brand": "Frisquet", "model": "Prestige"} for site in sites]
    )
    env.flush_all()
    print(f"  users, customers, sites, equipment: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    # Requests are spread over 5 years, newest last. The newest 2% are pending.
    cr.execute(
        """
        INSERT INTO sav_request (
            name, partner_id, site_id, equipment_id, channel, priority, state,
            summary, company_id, user_id, create_uid, write_uid, create_date, write_date
        )
        SELECT 'BENCH/' || lpad(g::text, 7, '0'), site.parent_id, site.id, equipment.id,
               (ARRAY['phone', 'email', 'portal', 'other'])[1 + g %% 4],
               (g %% 3)::text,
               CASE WHEN g >= %(pending_from)s THEN 'new'
                    WHEN g >= %(planned_from)s THEN 'planned' ELSE 'done' END,
               'Benchmark request', %(company)s, %(uid)s, %(uid)s, %(uid)s,
               created, created
          FROM generate_series(0, %(count)s - 1) AS g
          JOIN LATERAL (
                SELECT now() AT TIME ZONE 'UTC'
                       - (%(count)s - g) * %(days)s * interval '1 day' / %(count)s AS created
               ) AS dates ON TRUE
          JOIN sav_equipment AS equipment
            ON equipment.id = %(first_equipment)s + g %% %(customers)s
          JOIN res_partner AS site ON site.id = equipment.site_id
        """,
        {
            "count": args.requests,
            "pending_from": args.requests - args.requests // PENDING_SHARE,
            "planned_from": args.requests - 3 * args.requests // PENDING_SHARE,
            "company": company.id,
            "uid": env.uid,
            "days": HISTORY_DAYS,
            "first_equipment": min(env["sav.equipment"].search([]).ids),
            "customers": args.customers,
        },
    )
    print(f"  {args.requests} requests: {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    # Visits go to the requests that are not pending: a few days after their
    # reception for done requests, over the coming 4 weeks for planned ones.
    cr.execute(
        """
        WITH planned AS (
            SELECT id, partner_id, site_id, equipment_id, company_id, create_date, name,
                   state, row_number() OVER (ORDER BY id) - 1 AS position
              FROM sav_request
             WHERE state != 'new' AND name LIKE 'BENCH/%%'
        ), total AS (SELECT count(*) AS count FROM planned)
        INSERT INTO sav_intervention (
            name, request_id, partner_id, site_id, equipment_id, company_id, technician_id,
            planned_start, planned_end, state, create_uid, write_uid, create_date, write_date
        )
        SELECT planned.name, planned.id, planned.partner_id, planned.site_id,
               planned.equipment_id, planned.company_id,
               (%(technicians)s)[1 + g %% %(technician_count)s],
               start, start + interval '2 hours',
               CASE WHEN start < now() AT TIME ZONE 'UTC' THEN 'done' ELSE 'planned' END,
               %(uid)s, %(uid)s, planned.create_date, planned.create_date
          FROM generate_series(0, %(count)s - 1) AS g
          JOIN total ON TRUE
          JOIN planned ON planned.position = g %% total.count
          JOIN LATERAL (
                SELECT CASE WHEN planned.state = 'planned'
                            THEN date_trunc('day', now() AT TIME ZONE 'UTC')
                                 + (g %% 28) * interval '1 day'
                            ELSE date_trunc('day', planned.create_date)
                                 + (1 + (g / total.count) * 7 + g %% 3) * interval '1 day'
                       END + (7 + 2 * (g %% 5)) * interval '1 hour' AS start
               ) AS dates ON TRUE
        """,
        {
            "count": args.visits,
            "technicians": technicians.ids,
            "technician_count": TECHNICIAN_COUNT,
            "uid": env.uid,
        },
    )
    cr.execute("ANALYZE sav_request")
    cr.execute("ANALYZE sav_intervention")
    env["ir.config_parameter"].set_param(MARKER, "1")
    print(f"  {args.visits} visits: {time.perf_counter() - started:.1f} s")
    return technicians


def measure(env, label, function, repeat):
    """Run ``function`` ``repeat`` times on a cold ORM cache; print its time and queries."""
    function()  # warm the ORM caches (access rules, views, fields)
    timings, counts = [], []
    for _run in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
        counts.append(env.cr.sql_log_count - before)
    size = len(result["records"]) if isinstance(result, dict) else len(result)
    print(
        f"{label}: {size} records, {counts[-1]} queries "
        f"(min {min(counts)}, max {max(counts)}), "
        f"best {min(timings) * 1000:.1f} ms, median {statistics.median(timings) * 1000:.1f} ms"
    )


def explain(env, label, model, domain, order, limit=None):
    from odoo.tools import SQL  # noqa: PLC0415

    query = model._search(domain, order=order, limit=limit)
    env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query.select()))
    print(f"\nEXPLAIN {label}:")
    for (line,) in env.cr.fetchall():
        print(f"    {line}")


def main():
    args = parse_args()
    sys.path.insert(0, args.odoo)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config([*odoo_options(args), "-d", args.db, "--log-level=warn"])
    if not db_service.exp_db_exist(args.db):
        install_module(args)

    registry = Registry(args.db)
    # The fields the tests count queries for, to measure the same calls here.
    from odoo.addons.sav_request.tests.test_performance import (  # noqa: PLC0415
        CALENDAR_FIELDS,
        PENDING_LIST_SPECIFICATION,
    )

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "sav.request" not in env:
            sys.exit(f"Database {args.db} has no sav_request module: pick a new database name.")
        params = env["ir.config_parameter"]
        if not params.get_param(MARKER):
            if env["sav.request"].search_count([], limit=1):
                sys.exit(
                    f"Database {args.db} has requests that this script did not create: "
                    "pick a new database name."
                )
            populate(env, args)
            cr.commit()
        technicians = env["res.users"].search([("login", "=like", "bench_technician_%")])
        dispatcher = env["res.users"].search([("login", "=", "bench_dispatcher")])
        if not dispatcher:
            dispatcher = env["res.users"].create(
                {
                    "name": "Bench Dispatcher",
                    "login": "bench_dispatcher",
                    "group_ids": [
                        (6, 0, env.ref("sav_request.sav_request_group_dispatcher").ids)
                    ],
                }
            )
            cr.commit()

        print(
            f"\nData: {env['sav.request'].search_count([])} requests "
            f"({env['sav.request'].search_count([('state', '=', 'new')])} pending), "
            f"{env['sav.intervention'].search_count([])} visits, "
            f"{len(technicians)} technicians\n"
        )
        user_env = env(user=dispatcher)
        Request = user_env["sav.request"]
        Visit = user_env["sav.intervention"]
        pending_domain = [("state", "=", "new")]
        today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        week_start = today - timedelta(days=today.weekday())
        calendar_domain = Visit._get_calendar_domain(
            week_start, week_start + timedelta(days=7), technicians.ids
        )

        measure(
            user_env,
            "Pending list (first page of 80)",
            lambda: Request.web_search_read(
                pending_domain, PENDING_LIST_SPECIFICATION, limit=80, count_limit=10001
            ),
            args.repeat,
        )
        measure(
            user_env,
            f"Week calendar ({len(technicians)} technicians)",
            lambda: Visit.search_read(calendar_domain, CALENDAR_FIELDS),
            args.repeat,
        )
        explain(user_env, "pending list", Request, pending_domain, Request._order, limit=80)
        explain(user_env, "week calendar", Visit, calendar_domain, Visit._order)
        cr.rollback()

    if not args.keep:
        registry.delete(args.db)
        db_service.exp_drop(args.db)
        print(f"\nDropped database {args.db}.")


if __name__ == "__main__":
    main()
