from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import SavPortalCommon


@tagged("post_install", "-at_install")
class TestSavPortalAccess(SavPortalCommon):
    """Each route with the user's own data, another customer's data and an anonymous visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_request = cls._create_request(
            site_id=cls.site.id, equipment_id=cls.oven.id, summary="Four en panne"
        )
        cls.own_visit = cls._create_visit(cls.own_request)
        cls.own_report = cls._create_report(cls.own_visit, b"%PDF-1.4 own report")
        cls.own_document = cls._create_document(cls.own_request, name="Plan du fournil.pdf")
        cls.other_request = cls._create_request(
            cls.other_customer, site_id=cls.other_site.id, summary="Fuite chaufferie"
        )
        cls.other_visit = cls._create_visit(cls.other_request)
        cls.other_report = cls._create_report(cls.other_visit, b"%PDF-1.4 other report")
        cls.other_document = cls._create_document(cls.other_request, name="Plan syndic.pdf")
        cls.own_contract = cls.env["sav.contract"].create(
            {"partner_id": cls.customer.id, "site_ids": [cls.site.id], "state": "running"}
        )
        cls.own_contract_document = cls._create_document(
            cls.own_contract, name="Contrat signé.pdf", field="document_ids"
        )
        cls.other_contract = cls.env["sav.contract"].create(
            {"partner_id": cls.other_customer.id, "state": "running"}
        )
        cls.other_contract_document = cls._create_document(
            cls.other_contract, name="Contrat syndic.pdf", field="document_ids"
        )
        cls.draft_contract = cls.env["sav.contract"].create({"partner_id": cls.customer.id})

    # ------------------------------------------------------------
    # Record rules
    # ------------------------------------------------------------

    def test_record_rules_limit_portal_user_to_own_entity(self):
        env = self.env(user=self.portal_user)
        self.assertEqual(env["sav.request"].search([]), self.own_request)
        self.assertEqual(env["sav.intervention"].search([]), self.own_visit)
        self.assertEqual(env["sav.equipment"].search([]), self.oven | self.boiler)
        self.assertEqual(env["sav.contract"].search([]), self.own_contract)
        with self.assertRaises(AccessError):
            self.other_request.with_user(self.portal_user).read(["summary"])
        with self.assertRaises(AccessError):
            self.other_visit.with_user(self.portal_user).read(["planned_start"])

    def test_record_rules_keep_portal_user_read_only(self):
        with self.assertRaises(AccessError):
            self.own_request.with_user(self.portal_user).write({"summary": "Changed"})
        with self.assertRaises(AccessError):
            self.env["sav.request"].with_user(self.portal_user).create(
                {"partner_id": self.customer_contact.id}
            )
        with self.assertRaises(AccessError):
            self.own_visit.with_user(self.portal_user).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.oven.with_user(self.portal_user).write({"serial_number": "X"})

    def test_portal_chatter_posts_on_own_request_only(self):
        self.authenticate("claire", "claire")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "sav.request",
                "thread_id": self.own_request.id,
                "post_data": {"body": "Le four refait du bruit", "message_type": "comment"},
            },
        )
        self.assertIn("Le four refait du bruit", self.own_request.message_ids[0].body)
        self.assertEqual(self.own_request.message_ids[0].author_id, self.customer_contact)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "sav.request",
                    "thread_id": self.other_request.id,
                    "post_data": {"body": "Intrusion", "message_type": "comment"},
                },
            )
        self.assertFalse(
            self.other_request.message_ids.filtered(lambda m: "Intrusion" in (m.body or ""))
        )

    # ------------------------------------------------------------
    # /my/sav
    # ------------------------------------------------------------

    def test_request_list_shows_own_requests_only(self):
        self.authenticate("claire", "claire")
        response = self._get("/my/sav")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_request.name, response.text)
        self.assertNotIn(self.other_request.name, response.text)
        self.assertNotIn("Fuite chaufferie", response.text)

    def test_request_list_ignores_site_of_other_customer(self):
        self.authenticate("claire", "claire")
        response = self._get(f"/my/sav?site={self.other_site.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.other_request.name, response.text)
        self.assertNotIn("Résidence Les Tilleuls", response.text)

    def test_request_list_sends_anonymous_visitor_to_login(self):
        self.assertRedirectsToLogin(self._get("/my/sav"))
        self.assertRedirectsToLogin(self._get("/my/sav/page/2"))

    # ------------------------------------------------------------
    # /my/sav/<id>
    # ------------------------------------------------------------

    def test_request_page_opens_own_request(self):
        self.authenticate("claire", "claire")
        response = self._get(f"/my/sav/{self.own_request.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_request.name, response.text)

    def test_request_page_hides_other_customer_request(self):
        self.authenticate("claire", "claire")
        response = self._get(f"/my/sav/{self.other_request.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Fuite chaufferie", response.text)
        missing = self._get("/my/sav/%s" % (self.other_request.id + 100000))
        self.assertEqual(missing.status_code, 404)

    def test_request_page_checks_access_token(self):
        token = self.other_request._portal_ensure_token()
        self.authenticate("claire", "claire")
        wrong = self._get(f"/my/sav/{self.other_request.id}?access_token={'x' * 36}")
        self.assertEqual(wrong.status_code, 404)
        own_token = self.own_request._portal_ensure_token()
        swapped = self._get(f"/my/sav/{self.other_request.id}?access_token={own_token}")
        self.assertEqual(swapped.status_code, 404)
        right = self._get(f"/my/sav/{self.other_request.id}?access_token={token}")
        self.assertEqual(right.status_code, 200)

    def test_request_page_anonymous_needs_login_or_token(self):
        self.assertRedirectsToLogin(self._get(f"/my/sav/{self.own_request.id}"))
        wrong = self._get(f"/my/sav/{self.own_request.id}?access_token={'0' * 36}")
        self.assertEqual(wrong.status_code, 404)
        token = self.own_request._portal_ensure_token()
        right = self._get(f"/my/sav/{self.own_request.id}?access_token={token}")
        self.assertEqual(right.status_code, 200)
        self.assertIn(self.own_request.name, right.text)

    def test_request_page_hidden_from_back_office(self):
        # Internal users read every request, but the portal shows their own entity only.
        self.authenticate("sav_dispatcher", "sav_dispatcher")
        response = self._get(f"/my/sav/{self.own_request.id}")
        self.assertEqual(response.status_code, 404)

    # ------------------------------------------------------------
    # /my/sav/<id>/visits/<id> and its report
    # ------------------------------------------------------------

    def _visit_url(self, visit, suffix=""):
        return f"/my/sav/{visit.request_id.id}/visits/{visit.id}{suffix}"

    def test_visit_link_opens_own_request(self):
        self.authenticate("claire", "claire")
        response = self._get(self._visit_url(self.own_visit))
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/sav/{self.own_request.id}#visit-{self.own_visit.id}",
                      response.headers["Location"])

    def test_visit_report_downloads_for_own_visit(self):
        self.authenticate("claire", "claire")
        response = self._get(self._visit_url(self.own_visit, "/report?download=1"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 own report")
        self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_visit_report_hidden_for_other_customer_visit(self):
        self.authenticate("claire", "claire")
        self.assertEqual(self._get(self._visit_url(self.other_visit)).status_code, 404)
        report = self._get(self._visit_url(self.other_visit, "/report"))
        self.assertEqual(report.status_code, 404)
        self.assertNotIn(b"other report", report.content)
        # The other customer's visit under one's own request id is not found either.
        mixed = self._get(f"/my/sav/{self.own_request.id}/visits/{self.other_visit.id}/report")
        self.assertEqual(mixed.status_code, 404)

    def test_visit_report_anonymous_needs_login_or_token(self):
        self.assertRedirectsToLogin(self._get(self._visit_url(self.own_visit)))
        self.assertRedirectsToLogin(self._get(self._visit_url(self.own_visit, "/report")))
        wrong = self._get(self._visit_url(self.own_visit, "/report?access_token=bad"))
        self.assertEqual(wrong.status_code, 404)
        visit_token = self.own_visit._portal_ensure_token()
        by_visit = self._get(self._visit_url(self.own_visit, f"?access_token={visit_token}"))
        self.assertEqual(by_visit.status_code, 200)
        self.assertEqual(by_visit.content, b"%PDF-1.4 own report")
        request_token = self.own_request._portal_ensure_token()
        by_request = self._get(
            self._visit_url(self.own_visit, f"/report?access_token={request_token}")
        )
        self.assertEqual(by_request.status_code, 200)
        # A request's token does not open the visits of another request.
        other = self._get(
            f"/my/sav/{self.own_request.id}/visits/{self.other_visit.id}/report"
            f"?access_token={request_token}"
        )
        self.assertEqual(other.status_code, 404)

    # ------------------------------------------------------------
    # /my/sav/new
    # ------------------------------------------------------------

    def test_request_form_lists_own_sites_and_equipment_only(self):
        self.authenticate("claire", "claire")
        response = self._get("/my/sav/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fournil de Pornic", response.text)
        self.assertIn("BG-2020-17", response.text)
        self.assertNotIn("Résidence Les Tilleuls", response.text)
        self.assertNotIn("DD-77-12", response.text)

    def test_request_form_ignores_other_customer_equipment_link(self):
        self.authenticate("claire", "claire")
        response = self._get(f"/my/sav/new?equipment={self.other_boiler.id}")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("DD-77-12", response.text)
        self.assertIn("o_sav_form_warning", response.text)

    def test_request_form_refuses_other_customer_site(self):
        self.authenticate("claire", "claire")
        csrf = self._csrf_token()
        response = self.url_open(
            "/my/sav/new",
            data={"csrf_token": csrf, "site_id": self.other_site.id, "summary": "Intrusion"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["sav.request"].search([("summary", "=", "Intrusion")]))

    def test_request_form_refuses_other_customer_equipment(self):
        self.authenticate("claire", "claire")
        csrf = self._csrf_token()
        response = self.url_open(
            "/my/sav/new",
            data={
                "csrf_token": csrf,
                "site_id": self.site.id,
                "equipment_id": self.other_boiler.id,
                "summary": "Intrusion",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["sav.request"].search([("summary", "=", "Intrusion")]))

    def test_request_form_requires_csrf_token(self):
        self.authenticate("claire", "claire")
        response = self.url_open(
            "/my/sav/new", data={"site_id": self.site.id, "summary": "Sans jeton"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["sav.request"].search([("summary", "=", "Sans jeton")]))

    def test_request_form_anonymous_goes_to_login_by_default(self):
        response = self._get(f"/my/sav/new?equipment={self.oven.id}")
        self.assertRedirectsToLogin(response)
        self.assertIn("equipment", response.headers["Location"])
        self.assertNotIn("Bongard", response.text)

    # ------------------------------------------------------------
    # /my/sav/documents
    # ------------------------------------------------------------

    def test_documents_page_lists_own_documents_only(self):
        self.authenticate("claire", "claire")
        response = self._get("/my/sav/documents")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Plan du fournil.pdf", response.text)
        self.assertIn("Contrat signé.pdf", response.text)
        self.assertIn(self.own_report.name, response.text)
        self.assertNotIn(self.other_report.name, response.text)
        self.assertIn(self.own_contract.name, response.text)
        self.assertNotIn("Plan syndic.pdf", response.text)
        self.assertNotIn("Contrat syndic.pdf", response.text)
        self.assertNotIn(self.draft_contract.name, response.text)

    def test_document_download_checks_entity(self):
        self.authenticate("claire", "claire")
        own = self._get(f"/my/sav/documents/{self.own_document.id}?download=1")
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.content, b"%PDF-1.4 test")
        self.assertIn("attachment", own.headers["Content-Disposition"])
        contract = self._get(f"/my/sav/documents/{self.own_contract_document.id}")
        self.assertEqual(contract.status_code, 200)
        report = self._get(f"/my/sav/documents/{self.own_report.id}")
        self.assertEqual(report.status_code, 200)
        for attachment in (self.other_document, self.other_contract_document, self.other_report):
            response = self._get(f"/my/sav/documents/{attachment.id}")
            self.assertEqual(response.status_code, 404, attachment.name)

    def test_document_download_refuses_unshared_attachment(self):
        internal = self.env["ir.attachment"].create(
            {"name": "Note interne.pdf", "raw": b"%PDF-1.4 internal",
             "res_model": "sav.request", "res_id": self.own_request.id}
        )
        self.own_request.attachment_ids = [(4, internal.id)]
        self.authenticate("claire", "claire")
        self.assertEqual(self._get(f"/my/sav/documents/{internal.id}").status_code, 404)

    def test_documents_anonymous_goes_to_login(self):
        self.assertRedirectsToLogin(self._get("/my/sav/documents"))
        self.assertRedirectsToLogin(self._get(f"/my/sav/documents/{self.own_document.id}"))

    def test_documents_page_lists_own_invoices_only(self):
        own_invoice = self._create_posted_invoice(self.own_visit)
        other_invoice = self._create_posted_invoice(self.other_visit)
        self.authenticate("claire", "claire")
        response = self._get("/my/sav/documents?doc_type=invoice")
        self.assertEqual(response.status_code, 200)
        self.assertIn(own_invoice.name, response.text)
        self.assertIn(f"/my/invoices/{own_invoice.id}?access_token=", response.text)
        self.assertNotIn(other_invoice.name, response.text)
        pdf = self._get(f"/my/invoices/{own_invoice.id}?report_type=pdf&download=true"
                        f"&access_token={own_invoice.access_token}")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("pdf", pdf.headers["Content-Type"])
        other_pdf = self._get(f"/my/invoices/{other_invoice.id}?report_type=pdf")
        self.assertNotEqual(other_pdf.status_code, 200)

    # ------------------------------------------------------------
    # /my/sav/dashboard and /my/sav/planning
    # ------------------------------------------------------------

    def test_dashboard_counts_own_requests_only(self):
        self.authenticate("claire", "claire")
        response = self._get("/my/sav/dashboard")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fournil de Pornic", response.text)
        self.assertNotIn("Résidence Les Tilleuls", response.text)
        other_site = self._get(f"/my/sav/dashboard?site={self.other_site.id}")
        self.assertEqual(other_site.status_code, 200)
        self.assertNotIn("Résidence Les Tilleuls", other_site.text)

    def test_dashboard_anonymous_goes_to_login(self):
        self.assertRedirectsToLogin(self._get("/my/sav/dashboard"))

    def test_planning_shows_own_visits_only(self):
        self.authenticate("claire", "claire")
        response = self._get("/my/sav/planning?mode=month&date=2026-03-02")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_request.access_url, response.text)
        self.assertNotIn(self.other_request.access_url + "#", response.text)
        self.assertNotIn("Résidence Les Tilleuls", response.text)

    def test_planning_anonymous_goes_to_login(self):
        self.assertRedirectsToLogin(self._get("/my/sav/planning"))

    def test_home_counts_own_requests(self):
        self.authenticate("claire", "claire")
        result = self.make_jsonrpc_request("/my/counters", {"counters": ["sav_request_count"]})
        self.assertEqual(result["sav_request_count"], 1)
