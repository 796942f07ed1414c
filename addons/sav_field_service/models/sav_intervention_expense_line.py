from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SavInterventionExpenseLine(models.Model):
    _name = "sav.intervention.expense.line"
    _description = "Expense of a Visit"
    _order = "intervention_id, sequence, id"

    intervention_id = fields.Many2one(
        "sav.intervention", string="Visit", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    expense_type = fields.Selection(
        [
            ("travel_flat", "Travel (flat rate)"),
            ("travel_km", "Travel (per km)"),
            ("parking", "Parking"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="travel_flat",
    )
    name = fields.Char(string="Description")
    distance_km = fields.Float(string="Distance (km)", digits=(16, 1))
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        precompute=True,
        readonly=False,
        currency_field="currency_id",
        help="Tax excluded. Travel per km: distance times the company's rate per km.",
    )
    billable = fields.Boolean(default=True, help="Billed to the customer.")
    currency_id = fields.Many2one(related="intervention_id.currency_id")
    company_id = fields.Many2one(related="intervention_id.company_id", store=True, index=True)

    @api.depends("expense_type", "distance_km")
    def _compute_amount(self):
        for line in self:
            company = line.intervention_id.company_id or self.env.company
            if line.expense_type == "travel_km":
                line.amount = line.distance_km * company.sav_km_rate
            elif line.expense_type == "travel_flat" and not line.amount:
                line.amount = company.sav_travel_flat_amount
            elif not line.amount:
                line.amount = 0.0

    @api.constrains("amount", "distance_km")
    def _check_amount(self):
        for line in self:
            if line.amount < 0 or line.distance_km < 0:
                raise ValidationError(
                    self.env._(
                        "The expense %(expense)s has a negative amount (%(amount)s) or distance "
                        "(%(distance)s km). Enter positive values.",
                        expense=line.name or line._get_type_label(),
                        amount=line.amount,
                        distance=line.distance_km,
                    )
                )

    def _get_type_label(self):
        self.ensure_one()
        return dict(self._fields["expense_type"]._description_selection(self.env))[
            self.expense_type
        ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.intervention_id._check_editable_by_user()
        return lines

    def write(self, vals):
        self.intervention_id._check_editable_by_user()
        return super().write(vals)

    def unlink(self):
        self.intervention_id._check_editable_by_user()
        return super().unlink()
