from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Warranty states of sav.equipment during which parts are not billed.
UNDER_WARRANTY = ("valid", "ending")


class SavInterventionPartLine(models.Model):
    _name = "sav.intervention.part.line"
    _description = "Part Used on a Visit"
    _order = "intervention_id, sequence, id"
    _check_company_auto = True

    intervention_id = fields.Many2one(
        "sav.intervention", string="Visit", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Part",
        required=True,
        check_company=True,
        domain="[('type', '!=', 'service')]",
        help="Search by name, internal reference or barcode.",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit")
    uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
    )
    billable = fields.Boolean(
        compute="_compute_billable",
        store=True,
        precompute=True,
        readonly=False,
        help="Billed to the customer. By default, from the product, and never while the "
        "equipment is under warranty.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        precompute=True,
        readonly=False,
        digits="Product Price",
        help="Sales price of the product, tax excluded.",
    )
    price_subtotal = fields.Monetary(
        string="Amount", compute="_compute_price_subtotal", currency_field="currency_id"
    )
    currency_id = fields.Many2one(related="intervention_id.currency_id")
    company_id = fields.Many2one(related="intervention_id.company_id", store=True, index=True)

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            if line.product_id and line.uom_id != line.product_id.uom_id:
                line.uom_id = line.product_id.uom_id

    @api.depends("product_id", "intervention_id.equipment_id.warranty_end")
    def _compute_billable(self):
        for line in self:
            under_warranty = line.intervention_id.equipment_id.warranty_status in UNDER_WARRANTY
            line.billable = bool(line.product_id.sav_billable) and not under_warranty

    @api.depends("product_id", "uom_id")
    def _compute_price_unit(self):
        for line in self:
            product = line.product_id
            if not product:
                line.price_unit = 0.0
            elif line.uom_id and line.uom_id != product.uom_id:
                line.price_unit = product.uom_id._compute_price(product.lst_price, line.uom_id)
            else:
                line.price_unit = product.lst_price

    @api.depends("quantity", "price_unit", "billable")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.quantity * line.price_unit if line.billable else 0.0

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "The quantity %(quantity)s of part %(part)s is negative. Enter the "
                        "quantity used, or delete the line.",
                        quantity=line.quantity,
                        part=line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.intervention_id._check_editable_by_user()
        return lines

    def write(self, vals):
        self.intervention_id._check_editable_by_user()
        return super().write(vals)

    def unlink(self):
        self.intervention_id._check_editable_by_user()
        return super().unlink()
