from odoo import api, fields, models


class SavInterventionSign(models.TransientModel):
    _name = "sav.intervention.sign"
    _description = "Customer Signature of a Visit"

    intervention_id = fields.Many2one("sav.intervention", string="Visit", required=True)
    signed_by = fields.Char(
        string="Signer Name",
        compute="_compute_signed_by",
        store=True,
        readonly=False,
        help="Name of the person who signs: the customer or their representative.",
    )
    signature = fields.Image(max_width=1024, max_height=1024)
    signer_comment = fields.Text(string="Comment", help="Optional comment of the signer.")
    co_alert = fields.Selection(related="intervention_id.co_alert")

    @api.depends("intervention_id")
    def _compute_signed_by(self):
        for wizard in self:
            if not wizard.signed_by:
                wizard.signed_by = wizard.intervention_id.partner_id.name

    def action_sign(self):
        self.ensure_one()
        self.intervention_id._action_sign(self.signature, self.signed_by, self.signer_comment)
        return {"type": "ir.actions.act_window_close"}
