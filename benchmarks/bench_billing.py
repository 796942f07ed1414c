"""Benchmark invoicing of sav_billing against Odoo's own invoicing of sale orders.

Builds 1,000 done visits of 100 customers (by default) in a throwaway database,
each with 1.5 hours of labour, two parts and a travel expense. It invoices them
in one call of ``_create_invoices()`` and prints the time and SQL query count.
In the same run it builds 1,000 confirmed sale orders with the same lines for
the same customers and times ``sale.order._create_invoices()`` as the
reference. Both make one invoice per customer.

Usage, with the Python of Odoo's virtual environment::

    python benchmarks/bench_billing.py --odoo /opt/odoo19 --db sav_bench_billing
    python benchmarks/bench_billing.py --odoo /opt/odoo19 --db sav_bench_billing \\
        --visits 200 --customers 20

The database is created with sav_billing and sale installed (sale only serves
as the reference) and dropped at the end unless ``--keep`` is given. An
existing database is refused, so that a real one is never filled with fake data.
"""

import argparse
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ADDONS_PATH = Path(__file__).resolve().parents[1] / "addons"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--odoo", required=True, help="Odoo 19.0 source folder")
    parser.add_argument("--db", required=True, help="name of the throwaway database")
    parser.add_argument("--db-host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--db-port", default="5432", help="PostgreSQL port")
    parser.add_argument("--visits", type=int, default=1000, help="number of done visits")
    parser.add_argument("--customers", type=int, default=100, help="number of customers")
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    return parser.parse_args()


def odoo_options(args):
    addons = ",".join([f"{args.odoo}/addons", f"{args.odoo}/odoo/addons", str(ADDONS_PATH)])
    return [f"--addons-path={addons}", f"--db_host={args.db_host}", f"--db_port={args.db_port}"]


def create_database(args):
    print(f"Creating database {args.db} with sav_billing and sale installed...", flush=True)
    command = [
        sys.executable, f"{args.odoo}/odoo-bin", *odoo_options(args), "-d", args.db,
        "-i", "sav_billing,sale", "--stop-after-init", "--no-http", "--log-level=warn",
    ]
    subprocess.run(command, check=True)


def drop_database(args):
    subprocess.run(
        ["dropdb", "--if-exists", "--force", "-h", args.db_host, "-p", args.db_port, args.db], check=True
    )


def prepare_company(env):
    """Give the company a chart of accounts, a 20 % VAT and the products of the visits."""
    company = env.company
    env["account.chart.template"].try_loading("generic_coa", company=company, install_demo=False)
    tax = env["account.tax"].create(
        {"name": "TVA 20 %", "amount": 20.0, "type_tax_use": "sale", "company_id": company.id}
    )
    products = env["product.product"].create(
        [
            {"name": "Main-d'œuvre", "type": "service", "list_price": 60.0,
             "uom_id": env.ref("uom.product_uom_hour").id, "invoice_policy": "order"},
            {"name": "Joint fibre", "type": "consu", "list_price": 2.5, "invoice_policy": "order"},
            {"name": "Déplacement", "type": "service", "list_price": 35.0,
             "invoice_policy": "order"},
        ]
    )
    products.taxes_id = tax
    labour, gasket, travel = products
    company.write({"sav_labour_product_id": labour.id, "sav_expense_product_id": travel.id})
    return labour, gasket, travel


def build_visits(env, args):
    technician = env.ref("base.user_admin")
    customers = env["res.partner"].create(
        [{"name": f"Client {index:03d}", "city": "Nantes"} for index in range(args.customers)]
    )
    gasket = env["product.product"].search([("name", "=", "Joint fibre")], limit=1)
    requests = env["sav.request"].create(
        [
            {"partner_id": customers[index % len(customers)].id, "summary": "Entretien"}
            for index in range(args.visits)
        ]
    )
    start = datetime(2026, 3, 2, 8, 0)
    visits = env["sav.intervention"].create(
        [
            {
                "request_id": request.id,
                "technician_id": technician.id,
                "planned_start": start + timedelta(hours=index),
                "duration_forced": True,
                "duration": 1.5,
                "part_line_ids": [(0, 0, {"product_id": gasket.id, "quantity": 2.0})],
                "expense_line_ids": [
                    (0, 0, {"expense_type": "other", "name": "Déplacement", "amount": 35.0})
                ],
            }
            for index, request in enumerate(requests)
        ]
    )
    visits.write({"state": "done", "unsigned_reason": "Benchmark"})
    return customers, visits


def build_sale_orders(env, customers, count, products):
    labour, gasket, travel = products
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customers[index % len(customers)].id,
                "order_line": [
                    (0, 0, {"product_id": labour.id, "product_uom_qty": 1.5}),
                    (0, 0, {"product_id": gasket.id, "product_uom_qty": 2.0}),
                    (0, 0, {"product_id": travel.id, "product_uom_qty": 1.0}),
                ],
            }
            for index in range(count)
        ]
    )
    orders.action_confirm()
    return orders


def measure(env, label, function):
    env.flush_all()
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    invoices = function()
    env.flush_all()
    seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries_before
    lines = sum(len(invoice.invoice_line_ids) for invoice in invoices)
    print(
        f"{label}: {len(invoices)} invoices, {lines} invoice lines, "
        f"{seconds:.2f} s, {queries} queries ({queries / max(len(invoices), 1):.1f} per invoice)",
        flush=True,
    )
    return seconds, queries


def main():
    args = parse_args()
    sys.path.insert(0, args.odoo)
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service import db as db_service  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config([*odoo_options(args), "-d", args.db, "--log-level=warn"])
    if db_service.exp_db_exist(args.db):
        sys.exit(f"Database {args.db} exists: pick the name of a database to create.")
    create_database(args)
    try:
        registry = Registry(args.db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            products = prepare_company(env)
            started = time.perf_counter()
            customers, visits = build_visits(env, args)
            orders = build_sale_orders(env, customers, args.visits, products)
            print(
                f"Built {len(visits)} done visits and {len(orders)} sale orders of "
                f"{len(customers)} customers in {time.perf_counter() - started:.0f} s",
                flush=True,
            )
            sav = measure(env, "sav.intervention._create_invoices", visits._create_invoices)
            sale = measure(env, "sale.order._create_invoices (reference)",
                           orders._create_invoices)
            print(f"Ratio sav / sale: time {sav[0] / sale[0]:.2f}, queries {sav[1] / sale[1]:.2f}")
            cr.rollback()
    finally:
        if not args.keep:
            drop_database(args)


if __name__ == "__main__":
    main()
