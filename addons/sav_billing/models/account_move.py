from markupsafe import Markup
from num2words import num2words

from odoo import api, fields, models
from odoo.tools import is_html_empty

# VAT rates that French law reserves for work in dwellings: 10 % for improvement and
# maintenance, 5.5 % for energy renovation (French General Tax Code, articles 279-0 bis
# and 278-0 bis A).
REDUCED_VAT_RATES = (10.0, 5.5)


class AccountMove(models.Model):
    _inherit = "account.move"

    sav_intervention_ids = fields.Many2many(
        "sav.intervention", string="After-Sales Visits", compute="_compute_sav_intervention_ids"
    )
    sav_intervention_count = fields.Integer(compute="_compute_sav_intervention_ids")

    @api.depends("invoice_line_ids.sav_intervention_id")
    def _compute_sav_intervention_ids(self):
        for move in self:
            move.sav_intervention_ids = move.invoice_line_ids.sav_intervention_id
            move.sav_intervention_count = len(move.sav_intervention_ids)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        invoices.invoice_line_ids.sav_intervention_id._register_collected_payments()
        return posted

    def action_view_sav_interventions(self):
        self.ensure_one()
        return self.sav_intervention_ids._get_records_action(name=self.env._("Visits"))

    def _has_reduced_vat_rate(self):
        self.ensure_one()
        return any(
            tax.amount_type == "percent" and tax.amount in REDUCED_VAT_RATES
            for tax in self.invoice_line_ids.tax_ids
        )

    def _get_reduced_vat_mention(self):
        """Return the customer's declaration that French law requires for reduced VAT on works.

        Since 2025 this mention on the quote or invoice replaces the VAT attestation
        that the customer used to sign (French General Tax Code, article 279-0 bis).
        """
        return self.env._(
            "Reduced VAT rate (French General Tax Code, articles 279-0 bis and 278-0 bis A): the "
            "customer declares that the work is done in premises used as a dwelling that were "
            "completed more than two years ago."
        )

    def _add_reduced_vat_mention(self):
        """Write the reduced VAT mention in the terms of the invoices that apply such a rate."""
        for move in self.filtered(lambda move: move._has_reduced_vat_rate()):
            move_lang = move.with_context(lang=move.partner_id.lang or self.env.lang)
            mention = Markup("<p>%s</p>") % move_lang._get_reduced_vat_mention()
            move.narration = (
                mention if is_html_empty(move.narration) else move.narration + mention
            )

    def _get_amount_in_words_fr(self):
        """Return the total in French words, e.g. "mille deux cent trente euros et cinq centimes"."""
        self.ensure_one()
        currency = self.currency_id
        factor = 10**currency.decimal_places
        units, cents = divmod(round(abs(self.amount_total) * factor), factor)
        if currency.name == "EUR":
            unit_label = "euro" if units < 2 else "euros"
            subunit_label = "centime" if cents < 2 else "centimes"
        else:
            unit_label = currency.currency_unit_label or currency.name
            subunit_label = currency.currency_subunit_label or ""
        text = f"{num2words(units, lang='fr')} {unit_label}"
        if cents:
            text += f" et {num2words(cents, lang='fr')} {subunit_label}"
        return text
