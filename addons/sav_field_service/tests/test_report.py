import base64
import io
from datetime import timedelta

from pdfminer.high_level import extract_text

from odoo.tests import HttpCase, tagged

from .common import SIGNATURE_PNG, SavFieldServiceCommon, find_sample_photos


@tagged("post_install", "-at_install")
class TestReport(SavFieldServiceCommon, HttpCase):
    """wkhtmltopdf fetches the report's style sheets from the test server, so HttpCase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician.tz = "Europe/Paris"
        cls.visit = cls._create_visit()
        cls.visit.write(
            {
                "arrival_time": cls.start,
                "departure_time": cls.start + timedelta(minutes=150),
                "measures": {"co_ppm": 23.0, "efficiency": 96.4, "fuel": "gas"},
                "report": "<p>Brûleur nettoyé, électrode remplacée.</p>",
                "part_line_ids": [(0, 0, {"product_id": cls.thermocouple.id, "quantity": 2})],
                "expense_line_ids": [(0, 0, {"expense_type": "parking", "amount": 4.5,
                                             "name": "Parking Graslin"})],
            }
        )
        photos = find_sample_photos()
        if photos:
            cls.env["sav.intervention.photo"].create(
                {
                    "intervention_id": cls.visit.id,
                    "phase": "after",
                    "name": "Chaudière après entretien",
                    "image": base64.b64encode(
                        (photos / "exif_orientation_landscape_6.jpg").read_bytes()
                    ),
                }
            )
        cls.visit.with_user(cls.technician)._action_sign(
            SIGNATURE_PNG, "Claire Durand", "Merci pour la rapidité"
        )

    def _render_text(self, report_type):
        """Render the report to PDF with wkhtmltopdf and return the text read back by pdfminer."""
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_format = report._render_qweb_pdf(
            f"sav_field_service.sav_intervention_action_report_{report_type}", self.visit.ids
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return " ".join(extract_text(io.BytesIO(pdf)).split())

    def test_summary_report_content(self):
        text = self._render_text("summary")
        self.assertIn("Mme Claire Durand", text)
        self.assertIn("Maison de Pornic", text)
        self.assertIn("09:00", text, "arrival at 8:00 UTC is 9:00 in Paris")
        self.assertIn("11:30", text)
        self.assertIn("02:30", text, "time worked")
        self.assertIn("Brûleur nettoyé, électrode remplacée.", text)
        self.assertIn("Claire Durand", text)
        self.assertIn("Merci pour la rapidité", text)
        self.assertIn("Anomaly, customer informed.", text)
        self.assertNotIn("Thermocouple", text, "parts are on the complete report only")

    def test_complete_report_content(self):
        text = self._render_text("complete")
        self.assertIn("Mme Claire Durand", text)
        self.assertIn("09:00", text)
        self.assertIn("11:30", text)
        self.assertIn("CO ambiant (ppm)", text)
        self.assertIn("23.0", text)
        self.assertIn("Rendement (%)", text)
        self.assertIn("96.4", text)
        self.assertIn("Gaz naturel", text)
        self.assertIn("Thermocouple universel", text)
        self.assertIn("Parking Graslin", text)
        self.assertIn("Photos After", text)
        self.assertIn("Signed by Claire Durand", text)

    def test_danger_printed(self):
        self.visit.sudo().measures = {"co_ppm": 80.0}
        text = self._render_text("summary")
        self.assertIn("Appliance must stay off.", text)

    def test_qr_code_links_online_copy(self):
        url = self.visit.get_portal_url()
        self.assertTrue(url.startswith(f"/my/sav/{self.visit.request_id.id}/visits/{self.visit.id}"))
        self.assertIn("access_token=", url)
        self.assertTrue(self.visit._get_report_qr_code().startswith("data:image/png;base64,"))
