from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SavRequestCommon


@tagged("post_install", "-at_install")
class TestSavContract(SavRequestCommon):
    def _create_contract(self, **values):
        return self.env["sav.contract"].create(
            {"partner_id": self.syndic.id, "site_ids": [self.syndic_site.id], **values}
        )

    def test_reference_from_sequence(self):
        contract = self._create_contract()
        self.assertRegex(contract.name, r"^CTR/\d{4}/\d{4}$")

    def test_cron_expires_ended_contracts(self):
        today = fields.Date.context_today(self.env.user)
        ended = self._create_contract(date_start=today - timedelta(days=400),
                                      date_end=today - timedelta(days=1))
        current = self._create_contract(date_start=today - timedelta(days=10),
                                        date_end=today + timedelta(days=10))
        open_ended = self._create_contract(date_start=today - timedelta(days=10))
        (ended | current | open_ended).write({"state": "running"})
        cron = self.env.ref("sav_request.sav_contract_cron_expire")
        self.assertEqual(cron.code, "model._cron_expire_contracts()")
        self.env["sav.contract"]._cron_expire_contracts()
        self.assertEqual(ended.state, "expired")
        self.assertEqual(current.state, "running")
        self.assertEqual(open_ended.state, "running")

    def test_start_ended_contract_expires_it(self):
        today = fields.Date.context_today(self.env.user)
        contract = self._create_contract(date_start=today - timedelta(days=30),
                                         date_end=today - timedelta(days=1))
        contract.action_start()
        self.assertEqual(contract.state, "expired")
        with self.assertRaisesNaming(UserError, contract.name):
            contract.action_start()

    def test_site_of_another_customer_raises(self):
        with self.assertRaisesNaming(ValidationError, "Maison de Pornic"):
            self._create_contract(site_ids=[self.customer_site.id])
        self.assertFalse(self.env["sav.contract"].search([("partner_id", "=", self.syndic.id)]))

    def test_end_before_start_raises(self):
        today = fields.Date.context_today(self.env.user)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._create_contract(date_start=today, date_end=today - timedelta(days=1))

    def test_documents_attached_to_contract(self):
        document = self.env["ir.attachment"].create(
            {"name": "contrat-signe.pdf", "raw": b"%PDF-1.4 contrat"}
        )
        contract = self._create_contract(document_ids=[document.id])
        self.assertEqual((document.res_model, document.res_id), ("sav.contract", contract.id))
        self.assertEqual(contract.message_attachment_count, 1)
