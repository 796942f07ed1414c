from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SavRequestCommon


@tagged("post_install", "-at_install")
class TestSavEquipment(SavRequestCommon):
    def test_name_built_from_brand_and_model(self):
        self.assertEqual(self.boiler.name, "Frisquet Prestige Condensation")
        self.assertEqual(self.boiler.partner_id, self.customer)

    def test_warranty_status(self):
        Equipment = self.env["sav.equipment"].with_context(sav_today=date(2026, 6, 1))
        cases = [
            (False, "none"),
            (date(2026, 5, 31), "expired"),
            (date(2026, 6, 1), "ending"),
            (date(2026, 7, 1), "ending"),
            (date(2026, 7, 2), "valid"),
        ]
        for warranty_end, expected in cases:
            with self.subTest(warranty_end=warranty_end):
                equipment = Equipment.create(
                    {"site_id": self.customer_site.id, "name": "PAC", "warranty_end": warranty_end}
                )
                self.assertEqual(equipment.warranty_status, expected)
                found = Equipment.search(
                    [("warranty_status", "in", [expected]), ("id", "=", equipment.id)]
                )
                self.assertEqual(found, equipment, "the search agrees with the computed value")

    def test_serial_number_unique_per_brand(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["sav.equipment"].create(
                {"site_id": self.syndic_site.id, "brand": "Frisquet", "serial_number": "FR-2021-0042"}
            )
        self.env["sav.equipment"].create(
            {"site_id": self.syndic_site.id, "brand": "Viessmann", "serial_number": "FR-2021-0042"}
        )

    def test_delete_equipment_with_requests_raises(self):
        self._create_request()
        with self.assertRaisesNaming(UserError, "Archive it instead"):
            self.boiler.unlink()

    def test_label_shows_qr_code_of_portal_url(self):
        base_url = self.boiler.get_base_url()
        html = self.env["ir.actions.report"]._render_qweb_html(
            "sav_request.report_sav_equipment_label", self.boiler.ids
        )[0].decode()
        url = f"{base_url}/my/sav/new?equipment={self.boiler.id}"
        self.assertEqual(self.boiler._get_portal_request_url(), url)
        self.assertIn(url, html)
        self.assertIn("/report/barcode/?barcode_type=QR&amp;value=", html)
        self.assertIn("FR-2021-0042", html)

    def test_history_actions_show_equipment_requests(self):
        request = self._create_request()
        self._create_intervention(request)
        self.assertEqual(self.boiler.request_count, 1)
        self.assertEqual(self.boiler.intervention_count, 1)
        action = self.boiler.action_view_requests()
        self.assertEqual(self.env["sav.request"].search(action["domain"]), request)
