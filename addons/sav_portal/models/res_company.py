from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sav_portal_public_request = fields.Boolean(
        string="Requests Without an Account",
        help="Visitors who are not logged in may file an after-sales request on the portal "
        "with their name, phone and e-mail, behind spam protection. Otherwise they are asked "
        "to log in first.",
    )
