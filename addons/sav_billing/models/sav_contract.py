from odoo import fields, models


class SavContract(models.Model):
    _inherit = "sav.contract"

    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price Schedule",
        tracking=True,
        check_company=True,
        help="Negotiated prices (bordereau de prix) of the visits under this contract. When "
        "empty, the customer's pricelist applies.",
    )
