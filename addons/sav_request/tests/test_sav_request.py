from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SavRequestCommon


@tagged("post_install", "-at_install")
class TestSavRequest(SavRequestCommon):
    def test_reference_uses_sequence_of_company(self):
        first = self._create_request()
        other = self._create_request(company_id=self.other_company.id)
        second = self._create_request()
        year = first.create_date.year
        self.assertRegex(first.name, rf"^SAV/{year}/\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)
        self.assertEqual(other.name, f"SAV/{year}/00001", "a new company starts its own numbering")

    def test_new_company_gets_request_sequence(self):
        company = self.env["res.company"].create({"name": "Plomberie Vendéenne"})
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "sav.request"), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(sequence), 1)
        self.assertEqual(sequence.prefix, "SAV/%(year)s/")
        self.assertEqual(sequence.padding, 5)

    def test_site_defaults_to_customer_delivery_address(self):
        request = self._create_request()
        self.assertEqual(request.site_id, self.customer_site)
        syndic_request = self._create_request(partner_id=self.syndic.id)
        self.assertEqual(syndic_request.site_id, self.syndic_site)

    def test_site_defaults_to_customer_without_address(self):
        customer = self.env["res.partner"].create({"name": "M. Paul Girard", "city": "Rezé"})
        request = self._create_request(partner_id=customer.id)
        self.assertEqual(request.site_id, customer)

    def test_only_equipment_at_site_is_chosen(self):
        request = self._create_request(site_id=self.customer_site.id)
        self.assertEqual(request.equipment_id, self.boiler)
        self.env["sav.equipment"].create(
            {"site_id": self.customer_site.id, "brand": "Atlantic", "model": "Chauffeo"}
        )
        ambiguous = self._create_request(site_id=self.customer_site.id)
        self.assertFalse(ambiguous.equipment_id, "no guess between two equipment")

    def test_request_takes_running_contract_of_site(self):
        Contract = self.env["sav.contract"]
        draft = Contract.create(
            {"partner_id": self.syndic.id, "site_ids": [self.syndic_site.id]}
        )
        self.assertFalse(self._create_request(partner_id=self.syndic.id).contract_id)
        running = Contract.create(
            {"partner_id": self.syndic.id, "site_ids": [self.syndic_site.id]}
        )
        running.action_start()
        request = self._create_request(partner_id=self.syndic.id)
        self.assertEqual(request.contract_id, running)
        self.assertNotEqual(request.contract_id, draft)
        other_site = self.env["res.partner"].create(
            {"name": "Résidence Les Ormes", "type": "delivery", "parent_id": self.syndic.id}
        )
        request.site_id = other_site
        self.assertFalse(request.contract_id, "the contract does not cover the new site")

    def test_state_follows_visits(self):
        request = self._create_request()
        self.assertEqual(request.state, "new")
        first = self._create_intervention(request)
        self.assertEqual(request.state, "planned")
        first.action_start()
        self.assertEqual(request.state, "in_progress")
        first.action_done()
        self.assertEqual(request.state, "done")
        follow_up = self._create_intervention(request, start=self.start.replace(day=9))
        self.assertEqual(request.state, "in_progress", "a follow-up visit is still to be done")
        follow_up.action_cancel()
        self.assertEqual(request.state, "done")

    def test_state_back_to_pending_when_visit_cancelled(self):
        request = self._create_request()
        visit = self._create_intervention(request)
        visit.action_cancel()
        self.assertEqual(request.state, "new")

    def test_cancel_wizard_keeps_reason_and_cancels_visits(self):
        request = self._create_request()
        visit = self._create_intervention(request)
        action = request.action_cancel()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "Le client a remplacé la chaudière"
        wizard.save().action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.cancel_reason, "Le client a remplacé la chaudière")
        self.assertEqual(visit.state, "cancelled")
        visit.action_reset_to_planned()
        self.assertEqual(request.state, "cancelled", "a cancelled request stays cancelled")

    def test_cancel_done_request_raises(self):
        request = self._create_request()
        self._create_intervention(request).action_done()
        with self.assertRaisesNaming(UserError, request.name):
            request._action_cancel("Trop tard")

    def test_reopen_follows_visits_again(self):
        request = self._create_request()
        request._action_cancel("Doublon")
        request.action_reopen()
        self.assertEqual(request.state, "new")
        self.assertFalse(request.cancel_reason)

    def test_customer_follows_request(self):
        request = self._create_request()
        self.assertIn(self.customer, request.message_partner_ids)
        request.partner_id = self.syndic
        self.assertIn(self.syndic, request.message_partner_ids)

    def test_documents_follow_request(self):
        attachment = self.env["ir.attachment"].create(
            {"name": "notice.pdf", "raw": b"%PDF-1.4 notice", "res_model": "sav.request"}
        )
        request = self._create_request(attachment_ids=[attachment.id])
        self.assertEqual(attachment.res_model, "sav.request")
        self.assertEqual(attachment.res_id, request.id)

    def test_plan_closed_request_raises(self):
        request = self._create_request()
        request._action_cancel("Doublon")
        with self.assertRaisesNaming(UserError, "Reopen"):
            request.action_plan_intervention()

    def test_delete_started_request_raises(self):
        request = self._create_request()
        self._create_intervention(request).action_start()
        with self.assertRaisesNaming(UserError, request.name):
            request.unlink()


@tagged("post_install", "-at_install")
class TestSavRequestBadInput(SavRequestCommon):
    def test_site_of_another_customer_raises(self):
        request = self._create_request()
        with self.assertRaisesNaming(ValidationError, "Résidence Les Tilleuls"):
            request.write({"site_id": self.syndic_site.id, "summary": "Changed"})
        request.invalidate_recordset()
        self.assertEqual(request.site_id, self.customer_site, "nothing of the write is saved")
        self.assertEqual(request.summary, "Chaudière en panne")

    def test_site_of_another_customer_raises_on_create(self):
        count = self.env["sav.request"].search_count([])
        with self.assertRaisesNaming(ValidationError, "Syndic Atlantique"):
            self._create_request(site_id=self.syndic_site.id)
        self.assertEqual(self.env["sav.request"].search_count([]), count)

    def test_contract_of_another_customer_raises(self):
        contract = self.env["sav.contract"].create(
            {"name": "CTR-TILLEULS", "partner_id": self.syndic.id, "site_ids": [self.syndic_site.id]}
        )
        contract.action_start()
        request = self._create_request()
        with self.assertRaisesNaming(ValidationError, "CTR-TILLEULS"):
            request.write({"contract_id": contract.id, "priority": "2"})
        request.invalidate_recordset()
        self.assertFalse(request.contract_id)
        self.assertEqual(request.priority, "0")

    def test_equipment_of_another_customer_raises(self):
        request = self._create_request()
        with self.assertRaisesNaming(ValidationError, "De Dietrich Naneo"):
            request.equipment_id = self.syndic_boiler
        request.invalidate_recordset()
        self.assertEqual(request.equipment_id, self.boiler)


@tagged("post_install", "-at_install")
class TestSavPartnerSearch(SavRequestCommon):
    def _search_customer(self, text):
        Partner = self.env["res.partner"].with_context(sav_partner_search=True)
        return Partner.search([("display_name", "ilike", text)])

    def test_customer_found_by_phone_in_any_format(self):
        for text in ("06 12 34 56 78", "0612345678", "+33612345678", "12 34 56"):
            with self.subTest(text=text):
                self.assertIn(self.customer, self._search_customer(text))

    def test_customer_found_by_city_email_and_name(self):
        for text in ("Nantes", "claire.durand@", "Durand"):
            with self.subTest(text=text):
                self.assertIn(self.customer, self._search_customer(text))

    def test_phone_search_needs_context(self):
        Partner = self.env["res.partner"]
        self.assertNotIn(self.customer, Partner.search([("display_name", "ilike", "0612345678")]))

    def test_site_counts_include_addresses(self):
        request = self._create_request()
        self._create_intervention(request)
        self.assertEqual(self.customer_site.sav_request_count, 1)
        self.assertEqual(self.customer_site.sav_intervention_count, 1)
        self.assertEqual(self.customer_site.sav_equipment_count, 1)
        self.assertEqual(self.customer.sav_request_count, 1, "the customer sums its sites")
        self.assertEqual(self.syndic.sav_request_count, 0)
        action = self.customer.action_view_sav_requests()
        self.assertEqual(self.env["sav.request"].search(action["domain"]), request)
