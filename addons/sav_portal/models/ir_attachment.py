from odoo import fields, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    # Inverses of the document fields of requests and contracts, so that the portal
    # finds a customer's documents with one search.
    sav_portal_request_ids = fields.Many2many(
        "sav.request",
        "sav_request_portal_attachment_rel",
        "attachment_id",
        "request_id",
        string="Shared on the Portal of Requests",
    )
    sav_contract_ids = fields.Many2many(
        "sav.contract",
        "sav_contract_ir_attachment_rel",
        "attachment_id",
        "contract_id",
        string="Documents of Contracts",
    )
