from odoo import fields, models


class SavInterventionClose(models.TransientModel):
    _name = "sav.intervention.close"
    _description = "Close Visits Without Signature"

    intervention_ids = fields.Many2many("sav.intervention", string="Visits", required=True)
    reason = fields.Text(
        required=True, help="Why the customer did not sign, e.g. absent at the end of the visit."
    )
    send_report = fields.Boolean(
        string="E-mail the Report",
        default=True,
        help="File the report on the visit and its request, and e-mail it to the customer.",
    )

    def action_close(self):
        self.ensure_one()
        self.intervention_ids._action_close_unsigned(self.reason, send_report=self.send_report)
        return {"type": "ir.actions.act_window_close"}
