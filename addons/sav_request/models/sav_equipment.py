from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# Days before the warranty end from which the equipment shows as "ending soon".
WARRANTY_ENDING_SOON_DAYS = 30


class SavEquipment(models.Model):
    _name = "sav.equipment"
    _description = "Equipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "site_id, name, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="How the equipment is called at the site, e.g. Boiler - Frisquet Prestige.",
    )
    active = fields.Boolean(default=True)
    site_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="Address where the equipment is installed.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="site_id.commercial_partner_id",
        store=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product", check_company=True,
        help="Catalogue product this equipment is an instance of, if any.",
    )
    brand = fields.Char(tracking=True)
    model = fields.Char(tracking=True)
    serial_number = fields.Char(tracking=True, copy=False, index="btree_not_null")
    installation_date = fields.Date(tracking=True)
    warranty_end = fields.Date(tracking=True)
    warranty_status = fields.Selection(
        [
            ("none", "No Warranty Date"),
            ("valid", "Under Warranty"),
            ("ending", "Warranty Ending Soon"),
            ("expired", "Warranty Expired"),
        ],
        compute="_compute_warranty_status",
        search="_search_warranty_status",
        help="Ending soon means the warranty ends within 30 days.",
    )
    notes = fields.Html()
    request_ids = fields.One2many("sav.request", "equipment_id", string="Requests")
    request_count = fields.Integer(compute="_compute_history_counts")
    intervention_count = fields.Integer(string="Visit Count", compute="_compute_history_counts")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _serial_number_unique = models.UniqueIndex(
        "(company_id, brand, serial_number) WHERE serial_number IS NOT NULL",
        "This serial number is already recorded for this brand.",
    )

    @api.depends("brand", "model")
    def _compute_name(self):
        for equipment in self:
            if not equipment.name:
                equipment.name = " ".join(filter(None, [equipment.brand, equipment.model]))

    @api.depends("warranty_end")
    @api.depends_context("sav_today")
    def _compute_warranty_status(self):
        today = self._get_today()
        for equipment in self:
            end = equipment.warranty_end
            if not end:
                equipment.warranty_status = "none"
            elif end < today:
                equipment.warranty_status = "expired"
            elif end <= today + timedelta(days=WARRANTY_ENDING_SOON_DAYS):
                equipment.warranty_status = "ending"
            else:
                equipment.warranty_status = "valid"

    def _search_warranty_status(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = self._get_today()
        soon = today + timedelta(days=WARRANTY_ENDING_SOON_DAYS)
        domains = {
            "none": Domain("warranty_end", "=", False),
            "expired": Domain("warranty_end", "<", today),
            "ending": Domain("warranty_end", ">=", today) & Domain("warranty_end", "<=", soon),
            "valid": Domain("warranty_end", ">", soon),
        }
        domain = Domain.OR(domains[status] for status in value if status in domains)
        return ~domain if operator == "not in" else domain

    def _get_today(self):
        return self.env.context.get("sav_today") or fields.Date.context_today(self)

    def _compute_history_counts(self):
        request_counts = dict(
            self.env["sav.request"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        visit_counts = dict(
            self.env["sav.intervention"]._read_group(
                [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
            )
        )
        for equipment in self:
            equipment.request_count = request_counts.get(equipment, 0)
            equipment.intervention_count = visit_counts.get(equipment, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_requests(self):
        used = self.filtered("request_ids")
        if used:
            raise UserError(
                self.env._(
                    "Equipment %(equipment)s has requests and cannot be deleted. "
                    "Archive it instead.",
                    equipment=", ".join(used.mapped("display_name")),
                )
            )

    def _get_portal_request_url(self):
        """Return the absolute URL of the portal form that files a request for this equipment."""
        self.ensure_one()
        return f"{self.get_base_url()}/my/sav/new?equipment={self.id}"

    def _get_portal_request_qr_src(self):
        """Return the path of the QR code image of the portal request URL (Odoo's barcode route)."""
        self.ensure_one()
        query = url_encode(
            {
                "barcode_type": "QR",
                "value": self._get_portal_request_url(),
                "width": 300,
                "height": 300,
            }
        )
        return f"/report/barcode/?{query}"

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_request.sav_request_action_history"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_site_id": self.site_id.id,
            "default_equipment_id": self.id,
        }
        return action

    def action_view_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_request.sav_intervention_action_history"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {}
        return action
