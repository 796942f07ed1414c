from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL


class SavIntervention(models.Model):
    _inherit = "sav.intervention"

    technician_name = fields.Char(
        related="technician_id.name",
        string="Technician Name",
        help="Shown to the customer on the portal, who cannot read the user records.",
    )

    @api.model
    def _get_portal_domain(self, partner):
        """Return the domain of the visits of ``partner``'s commercial entity."""
        return Domain("partner_id", "child_of", partner.commercial_partner_id.id)

    def _get_portal_report_attachment(self):
        """Return the PDF report of the visit the customer may download, if any."""
        self.ensure_one()
        return self.report_attachment_id

    @api.model
    def _get_portal_report_domain(self, visit_domain):
        """Return the ``ir.attachment`` domain of the reports of the visits of ``visit_domain``.

        The visits are searched with the current user's access rights, so that the
        domain may then be used with sudo.
        """
        query = self._search(Domain(visit_domain) & Domain("report_attachment_id", "!=", False))
        return Domain("id", "any!", query.select(SQL.identifier(query.table, "report_attachment_id")))
