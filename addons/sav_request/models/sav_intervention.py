from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_datetime

TECHNICIAN_GROUP = "sav_request.sav_request_group_technician"
DISPATCHER_GROUP = "sav_request.sav_request_group_dispatcher"
# Planned length of a visit when the dispatcher only gives its start.
DEFAULT_VISIT_HOURS = 2


class SavIntervention(models.Model):
    _name = "sav.intervention"
    _description = "After-Sales Visit"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "planned_start desc, id desc"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True, precompute=True)
    request_id = fields.Many2one(
        "sav.request",
        required=True,
        ondelete="cascade",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', 'not in', ('done', 'cancelled'))]",
    )
    partner_id = fields.Many2one(
        related="request_id.partner_id", string="Customer", store=True, index=True
    )
    site_id = fields.Many2one(related="request_id.site_id", string="Site", store=True, index=True)
    equipment_id = fields.Many2one(
        related="request_id.equipment_id", string="Equipment", store=True, index="btree_not_null"
    )
    channel = fields.Selection(related="request_id.channel")
    priority = fields.Selection(related="request_id.priority")
    site_door_code = fields.Char(related="site_id.sav_door_code", string="Door Code")
    site_contact = fields.Char(related="site_id.sav_site_contact", string="Contact on Site")
    site_opening_hours = fields.Char(related="site_id.sav_opening_hours", string="Opening Hours")
    site_access_notes = fields.Text(related="site_id.sav_access_notes", string="Access Notes")
    technician_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: [("all_group_ids", "in", self.env.ref(TECHNICIAN_GROUP).ids)],
    )
    planned_start = fields.Datetime(required=True, tracking=True)
    planned_end = fields.Datetime(
        compute="_compute_planned_end",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
    )
    planned_hours = fields.Float(
        string="Planned Duration", compute="_compute_planned_hours", help="In hours."
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    instructions = fields.Html(help="What the technician has to do on site.")
    overlap_warning = fields.Char(compute="_compute_overlap_warning")
    user_can_plan = fields.Boolean(
        compute="_compute_user_can_plan", help="Whether the current user may change the planning."
    )
    company_id = fields.Many2one(
        related="request_id.company_id", string="Company", store=True, index=True
    )

    # The calendar selects the visits that end after the start of the shown
    # period. Most visits are history, so planned_end is the selective bound.
    _technician_end_idx = models.Index("(technician_id, planned_end)")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("request_id.name", "request_id.partner_id.name")
    def _compute_name(self):
        for visit in self:
            visit.name = " - ".join(
                filter(None, [visit.request_id.name, visit.request_id.partner_id.name])
            )

    @api.depends("planned_start")
    def _compute_planned_end(self):
        for visit in self:
            if visit.planned_start and (
                not visit.planned_end or visit.planned_end <= visit.planned_start
            ):
                visit.planned_end = visit.planned_start + timedelta(hours=DEFAULT_VISIT_HOURS)

    @api.depends("planned_start", "planned_end")
    def _compute_planned_hours(self):
        for visit in self:
            if visit.planned_start and visit.planned_end:
                delta = visit.planned_end - visit.planned_start
                visit.planned_hours = delta.total_seconds() / 3600
            else:
                visit.planned_hours = 0.0

    @api.depends_context("uid")
    def _compute_user_can_plan(self):
        self.user_can_plan = self.env.user.has_group(DISPATCHER_GROUP)

    @api.depends("technician_id", "planned_start", "planned_end", "state")
    def _compute_overlap_warning(self):
        overlaps = self._get_overlapping_interventions()
        for visit in self:
            others = overlaps.get(visit)
            visit.overlap_warning = others and visit._get_overlap_message(others)

    def _get_overlapping_interventions(self):
        """Return the other active visits of the same technician at the same time.

        :return: {visit: other visits} for the visits in self that overlap others
        """
        active = self.filtered(
            lambda v: v.technician_id
            and v.planned_start
            and v.planned_end
            and v.state in ("planned", "in_progress")
        )
        if not active:
            return {}
        candidates = self.search(
            [
                ("technician_id", "in", active.technician_id.ids),
                ("state", "in", ("planned", "in_progress")),
                ("planned_start", "<", max(active.mapped("planned_end"))),
                ("planned_end", ">", min(active.mapped("planned_start"))),
            ]
        )
        result = {}
        for visit in active:
            others = candidates.filtered(
                lambda other, visit=visit: other != visit._origin
                and other.technician_id == visit.technician_id
                and other.planned_start < visit.planned_end
                and other.planned_end > visit.planned_start
            )
            if others:
                result[visit] = others
        return result

    def _get_overlap_message(self, others):
        self.ensure_one()
        slots = ", ".join(
            self.env._(
                "%(visit)s from %(start)s to %(end)s",
                visit=other.name,
                start=format_datetime(self.env, other.planned_start, dt_format="short"),
                end=format_datetime(self.env, other.planned_end, dt_format="short"),
            )
            for other in others
        )
        return self.env._(
            "%(technician)s already has a visit at that time: %(visits)s.",
            technician=self.technician_id.name,
            visits=slots,
        )

    # ------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------

    @api.constrains("planned_start", "planned_end")
    def _check_planned_dates(self):
        for visit in self:
            if visit.planned_end <= visit.planned_start:
                raise ValidationError(
                    self.env._(
                        "The planned end %(end)s of visit %(visit)s is not after its planned "
                        "start %(start)s. Set an end after the start.",
                        end=format_datetime(self.env, visit.planned_end, dt_format="short"),
                        start=format_datetime(self.env, visit.planned_start, dt_format="short"),
                        visit=visit.name,
                    )
                )

    @api.constrains("technician_id")
    def _check_technician_id(self):
        technicians = self.env.ref(TECHNICIAN_GROUP).sudo().all_user_ids
        for visit in self:
            if visit.technician_id not in technicians:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a technician, so visit %(visit)s cannot be planned for "
                        "them. Pick another technician, or ask a manager to add %(user)s to the "
                        "After-Sales Technician group.",
                        user=visit.technician_id.name,
                        visit=visit.name,
                    )
                )

    @api.onchange("technician_id", "planned_start", "planned_end")
    def _onchange_overlap_warning(self):
        if self.overlap_warning:
            return {
                "warning": {
                    "title": self.env._("Overlapping visits"),
                    "message": self.overlap_warning,
                    "type": "notification",
                }
            }
        return None

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        visits._subscribe_technicians()
        visits._notify_technicians(is_new=True)
        return visits

    def write(self, vals):
        self._check_technician_write(vals)
        notify = {"technician_id", "planned_start", "planned_end"} & set(vals)
        previous = {visit: visit.technician_id for visit in self} if notify else {}
        res = super().write(vals)
        if notify:
            if "technician_id" in vals:
                self._subscribe_technicians()
                for visit, technician in previous.items():
                    if technician != visit.technician_id:
                        visit._notify_removed_technician(technician)
            self._notify_technicians(is_new=False)
        return res

    def _get_technician_writable_fields(self):
        """Return the fields a technician may change on their own visits."""
        return {"state", "instructions"}

    def _check_technician_write(self, vals):
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        forbidden = set(vals) - self._get_technician_writable_fields()
        if forbidden:
            labels = ", ".join(self._fields[fname].get_description(self.env)["string"]
                               for fname in sorted(forbidden) if fname in self._fields)
            raise AccessError(
                self.env._(
                    "Technicians cannot change %(fields)s on a visit. Ask the back office.",
                    fields=labels,
                )
            )

    # ------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------

    def _subscribe_technicians(self):
        for visit in self:
            visit.message_subscribe(visit.technician_id.partner_id.ids)

    def _notify_technicians(self, is_new):
        """Tell each technician about a new or changed visit.

        Odoo delivers it in the inbox or by e-mail, as the technician's
        notification preference sets.
        """
        if self.env.context.get("tracking_disable"):
            return
        for visit in self:
            technician = visit.technician_id
            if technician == self.env.user or visit.state not in ("planned", "in_progress"):
                continue
            visit_lang = visit.with_context(lang=technician.lang or self.env.lang)
            visit_lang._notify_technician_message(technician, is_new)

    def _notify_technician_message(self, technician, is_new):
        self.ensure_one()
        tz_env = self.with_context(tz=technician.tz or self.env.context.get("tz")).env
        start = format_datetime(tz_env, self.planned_start, tz=technician.tz, dt_format="short")
        end = format_datetime(tz_env, self.planned_end, tz=technician.tz, dt_format="short")
        if is_new:
            subject = self.env._("New visit: %(visit)s", visit=self.name)
            intro = self.env._("You are planned for a new visit.")
        else:
            subject = self.env._("Visit changed: %(visit)s", visit=self.name)
            intro = self.env._("One of your visits has changed.")
        details = self.env._(
            "%(site)s, from %(start)s to %(end)s, for request %(request)s.",
            site=self.site_id.display_name or self.partner_id.display_name,
            start=start,
            end=end,
            request=self.request_id.name,
        )
        self.message_notify(
            partner_ids=technician.partner_id.ids,
            subject=subject,
            body=Markup("<p>%s</p><p>%s</p>") % (intro, details),
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _notify_removed_technician(self, technician):
        self.ensure_one()
        if not technician or technician == self.env.user:
            return
        visit = self.with_context(lang=technician.lang or self.env.lang)
        visit.message_notify(
            partner_ids=technician.partner_id.ids,
            subject=visit.env._("Visit reassigned: %(visit)s", visit=visit.name),
            body=Markup("<p>%s</p>")
            % visit.env._(
                "Visit %(visit)s is now planned for %(technician)s.",
                visit=visit.name,
                technician=visit.technician_id.name,
            ),
            email_layout_xmlid="mail.mail_notification_light",
        )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _check_state_transition(self, allowed, target):
        wrong = self.filtered(lambda v: v.state not in allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "Visits %(visits)s cannot go to %(target)s from their current state.",
                    visits=", ".join(wrong.mapped("name")),
                    target=dict(self._fields["state"]._description_selection(self.env))[target],
                )
            )

    def action_start(self):
        self._check_state_transition(("planned",), "in_progress")
        self.state = "in_progress"

    def action_done(self):
        self._check_state_transition(("planned", "in_progress"), "done")
        self.state = "done"

    def action_cancel(self):
        self._check_state_transition(("planned", "in_progress"), "cancelled")
        self.state = "cancelled"

    def action_reset_to_planned(self):
        self._check_state_transition(("cancelled", "in_progress", "done"), "planned")
        self.state = "planned"

    @api.model
    def _get_calendar_domain(self, date_from, date_to, technician_ids=None):
        """Return the domain of the visits shown on the planning between two datetimes."""
        domain = Domain("planned_start", "<", date_to) & Domain("planned_end", ">", date_from)
        if technician_ids:
            domain &= Domain("technician_id", "in", technician_ids)
        return domain
