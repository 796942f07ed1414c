from odoo import fields, models


class SavRequestCancel(models.TransientModel):
    _name = "sav.request.cancel"
    _description = "Cancel After-Sales Requests"

    request_ids = fields.Many2many("sav.request", string="Requests", required=True)
    reason = fields.Text(
        required=True, help="Kept on the requests and shown in their history."
    )

    def action_cancel(self):
        self.ensure_one()
        self.request_ids._action_cancel(self.reason)
        return {"type": "ir.actions.act_window_close"}
