from odoo.tests import tagged
from odoo.tools import file_open

from .common import SavRequestCommon

EML_PATH = "sav_request/tests/data/sav_request_boiler_failure.eml"


@tagged("post_install", "-at_install")
class TestSavRequestMailGateway(SavRequestCommon):
    @classmethod
    def default_env_context(cls):
        return {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        alias_domain = cls.env["mail.alias.domain"].create({"name": "example.com"})
        cls.env.company.alias_domain_id = alias_domain
        cls.alias = cls.env.ref("sav_request.mail_alias_sav_request")
        cls.alias.alias_domain_id = alias_domain
        with file_open(EML_PATH, "rb") as eml:
            cls.eml = eml.read()

    def _process(self, eml):
        thread_id = self.env["mail.thread"].message_process(False, eml)
        return self.env["sav.request"].browse(thread_id)

    def test_email_to_alias_creates_pending_request(self):
        request = self._process(self.eml)
        self.assertEqual(request._name, "sav.request")
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.state, "new")
        self.assertEqual(request.summary, "Chaudière en panne : plus d'eau chaude")
        self.assertRegex(request.name, r"^SAV/\d{4}/\d{5}$")
        self.assertIn("code E01", request.description)
        self.assertFalse(request.user_id, "the gateway user does not own the request")

    def test_sender_matched_to_customer(self):
        request = self._process(self.eml)
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.site_id, self.customer_site)
        self.assertIn(self.customer, request.message_partner_ids)

    def test_attachments_kept(self):
        request = self._process(self.eml)
        message = request.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(message.attachment_ids.mapped("name"), ["notice-frisquet-prestige.pdf"])
        self.assertEqual(request.attachment_ids, message.attachment_ids)
        self.assertTrue(request.attachment_ids.raw.startswith(b"%PDF-1.4"))

    def test_unknown_sender_becomes_customer(self):
        eml = self.eml.replace(
            b'"Claire Durand" <claire.durand@example.com>',
            b'"Jean Morel" <jean.morel@example.org>',
        ).replace(b"<20260112074200.boiler-failure", b"<other-message")
        request = self._process(eml)
        self.assertEqual(request.partner_id.email, "jean.morel@example.org")
        self.assertEqual(request.partner_id.name, "Jean Morel")
        self.assertEqual(request.site_id, request.partner_id)

    def test_reply_goes_to_same_request(self):
        request = self._process(self.eml)
        reply = (
            b"From: claire.durand@example.com\r\nTo: sav@example.com\r\n"
            b"Subject: Re: Chaudiere\r\nMessage-ID: <reply-1@example.com>\r\n"
            b"In-Reply-To: <20260112074200.boiler-failure@example.com>\r\n\r\nMerci !\r\n"
        )
        self.assertEqual(self._process(reply), request)
        self.assertEqual(
            self.env["sav.request"].search_count([("partner_id", "=", self.customer.id)]), 1
        )
