from odoo import api, fields, models
from odoo.fields import Domain


class SavIntervention(models.Model):
    _name = "sav.intervention"
    _inherit = ["sav.intervention", "portal.mixin"]

    technician_name = fields.Char(
        related="technician_id.name",
        string="Technician Name",
        help="Shown to the customer on the portal, who cannot read the user records.",
    )

    def _compute_access_url(self):
        super()._compute_access_url()
        for visit in self:
            visit.access_url = f"/my/sav/visit/{visit.id}"

    @api.model
    def _get_portal_domain(self, partner):
        """Return the domain of the visits of ``partner``'s commercial entity."""
        return Domain("partner_id", "child_of", partner.commercial_partner_id.id)

    def _get_portal_report_attachment(self):
        """Return the PDF report of the visit the customer may download, if any."""
        self.ensure_one()
        return self.env["ir.attachment"]

    @api.model
    def _get_portal_report_domain(self, visit_domain):
        """Return the ``ir.attachment`` domain of the reports of the visits of ``visit_domain``."""
        return Domain.FALSE
