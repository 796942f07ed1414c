from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sav_currency_id = fields.Many2one(related="company_id.currency_id", string="SAV Currency")
    sav_duration_rounding = fields.Integer(
        related="company_id.sav_duration_rounding", readonly=False
    )
    sav_duration_rounding_method = fields.Selection(
        related="company_id.sav_duration_rounding_method", readonly=False
    )
    sav_labour_product_id = fields.Many2one(
        related="company_id.sav_labour_product_id", readonly=False
    )
    sav_vat_rate = fields.Float(related="company_id.sav_vat_rate", readonly=False)
    sav_km_rate = fields.Monetary(
        related="company_id.sav_km_rate", readonly=False, currency_field="sav_currency_id"
    )
    sav_travel_flat_amount = fields.Monetary(
        related="company_id.sav_travel_flat_amount",
        readonly=False,
        currency_field="sav_currency_id",
    )
    sav_report_type = fields.Selection(related="company_id.sav_report_type", readonly=False)
