import io

from facturx import xml_check_xsd
from pdfminer.high_level import extract_text

from odoo.tests import tagged

from .common import SavInvoicingCommon


@tagged("post_install", "-at_install")
class TestInvoiceDocuments(SavInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_site.sav_fiscal_position_id = cls.dwelling_position
        cls.visit = cls._create_done_visit(
            duration=2.0, parts=[(cls.circulator, 1)], expenses=[("Déplacement", 35.0)]
        )
        cls.invoice = cls.visit._create_invoices()
        cls.invoice.action_post()

    def test_facturx_xml_valid_against_schema(self):
        xml, _errors = self.env["account.edi.xml.cii"]._export_invoice(self.invoice)
        self.assertTrue(xml_check_xsd(xml, flavor="factur-x", level="en16931"))
        self.assertIn(self.invoice.name.encode(), xml)
        self.assertIn(b"<ram:RateApplicablePercent>10.0</ram:RateApplicablePercent>", xml)

    def test_invoice_pdf_text(self):
        pdf, _format = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )._render_qweb_pdf("account.account_invoices", self.invoice.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = " ".join(extract_text(io.BytesIO(pdf)).split())
        self.assertIn(self.visit.request_id.name, text)
        self.assertIn("3 chemin de la Plage", text)
        self.assertIn("44210 Pornic", text)
        self.assertIn("Thierry Martin", text)
        # 2 h x 60 + 320 + 35 = 475 untaxed, 522.50 with 10 % VAT.
        self.assertAlmostEqual(self.invoice.amount_total, 522.5)
        self.assertIn("cinq cent vingt-deux euros et cinquante centimes", text)
        self.assertIn("completed more than two years ago", text)


@tagged("post_install", "-at_install")
class TestInvoicingQueries(SavInvoicingCommon):
    def _count_invoicing_queries(self, customer_count):
        customers = self.env["res.partner"].create(
            [{"name": f"Client {index}"} for index in range(customer_count)]
        )
        visits = self.env["sav.intervention"]
        for customer in customers:
            request = self._create_request(partner_id=customer.id)
            visits |= self._create_done_visit(
                request=request, duration=1.0, parts=[(self.gasket, 2)],
                expenses=[("Déplacement", 35.0)],
            )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        invoices = visits._create_invoices()
        self.env.flush_all()
        self.assertEqual(len(invoices), customer_count)
        return self.env.cr.sql_log_count - before

    def test_invoicing_queries_grow_linearly(self):
        small = self._count_invoicing_queries(5)
        large = self._count_invoicing_queries(25)
        per_invoice = (large - small) / 20
        # Measured on Odoo 19.0: about 20 queries per invoice of three lines.
        self.assertLess(per_invoice, 40, f"{small} queries for 5 invoices, {large} for 25")
