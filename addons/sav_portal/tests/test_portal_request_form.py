from odoo.tests import tagged

from .common import SavPortalCommon, sample_photo_path


@tagged("post_install", "-at_install")
class TestSavPortalRequestForm(SavPortalCommon):
    """Filing a request on the portal: values, uploads, acknowledgment, spam protection."""

    def _post_request(self, data=None, files=None, csrf=None):
        values = {
            "csrf_token": csrf or self._csrf_token(),
            "site_id": self.site.id,
            "equipment_id": self.oven.id,
            "summary": "Le four ne chauffe plus",
            "description": "Code erreur E12 depuis ce matin.",
            **(data or {}),
        }
        return self.url_open("/my/sav/new", data=values, files=files, allow_redirects=False)

    def _find_request(self, summary="Le four ne chauffe plus"):
        return self.env["sav.request"].search([("summary", "=", summary)])

    def test_filed_request_lands_in_pending_list(self):
        self.authenticate("claire", "claire")
        photo = sample_photo_path("exif_orientation_portrait_6.jpg")
        response = self._post_request(
            data={"slot_days": ["mon", "thu"], "slot_periods": "morning",
                  "slot_notes": "Pas avant 10 h"},
            files=[("attachments", ("four.jpg", photo.read_bytes(), "image/jpeg"))],
        )
        sav_request = self._find_request()
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertTrue(sav_request)
        self.assertIn(f"/my/sav/{sav_request.id}", response.headers["Location"])
        self.assertEqual(sav_request.channel, "portal")
        self.assertEqual(sav_request.state, "new")
        self.assertFalse(sav_request.user_id, "a pending request has no back-office owner yet")
        self.assertEqual(sav_request.partner_id, self.customer_contact)
        self.assertEqual(sav_request.site_id, self.site)
        self.assertEqual(sav_request.equipment_id, self.oven)
        self.assertEqual(sav_request.create_uid, self.portal_user)
        self.assertIn("Monday", sav_request.preferred_time_slots)
        self.assertIn("Thursday", sav_request.preferred_time_slots)
        self.assertIn("Pas avant 10 h", sav_request.preferred_time_slots)
        self.assertEqual(len(sav_request.attachment_ids), 1)
        self.assertEqual(sav_request.attachment_ids, sav_request.portal_document_ids)
        self.assertEqual(sav_request.attachment_ids.raw, photo.read_bytes())
        self.assertEqual(sav_request.attachment_ids.res_id, sav_request.id)
        self.assertIn(sav_request, self.env["sav.request"].search([("state", "=", "new")]))

    def test_filed_request_sends_acknowledgment_with_reference(self):
        self.authenticate("claire", "claire")
        self._post_request()
        sav_request = self._find_request()
        mails = self.env["mail.mail"].search(
            [("model", "=", "sav.request"), ("res_id", "=", sav_request.id)]
        )
        acknowledgment = mails.filtered(lambda m: sav_request.name in (m.subject or ""))
        self.assertTrue(acknowledgment, f"no acknowledgment e-mail among {mails.mapped('subject')}")
        self.assertIn(self.customer_contact, acknowledgment.recipient_ids)
        self.assertIn(sav_request.name, acknowledgment.body_html)
        self.assertIn(f"/my/sav/{sav_request.id}", acknowledgment.body_html)
        # Without a sender, the mail server rejects the e-mail.
        self.assertEqual(acknowledgment.email_from, self.env.company.email_formatted)
        self.assertEqual(acknowledgment.author_id, self.env.company.partner_id)

    def test_description_is_stored_as_escaped_text(self):
        self.authenticate("claire", "claire")
        self._post_request(data={"description": "<script>alert(1)</script><b>gras</b>"})
        sav_request = self._find_request()
        self.assertNotIn("<script", sav_request.description)
        self.assertNotIn("<b>", sav_request.description)
        self.assertIn("&lt;script&gt;", sav_request.description)

    def test_missing_subject_is_refused(self):
        self.authenticate("claire", "claire")
        response = self._post_request(data={"summary": "  "})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Say in a few words", response.text)

    def test_heic_photo_is_refused(self):
        self.authenticate("claire", "claire")
        photo = sample_photo_path("exif_heic_mobile_iphone_13_pro_max.HEIC")
        response = self._post_request(
            files=[("attachments", ("photo.heic", photo.read_bytes(), "image/heic"))]
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("JPEG, PNG or WebP", response.text)
        self.assertFalse(self._find_request())

    def test_forged_image_is_refused(self):
        self.authenticate("claire", "claire")
        photo = sample_photo_path("exif_orientation_portrait_6.jpg").read_bytes()
        truncated = photo[: len(photo) // 2]
        response = self._post_request(
            files=[("attachments", ("four.jpg", truncated, "image/jpeg"))]
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("could not be read", response.text)
        script = self._post_request(
            files=[("attachments", ("four.jpg", b"<html><script>x</script>", "image/jpeg"))]
        )
        self.assertEqual(script.status_code, 400)
        self.assertFalse(self._find_request())

    def test_oversized_file_is_refused(self):
        self.authenticate("claire", "claire")
        big_pdf = b"%PDF-1.4\n" + (b"0" * 1023 + b"\n") * (10 * 1024)
        response = self._post_request(
            files=[("attachments", ("notice.pdf", big_pdf, "application/pdf"))]
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("over the limit of 10 MB", response.text)
        self.assertFalse(self._find_request())

    def test_too_many_files_are_refused(self):
        self.authenticate("claire", "claire")
        files = [
            ("attachments", (f"notice-{index}.pdf", b"%PDF-1.4 x", "application/pdf"))
            for index in range(11)
        ]
        response = self._post_request(files=files)
        self.assertEqual(response.status_code, 400)
        self.assertIn("over the limit of 10", response.text)

    def test_form_states_upload_limits(self):
        self.authenticate("claire", "claire")
        response = self.url_open("/my/sav/new")
        self.assertIn("o_sav_upload_limits", response.text)
        self.assertIn("10 MB", response.text)
        self.assertIn("PDF", response.text)

    def test_equipment_link_prefills_equipment_and_site(self):
        self.authenticate("claire", "claire")
        response = self.url_open(f"/my/sav/new?equipment={self.boiler.id}")
        self.assertRegex(
            response.text, rf'<option value="{self.site_2.id}"[^>]*selected'
        )
        self.assertRegex(
            response.text, rf'<option value="{self.boiler.id}"[^>]*selected'
        )

    # ------------------------------------------------------------
    # Visitors without an account
    # ------------------------------------------------------------

    def _enable_public_requests(self):
        self.env.company.sav_portal_public_request = True

    def _post_public(self, **data):
        self.authenticate(None, None)
        csrf = self._csrf_token()
        values = {
            "csrf_token": csrf,
            "form_started": self._sign_form_time(10),
            "contact_name": "Jean Passant",
            "phone": "06 11 22 33 44",
            "email": "jean.passant@example.com",
            "street": "5 rue du Port",
            "zip": "44210",
            "city": "Pornic",
            "summary": "Radiateur froid",
            **data,
        }
        return self.url_open("/my/sav/new", data=values, allow_redirects=False)

    def test_public_form_shows_contact_fields_when_allowed(self):
        self._enable_public_requests()
        response = self.url_open("/my/sav/new")
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="contact_name"', response.text)
        self.assertIn('name="website_url"', response.text)
        self.assertNotIn('name="site_id"', response.text)

    def test_public_request_creates_contact_and_token_link(self):
        self._enable_public_requests()
        response = self._post_public()
        sav_request = self._find_request("Radiateur froid")
        self.assertEqual(response.status_code, 303, response.text[:500])
        self.assertTrue(sav_request)
        self.assertIn(f"access_token={sav_request.access_token}", response.headers["Location"])
        self.assertEqual(sav_request.partner_id.email, "jean.passant@example.com")
        self.assertEqual(sav_request.partner_id.phone, "06 11 22 33 44")
        self.assertEqual(sav_request.channel, "portal")
        self.assertEqual(sav_request.portal_remote_addr, "127.0.0.1")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sav.request"), ("res_id", "=", sav_request.id)]
        )
        self.assertTrue(mail.filtered(lambda m: sav_request.name in (m.subject or "")))

    def test_public_request_notes_scanned_equipment_for_back_office(self):
        self._enable_public_requests()
        self._post_public(scanned_equipment_id=self.oven.id)
        sav_request = self._find_request("Radiateur froid")
        self.assertFalse(sav_request.equipment_id, "a visitor is not linked to a customer")
        notes = sav_request.message_ids.filtered(lambda m: "Bongard" in (m.body or ""))
        self.assertTrue(notes)
        self.assertTrue(notes.subtype_id.internal)

    def test_public_request_honeypot_is_refused(self):
        self._enable_public_requests()
        response = self._post_public(website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._find_request("Radiateur froid"))

    def test_public_request_sent_too_fast_is_refused(self):
        self._enable_public_requests()
        response = self._post_public(form_started=self._sign_form_time(0))
        self.assertEqual(response.status_code, 400)
        forged = self._post_public(form_started=f"{1}:forged")
        self.assertEqual(forged.status_code, 400)
        self.assertFalse(self._find_request("Radiateur froid"))

    def test_public_requests_are_limited_per_address(self):
        self._enable_public_requests()
        for index in range(5):
            response = self._post_public(summary=f"Demande {index}")
            self.assertEqual(response.status_code, 303, response.text[:300])
        response = self._post_public(summary="Demande de trop")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Too many requests", response.text)
        self.assertFalse(self._find_request("Demande de trop"))

    def test_public_request_checks_email(self):
        self._enable_public_requests()
        response = self._post_public(email="pas-une-adresse")
        self.assertEqual(response.status_code, 400)
        self.assertIn("valid e-mail address", response.text)
