from odoo import fields, models


class SavInterventionType(models.Model):
    _name = "sav.intervention.type"
    _description = "Intervention Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    measure_definition = fields.PropertiesDefinition(
        string="Measures",
        help="Fields the technician fills on site for this type of visit, e.g. the CO level "
        "of a boiler service.",
    )
    co_measure_name = fields.Char(
        string="CO Measure",
        default="co_ppm",
        help="Technical name of the measure that holds the ambient carbon monoxide level in "
        "ppm. From 10 ppm the visit shows an anomaly, from 50 ppm the appliance must stay off.",
    )
    flat_rate_product_id = fields.Many2one(
        "product.product",
        string="Flat-Rate Product",
        check_company=True,
        help="Product billed for this type of visit instead of the time worked, e.g. the "
        "annual boiler service package. Leave empty to bill the time worked.",
    )
    company_id = fields.Many2one("res.company", index=True)
    intervention_count = fields.Integer(string="Visit Count", compute="_compute_intervention_count")

    def _compute_intervention_count(self):
        counts = dict(
            self.env["sav.intervention"]._read_group(
                [("intervention_type_id", "in", self.ids)], ["intervention_type_id"], ["__count"]
            )
        )
        for intervention_type in self:
            intervention_type.intervention_count = counts.get(intervention_type, 0)
