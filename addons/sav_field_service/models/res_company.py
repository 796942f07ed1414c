from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sav_duration_rounding = fields.Integer(
        string="Time Worked Rounding",
        default=15,
        help="Step in minutes to which the time worked on a visit is rounded, e.g. 15 for the "
        "quarter hour. 0 keeps the exact time.",
    )
    sav_duration_rounding_method = fields.Selection(
        [("UP", "Up"), ("HALF-UP", "To the Nearest")],
        string="Time Worked Rounding Method",
        default="UP",
        required=True,
        help="Up: every step started is counted. To the nearest: half a step or more counts.",
    )
    sav_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        help="Service product whose sales price is the hourly rate of the time worked.",
    )
    sav_vat_rate = fields.Float(
        string="VAT Rate Shown on Visits",
        default=20.0,
        help="VAT rate in percent that technicians apply to the amount collected on site. "
        "In France, 10 % applies to maintenance of homes more than two years old.",
    )
    sav_km_rate = fields.Monetary(
        string="Travel Rate per km",
        currency_field="currency_id",
        default=0.6,
        help="Amount billed per kilometre for travel expenses billed by distance.",
    )
    sav_travel_flat_amount = fields.Monetary(
        string="Flat Travel Amount",
        currency_field="currency_id",
        default=35.0,
        help="Default amount of a flat-rate travel expense.",
    )
    sav_report_type = fields.Selection(
        [("summary", "Summary"), ("complete", "Complete")],
        string="Report Sent on Signature",
        default="summary",
        required=True,
        help="Summary: one page with the customer, site, equipment, times, work done and "
        "signature. Complete: adds parts, expenses, measures and photos.",
    )
