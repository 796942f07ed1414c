from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import SavInvoicingCommon


@tagged("post_install", "-at_install")
class TestSavInvoicing(SavInvoicingCommon):
    def _product_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(lambda line: line.display_type == "product")

    def test_invoice_catalogue_prices(self):
        visit = self._create_done_visit(
            duration=1.5, parts=[(self.gasket, 2)], expenses=[("Déplacement", 35.0)]
        )
        self.assertEqual(visit.invoice_status, "to_invoice")
        invoice = visit.with_user(self.manager)._create_invoices()
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.partner_shipping_id, self.customer_site)
        lines = self._product_lines(invoice)
        self.assertEqual(
            [(line.product_id, line.quantity, line.price_unit) for line in lines],
            [(self.labour, 1.5, 60.0), (self.gasket, 2.0, 2.5), (self.labour, 1.0, 35.0)],
        )
        self.assertEqual(lines[2].name, "Déplacement")
        self.assertEqual(lines.tax_ids, self.tax_20)
        self.assertAlmostEqual(invoice.amount_untaxed, 130.0)
        self.assertAlmostEqual(invoice.amount_total, 156.0)
        section = invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_section"
        )
        self.assertIn(visit.request_id.name, section.name)
        self.assertIn("Pornic", section.name)
        self.assertEqual(visit.invoice_status, "invoiced")
        self.assertEqual(visit.invoice_ids, invoice)
        self.assertEqual(invoice.sav_intervention_ids, visit)
        self.assertFalse(invoice.narration and "279-0 bis" in invoice.narration)

    def test_invoice_customer_schedule_prices(self):
        schedule = self.env["product.pricelist"].create(
            {
                "name": "BPU Durand",
                "item_ids": [
                    Command.create({"applied_on": "0_product_variant", "product_id": self.labour.id,
                                    "compute_price": "fixed", "fixed_price": 52.0}),
                    Command.create({"applied_on": "0_product_variant",
                                    "product_id": self.circulator.id,
                                    "compute_price": "fixed", "fixed_price": 289.0}),
                ],
            }
        )
        self.customer.property_product_pricelist = schedule
        visit = self._create_done_visit(duration=2.0, parts=[(self.circulator, 1), (self.gasket, 4)])
        invoice = visit._create_invoices()
        prices = {line.product_id: line.price_unit for line in self._product_lines(invoice)}
        self.assertEqual(prices[self.labour], 52.0)
        self.assertEqual(prices[self.circulator], 289.0)
        self.assertEqual(prices[self.gasket], 2.5, "no negotiated price: the catalogue's")

    def test_contract_schedule_wins_over_customer(self):
        customer_schedule = self.env["product.pricelist"].create(
            {"name": "BPU Syndic", "item_ids": [Command.create(
                {"applied_on": "0_product_variant", "product_id": self.labour.id,
                 "compute_price": "fixed", "fixed_price": 50.0})]}
        )
        contract_schedule = self.env["product.pricelist"].create(
            {"name": "Contrat Tilleuls", "item_ids": [Command.create(
                {"applied_on": "3_global", "compute_price": "percentage",
                 "percent_price": 25.0})]}
        )
        self.syndic.property_product_pricelist = customer_schedule
        contract = self.env["sav.contract"].create(
            {"partner_id": self.syndic.id, "pricelist_id": contract_schedule.id}
        )
        request = self._create_request(
            partner_id=self.syndic.id, site_id=self.syndic_site.id, contract_id=contract.id
        )
        invoice = self._create_done_visit(request=request, duration=1.0)._create_invoices()
        self.assertEqual(self._product_lines(invoice).price_unit, 45.0, "25 % off 60")

    def test_flat_rate_replaces_time_worked(self):
        visit = self._create_done_visit(duration=3.0, flat_rate_product_id=self.flat_rate.id)
        visit.flat_rate_product_id = self.flat_rate
        invoice = visit._create_invoices()
        lines = self._product_lines(invoice)
        self.assertEqual(lines.product_id, self.flat_rate)
        self.assertEqual((lines.quantity, lines.price_unit), (1.0, 120.0))

    def test_non_billable_lines_left_out_or_zero(self):
        visit = self._create_done_visit(duration=1.0, parts=[(self.circulator, 1)])
        visit.part_line_ids.billable = False
        visit.expense_line_ids = [Command.create(
            {"expense_type": "parking", "amount": 8.0, "billable": False})]
        invoice = visit._create_invoices()
        self.assertEqual(self._product_lines(invoice).product_id, self.labour)

        invoice.button_cancel()
        self.company.sav_show_non_billable = True
        invoice = visit._create_invoices()
        lines = self._product_lines(invoice)
        self.assertEqual(len(lines), 3)
        circulator_line = lines.filtered(lambda line: line.product_id == self.circulator)
        self.assertEqual(circulator_line.price_unit, 0.0)
        self.assertIn("not billed", circulator_line.name)
        self.assertAlmostEqual(invoice.amount_untaxed, 60.0)

    def test_grouping_per_customer_or_request(self):
        request = self._create_request(site_id=self.customer_site.id)
        visits = (
            self._create_done_visit(request=request, duration=1.0)
            | self._create_done_visit(
                request=request, duration=1.0, start=self.start + timedelta(days=1)
            )
            | self._create_done_visit(duration=2.0)
            | self._create_done_visit(
                request=self._create_request(partner_id=self.syndic.id, site_id=self.syndic_site.id),
                duration=1.0,
            )
        )
        invoices = visits._create_invoices()
        self.assertEqual(len(invoices), 2)
        self.assertEqual(invoices.partner_id, self.customer | self.syndic)
        durand = invoices.filtered(lambda move: move.partner_id == self.customer)
        self.assertEqual(durand.sav_intervention_ids, visits[:3])

        invoices.button_cancel()
        invoices = visits._create_invoices(grouping="request")
        self.assertEqual(len(invoices), 3)

        invoices.button_cancel()
        self.company.sav_invoice_grouping = "request"
        self.assertEqual(len(visits._create_invoices()), 3)

    def test_reduced_vat_for_old_dwelling(self):
        self.customer_site.sav_fiscal_position_id = self.dwelling_position
        visit = self._create_done_visit(duration=1.0, parts=[(self.gasket, 2)])
        invoice = visit._create_invoices()
        self.assertEqual(invoice.fiscal_position_id, self.dwelling_position)
        self.assertEqual(self._product_lines(invoice).tax_ids, self.tax_10)
        self.assertAlmostEqual(invoice.amount_tax, 6.5)
        self.assertIn("279-0 bis", invoice.narration)
        # The customer reads French: the declaration is written in French.
        self.assertIn("achevés depuis plus de deux ans", invoice.narration)

    def test_reduced_vat_mention_customer_language(self):
        """The declaration follows the invoiced customer's language, here English."""
        self.syndic.lang = "en_US"
        self.syndic_site.sav_fiscal_position_id = self.dwelling_position
        request = self._create_request(partner_id=self.syndic.id, site_id=self.syndic_site.id)
        invoice = self._create_done_visit(request=request, duration=1.0)._create_invoices()
        self.assertIn("completed more than two years ago", invoice.narration)

    def test_energy_renovation_rate_gets_mention(self):
        insulation = self.env["product.product"].create(
            {"name": "Calorifugeage", "list_price": 40.0, "taxes_id": [(6, 0, self.tax_55.ids)]}
        )
        visit = self._create_done_visit(duration=0.0, parts=[(insulation, 3)])
        invoice = visit._create_invoices()
        self.assertEqual(self._product_lines(invoice).tax_ids, self.tax_55)
        self.assertAlmostEqual(invoice.amount_tax, 6.6)
        self.assertIn("279-0 bis", invoice.narration)

    def test_visit_not_done_refused(self):
        visit = self._create_intervention(self._create_request())
        with self.assertRaisesNaming(UserError, visit.name, "not done", "Planned"):
            visit._create_invoices()

    def test_visit_of_other_company_refused(self):
        visit = self._create_done_visit(duration=1.0)
        with self.assertRaisesNaming(UserError, visit.name, "not among the companies"):
            visit.with_context(allowed_company_ids=self.other_company.ids)._create_invoices()

    def test_visit_invoiced_twice_refused(self):
        visit = self._create_done_visit(duration=1.0)
        invoice = visit._create_invoices()
        with self.assertRaisesNaming(UserError, visit.name, "already invoiced"):
            visit._create_invoices()
        self.assertEqual(visit.invoice_ids, invoice)

    def test_nothing_billable_refused(self):
        visit = self._create_done_visit(duration=1.0, labour_billable=False)
        visit.labour_billable = False
        self.assertEqual(visit.invoice_status, "no")
        with self.assertRaisesNaming(UserError, visit.name, "nothing billable"):
            visit._create_invoices()

    def test_cancelled_invoice_frees_visit(self):
        visit = self._create_done_visit(duration=1.0)
        invoice = visit._create_invoices()
        invoice.action_post()
        self.assertEqual(visit.invoice_status, "invoiced")
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(visit.invoice_status, "to_invoice")
        second = visit._create_invoices()
        self.assertEqual(visit.invoice_status, "invoiced")
        self.assertEqual(visit.invoice_ids, invoice | second)

    def test_credit_note_frees_visit(self):
        visit = self._create_done_visit(duration=1.0)
        invoice = visit._create_invoices()
        invoice.action_post()
        reversal = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": invoice.journal_id.id, "reason": "Erreur de tarif"})
        reversal.refund_moves()
        reversal.new_move_ids.action_post()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(visit.invoice_status, "to_invoice")

    def test_batch_action_opens_invoices(self):
        visits = self._create_done_visit(duration=1.0) | self._create_done_visit(
            request=self._create_request(partner_id=self.syndic.id, site_id=self.syndic_site.id),
            duration=1.0,
        )
        action = visits.with_user(self.manager).action_create_invoices()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(len(visits.invoice_ids), 2)
        self.assertEqual(action["domain"], [("id", "in", visits.invoice_ids.ids)])
        list_view = next(view for view, mode in action["views"] if mode == "list")
        self.assertEqual(list_view, self.env.ref("account.view_out_invoice_tree").id,
                         "the invoice list shows the customer of each invoice")

    def test_single_visit_action_opens_invoice_form(self):
        visit = self._create_done_visit(duration=1.0)
        action = visit.with_user(self.manager).action_create_invoices()
        self.assertEqual(action["res_id"], visit.invoice_ids.id)
        self.assertEqual(action["view_mode"], "form")

    def test_amount_invoiced_per_technician(self):
        visit = self._create_done_visit(duration=2.0)
        invoice = visit._create_invoices()
        invoice.action_post()
        groups = self.env["account.move.line"]._read_group(
            [("sav_intervention_id", "!=", False), ("parent_state", "=", "posted")],
            ["sav_technician_id"],
            ["sav_amount_invoiced:sum"],
        )
        self.assertEqual(groups, [(self.technician, 120.0)])

    # ------------------------------------------------------------
    # Payment collected on site
    # ------------------------------------------------------------

    def test_payment_on_site_registered_when_posted(self):
        visit = self._create_done_visit(duration=1.0, payment_on_site=True)
        visit.write({"collected_amount": 72.0, "collected_method": "card"})
        invoice = visit._create_invoices()
        self.assertFalse(visit.collected_payment_id)
        invoice.action_post()
        self.assertTrue(visit.collected_payment_id)
        self.assertEqual(visit.collected_payment_id.amount, 72.0)
        self.assertEqual(visit.collected_payment_id.journal_id.type, "bank")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_payment_recorded_after_posting(self):
        visit = self._create_done_visit(duration=1.0, payment_on_site=True)
        invoice = visit._create_invoices()
        invoice.action_post()
        visit.write({"collected_amount": 50.0, "collected_method": "cash"})
        self.assertEqual(visit.collected_payment_id.journal_id, self.cash_journal)
        self.assertAlmostEqual(invoice.amount_residual, 22.0)

    def test_cash_over_limit_professional_refused(self):
        request = self._create_request(partner_id=self.syndic.id, site_id=self.syndic_site.id)
        visit = self._create_done_visit(request=request, duration=1.0, payment_on_site=True)
        with self.assertRaisesNaming(ValidationError, "D112-3", "1,000.00", "professional"):
            visit.write({"collected_amount": 1200.0, "collected_method": "cash"})
        visit.write({"collected_amount": 1000.0, "collected_method": "cash"})
        visit.write({"collected_amount": 1200.0, "collected_method": "cheque"})

    def test_cash_limit_private_person_abroad(self):
        self.customer.country_id = self.env.ref("base.be")
        visit = self._create_done_visit(duration=1.0, payment_on_site=True)
        visit.write({"collected_amount": 1500.0, "collected_method": "cash"})
        with self.assertRaisesNaming(ValidationError, "15,000.00", "living abroad"):
            visit.write({"collected_amount": 15001.0})

    def test_technician_records_payment(self):
        visit = self._create_intervention(self._create_request(), payment_on_site=True)
        visit.write({"duration_forced": True, "duration": 1.0, "state": "in_progress"})
        visit.with_user(self.technician).write(
            {"collected_amount": 72.0, "collected_method": "cheque"}
        )
        visit.write({"state": "done", "unsigned_reason": "Client absent"})
        invoice = visit._create_invoices()
        invoice.action_post()
        self.assertEqual(visit.collected_payment_id.amount, 72.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
