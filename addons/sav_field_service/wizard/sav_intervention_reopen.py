from odoo import fields, models


class SavInterventionReopen(models.TransientModel):
    _name = "sav.intervention.reopen"
    _description = "Reopen Done Visits"

    intervention_ids = fields.Many2many("sav.intervention", string="Visits", required=True)
    reason = fields.Text(required=True, help="Written in the chatter of each visit.")

    def action_reopen(self):
        self.ensure_one()
        self.intervention_ids._action_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
