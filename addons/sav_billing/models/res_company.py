from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sav_invoice_grouping = fields.Selection(
        [("partner", "One Invoice per Customer"), ("request", "One Invoice per Request")],
        string="Visit Invoice Grouping",
        default="partner",
        required=True,
        help="How visits invoiced together are split into invoices.",
    )
    sav_show_non_billable = fields.Boolean(
        string="Show Non-Billable Lines",
        help="Show labour, parts and expenses that are not billed on the invoice at a price of "
        "zero, instead of leaving them out.",
    )
    sav_expense_product_id = fields.Many2one(
        "product.product",
        string="Expense Product",
        help="Service product whose taxes and income account apply to travel and other expenses "
        "billed on visits. Without it, the labour product's apply.",
    )
