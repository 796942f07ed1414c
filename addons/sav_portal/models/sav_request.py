from odoo import api, fields, models
from odoo.fields import Domain


class SavRequest(models.Model):
    _name = "sav.request"
    _inherit = ["sav.request", "portal.mixin"]

    preferred_time_slots = fields.Text(
        help="When the customer would rather be visited, as given on the portal.",
    )
    portal_document_ids = fields.Many2many(
        "ir.attachment",
        "sav_request_portal_attachment_rel",
        "request_id",
        "attachment_id",
        string="Documents for the Customer",
        copy=False,
        help="Documents the customer can download from the portal: those they sent with "
        "the request and those the back office shares with them.",
    )
    portal_remote_addr = fields.Char(
        string="Filed From IP Address",
        readonly=True,
        copy=False,
        groups="sav_request.sav_request_group_manager",
        help="Network address of a visitor who filed the request on the portal without an "
        "account, kept to limit the number of requests per address.",
    )
    first_visit_start = fields.Datetime(
        string="First Visit",
        compute="_compute_first_visit_start",
        store=True,
        help="Planned start of the earliest visit that is not cancelled.",
    )
    visit_delay_hours = fields.Float(
        string="Delay to First Visit",
        compute="_compute_visit_delay_hours",
        store=True,
        aggregator="avg",
        help="Hours from the request to its first visit.",
    )

    @api.depends("intervention_ids.planned_start", "intervention_ids.state")
    def _compute_first_visit_start(self):
        starts = dict(
            self.env["sav.intervention"]._read_group(
                [("request_id", "in", self._origin.ids), ("state", "!=", "cancelled")],
                ["request_id"],
                ["planned_start:min"],
            )
        )
        for request in self:
            request.first_visit_start = starts.get(request._origin, False)

    @api.depends("first_visit_start", "create_date")
    def _compute_visit_delay_hours(self):
        for request in self:
            if request.first_visit_start and request.create_date:
                delta = request.first_visit_start - request.create_date
                request.visit_delay_hours = max(delta.total_seconds(), 0) / 3600
            else:
                request.visit_delay_hours = 0.0

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/sav/{request.id}"
        return result

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._attach_portal_documents()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if "portal_document_ids" in vals:
            self._attach_portal_documents()
        return res

    def _attach_portal_documents(self):
        """Link the documents shared with the customer to their request, like its other documents."""
        for request in self:
            loose = request.portal_document_ids.filtered(
                lambda a: not a.res_id or a.res_model != "sav.request"
            )
            loose.sudo().write({"res_model": request._name, "res_id": request.id})

    @api.model
    def _get_portal_domain(self, partner):
        """Return the domain of the requests of ``partner``'s commercial entity."""
        return Domain("partner_id", "child_of", partner.commercial_partner_id.id)

    def _get_portal_state_history(self):
        """Return the steps of the request, oldest first: [(datetime, label)].

        The state follows the visits through a stored compute, which Odoo does not
        track, so the steps come from the visits themselves: planned when a visit
        is created, in progress on the technician's arrival, done on departure.
        Changes written by hand (cancellation, reopening) come from the tracking.
        """
        self.ensure_one()
        field = self._fields["state"]
        labels = dict(field._description_selection(self.env))
        steps = [(self.create_date, labels["new"])]
        for visit in self.intervention_ids.filtered(lambda v: v.state != "cancelled"):
            steps.append((visit.create_date, labels["planned"]))
            if visit.state in ("in_progress", "done"):
                steps.append((visit.arrival_time or visit.planned_start, labels["in_progress"]))
            if visit.state == "done":
                steps.append((visit.departure_time or visit.planned_end, labels["done"]))
        # Tracking stores the label in the language of the user who made the change, so
        # the label is mapped back to its state, shown in the reader's language.
        keys = {}
        for lang, _name in self.env["res.lang"].get_installed():
            keys.update(
                (label, key)
                for key, label in field._description_selection(self.with_context(lang=lang).env)
            )
        trackings = self.env["mail.tracking.value"].sudo().search(
            [
                ("mail_message_id.model", "=", self._name),
                ("mail_message_id.res_id", "=", self.id),
                ("field_id.name", "=", "state"),
                ("field_id.model", "=", self._name),
            ]
        )
        for tracking in trackings:
            key = keys.get(tracking.new_value_char)
            if key:
                steps.append((tracking.mail_message_id.date, labels[key]))
        steps.sort(key=lambda step: step[0])
        # Several visits repeat the same step: keep its first occurrence in a row.
        history = []
        for moment, label in steps:
            if not history or history[-1][1] != label:
                history.append((moment, label))
        return history
