import base64
import io
import time
from datetime import datetime, timedelta
from unittest.mock import patch

from PIL import Image

from odoo.tests import HttpCase, tagged

from .common import SavFieldServiceCommon, find_sample_photos


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
        self._publish_heic_photo()

        self.start_tour("/odoo/sav-my-visits", "sav_field_service_visit_tour", login="sav_technician")

        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.arrival_time)
        self.assertEqual(visit.part_line_ids.product_id, self.thermocouple)
        self.assertEqual(visit.expense_line_ids.name, "Péage A11")
        self.assertEqual(len(visit.photo_ids), 1)
        photo = Image.open(io.BytesIO(base64.b64decode(visit.photo_ids.image)))
        self.assertEqual(photo.format, "JPEG")
        self.assertEqual(visit.measures["co_ppm"], 12.0)
        self.assertEqual(visit.co_alert, "anomaly")
        self.assertEqual(visit.signed_by, "Mme Odile Tournier")
        self.assertTrue(visit.signature)
        self.assertTrue(visit.report_attachment_id)

    def test_measures_kept_on_slow_network(self):
        start = datetime.now().replace(microsecond=0) + timedelta(hours=1)
        visit = self._create_visit(start=start)
        Intervention = self.registry["sav.intervention"]
        onchange = Intervention.onchange

        def slow_onchange(records, *args, **kwargs):
            # A phone's slow network: the response arrives after the next measure is typed.
            time.sleep(0.5)
            return onchange(records, *args, **kwargs)

        with patch.object(Intervention, "onchange", slow_onchange):
            self.start_tour(
                f"/odoo/sav-my-visits/{visit.id}",
                "sav_field_service_measures_tour",
                login="sav_technician",
            )

        self.assertEqual(visit.measures["co_ppm"], 12.0)
        self.assertEqual(visit.measures["flue_temperature"], 70.0)
        self.assertEqual(visit.measures["efficiency"], 95.0)

    def _publish_heic_photo(self):
        """Serve the sample iPhone photo at /web/content/sav_field_service.tour_heic_photo."""
        folder = find_sample_photos()
        if not folder:
            self.fail("the sample photos are missing: expected ../shared/samples/photos")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "IMG_0001.HEIC",
                "raw": (folder / "exif_heic_mobile_iphone_13_pro_max.HEIC").read_bytes(),
                "public": True,
            }
        )
        self.env["ir.model.data"].create(
            {
                "module": "sav_field_service",
                "name": "tour_heic_photo",
                "model": "ir.attachment",
                "res_id": attachment.id,
            }
        )
