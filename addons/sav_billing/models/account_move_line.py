from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    sav_intervention_id = fields.Many2one(
        "sav.intervention",
        string="After-Sales Visit",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
    )
    sav_technician_id = fields.Many2one(
        related="sav_intervention_id.technician_id", string="Technician", store=True
    )
    sav_amount_invoiced = fields.Monetary(
        string="Amount Invoiced",
        compute="_compute_sav_amount_invoiced",
        store=True,
        currency_field="company_currency_id",
        help="Untaxed amount of the line in the company's currency, negative on credit notes.",
    )

    @api.depends("sav_intervention_id", "balance", "display_type")
    def _compute_sav_amount_invoiced(self):
        for line in self:
            if line.sav_intervention_id and line.display_type == "product":
                line.sav_amount_invoiced = -line.balance
            else:
                line.sav_amount_invoiced = 0.0
