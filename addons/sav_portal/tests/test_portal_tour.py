import io
from datetime import datetime, time

import pytz
from PIL import Image, ImageDraw

from odoo import fields
from odoo.tests import tagged

from .common import SavPortalCommon, sample_photo_path


@tagged("post_install", "-at_install")
class TestSavPortalTour(SavPortalCommon):
    """A customer on a phone files a request, then follows it as the back office works on it."""

    browser_size = "360x740"

    def _report_pdf(self):
        image = Image.new("RGB", (595, 842), "white")
        ImageDraw.Draw(image).text((40, 40), "Rapport de visite", fill="black")
        buffer = io.BytesIO()
        image.save(buffer, format="PDF")
        return buffer.getvalue()

    def test_home_shows_card_before_first_request(self):
        self.assertFalse(self.env["sav.request"].search_count(
            [("partner_id", "child_of", self.customer.id)]))
        self.start_tour("/my", "sav_portal_home_tour", login="claire")

    def test_customer_files_and_follows_request_on_phone(self):
        photo = self.env["ir.attachment"].create(
            {
                "name": "four-en-panne.jpg",
                "raw": sample_photo_path("exif_orientation_portrait_6.jpg").read_bytes(),
                "public": True,
            }
        )
        self.env["ir.model.data"].create(
            {"module": "sav_portal", "name": "tour_photo", "model": "ir.attachment",
             "res_id": photo.id}
        )

        self.start_tour("/my/sav/new", "sav_portal_file_request_tour", login="claire")

        sav_request = self.env["sav.request"].search([("summary", "=", "Le four ne chauffe plus")])
        self.assertEqual(len(sav_request), 1)
        self.assertEqual(sav_request.channel, "portal")
        self.assertEqual(sav_request.equipment_id, self.oven)
        self.assertEqual(sav_request.attachment_ids.mimetype, "image/jpeg")

        # The back office plans the visit today at 14:00, Paris time.
        paris = pytz.timezone("Europe/Paris")
        today = fields.Datetime.now().astimezone(paris).date()
        start = paris.localize(datetime.combine(today, time(14, 0))).astimezone(pytz.utc)
        visit = self._create_visit(sav_request, start=start.replace(tzinfo=None))
        self.assertEqual(sav_request.state, "planned")

        self.start_tour("/my/sav", "sav_portal_follow_request_tour", login="claire")

        # The visit is done and its report filed on it.
        # NOTE: sav_field_service's report template does not compile yet ("QWeb widgets do
        # not work correctly on 'td' elements"), so this files a PDF made with Pillow where
        # _action_sign would render and file the report.
        visit.write(
            {"state": "done", "arrival_time": visit.planned_start,
             "departure_time": visit.planned_end, "unsigned_reason": "Client absent"}
        )
        self._create_report(visit, self._report_pdf())
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.report_attachment_id.raw[:5], b"%PDF-")

        self.start_tour("/my/sav", "sav_portal_documents_tour", login="claire")

        # In tests Odoo renders the invoice PDF as HTML sent with the PDF content type, so
        # the tour checks that the download succeeds, and the report above is a real PDF.
        invoice = self._create_posted_invoice(visit)
        self.start_tour("/my/sav/documents", "sav_portal_invoice_tour", login="claire")
        self.assertTrue(invoice.access_token, "the documents page gave the invoice a token")
