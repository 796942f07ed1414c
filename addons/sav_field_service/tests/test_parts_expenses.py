from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SavFieldServiceCommon


@tagged("post_install", "-at_install")
class TestPartsAndExpenses(SavFieldServiceCommon):
    def _add_part(self, visit, product, quantity=1.0):
        return self.env["sav.intervention.part.line"].create(
            {"intervention_id": visit.id, "product_id": product.id, "quantity": quantity}
        )

    def test_part_found_by_reference_and_barcode(self):
        Product = self.env["product.product"].with_user(self.technician)
        for text in ("THC-900", "3760123459991", "Thermocouple"):
            with self.subTest(text=text):
                found = Product.name_search(text)
                self.assertIn(self.thermocouple.id, [product_id for product_id, _name in found])

    def test_part_billable_default_from_product(self):
        visit = self._create_visit()
        billable = self._add_part(visit, self.thermocouple, 2)
        free = self._add_part(visit, self.free_gasket)
        self.assertTrue(billable.billable)
        self.assertFalse(free.billable)
        self.assertEqual(billable.uom_id, self.thermocouple.uom_id)
        self.assertEqual(visit.amount_parts, 50.0)

    def test_part_not_billable_under_warranty(self):
        self.boiler.warranty_end = date.today() + timedelta(days=365)
        request = self._create_request(site_id=self.customer_site.id, equipment_id=self.boiler.id)
        visit = self._create_visit(request=request)
        line = self._add_part(visit, self.thermocouple)
        self.assertFalse(line.billable)
        self.assertFalse(visit.labour_billable)
        self.assertEqual(visit.amount_untaxed, 0.0)

    def test_part_billable_after_warranty(self):
        self.boiler.warranty_end = date.today() - timedelta(days=1)
        request = self._create_request(site_id=self.customer_site.id, equipment_id=self.boiler.id)
        line = self._add_part(self._create_visit(request=request), self.thermocouple)
        self.assertTrue(line.billable)

    def test_negative_quantity_rejected(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "-2.0", "Thermocouple universel"):
            self._add_part(visit, self.thermocouple, -2)

    def test_expense_per_km(self):
        visit = self._create_visit()
        line = self.env["sav.intervention.expense.line"].create(
            {"intervention_id": visit.id, "expense_type": "travel_km", "distance_km": 42.0}
        )
        self.assertEqual(line.amount, 21.0)

    def test_expense_flat_travel_default(self):
        visit = self._create_visit()
        line = self.env["sav.intervention.expense.line"].create(
            {"intervention_id": visit.id, "expense_type": "travel_flat"}
        )
        self.assertEqual(line.amount, 30.0)

    def test_expense_billable_in_amount(self):
        visit = self._create_visit()
        Expense = self.env["sav.intervention.expense.line"]
        Expense.create(
            {"intervention_id": visit.id, "expense_type": "parking", "amount": 4.5}
        )
        Expense.create(
            {"intervention_id": visit.id, "expense_type": "other", "amount": 10.0,
             "billable": False}
        )
        self.assertEqual(visit.amount_expenses, 4.5)

    def test_negative_expense_rejected(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "-3.0"):
            self.env["sav.intervention.expense.line"].create(
                {"intervention_id": visit.id, "expense_type": "parking", "amount": -3.0}
            )

    def test_technician_adds_lines_to_own_visit(self):
        visit = self._create_visit().with_user(self.technician)
        visit.write(
            {
                "part_line_ids": [(0, 0, {"product_id": self.thermocouple.id, "quantity": 1})],
                "expense_line_ids": [(0, 0, {"expense_type": "parking", "amount": 3.0})],
            }
        )
        self.assertEqual(len(visit.part_line_ids), 1)
        self.assertEqual(len(visit.expense_line_ids), 1)

    def test_technician_cannot_see_others_lines(self):
        others = self._create_visit(technician=self.technician_2)
        line = self._add_part(others, self.thermocouple)
        Line = self.env["sav.intervention.part.line"].with_user(self.technician)
        self.assertFalse(Line.search([("id", "=", line.id)]))
        with self.assertRaises(AccessError):
            line.with_user(self.technician).quantity = 3

    def test_technician_cannot_change_done_visit(self):
        visit = self._create_visit()
        line = self._add_part(visit, self.thermocouple)
        visit.write({"state": "done"})
        with self.assertRaisesNaming(UserError, visit.name, "reopen"):
            line.with_user(self.technician).quantity = 3
        line.with_user(self.dispatcher).quantity = 3
        self.assertEqual(line.quantity, 3)
