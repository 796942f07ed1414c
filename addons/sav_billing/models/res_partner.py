from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sav_fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        string="VAT Regime of Works",
        company_dependent=True,
        help="Fiscal position of the visits to this site, e.g. one that maps 20 % to 10 % for "
        "work in a dwelling completed more than two years ago. Empty: the customer's.",
    )
