import logging
import time
from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, fields, http
from odoo.fields import Command, Domain
from odoo.http import request
from odoo.tools import consteq, plaintext2html, single_email_re
from odoo.tools.misc import hmac as hmac_sign
from odoo.tools.translate import LazyTranslate

from .portal import SavCustomerPortal
from .uploads import (
    ALLOWED_EXTENSIONS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    UploadError,
    check_upload,
)

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

SLOT_DAYS = [
    ("mon", _lt("Monday")),
    ("tue", _lt("Tuesday")),
    ("wed", _lt("Wednesday")),
    ("thu", _lt("Thursday")),
    ("fri", _lt("Friday")),
    ("sat", _lt("Saturday")),
]
SLOT_PERIODS = [
    ("morning", _lt("Morning (8:00-12:00)")),
    ("afternoon", _lt("Afternoon (13:30-18:00)")),
]
MAX_SUMMARY_CHARS = 120
MAX_DESCRIPTION_CHARS = 5000
MAX_TEXT_CHARS = 500
# Spam protection of the form for visitors who are not logged in.
HONEYPOT_FIELD = "website_url"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 3600
PUBLIC_REQUESTS_PER_ADDRESS_PER_HOUR = 5
# Logged-in customers are limited too, so that a stolen session cannot flood the back office.
USER_REQUESTS_PER_HOUR = 20
FORM_SIGNATURE_SCOPE = "sav_portal.request_form"


class SavRequestFormPortal(SavCustomerPortal):
    """The form that files a request: logged-in customers and, if allowed, visitors."""

    @http.route(
        ["/my/sav/new"], type="http", auth="public", website=True, methods=["GET", "POST"]
    )
    def portal_sav_request_new(self, **post):
        is_public = request.env.user._is_public()
        company = request.env.company
        if is_public and not company.sav_portal_public_request:
            return self._redirect_to_login()
        if request.httprequest.method == "POST":
            return self._sav_submit_request(post, is_public)
        values = self._prepare_sav_form_values(is_public, post)
        equipment = self._get_sav_prefilled_equipment(post.get("equipment"), is_public)
        if equipment:
            values["form"].update(site_id=equipment.site_id.id, equipment_id=equipment.id)
        elif post.get("equipment") and not is_public:
            values["warning"] = request.env._(
                "The equipment of this link is not among your equipment. Pick the site and "
                "the equipment below."
            )
        values["scanned_equipment_id"] = self._parse_int(post.get("equipment")) if is_public else None
        return request.render("sav_portal.portal_sav_request_new", values)

    # ------------------------------------------------------------
    # Form values
    # ------------------------------------------------------------

    def _get_sav_prefilled_equipment(self, equipment_id, is_public):
        """Return the equipment of the ``equipment`` link parameter, if the user may read it."""
        equipment_id = self._parse_int(equipment_id)
        if not equipment_id or is_public:
            return request.env["sav.equipment"]
        commercial = request.env.user.partner_id.commercial_partner_id
        return request.env["sav.equipment"].search(
            [("id", "=", equipment_id), ("partner_id", "child_of", commercial.id)], limit=1
        )

    def _prepare_sav_form_values(self, is_public, form, errors=None):
        values = self._prepare_sav_layout_values("sav_new")
        sites = request.env["res.partner"] if is_public else self._get_sav_sites()
        equipment = request.env["sav.equipment"]
        if sites:
            equipment = equipment.search([("site_id", "in", sites.ids)], order="site_id, name, id")
        values.update(
            {
                "is_public": is_public,
                "sites": sites,
                "equipment": equipment,
                "form": {
                    "site_id": self._parse_int(form.get("site_id")),
                    "equipment_id": self._parse_int(form.get("equipment_id")),
                    "summary": form.get("summary", ""),
                    "description": form.get("description", ""),
                    "slot_days": request.httprequest.form.getlist("slot_days")
                    if request.httprequest.method == "POST" else [],
                    "slot_periods": request.httprequest.form.getlist("slot_periods")
                    if request.httprequest.method == "POST" else [],
                    "slot_notes": form.get("slot_notes", ""),
                    "contact_name": form.get("contact_name", ""),
                    "phone": form.get("phone", ""),
                    "email": form.get("email", ""),
                    "street": form.get("street", ""),
                    "zip": form.get("zip", ""),
                    "city": form.get("city", ""),
                },
                "errors": errors or {},
                "slot_days": SLOT_DAYS,
                "slot_periods": SLOT_PERIODS,
                "max_upload_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
                "max_upload_files": MAX_UPLOAD_FILES,
                "accept": ",".join(sorted(set(ALLOWED_EXTENSIONS.values()) | {".jpeg"}))
                + ",image/jpeg,image/png,image/webp,application/pdf",
                "form_started": self._sign_form_time(int(time.time())),
                "honeypot_field": HONEYPOT_FIELD,
                "scanned_equipment_id": self._parse_int(form.get("scanned_equipment_id")),
            }
        )
        return values

    def _sign_form_time(self, timestamp):
        signature = hmac_sign(request.env(su=True), FORM_SIGNATURE_SCOPE, str(timestamp))
        return f"{timestamp}:{signature}"

    def _check_form_time(self, token):
        """Return whether the form was displayed by this server between 3 s and a day ago."""
        timestamp, _sep, signature = (token or "").partition(":")
        if not timestamp.isdigit() or not signature:
            return False
        expected = hmac_sign(request.env(su=True), FORM_SIGNATURE_SCOPE, timestamp)
        if not consteq(expected, signature):
            return False
        elapsed = time.time() - int(timestamp)
        return MIN_FILL_SECONDS <= elapsed <= MAX_FORM_AGE_SECONDS

    # ------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------

    def _sav_submit_request(self, post, is_public):
        errors = {}
        if is_public:
            spam_error = self._check_sav_spam(post)
            if spam_error:
                errors["form"] = spam_error
        elif self._count_recent_requests(Domain("create_uid", "=", request.env.uid)) >= (
            USER_REQUESTS_PER_HOUR
        ):
            errors["form"] = request.env._(
                "You have filed %(count)s requests in the last hour, the maximum. Call us if "
                "the matter is urgent, or try again later.",
                count=USER_REQUESTS_PER_HOUR,
            )

        vals = {}
        if not errors:
            vals, errors = self._validate_sav_request_values(post, is_public)
        attachments_data = []
        if not errors:
            attachments_data, upload_error = self._read_sav_uploads()
            if upload_error:
                errors["attachments"] = upload_error
        if errors:
            values = self._prepare_sav_form_values(is_public, post, errors)
            response = request.render("sav_portal.portal_sav_request_new", values)
            response.status_code = 400
            return response

        request_sudo = self._create_sav_request(vals, attachments_data, post, is_public)
        if is_public:
            return request.redirect(request_sudo.get_portal_url(query_string="&message=created"))
        return request.redirect(f"/my/sav/{request_sudo.id}?message=created")

    def _check_sav_spam(self, post):
        """Return why a visitor's submission is refused as spam, or None."""
        if post.get(HONEYPOT_FIELD):
            _logger.info("Portal request rejected: trap field filled, from %s",
                         request.httprequest.remote_addr)
            return request.env._("Your request could not be sent. Call us instead.")
        if not self._check_form_time(post.get("form_started")):
            return request.env._(
                "The form was sent too quickly after it opened, or it expired. Check your "
                "answers, then send the form again."
            )
        address = request.httprequest.remote_addr
        recent = self._count_recent_requests(Domain("portal_remote_addr", "=", address))
        if recent >= PUBLIC_REQUESTS_PER_ADDRESS_PER_HOUR:
            _logger.info("Portal request rejected: %s requests in the last hour from %s",
                         recent, address)
            return request.env._(
                "Too many requests were sent from your network in the last hour. Call us, "
                "or try again later."
            )
        return None

    def _count_recent_requests(self, domain):
        since = fields.Datetime.now() - timedelta(hours=1)
        return request.env["sav.request"].sudo().search_count(
            domain & Domain("create_date", ">=", since) & Domain("channel", "=", "portal")
        )

    def _validate_sav_request_values(self, post, is_public):
        """Check the submitted form and return (request values, {field: error message})."""
        errors = {}
        summary = (post.get("summary") or "").strip()
        description = (post.get("description") or "").strip()
        slot_notes = (post.get("slot_notes") or "").strip()
        if not summary:
            errors["summary"] = request.env._("Say in a few words what the problem is.")
        elif len(summary) > MAX_SUMMARY_CHARS:
            errors["summary"] = request.env._(
                "The subject is %(length)s characters long, over %(max)s. Shorten it and put "
                "the details in the description.",
                length=len(summary),
                max=MAX_SUMMARY_CHARS,
            )
        if len(description) > MAX_DESCRIPTION_CHARS:
            errors["description"] = request.env._(
                "The description is %(length)s characters long, over %(max)s. Shorten it, or "
                "send the details as a PDF document.",
                length=len(description),
                max=MAX_DESCRIPTION_CHARS,
            )
        if len(slot_notes) > MAX_TEXT_CHARS:
            errors["slot_notes"] = request.env._(
                "The availability notes are over %(max)s characters. Shorten them.",
                max=MAX_TEXT_CHARS,
            )

        vals = {
            "summary": summary,
            "description": plaintext2html(description) if description else False,
            "channel": "portal",
            "user_id": False,
            "preferred_time_slots": self._format_time_slots(slot_notes) or False,
        }
        if is_public:
            contact, contact_errors = self._validate_sav_contact(post)
            errors.update(contact_errors)
            vals["contact"] = contact
            vals["company_id"] = request.env.company.id
        else:
            site = self._get_sav_sites().filtered(
                lambda s: s.id == self._parse_int(post.get("site_id"))
            )
            if not site:
                errors["site_id"] = request.env._("Pick the site where the work is to be done.")
            equipment = request.env["sav.equipment"]
            equipment_id = self._parse_int(post.get("equipment_id"))
            if equipment_id and site:
                equipment = equipment.search(
                    [("id", "=", equipment_id), ("site_id", "=", site.id)], limit=1
                )
                if not equipment:
                    errors["equipment_id"] = request.env._(
                        "This equipment is not installed at the site %(site)s. Pick one of "
                        "its equipment, or none.",
                        site=site.display_name,
                    )
            partner = request.env.user.partner_id
            vals.update(
                {
                    "partner_id": partner.id,
                    "site_id": site.id,
                    "equipment_id": equipment.id,
                    "company_id": (equipment.company_id or request.env.user.company_id).id,
                }
            )
        return vals, errors

    def _validate_sav_contact(self, post):
        errors = {}
        contact = {
            key: (post.get(key) or "").strip()[:MAX_TEXT_CHARS]
            for key in ("contact_name", "phone", "email", "street", "zip", "city")
        }
        if not contact["contact_name"]:
            errors["contact_name"] = request.env._("Give your name, so that we know whom to ask for.")
        if not contact["phone"]:
            errors["phone"] = request.env._("Give a phone number, so that the technician can call you.")
        if not single_email_re.match(contact["email"]):
            errors["email"] = request.env._(
                "Give a valid e-mail address such as name@example.com: the acknowledgment is "
                "sent there."
            )
        if not contact["street"] or not contact["city"]:
            errors["street"] = request.env._("Give the address where the work is to be done.")
        return contact, errors

    def _format_time_slots(self, notes):
        """Return the preferred time slots ticked on the form as one line of text."""
        form = request.httprequest.form
        days = dict(SLOT_DAYS)
        periods = dict(SLOT_PERIODS)
        chosen_days = [str(days[key]) for key in form.getlist("slot_days") if key in days]
        chosen_periods = [
            str(periods[key]) for key in form.getlist("slot_periods") if key in periods
        ]
        parts = []
        if chosen_days:
            parts.append(request.env._("Days: %(days)s", days=", ".join(chosen_days)))
        if chosen_periods:
            parts.append(
                request.env._("Times: %(periods)s", periods=", ".join(chosen_periods))
            )
        if notes:
            parts.append(notes)
        return "\n".join(parts)

    def _read_sav_uploads(self):
        """Check the uploaded files and return ([(name, mimetype, data)], error or None)."""
        files = [
            upload for upload in request.httprequest.files.getlist("attachments")
            if upload and upload.filename
        ]
        if len(files) > MAX_UPLOAD_FILES:
            return [], request.env._(
                "You sent %(count)s files, over the limit of %(max)s. Keep the most useful ones.",
                count=len(files),
                max=MAX_UPLOAD_FILES,
            )
        result = []
        for upload in files:
            # Read one byte more than allowed, so that an oversized file is detected
            # without loading all of it.
            data = upload.read(MAX_UPLOAD_BYTES + 1)
            try:
                name, mimetype = check_upload(request.env, upload.filename, data)
            except UploadError as error:
                return [], str(error)
            result.append((name, mimetype, data))
        return result, None

    def _create_sav_request(self, vals, attachments_data, post, is_public):
        """Create the request with sudo: every value was checked against the user's records."""
        vals = dict(vals)
        contact = vals.pop("contact", None)
        SavRequest = request.env["sav.request"].sudo()
        if is_public:
            partner = request.env["res.partner"].sudo().create(
                {
                    "name": contact["contact_name"],
                    "phone": contact["phone"],
                    "email": contact["email"],
                    "street": contact["street"],
                    "zip": contact["zip"],
                    "city": contact["city"],
                    "lang": request.env.lang,
                    "company_id": False,
                }
            )
            vals.update(
                partner_id=partner.id,
                portal_remote_addr=request.httprequest.remote_addr,
            )
        request_sudo = SavRequest.create(vals)
        if attachments_data:
            attachments = request.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": "sav.request",
                        "res_id": request_sudo.id,
                    }
                    for name, mimetype, data in attachments_data
                ]
            )
            request_sudo.write(
                {
                    "attachment_ids": [Command.link(a.id) for a in attachments],
                    "portal_document_ids": [Command.link(a.id) for a in attachments],
                }
            )
        if is_public:
            self._note_scanned_equipment(request_sudo, post.get("scanned_equipment_id"))
        self._send_sav_acknowledgment(request_sudo)
        return request_sudo

    def _note_scanned_equipment(self, request_sudo, equipment_id):
        """Tell the back office which equipment's QR code a visitor came from (internal note)."""
        equipment_id = self._parse_int(equipment_id)
        if not equipment_id:
            return
        equipment_sudo = request.env["sav.equipment"].sudo().browse(equipment_id).exists()
        if not equipment_sudo:
            return
        request_sudo.with_user(SUPERUSER_ID).message_post(
            body=Markup("<p>%s</p>")
            % request_sudo.env._(
                "Filed without an account from the QR code of equipment %(equipment)s at "
                "%(site)s: check that the visitor is at that site before linking them.",
                equipment=equipment_sudo.display_name,
                site=equipment_sudo.site_id.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _send_sav_acknowledgment(self, request_sudo):
        """E-mail the reference of the new request to the customer."""
        request_sudo._portal_ensure_token()
        template = request.env.ref("sav_portal.mail_template_sav_request_acknowledgment")
        # The composer computes the sender and the author in one method, so when it is
        # given an author it leaves the sender empty, and the mail server then rejects
        # the e-mail. The sender is therefore rendered from the template and given too.
        request_superuser = request_sudo.with_user(SUPERUSER_ID)
        email_from = template.with_env(request_superuser.env)._render_field(
            "email_from", request_superuser.ids
        )[request_superuser.id]
        request_superuser.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            author_id=request_sudo.company_id.partner_id.id,
            email_from=email_from,
            partner_ids=request_sudo.partner_id.ids,
            email_layout_xmlid="mail.mail_notification_light",
        )
