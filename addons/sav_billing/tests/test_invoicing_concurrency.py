from datetime import datetime

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInvoicingConcurrency(TransactionCase):
    """Two transactions invoicing the same visit, on two real database cursors.

    The visit is committed, so these tests clean up after themselves.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partner = env["res.partner"].create({"name": "Mme Concurrence"})
            request = env["sav.request"].create(
                {"partner_id": partner.id, "summary": "Fuite radiateur"}
            )
            visit = env["sav.intervention"].create(
                {
                    "request_id": request.id,
                    "technician_id": env.ref("base.user_admin").id,
                    "planned_start": datetime(2026, 3, 2, 8, 0),
                    "duration_forced": True,
                    "duration": 1.0,
                }
            )
            visit.write({"state": "done", "unsigned_reason": "Test"})
            self.visit_id, self.request_id, self.partner_id = visit.id, request.id, partner.id
        self.addCleanup(self._delete_committed_records)

    def _delete_committed_records(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["sav.intervention"].browse(self.visit_id).unlink()
            env["sav.request"].browse(self.request_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _open_transaction(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        self.addCleanup(cr.rollback)
        return api.Environment(cr, SUPERUSER_ID, {})

    def test_second_transaction_refused_while_first_invoices(self):
        env_first = self._open_transaction()
        env_second = self._open_transaction()
        env_first["sav.intervention"].browse(self.visit_id)._lock_for_invoicing()
        visit_second = env_second["sav.intervention"].browse(self.visit_id)
        with self.assertRaises(UserError) as raised:
            visit_second._create_invoices()
        self.assertIn("being invoiced or changed by another user", str(raised.exception))

    def test_transaction_started_before_commit_cannot_invoice(self):
        env_first = self._open_transaction()
        env_second = self._open_transaction()
        # The second transaction's snapshot predates the first one's commit.
        visit_second = env_second["sav.intervention"].browse(self.visit_id)
        self.assertEqual(visit_second.invoice_status, "to_invoice")
        visit_first = env_first["sav.intervention"].browse(self.visit_id)
        visit_first._lock_for_invoicing()
        env_first.cr.execute(
            "UPDATE sav_intervention SET invoice_status = 'invoiced' WHERE id = %s",
            [self.visit_id],
        )
        env_first.cr.commit()
        self.addCleanup(self._reset_status)
        # PostgreSQL refuses to lock a row changed since the snapshot; Odoo retries the
        # whole request on this error, and the retry sees the visit invoiced.
        with self.assertRaises(SerializationFailure):
            visit_second._lock_for_invoicing()

    def _reset_status(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE sav_intervention SET invoice_status = 'to_invoice' WHERE id = %s",
                [self.visit_id],
            )
