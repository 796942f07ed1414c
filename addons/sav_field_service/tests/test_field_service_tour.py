from datetime import datetime, timedelta

from odoo.tests import HttpCase, tagged

from .common import SavFieldServiceCommon


@tagged("post_install", "-at_install")
class TestFieldServiceTour(SavFieldServiceCommon, HttpCase):
    # An iPhone SE's screen, with touch events.
    browser_size = "375x667"
    touch_enabled = True

    def test_technician_visit_on_phone(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Mme Odile Tournier",
                "email": "odile.tournier@example.com",
                "phone": "+33 2 40 12 34 56",
                "street": "5 rue de Strasbourg",
                "zip": "44000",
                "city": "Nantes",
            }
        )
        request = self._create_request(partner_id=customer.id)
        start = datetime.now().replace(microsecond=0) + timedelta(hours=1)
        visit = self._create_visit(request=request, start=start)

        self.start_tour("/odoo/sav-my-visits", "sav_field_service_visit_tour", login="sav_technician")

        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.arrival_time)
        self.assertEqual(visit.part_line_ids.product_id, self.thermocouple)
        self.assertEqual(visit.expense_line_ids.name, "Péage A11")
        self.assertEqual(len(visit.photo_ids), 1)
        self.assertEqual(visit.measures["co_ppm"], 12.0)
        self.assertEqual(visit.co_alert, "anomaly")
        self.assertEqual(visit.signed_by, "Mme Odile Tournier")
        self.assertTrue(visit.signature)
        self.assertTrue(visit.report_attachment_id)
