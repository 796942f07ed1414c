import base64
from datetime import timedelta
from urllib.parse import quote_plus

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import float_round, format_date, format_datetime

DISPATCHER_GROUP = "sav_request.sav_request_group_dispatcher"
# Ambient carbon monoxide thresholds (ppm) of a French boiler service (arrêté du
# 15 septembre 2009): from 10 ppm the customer is informed of an anomaly, from 50 ppm
# the appliance must be stopped.
CO_ANOMALY_PPM = 10
CO_DANGER_PPM = 50
MAX_DURATION_HOURS = 24
# Earlier visits of the site shown on the visit form; the full history is one click away.
SITE_HISTORY_LIMIT = 10
REPORT_ACTIONS = {
    "summary": "sav_field_service.sav_intervention_action_report_summary",
    "complete": "sav_field_service.sav_intervention_action_report_complete",
}
# Fields the web client or the mail machinery writes on a closed visit.
TECHNICAL_FIELDS = {"message_main_attachment_id", "access_token"}


class SavIntervention(models.Model):
    _name = "sav.intervention"
    _inherit = ["sav.intervention", "portal.mixin"]

    intervention_type_id = fields.Many2one(
        "sav.intervention.type",
        tracking=True,
        index="btree_not_null",
        help="Annual boiler service, repair, installation... It sets the measures to record.",
    )
    measures = fields.Properties(
        definition="intervention_type_id.measure_definition",
        copy=False,
        help="Readings taken on site, as the intervention type defines them.",
    )
    co_level = fields.Float(
        string="CO Level (ppm)",
        compute="_compute_co_alert",
        store=True,
        help="Ambient carbon monoxide measured on site, in ppm.",
    )
    co_alert = fields.Selection(
        [
            ("none", "No CO Anomaly"),
            ("anomaly", "Anomaly, Customer Informed"),
            ("danger", "Appliance Must Stay Off"),
        ],
        string="CO Alert",
        compute="_compute_co_alert",
        store=True,
        help="From 10 ppm of CO: anomaly, the customer is informed. From 50 ppm: the appliance "
        "must stay off.",
    )

    # Time worked
    arrival_time = fields.Datetime(string="Arrival", copy=False, tracking=True)
    departure_time = fields.Datetime(string="Departure", copy=False, tracking=True)
    duration_forced = fields.Boolean(
        string="Force Time Worked",
        copy=False,
        help="Enter the time worked by hand instead of computing it from the arrival and "
        "departure times.",
    )
    duration = fields.Float(
        string="Time Worked",
        compute="_compute_duration",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="In hours. Computed from the arrival and departure times in whole minutes, then "
        "rounded as the company's settings say, unless forced.",
    )
    flat_rate_product_id = fields.Many2one(
        "product.product",
        string="Flat-Rate Product",
        compute="_compute_flat_rate_product_id",
        store=True,
        precompute=True,
        readonly=False,
        check_company=True,
        help="Billed instead of the time worked. Taken from the intervention type.",
    )
    labour_billable = fields.Boolean(
        compute="_compute_labour_billable",
        store=True,
        readonly=False,
        help="Bill the time worked or the flat rate. Not billed by default while the equipment "
        "is under warranty.",
    )

    # On-site records
    part_line_ids = fields.One2many(
        "sav.intervention.part.line", "intervention_id", string="Parts", copy=False
    )
    expense_line_ids = fields.One2many(
        "sav.intervention.expense.line", "intervention_id", string="Expenses", copy=False
    )
    photo_ids = fields.One2many(
        "sav.intervention.photo", "intervention_id", string="Photos", copy=False
    )
    photo_count = fields.Integer(compute="_compute_photo_count")
    report = fields.Html(
        copy=False,
        help="Work done, findings and advice to the customer, printed on the report.",
    )

    # Signature and closing
    signature = fields.Image(
        copy=False, attachment=True, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False, tracking=True)
    signed_on = fields.Datetime(copy=False, tracking=True)
    signer_comment = fields.Text(string="Customer Comment", copy=False)
    unsigned_reason = fields.Text(
        string="Closed Without Signature Because",
        copy=False,
        tracking=True,
        help="Why the back office closed the visit without the customer's signature.",
    )
    report_type = fields.Selection(
        [("summary", "Summary"), ("complete", "Complete")],
        string="Report Sent",
        required=True,
        default=lambda self: self.env.company.sav_report_type,
        help="Report e-mailed to the customer on signature.",
    )
    report_attachment_id = fields.Many2one(
        "ir.attachment", string="Report PDF", copy=False, readonly=True
    )

    # What helps on site
    site_address = fields.Char(compute="_compute_site_contact_details")
    site_map_url = fields.Char(string="Map", compute="_compute_site_contact_details")
    site_address_link = fields.Html(
        string="Address", compute="_compute_site_contact_details", sanitize=True
    )
    site_phone = fields.Char(string="Phone", compute="_compute_site_contact_details")
    site_history_html = fields.Html(
        string="Site History",
        compute="_compute_site_history",
        help="Latest visits done at this site, newest first, whoever the technician was.",
    )
    site_history_count = fields.Integer(compute="_compute_site_history")
    request_attachment_ids = fields.Many2many(
        related="request_id.attachment_ids", string="Request Documents"
    )
    contract_document_ids = fields.Many2many(
        related="request_id.contract_id.document_ids", string="Contract Documents"
    )

    # Amount to collect on site
    currency_id = fields.Many2one(related="company_id.currency_id")
    payment_on_site = fields.Boolean(
        string="Paid on Site", help="The customer pays the technician at the end of the visit."
    )
    vat_rate = fields.Float(
        string="VAT Rate (%)",
        compute="_compute_vat_rate",
        help="The company's VAT rate for visits (Settings). Invoicing computes the taxes "
        "themselves.",
    )
    amount_labour = fields.Monetary(string="Labour Amount", compute="_compute_amounts")
    amount_parts = fields.Monetary(string="Parts Amount", compute="_compute_amounts")
    amount_expenses = fields.Monetary(string="Expenses Amount", compute="_compute_amounts")
    amount_untaxed = fields.Monetary(string="Untaxed Amount", compute="_compute_amounts")
    amount_tax = fields.Monetary(string="VAT", compute="_compute_amounts")
    amount_total = fields.Monetary(string="Amount to Collect", compute="_compute_amounts")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    def _compute_access_url(self):
        for visit in self:
            # Served by sav_portal, under the customer's page of the request.
            visit.access_url = f"/my/sav/{visit.request_id.id}/visits/{visit.id}"

    @api.depends("measures", "intervention_type_id.co_measure_name")
    def _compute_co_alert(self):
        for visit in self:
            name = visit.intervention_type_id.co_measure_name
            values = visit.measures._values if visit.measures else {}
            level = values.get(name) if name else None
            if not isinstance(level, (int, float)) or isinstance(level, bool):
                visit.co_level = 0.0
                visit.co_alert = "none"
                continue
            visit.co_level = level
            if level >= CO_DANGER_PPM:
                visit.co_alert = "danger"
            elif level >= CO_ANOMALY_PPM:
                visit.co_alert = "anomaly"
            else:
                visit.co_alert = "none"

    @api.depends(
        "arrival_time",
        "departure_time",
        "duration_forced",
        "company_id.sav_duration_rounding",
        "company_id.sav_duration_rounding_method",
    )
    def _compute_duration(self):
        for visit in self:
            if visit.duration_forced:
                continue
            visit.duration = visit._get_worked_hours()

    def _get_worked_hours(self):
        """Return the rounded hours between arrival and departure, 0 if either is missing."""
        self.ensure_one()
        if not (self.arrival_time and self.departure_time):
            return 0.0
        minutes = (self.departure_time - self.arrival_time).total_seconds() // 60
        hours = max(minutes, 0) / 60
        company = self.company_id or self.env.company
        step = company.sav_duration_rounding
        if step <= 0:
            return hours
        return float_round(
            hours,
            precision_rounding=step / 60,
            rounding_method=company.sav_duration_rounding_method,
        )

    @api.depends("intervention_type_id")
    def _compute_flat_rate_product_id(self):
        for visit in self:
            visit.flat_rate_product_id = visit.intervention_type_id.flat_rate_product_id

    @api.depends("equipment_id.warranty_end")
    def _compute_labour_billable(self):
        for visit in self:
            visit.labour_billable = visit.equipment_id.warranty_status not in ("valid", "ending")

    def _compute_photo_count(self):
        counts = dict(
            self.env["sav.intervention.photo"]._read_group(
                [("intervention_id", "in", self.ids)], ["intervention_id"], ["__count"]
            )
        )
        for visit in self:
            visit.photo_count = counts.get(visit, 0)

    @api.depends("site_id", "partner_id")
    def _compute_site_contact_details(self):
        for visit in self:
            site = visit.site_id or visit.partner_id
            address = ", ".join(
                filter(None, [site.street, site.street2, " ".join(filter(None, [site.zip, site.city]))])
            )
            visit.site_address = address
            visit.site_map_url = (
                f"https://www.google.com/maps/search/?api=1&query={quote_plus(address)}"
                if address
                else False
            )
            visit.site_address_link = (
                Markup(
                    '<a href="%s" target="_blank" rel="noopener" class="o_sav_touch">'
                    '<i class="fa fa-map-marker me-2"></i>%s</a>'
                )
                % (visit.site_map_url, address)
                if address
                else False
            )
            visit.site_phone = site.phone or visit.partner_id.phone or False

    @api.depends("site_id")
    def _compute_site_history(self):
        # Technicians only read their own visits, but need the site's whole
        # history: it is read as superuser, within the visit's company, and only
        # the date, technician, type and report are shown.
        Visit = self.sudo()
        sites = self.site_id._origin
        counts = {}
        if sites:
            counts = dict(
                Visit._read_group(
                    [("site_id", "in", sites.ids), ("state", "=", "done")],
                    ["site_id"],
                    ["__count"],
                )
            )
        history_by_key = {}
        for visit in self:
            site = visit.site_id._origin
            if not site:
                visit.site_history_html = False
                visit.site_history_count = 0
                continue
            key = (site, visit.company_id._origin)
            if key not in history_by_key:
                history_by_key[key] = Visit.search(
                    [
                        ("site_id", "=", site.id),
                        ("company_id", "=", visit.company_id._origin.id),
                        ("state", "=", "done"),
                    ],
                    order="planned_start desc, id desc",
                    limit=SITE_HISTORY_LIMIT + 1,
                )
            history = (history_by_key[key] - visit._origin.sudo())[:SITE_HISTORY_LIMIT]
            visit.site_history_count = counts.get(site, 0) - (
                visit._origin.id in history_by_key[key].ids
            )
            visit.site_history_html = visit._render_site_history(history)

    def _render_site_history(self, history):
        if not history:
            return False
        items = [
            Markup(
                '<div class="o_sav_history_item border-bottom py-2">'
                "<strong>%s</strong> · %s · %s<div>%s</div></div>"
            )
            % (
                format_date(self.env, past.arrival_time or past.planned_start),
                past.technician_id.name,
                past.intervention_type_id.name or "",
                past.report or "",
            )
            for past in history
        ]
        return Markup("").join(items)

    @api.depends("company_id.sav_vat_rate")
    def _compute_vat_rate(self):
        for visit in self:
            visit.vat_rate = (visit.company_id or self.env.company).sav_vat_rate

    @api.depends(
        "duration",
        "flat_rate_product_id",
        "labour_billable",
        "part_line_ids.price_subtotal",
        "expense_line_ids.amount",
        "expense_line_ids.billable",
        "vat_rate",
    )
    def _compute_amounts(self):
        for visit in self:
            labour = 0.0
            if visit.labour_billable:
                if visit.flat_rate_product_id:
                    labour = visit.flat_rate_product_id.lst_price
                else:
                    rate = (visit.company_id or self.env.company).sav_labour_product_id.lst_price
                    labour = visit.duration * rate
            parts = sum(visit.part_line_ids.mapped("price_subtotal"))
            expenses = sum(visit.expense_line_ids.filtered("billable").mapped("amount"))
            untaxed = visit.currency_id.round(labour + parts + expenses)
            tax = visit.currency_id.round(untaxed * visit.vat_rate / 100)
            visit.update(
                {
                    "amount_labour": labour,
                    "amount_parts": parts,
                    "amount_expenses": expenses,
                    "amount_untaxed": untaxed,
                    "amount_tax": tax,
                    "amount_total": untaxed + tax,
                }
            )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("arrival_time", "departure_time")
    def _check_times(self):
        for visit in self:
            if visit.departure_time and not visit.arrival_time:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s has a departure time (%(departure)s) but no arrival "
                        "time. Enter the arrival time first.",
                        visit=visit.name,
                        departure=self._format_time(visit.departure_time),
                    )
                )
            if visit.departure_time and visit.departure_time < visit.arrival_time:
                raise ValidationError(
                    self.env._(
                        "The departure time %(departure)s of visit %(visit)s is before its "
                        "arrival time %(arrival)s. Correct one of the two times.",
                        departure=self._format_time(visit.departure_time),
                        arrival=self._format_time(visit.arrival_time),
                        visit=visit.name,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for visit in self:
            if visit.duration < 0 or visit.duration > MAX_DURATION_HOURS:
                raise ValidationError(
                    self.env._(
                        "The time worked on visit %(visit)s, %(hours)s hours, is not between 0 "
                        "and 24 hours. Enter the hours worked on that visit.",
                        visit=visit.name,
                        hours=round(visit.duration, 2),
                    )
                )

    @api.constrains("signature", "signed_by")
    def _check_signed_by(self):
        for visit in self:
            if visit.signature and not (visit.signed_by or "").strip():
                raise ValidationError(
                    self.env._(
                        "The signature of visit %(visit)s has no signer name. Enter the name of "
                        "the person who signs.",
                        visit=visit.name,
                    )
                )

    def _format_time(self, value):
        return format_datetime(self.env, value, dt_format="short")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if set(vals) - TECHNICAL_FIELDS:
            self._check_editable_by_user()
        return super().write(vals)

    def _get_technician_writable_fields(self):
        return super()._get_technician_writable_fields() | {
            "intervention_type_id",
            "measures",
            "arrival_time",
            "departure_time",
            "duration_forced",
            "duration",
            "flat_rate_product_id",
            "labour_billable",
            "part_line_ids",
            "expense_line_ids",
            "photo_ids",
            "report",
            "signature",
            "signed_by",
            "signed_on",
            "signer_comment",
            "report_type",
            "payment_on_site",
            "report_attachment_id",
        }

    def _check_editable_by_user(self):
        """Raise unless the user may change these visits: technicians cannot change closed ones."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        closed = self.filtered(lambda v: v.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "Visits %(visits)s are closed and cannot be changed. Ask a manager to "
                    "reopen them.",
                    visits=", ".join(closed.mapped("name")),
                )
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_arrive(self):
        """Record the arrival on site now and start the visit."""
        now = fields.Datetime.now()
        for visit in self:
            if visit.state not in ("planned", "in_progress"):
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is closed: reopen it before recording an arrival.",
                        visit=visit.name,
                    )
                )
            values = {"arrival_time": now}
            if visit.departure_time and visit.departure_time < now:
                values["departure_time"] = False
            if visit.state == "planned":
                values["state"] = "in_progress"
            visit.write(values)

    def action_leave(self):
        """Record the departure from the site now."""
        now = fields.Datetime.now()
        missing = self.filtered(lambda v: not v.arrival_time)
        if missing:
            raise UserError(
                self.env._(
                    "Visits %(visits)s have no arrival time. Press Arrive first, or enter the "
                    "arrival time.",
                    visits=", ".join(missing.mapped("name")),
                )
            )
        self.write({"departure_time": now})

    def action_done(self):
        unsigned = self.filtered(lambda v: not v.signature and not v.unsigned_reason)
        if unsigned:
            raise UserError(
                self.env._(
                    "Visits %(visits)s are not signed. Have the customer sign with the Sign "
                    "button, or let the back office close them without signature and give "
                    "the reason.",
                    visits=", ".join(unsigned.mapped("name")),
                )
            )
        return super().action_done()

    def action_open_sign_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Signature"),
            "res_model": "sav.intervention.sign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_intervention_id": self.id},
        }

    def action_open_close_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close Without Signature"),
            "res_model": "sav.intervention.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_intervention_ids": self.ids},
        }

    def action_open_reopen_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reopen Visit"),
            "res_model": "sav.intervention.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_intervention_ids": self.ids},
        }

    def action_view_site_history(self):
        self.ensure_one()
        action = self.site_id._get_sav_site_history_action(
            "sav_request.sav_intervention_action_history"
        )
        action["domain"] = [("site_id", "=", self.site_id.id), ("state", "=", "done")]
        return action

    def action_view_report(self):
        self.ensure_one()
        return self.env.ref(REPORT_ACTIONS[self.report_type]).report_action(self)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _action_sign(self, signature, signed_by, signer_comment=False):
        """Record the customer's signature, close the visit and send the report.

        :param signature: the signature image, base64-encoded
        :param str signed_by: name of the person who signed
        :param str signer_comment: the signer's optional comment
        """
        self.ensure_one()
        signed_by = (signed_by or "").strip()
        if not signed_by:
            raise ValidationError(
                self.env._(
                    "Enter the name of the person who signs visit %(visit)s.", visit=self.name
                )
            )
        if not signature:
            raise ValidationError(
                self.env._(
                    "Visit %(visit)s has no signature yet. %(signer)s signs in the box, then "
                    "confirm.",
                    visit=self.name,
                    signer=signed_by,
                )
            )
        if self.state not in ("planned", "in_progress"):
            raise UserError(
                self.env._(
                    "Visit %(visit)s is already closed, so it cannot be signed again.",
                    visit=self.name,
                )
            )
        now = fields.Datetime.now()
        values = {
            "signature": signature,
            "signed_by": signed_by,
            "signed_on": now,
            "signer_comment": signer_comment or False,
        }
        if not self.arrival_time:
            values["arrival_time"] = now
        if not self.departure_time:
            values["departure_time"] = now
        self.write(values)
        self.action_done()
        self._send_report()

    def _action_close_unsigned(self, reason, send_report=True):
        """Close visits that the customer could not sign, keeping the reason.

        :param str reason: why there is no signature, e.g. the customer was absent
        :param bool send_report: also file and e-mail the report
        """
        self.write({"unsigned_reason": reason})
        self.action_done()
        if send_report:
            for visit in self:
                visit._send_report()

    def _action_reopen(self, reason):
        """Reopen done visits: the signature is cleared, the reason goes to the chatter."""
        not_done = self.filtered(lambda v: v.state != "done")
        if not_done:
            raise UserError(
                self.env._(
                    "Visits %(visits)s are not done, so there is nothing to reopen.",
                    visits=", ".join(not_done.mapped("name")),
                )
            )
        self.write(
            {
                "state": "in_progress",
                "signature": False,
                "signed_by": False,
                "signed_on": False,
                "signer_comment": False,
                "unsigned_reason": False,
            }
        )
        for visit in self:
            visit.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Visit reopened. Reason:"), reason),
                subtype_xmlid="mail.mt_note",
            )

    def _render_report_pdf(self):
        """Render the chosen report of the visit in the customer's language."""
        self.ensure_one()
        visit = self.with_context(lang=self.partner_id.lang or self.env.lang)
        pdf, _report_format = self.env["ir.actions.report"].with_context(
            lang=visit.env.lang
        )._render_qweb_pdf(REPORT_ACTIONS[self.report_type], self.ids)
        return pdf

    def _get_report_filename(self):
        self.ensure_one()
        visit = self.with_context(lang=self.partner_id.lang or self.env.lang)
        return visit.env._("Visit report %(visit)s.pdf", visit=self.name.replace("/", "-"))

    def _send_report(self):
        """File the report PDF on the visit and its request, then e-mail it to the customer.

        The e-mail leaves through Odoo's mail queue after the transaction: when
        the SMTP server fails, the visit stays done, the failure shows on the
        visit, and a scheduled action puts the e-mail back in the queue.
        """
        self.ensure_one()
        pdf = self._render_report_pdf()
        Attachment = self.env["ir.attachment"].sudo()
        attachment = Attachment.create(
            {
                "name": self._get_report_filename(),
                "raw": pdf,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        request_copy = attachment.copy({"res_model": "sav.request", "res_id": self.request_id.id})
        self.request_id.sudo().attachment_ids = [Command.link(request_copy.id)]
        self.sudo().report_attachment_id = attachment
        self._portal_ensure_token()
        template = self.env.ref("sav_field_service.mail_template_sav_intervention_report")
        if not self.partner_id.email:
            self.message_post(
                body=self.env._(
                    "The report was not e-mailed: customer %(customer)s has no e-mail address.",
                    customer=self.partner_id.display_name,
                ),
                attachment_ids=attachment.ids,
                subtype_xmlid="mail.mt_note",
            )
            return
        self.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachment.ids,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _get_measure_lines(self):
        """Return the measures to print: [(label, value as text, is the CO measure)]."""
        self.ensure_one()
        values = self.measures._values if self.measures else {}
        co_name = self.intervention_type_id.co_measure_name
        lines = []
        for prop in self.intervention_type_id.measure_definition or []:
            if prop.get("type") == "separator":
                continue
            value = values.get(prop["name"])
            if value in (None, False, "") and prop.get("type") != "boolean":
                continue
            if prop.get("type") == "boolean":
                text = self.env._("Yes") if value else self.env._("No")
            elif prop.get("type") == "selection":
                text = dict(prop.get("selection") or []).get(value, value)
            else:
                text = str(value)
            lines.append((prop.get("string") or prop["name"], text, prop["name"] == co_name))
        return lines

    def _get_report_qr_code(self):
        """Return the QR code of the customer's online copy as a PNG data URI."""
        self.ensure_one()
        url = self.get_base_url() + self.sudo().get_portal_url()
        png = self.env["ir.actions.report"].barcode("QR", url, width=200, height=200)
        return f"data:image/png;base64,{base64.b64encode(png).decode()}"

    @api.model
    def _cron_retry_report_emails(self, days=7):
        """Put back in the queue the visit e-mails that the SMTP server refused lately.

        Odoo's queue only sends outgoing e-mails, and marks those that fail as
        delivery failures, so a short SMTP outage would lose the reports.
        Address errors are left alone: retrying them cannot succeed.
        """
        failed = self.env["mail.mail"].sudo().search(
            [
                ("state", "=", "exception"),
                ("model", "=", self._name),
                ("create_date", ">=", fields.Datetime.now() - timedelta(days=days)),
                (
                    "failure_type",
                    "not in",
                    ["mail_email_invalid", "mail_email_missing", "mail_from_invalid",
                     "mail_from_missing", "mail_bl"],
                ),
            ]
        )
        failed.mark_outgoing()
        return failed

    def _get_report_tz(self):
        self.ensure_one()
        return self.technician_id.tz or self.partner_id.tz or self.env.user.tz or "UTC"

    def _format_report_datetime(self, value, dt_format="short"):
        """Format a datetime for the report in the technician's time zone."""
        self.ensure_one()
        if not value:
            return ""
        return format_datetime(self.env, value, tz=self._get_report_tz(), dt_format=dt_format)

    def _format_report_time(self, value):
        """Format the time of day of a datetime (HH:MM) in the technician's time zone."""
        self.ensure_one()
        if not value:
            return ""
        return format_datetime(self.env, value, tz=self._get_report_tz(), dt_format="HH:mm")
