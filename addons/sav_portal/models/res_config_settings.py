from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sav_portal_public_request = fields.Boolean(
        related="company_id.sav_portal_public_request", readonly=False
    )
