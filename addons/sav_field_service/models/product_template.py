from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    sav_billable = fields.Boolean(
        string="Billable on Visits",
        default=True,
        help="Default of the Billable box when a technician records this product as a part "
        "used on a visit. Parts are never billable while the equipment is under warranty.",
    )
