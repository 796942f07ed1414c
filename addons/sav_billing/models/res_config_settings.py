from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sav_invoice_grouping = fields.Selection(
        related="company_id.sav_invoice_grouping", readonly=False
    )
    sav_show_non_billable = fields.Boolean(
        related="company_id.sav_show_non_billable", readonly=False
    )
    sav_expense_product_id = fields.Many2one(
        related="company_id.sav_expense_product_id", readonly=False
    )
