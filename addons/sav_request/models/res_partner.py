import re

from odoo import api, fields, models
from odoo.fields import Domain

# Records counted on the smart buttons of a partner, with the field holding each count.
SAV_COUNTED_MODELS = {
    "sav.request": "sav_request_count",
    "sav.intervention": "sav_intervention_count",
    "sav.equipment": "sav_equipment_count",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    sav_door_code = fields.Char(string="Door Code", help="Door or gate code to enter the site.")
    sav_site_contact = fields.Char(
        string="Contact on Site",
        help="Who lets the technician in, with their phone number, e.g. caretaker.",
    )
    sav_opening_hours = fields.Char(
        string="Opening Hours", help="When the site can be visited, e.g. Mon-Fri 8:00-12:00."
    )
    sav_access_notes = fields.Text(
        string="Access Notes", help="Parking, floor, key box, pets: anything the technician needs."
    )
    # Not company_registry: Odoo copies that field from the customer to all its addresses.
    sav_siret = fields.Char(
        string="SIRET",
        index="btree_not_null",
        help="SIRET of the establishment at this site: the company's SIREN followed by the "
        "5-digit establishment number (NIC). The customer import finds the site again by it.",
    )
    sav_request_ids = fields.One2many("sav.request", "site_id", string="After-Sales Requests")
    sav_equipment_ids = fields.One2many("sav.equipment", "site_id", string="Equipment")
    sav_request_count = fields.Integer(
        string="Request Count",
        compute="_compute_sav_counts",
        groups="sav_request.sav_request_group_technician",
    )
    sav_intervention_count = fields.Integer(
        string="Visit Count",
        compute="_compute_sav_counts",
        groups="sav_request.sav_request_group_technician",
    )
    sav_equipment_count = fields.Integer(
        string="Equipment Count",
        compute="_compute_sav_counts",
        groups="sav_request.sav_request_group_technician",
    )

    def _compute_sav_counts(self):
        """Count the requests, visits and equipment at each partner and its addresses."""
        partners = self.filtered("id")
        (self - partners).update(
            {"sav_request_count": 0, "sav_intervention_count": 0, "sav_equipment_count": 0}
        )
        if not partners:
            return
        sites = self.with_context(active_test=False).search([("id", "child_of", partners.ids)])
        totals = {partner: dict.fromkeys(SAV_COUNTED_MODELS, 0) for partner in partners}
        for model in SAV_COUNTED_MODELS:
            groups = self.env[model]._read_group(
                [("site_id", "in", sites.ids)], ["site_id"], ["__count"]
            )
            for site, count in groups:
                # Add the count to the site and to each of its parents shown here.
                ancestor = site
                while ancestor:
                    if ancestor in totals:
                        totals[ancestor][model] += count
                    ancestor = ancestor.parent_id
        for partner, counts in totals.items():
            partner.update(
                {fname: counts[model] for model, fname in SAV_COUNTED_MODELS.items()}
            )

    @api.model
    def _search_display_name(self, operator, value):
        """Also match the city and the phone number when the back office looks up a customer.

        Phone numbers match whatever their spacing and with or without the
        leading 0 of French national numbers, so "06 12 34 56 78" finds
        "+33 6 12 34 56 78".
        """
        domain = super()._search_display_name(operator, value)
        if (
            not self.env.context.get("sav_partner_search")
            or operator not in ("ilike", "=ilike")
            or not isinstance(value, str)
            or not value.strip()
        ):
            return domain
        extra = Domain("city", operator, value.strip())
        digits = re.sub(r"\D", "", value).lstrip("0")
        if len(digits) >= 4:
            extra |= Domain("phone", "ilike", "%".join(digits))
        return Domain(domain) | extra

    def _get_sav_site_history_action(self, xml_id):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("site_id", "child_of", self.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "default_site_id": self.id,
        }
        return action

    def action_view_sav_requests(self):
        return self._get_sav_site_history_action("sav_request.sav_request_action_history")

    def action_view_sav_interventions(self):
        return self._get_sav_site_history_action("sav_request.sav_intervention_action_history")

    def action_view_sav_equipment(self):
        return self._get_sav_site_history_action("sav_request.sav_equipment_action")
