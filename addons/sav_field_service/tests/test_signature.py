from ast import literal_eval

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SIGNATURE_PNG, SavFieldServiceCommon


@tagged("post_install", "-at_install")
class TestSignature(SavFieldServiceCommon):
    def _sign(self, visit, signed_by="Claire Durand", comment=False, user=None):
        wizard = Form(
            self.env["sav.intervention.sign"]
            .with_user(user or self.technician)
            .with_context(default_intervention_id=visit.id)
        )
        wizard.signed_by = signed_by
        wizard.signer_comment = comment
        wizard.signature = SIGNATURE_PNG
        return wizard.save().action_sign()

    def _report_mails(self, visit):
        return self.env["mail.mail"].search(
            [("model", "=", "sav.intervention"), ("res_id", "=", visit.id)]
        )

    def test_sign_closes_visit(self):
        visit = self._create_visit()
        with freeze_time("2026-03-02 08:55:00"):
            visit.with_user(self.technician).action_arrive()
        with freeze_time("2026-03-02 10:15:00"):
            self._sign(visit, comment="Travail soigné")
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.signed_by, "Claire Durand")
        self.assertEqual(visit.signer_comment, "Travail soigné")
        self.assertEqual(str(visit.signed_on), "2026-03-02 10:15:00")
        self.assertEqual(str(visit.departure_time), "2026-03-02 10:15:00")
        self.assertTrue(visit.signature)
        self.assertEqual(visit.request_id.state, "done")

    def test_sign_default_signer_is_customer(self):
        visit = self._create_visit()
        wizard = self.env["sav.intervention.sign"].create({"intervention_id": visit.id})
        self.assertEqual(wizard.signed_by, "Mme Claire Durand")

    def test_sign_without_name_rejected(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "name of the person who signs", visit.name):
            visit.with_user(self.technician)._action_sign(SIGNATURE_PNG, "  ")
        self.assertEqual(visit.state, "planned")

    def test_sign_without_signature_rejected(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "no signature", "Claire"):
            visit.with_user(self.technician)._action_sign(False, "Claire")

    def test_signature_without_signer_rejected_on_write(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "no signer name"):
            visit.write({"signature": SIGNATURE_PNG})

    def test_done_without_signature_rejected(self):
        visit = self._create_visit()
        visit.with_user(self.technician).action_arrive()
        with self.assertRaisesNaming(UserError, visit.name, "Sign"):
            visit.with_user(self.technician).action_done()

    def test_back_office_closes_without_signature(self):
        visit = self._create_visit()
        wizard = Form(
            self.env["sav.intervention.close"]
            .with_user(self.dispatcher)
            .with_context(default_intervention_ids=visit.ids)
        )
        wizard.reason = "Client absent au départ du technicien"
        wizard.save().action_close()
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.unsigned_reason, "Client absent au départ du technicien")
        self.assertTrue(visit.report_attachment_id)

    def test_technician_cannot_close_without_signature(self):
        visit = self._create_visit()
        with self.assertRaises(Exception):  # noqa: B017 (AccessError raised by the ORM)
            self.env["sav.intervention.close"].with_user(self.technician).create(
                {"intervention_ids": visit.ids, "reason": "Absent"}
            )

    def test_report_filed_on_visit_and_request(self):
        visit = self._create_visit()
        self._sign(visit)
        report = visit.report_attachment_id
        self.assertEqual(report.res_model, "sav.intervention")
        self.assertEqual(report.res_id, visit.id)
        filed = visit.request_id.attachment_ids.filtered(lambda a: a.name == report.name)
        self.assertEqual(len(filed), 1)
        self.assertEqual(filed.res_model, "sav.request")
        self.assertEqual(filed.checksum, report.checksum)

    def test_report_emailed_to_customer(self):
        visit = self._create_visit()
        self._sign(visit)
        mails = self._report_mails(visit)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn(visit.name, mails.subject)
        self.assertEqual(mails.attachment_ids, visit.report_attachment_id)
        self.assertEqual(mails.state, "outgoing")

    def test_report_email_in_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["sav_field_service"], ["fr_FR"])
        self.customer.lang = "fr_FR"
        visit = self._create_visit()
        self._sign(visit)
        mail = self._report_mails(visit)
        self.assertIn("rapport d'intervention", mail.subject)
        self.assertIn("Veuillez trouver ci-joint", mail.body_html)
        self.assertTrue(visit.report_attachment_id.name.startswith("Rapport d'intervention"))

    def test_customer_without_email_gets_note(self):
        self.customer.email = False
        visit = self._create_visit()
        self._sign(visit)
        self.assertFalse(self._report_mails(visit))
        self.assertIn("no e-mail address", visit.message_ids[0].body)

    def test_failed_report_email_retried(self):
        visit = self._create_visit()
        self._sign(visit)
        mail = self._report_mails(visit)
        mail.write({"state": "exception", "failure_reason": "Connection refused"})
        self.assertEqual(visit.state, "done", "a refused e-mail does not reopen the visit")
        retried = self.env["sav.intervention"]._cron_retry_report_emails()
        self.assertEqual(retried, mail)
        self.assertEqual(mail.state, "outgoing")

    def test_invalid_address_not_retried(self):
        visit = self._create_visit()
        self._sign(visit)
        mail = self._report_mails(visit)
        mail.write({"state": "exception", "failure_type": "mail_email_invalid"})
        self.assertFalse(self.env["sav.intervention"]._cron_retry_report_emails())

    def test_manager_reopens_with_reason(self):
        visit = self._create_visit()
        self._sign(visit)
        wizard = Form(
            self.env["sav.intervention.reopen"]
            .with_user(self.manager)
            .with_context(default_intervention_ids=visit.ids)
        )
        wizard.reason = "Pièce oubliée sur le rapport"
        wizard.save().action_reopen()
        self.assertEqual(visit.state, "in_progress")
        self.assertFalse(visit.signature)
        self.assertFalse(visit.signed_by)
        self.assertIn("Pièce oubliée sur le rapport", visit.message_ids[0].body)
        self.assertTrue(visit.report_attachment_id, "the report already sent stays filed")

    def test_dispatcher_cannot_reopen(self):
        visit = self._create_visit()
        self._sign(visit)
        with self.assertRaises(Exception):  # noqa: B017 (AccessError raised by the ORM)
            self.env["sav.intervention.reopen"].with_user(self.dispatcher).create(
                {"intervention_ids": visit.ids, "reason": "Erreur"}
            )

    def test_signed_visit_locked_for_technician(self):
        visit = self._create_visit()
        self._sign(visit)
        with self.assertRaisesNaming(UserError, visit.name):
            visit.with_user(self.technician).report = "<p>Changé après signature</p>"
        with self.assertRaisesNaming(UserError, visit.name):
            visit.with_user(self.technician)._action_sign(SIGNATURE_PNG, "Claire")

    def test_done_list_action(self):
        visit = self._create_visit()
        self._create_visit()
        self._sign(visit)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_field_service.sav_intervention_action_done_to_invoice"
        )
        domain = literal_eval(action["domain"])
        done = self.env["sav.intervention"].with_user(self.dispatcher).search(domain)
        self.assertEqual(done, visit)
