from odoo import api, fields, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    sav_partner_id = fields.Many2one(
        "res.partner",
        string="Schedule Customer",
        index="btree_not_null",
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="Customer who negotiated this price schedule (bordereau de prix). Importing a "
        "schedule for a customer also makes it that customer's pricelist.",
    )
    sav_contract_ids = fields.One2many(
        "sav.contract", "pricelist_id", string="Contracts",
        help="Maintenance contracts whose visits are priced with this schedule.",
    )
    sav_item_count = fields.Integer(string="Price Count", compute="_compute_sav_item_count")

    @api.depends("item_ids")
    def _compute_sav_item_count(self):
        counts = dict(
            self.env["product.pricelist.item"]._read_group(
                [("pricelist_id", "in", self.ids)], ["pricelist_id"], ["__count"]
            )
        )
        for pricelist in self:
            pricelist.sav_item_count = counts.get(pricelist, 0)

    def action_sav_import_schedule(self):
        """Open the spreadsheet import of this price schedule."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_billing.sav_price_schedule_import_action"
        )
        action["context"] = {
            "default_pricelist_id": self.id,
            "default_partner_id": self.sav_partner_id.id,
        }
        return action
