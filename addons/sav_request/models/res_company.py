from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._create_sav_request_sequences()
        return companies

    def _create_sav_request_sequences(self):
        """Create the request sequence of each company that has none yet.

        Each company numbers its requests on its own, e.g. SAV/2026/00042.
        """
        existing = self.env["ir.sequence"].sudo().search(
            [("code", "=", "sav.request"), ("company_id", "in", self.ids)]
        )
        missing = self - existing.company_id
        self.env["ir.sequence"].sudo().create(
            [
                {
                    "name": self.env._("After-Sales Requests of %(company)s", company=company.name),
                    "code": "sav.request",
                    "prefix": "SAV/%(year)s/",
                    "padding": 5,
                    "company_id": company.id,
                }
                for company in missing
            ]
        )

    @api.model
    def _init_sav_request_sequences(self):
        """Give every existing company its own request sequence (module install)."""
        companies = self.with_context(active_test=False).search([])  # pylint: disable=no-search-all
        companies._create_sav_request_sequences()
