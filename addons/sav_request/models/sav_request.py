from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import groupby

PRIORITIES = [
    ("0", "Normal"),
    ("1", "High"),
    ("2", "Urgent"),
]


class SavRequest(models.Model):
    _name = "sav.request"
    _description = "After-Sales Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date, id"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
    )
    summary = fields.Char(
        tracking=True, help="The problem in a few words, e.g. No hot water since this morning."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    site_id = fields.Many2one(
        "res.partner",
        compute="_compute_site_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id)]",
        help="Where the work is to be done: the customer's own address or one of its addresses.",
    )
    site_door_code = fields.Char(related="site_id.sav_door_code", string="Door Code")
    site_contact = fields.Char(related="site_id.sav_site_contact", string="Contact on Site")
    site_opening_hours = fields.Char(related="site_id.sav_opening_hours", string="Opening Hours")
    site_access_notes = fields.Text(related="site_id.sav_access_notes", string="Access Notes")
    equipment_id = fields.Many2one(
        "sav.equipment",
        compute="_compute_equipment_id",
        store=True,
        precompute=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('site_id', '=', site_id)]",
    )
    warranty_status = fields.Selection(related="equipment_id.warranty_status")
    contract_id = fields.Many2one(
        "sav.contract",
        compute="_compute_contract_id",
        store=True,
        precompute=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', commercial_partner_id), ('state', '=', 'running')]",
        help="Running maintenance contract covering the site, found from the site by default.",
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("portal", "Portal"),
            ("email", "E-mail"),
            ("other", "Other"),
        ],
        default="phone",
        required=True,
        tracking=True,
        help="How the request reached the back office.",
    )
    description = fields.Html()
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True)
    state = fields.Selection(
        [
            ("new", "Pending"),
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        readonly=False,
        default="new",
        required=True,
        tracking=True,
        copy=False,
        help="Pending until a visit is planned, then follows the visits.",
    )
    cancel_reason = fields.Text(tracking=True, copy=False)
    intervention_ids = fields.One2many("sav.intervention", "request_id", string="Visits", copy=False)
    intervention_count = fields.Integer(string="Visit Count", compute="_compute_intervention_count")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "sav_request_ir_attachment_rel",
        "request_id",
        "attachment_id",
        string="Documents",
        copy=False,
        help="Plans, technical descriptions, installation notices, photos.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Back-Office Owner",
        tracking=True,
        index="btree_not_null",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    # The back office's pending list: requests not yet planned, oldest first.
    # There is no index on state alone, because this one serves the only
    # selective state filter.
    _pending_idx = models.Index("(create_date, id) WHERE state = 'new'")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_site_id(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id
            if not customer:
                request.site_id = False
            elif request.site_id.commercial_partner_id != customer:
                request.site_id = request.partner_id.address_get(["delivery"])["delivery"]

    @api.depends("site_id")
    def _compute_equipment_id(self):
        equipment_by_site = {}
        sites = self.site_id.filtered("id")
        if sites:
            groups = self.env["sav.equipment"]._read_group(
                [("site_id", "in", sites.ids)], ["site_id", "company_id"], ["id:array_agg"]
            )
            equipment_by_site = {(site, company): ids for site, company, ids in groups}
        for request in self:
            if request.equipment_id and request.equipment_id.site_id == request.site_id:
                continue
            key = (request.site_id._origin, request.company_id._origin)
            ids = equipment_by_site.get(key, [])
            # Only an unambiguous choice is made for the back office.
            request.equipment_id = ids[0] if len(ids) == 1 else False

    @api.depends("site_id", "partner_id", "company_id")
    def _compute_contract_id(self):
        sites = self.site_id._origin
        contracts = self.env["sav.contract"]
        if sites:
            contracts = contracts.search(
                [("state", "=", "running"), ("site_ids", "in", sites.ids)],
                order="date_start desc, id desc",
            )
        for request in self:
            if request.contract_id and request.contract_id.state == "running" and (
                request.site_id._origin in request.contract_id.site_ids
            ):
                continue
            request.contract_id = next(
                (
                    contract
                    for contract in contracts
                    if request.site_id._origin in contract.site_ids
                    and contract.company_id == request.company_id
                ),
                False,
            )

    @api.depends("intervention_ids.state")
    def _compute_state(self):
        """Follow the visits: planned once one is planned, then in progress, then done.

        A cancelled request stays cancelled whatever happens to its visits.
        """
        for request in self:
            if request.state == "cancelled":
                continue
            request.state = request._get_state_from_interventions()

    def _get_state_from_interventions(self):
        self.ensure_one()
        states = set(self.intervention_ids.mapped("state")) - {"cancelled"}
        if not states:
            return "new"
        if "in_progress" in states or states == {"planned", "done"}:
            return "in_progress"
        if states == {"done"}:
            return "done"
        return "planned"

    def _compute_intervention_count(self):
        counts = dict(
            self.env["sav.intervention"]._read_group(
                [("request_id", "in", self.ids)], ["request_id"], ["__count"]
            )
        )
        for request in self:
            request.intervention_count = counts.get(request, 0)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("partner_id", "site_id")
    def _check_site_id(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id
            if request.site_id and request.site_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "The site %(site)s belongs to %(owner)s, not to the customer "
                        "%(customer)s of request %(request)s. Pick one of the customer's "
                        "addresses or create a new one.",
                        site=request.site_id.display_name,
                        owner=request.site_id.commercial_partner_id.display_name,
                        customer=customer.display_name,
                        request=request.name,
                    )
                )

    @api.constrains("partner_id", "contract_id")
    def _check_contract_id(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id
            contract = request.contract_id
            if contract and contract.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s is held by %(holder)s, not by the customer "
                        "%(customer)s of request %(request)s. Pick one of the customer's "
                        "contracts or leave the contract empty.",
                        contract=contract.name,
                        holder=contract.partner_id.display_name,
                        customer=customer.display_name,
                        request=request.name,
                    )
                )

    @api.constrains("partner_id", "equipment_id")
    def _check_equipment_id(self):
        for request in self:
            customer = request.partner_id.commercial_partner_id
            equipment = request.equipment_id
            if equipment and equipment.partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "The equipment %(equipment)s is installed at %(site)s, which does not "
                        "belong to the customer %(customer)s of request %(request)s. Pick an "
                        "equipment at one of the customer's sites.",
                        equipment=equipment.display_name,
                        site=equipment.site_id.display_name,
                        customer=customer.display_name,
                        request=request.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == new_label:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("sav.request")
                    or new_label
                )
        requests = super().create(vals_list)
        requests._attach_documents()
        requests._subscribe_customers()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_documents()
        if "partner_id" in vals:
            self._subscribe_customers()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_planned(self):
        started = self.filtered(lambda r: r.state in ("in_progress", "done"))
        if started:
            raise UserError(
                self.env._(
                    "Requests %(requests)s have visits in progress or done and cannot be "
                    "deleted. Cancel them instead.",
                    requests=", ".join(started.mapped("name")),
                )
            )

    def _attach_documents(self):
        """Link the uploaded documents to their request, so that they follow its access rights."""
        for request in self:
            loose = request.attachment_ids.filtered(
                lambda attachment: not attachment.res_id or attachment.res_model != self._name
            )
            loose.sudo().write({"res_model": self._name, "res_id": request.id})

    def _subscribe_customers(self):
        """Make each customer a follower, so that the messages sent on the request reach them."""
        for partner, requests in groupby(self, key=lambda request: request.partner_id):
            self.browse(request.id for request in requests).message_subscribe(partner.ids)

    # ------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Create a request from an e-mail sent to the alias: the sender is the customer.

        An unknown sender becomes a new contact, so that the back office can
        reply from the request.
        """
        values = dict(custom_values or {})
        if not msg_dict.get("author_id") and msg_dict.get("email_from"):
            author = self.env["mail.thread"]._partner_find_from_emails_single(
                [msg_dict["email_from"]], no_create=False
            )
            msg_dict["author_id"] = author.id
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        values.setdefault("channel", "email")
        values.setdefault("partner_id", author.commercial_partner_id.id)
        values.setdefault("summary", msg_dict.get("subject") or self.env._("No Subject"))
        values.setdefault("description", msg_dict.get("body"))
        # Without a name, the gateway would use the subject as reference, so
        # the placeholder makes create() take the next number of the sequence.
        values.setdefault("name", self.env._("New"))
        gateway = self.with_context(default_user_id=False)
        return super(SavRequest, gateway).message_new(msg_dict, custom_values=values)

    def _message_post_after_hook(self, message, msg_vals):
        # Documents sent by e-mail join the request's documents.
        if message.message_type == "email" and message.attachment_ids:
            self.attachment_ids = [fields.Command.link(a.id) for a in message.attachment_ids]
        return super()._message_post_after_hook(message, msg_vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_plan_intervention(self):
        """Open a new visit of this request in a dialog."""
        self.ensure_one()
        if self.state in ("done", "cancelled"):
            raise UserError(
                self.env._(
                    "Request %(request)s is closed. Reopen it before planning a visit.",
                    request=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan a Visit"),
            "res_model": "sav.intervention",
            "view_mode": "form",
            "views": [[self.env.ref("sav_request.sav_intervention_view_form").id, "form"]],
            "target": "new",
            "context": {"default_request_id": self.id, "dialog_size": "medium"},
        }

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_request.sav_intervention_action_history"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id}
        return action

    def action_cancel(self):
        """Open the wizard that records why the requests are cancelled."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel Requests"),
            "res_model": "sav.request.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": self.ids},
        }

    def _action_cancel(self, reason):
        """Cancel the requests and their visits that are not done.

        :param str reason: why the requests are cancelled, kept on each request
        """
        closed = self.filtered(lambda r: r.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "Requests %(requests)s are already done or cancelled.",
                    requests=", ".join(closed.mapped("name")),
                )
            )
        self.write({"state": "cancelled", "cancel_reason": reason})
        self.intervention_ids.filtered(lambda i: i.state in ("planned", "in_progress")).write(
            {"state": "cancelled"}
        )

    def action_reopen(self):
        """Reopen cancelled requests: their state follows their visits again."""
        for request in self.filtered(lambda r: r.state == "cancelled"):
            request.write(
                {"state": request._get_state_from_interventions(), "cancel_reason": False}
            )
