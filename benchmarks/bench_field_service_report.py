"""Time the rendering of a complete visit report with 10 photos (goal: under 2 s).

The script creates a throwaway database with sav_field_service, records a
signed visit with parts, expenses, measures and 10 photos taken from the
project's sample photos, renders the complete report with wkhtmltopdf
several times, prints each time and the median, then drops the database.

Run it with the project's environment, after `./sav test` or `./sav serve`
has created it (PostgreSQL must answer, as for the tests):

    .venv/bin/python benchmarks/bench_field_service_report.py
    .venv/bin/python benchmarks/bench_field_service_report.py --runs 5 --keep-database

It is not part of `./sav test`.

NOTE: no Odoo HTTP server runs here, so wkhtmltopdf cannot fetch the report's
style sheets and logs a network error. The times leave out that fetch, which
a server-side rendering adds.
"""

import argparse
import base64
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "tools"))

from savctl.config import write_local_config  # noqa: E402
from savctl.database import drop_database  # noqa: E402
from savctl.postgres import Connection  # noqa: E402
from savctl.testrun import free_port  # noqa: E402

PHOTO_NAMES = [
    "exif_orientation_landscape_6.jpg",
    "exif_orientation_portrait_6.jpg",
    "exif_hdr_canon_hdr_NO.jpg",
    "exif_tests_42_IndexError.jpg",
    "ocrmypdf_baiona.png",
]
SIGNATURE_PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffffff7f0009fb03fd2a86e38a"
    "0000000049454e44ae426082"
))


def find_photos():
    for folder in (REPO_ROOT.parent / "shared/samples/photos", Path("/work/shared/samples/photos")):
        if folder.is_dir():
            return folder
    sys.exit("error: sample photos not found in ../shared/samples/photos")


def prepare(config_path, database):
    command = [sys.executable, "-m", "odoo", "-c", str(config_path), "-d", database,
               "-i", "sav_field_service", "--stop-after-init"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"error: installing sav_field_service failed:\n{result.stderr[-2000:]}")


def measure(config_path, database, runs):
    import odoo  # noqa: PLC0415 (importable from the project's .venv only)
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", str(config_path)])
    registry = Registry(database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        folder = find_photos()
        partner = env["res.partner"].create({"name": "Mme Benchmark", "city": "Nantes"})
        request = env["sav.request"].create({"partner_id": partner.id})
        product = env["product.product"].create({"name": "Thermocouple", "list_price": 25})
        start = datetime(2026, 3, 2, 8, 0)
        visit = env["sav.intervention"].create({
            "request_id": request.id,
            "technician_id": env.ref("base.user_admin").id,
            "planned_start": start,
            "arrival_time": start,
            "departure_time": start + timedelta(hours=2),
            "report": "<p>Entretien complet.</p>" * 5,
            "part_line_ids": [(0, 0, {"product_id": product.id, "quantity": 2})],
            "expense_line_ids": [(0, 0, {"expense_type": "parking", "amount": 4.5})],
            "signature": SIGNATURE_PNG,
            "signed_by": "Mme Benchmark",
            "signed_on": start + timedelta(hours=2),
        })
        env["sav.intervention.photo"].create([
            {
                "intervention_id": visit.id,
                "phase": "before" if index < 5 else "after",
                "name": name,
                "image": base64.b64encode((folder / name).read_bytes()),
            }
            for index, name in enumerate(PHOTO_NAMES * 2)
        ])
        Report = env["ir.actions.report"]
        times = []
        for run in range(runs):
            started = time.perf_counter()
            pdf, _format = Report._render_qweb_pdf(
                "sav_field_service.sav_intervention_action_report_complete", visit.ids
            )
            times.append(time.perf_counter() - started)
            print(f"run {run + 1}: {times[-1]:.2f} s, {len(pdf) / 1024:.0f} KiB")
        cr.rollback()
    print(f"median of {runs} runs: {statistics.median(times):.2f} s (goal: under 2 s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="renderings to time (default: 3)")
    parser.add_argument("--keep-database", action="store_true", help="do not drop the database")
    args = parser.parse_args()

    import odoo  # noqa: PLC0415 (importable from the project's .venv only)

    odoo_root = Path(next(iter(odoo.__path__))).resolve().parent
    connection = Connection.from_environment()
    database = f"sav_bench_report_{uuid.uuid4().hex[:6]}"
    config_path = write_local_config(odoo_root, connection, free_port(), name="odoo-bench.conf",
                                     overrides={"workers": 0, "max_cron_threads": 0})
    try:
        prepare(config_path, database)
        measure(config_path, database, args.runs)
    finally:
        if not args.keep_database:
            drop_database(connection, database)


if __name__ == "__main__":
    main()
