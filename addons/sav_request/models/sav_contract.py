from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SavContract(models.Model):
    _name = "sav.contract"
    _description = "Maintenance Contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        tracking=True,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
    )
    site_ids = fields.Many2many(
        "res.partner",
        "sav_contract_site_rel",
        "contract_id",
        "site_id",
        string="Sites Covered",
        check_company=True,
        domain="[('id', 'child_of', partner_id)]",
        help="Addresses of the customer where the contract applies.",
    )
    date_start = fields.Date(
        string="Start Date", required=True, tracking=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date", tracking=True, help="Leave empty for no end date.")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    document_ids = fields.Many2many(
        "ir.attachment",
        "sav_contract_ir_attachment_rel",
        "contract_id",
        "attachment_id",
        string="Signed Documents",
        copy=False,
        help="Signed contract, schedules and appendices.",
    )
    notes = fields.Html()
    request_ids = fields.One2many("sav.request", "contract_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _date_order = models.Constraint(
        "CHECK(date_end IS NULL OR date_end >= date_start)",
        "A contract cannot end before it starts.",
    )

    def _compute_request_count(self):
        counts = dict(
            self.env["sav.request"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.request_count = counts.get(contract, 0)

    @api.constrains("partner_id", "site_ids")
    def _check_site_ids(self):
        for contract in self:
            customer = contract.partner_id.commercial_partner_id
            for site in contract.site_ids:
                if site.commercial_partner_id != customer:
                    raise ValidationError(
                        self.env._(
                            "The site %(site)s belongs to %(owner)s, not to %(customer)s, the "
                            "customer of contract %(contract)s. Remove it from the sites covered "
                            "or pick that customer's addresses.",
                            site=site.display_name,
                            owner=site.commercial_partner_id.display_name,
                            customer=customer.display_name,
                            contract=contract.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = (
                    self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("sav.contract") or self.env._("New")
        contracts = super().create(vals_list)
        contracts._attach_documents()
        return contracts

    def write(self, vals):
        res = super().write(vals)
        if "document_ids" in vals:
            self._attach_documents()
        return res

    def _attach_documents(self):
        """Link uploaded documents to their contract, so that they follow its access rights."""
        for contract in self:
            loose = contract.document_ids.filtered(
                lambda attachment: not attachment.res_id or attachment.res_model != self._name
            )
            loose.sudo().write({"res_model": self._name, "res_id": contract.id})

    def action_start(self):
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Only draft contracts can start. Contract %(contract)s is %(state)s.",
                        contract=contract.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            contract.state
                        ],
                    )
                )
        expired = self.filtered(lambda c: c.date_end and c.date_end < today)
        expired.state = "expired"
        (self - expired).state = "running"

    def action_cancel(self):
        self.state = "cancelled"

    def action_draft(self):
        self.state = "draft"

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_request.sav_request_action_history"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    @api.model
    def _cron_expire_contracts(self):
        """Expire the running contracts whose end date is past."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "running"), ("date_end", "<", today)]).state = "expired"
