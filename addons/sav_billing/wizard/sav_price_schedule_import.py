import base64
import binascii
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

from ..tools import price_schedule_reader as reader

_logger = logging.getLogger(__name__)

# Units written in French schedules, mapped to Odoo's units of measure.
UOM_XMLIDS = {
    "u": "uom.product_uom_unit",
    "un": "uom.product_uom_unit",
    "unite": "uom.product_uom_unit",
    "pce": "uom.product_uom_unit",
    "piece": "uom.product_uom_unit",
    "ens": "uom.product_uom_unit",
    "ft": "uom.product_uom_unit",
    "forfait": "uom.product_uom_unit",
    "h": "uom.product_uom_hour",
    "heure": "uom.product_uom_hour",
    "j": "uom.product_uom_day",
    "jour": "uom.product_uom_day",
    "m": "uom.product_uom_meter",
    "ml": "uom.product_uom_meter",
    "km": "uom.product_uom_km",
    "m2": "uom.product_uom_square_meter",
    "m3": "uom.product_uom_cubic_meter",
    "kg": "uom.product_uom_kgm",
    "l": "uom.product_uom_litre",
}
# Units that make a created product a service rather than goods.
SERVICE_UOM_XMLIDS = {"uom.product_uom_hour", "uom.product_uom_day"}
ROLE_FIELDS = {
    "reference": "reference_column_id",
    "name": "name_column_id",
    "uom": "uom_column_id",
    "price": "price_column_id",
    "vat": "vat_column_id",
}


class SavPriceScheduleImport(models.TransientModel):
    _name = "sav.price.schedule.import"
    _description = "Price Schedule Import"
    _check_company_auto = True

    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview")], default="upload", required=True
    )
    file = fields.Binary(string="Spreadsheet", required=True)
    filename = fields.Char()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Price Schedule",
        check_company=True,
        help="Schedule to update. Leave empty to create a new one.",
    )
    pricelist_name = fields.Char(
        string="New Schedule Name", help="Name of the schedule created by the import."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        check_company=True,
        domain="[('parent_id', '=', False)]",
        help="The customer's visits are priced with the imported schedule.",
    )
    contract_id = fields.Many2one(
        "sav.contract",
        check_company=True,
        domain="[('partner_id', '=?', partner_id)]",
        help="Only the visits under this contract are priced with the imported schedule.",
    )
    date_start = fields.Date(string="Valid From", help="Leave empty for no start date.")
    date_end = fields.Date(string="Valid Until", help="Leave empty for no end date.")
    create_products = fields.Boolean(
        string="Create Unknown Products",
        help="Create a product for each reference found neither as an internal reference nor "
        "as a barcode. Otherwise the import stops on the first unknown reference.",
    )

    file_type = fields.Char(readonly=True)
    sheet_id = fields.Many2one(
        "sav.price.schedule.import.sheet", domain="[('wizard_id', '=', id)]"
    )
    header_row = fields.Integer(
        help="Number of the row that holds the column titles, 0 when the sheet has none."
    )
    column_ids = fields.One2many("sav.price.schedule.import.column", "wizard_id")
    reference_column_id = fields.Many2one(
        "sav.price.schedule.import.column",
        domain="[('wizard_id', '=', id)]",
        help="Price number or product reference, matched with the products' internal reference "
        "then barcode.",
    )
    name_column_id = fields.Many2one(
        "sav.price.schedule.import.column",
        string="Designation Column",
        domain="[('wizard_id', '=', id)]",
    )
    uom_column_id = fields.Many2one(
        "sav.price.schedule.import.column", string="Unit Column", domain="[('wizard_id', '=', id)]"
    )
    price_column_id = fields.Many2one(
        "sav.price.schedule.import.column",
        string="Unit Price Column",
        domain="[('wizard_id', '=', id)]",
        help="Unit price excluding tax.",
    )
    vat_column_id = fields.Many2one(
        "sav.price.schedule.import.column",
        string="VAT Column",
        domain="[('wizard_id', '=', id)]",
        help="VAT rate, used for the products that the import creates.",
    )
    line_ids = fields.One2many("sav.price.schedule.import.line", "wizard_id", string="Prices")
    problem_ids = fields.One2many(
        "sav.price.schedule.import.problem", "wizard_id", string="Skipped and Rejected Rows"
    )
    layout_message = fields.Text(readonly=True)
    line_count = fields.Integer(compute="_compute_counts")
    new_product_count = fields.Integer(compute="_compute_counts")
    rejected_count = fields.Integer(compute="_compute_counts")
    skipped_count = fields.Integer(compute="_compute_counts")

    @api.depends("line_ids.product_id", "problem_ids.kind")
    def _compute_counts(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)
            wizard.new_product_count = len(wizard.line_ids.filtered(lambda line: not line.product_id))
            wizard.rejected_count = len(
                wizard.problem_ids.filtered(lambda problem: problem.kind == "rejected")
            )
            wizard.skipped_count = len(wizard.problem_ids) - wizard.rejected_count

    @api.onchange("sheet_id")
    def _onchange_sheet_id(self):
        if self.sheet_id and self.state == "preview":
            self.header_row = -1

    # ------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------

    def _get_file_content(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the spreadsheet of the price schedule to import."))
        try:
            return base64.b64decode(self.file)
        except (binascii.Error, ValueError):
            raise UserError(
                self.env._("The file %(file)s could not be decoded. Upload it again.",
                           file=self.filename or "")
            )

    def _get_mapping(self):
        self.ensure_one()
        return {
            role: self[fname].index
            for role, fname in ROLE_FIELDS.items()
            if self[fname]
        }

    def _read_file(self, use_layout):
        """Read the uploaded file, with the sheet, header row and columns of the form if asked.

        :raise UserError: with a translated reason when the file cannot be read
        """
        self.ensure_one()
        options = {}
        if use_layout and self.sheet_id:
            options = {
                "sheet_name": self.sheet_id.name,
                "header_row": None if self.header_row < 0 else self.header_row,
                "mapping": None if self.header_row < 0 else self._get_mapping(),
            }
        try:
            return reader.read_schedule(self._get_file_content(), self.filename or "", **options)
        except reader.FileProblem as problem:
            raise UserError(self._get_file_problem_message(problem))

    def _get_file_problem_message(self, problem):
        params = problem.params
        name = params.get("filename") or self.env._("The file")
        kinds = {
            "pdf": self.env._("a PDF document"),
            "ods": self.env._("an OpenDocument spreadsheet"),
            "zip": self.env._("a ZIP archive"),
            "binary": self.env._("not a spreadsheet"),
        }
        messages = {
            "empty_file": lambda: self.env._(
                "%(file)s is empty: it holds no price. Export the schedule again with its rows.",
                file=name,
            ),
            "encrypted": lambda: self.env._(
                "%(file)s is protected by a password, so it cannot be read. Open it in your "
                "spreadsheet software, remove the password, save it and import it again.",
                file=name,
            ),
            "wrong_type": lambda: self.env._(
                "%(file)s is %(kind)s. Import an Excel workbook (.xlsx or .xls) or a CSV file.",
                file=name,
                kind=kinds.get(params.get("kind"), kinds["binary"]),
            ),
            "corrupt": lambda: self.env._(
                "%(file)s could not be read as a spreadsheet (%(error)s). Open it in your "
                "spreadsheet software, save it again as .xlsx and import that copy.",
                file=name,
                error=params.get("error", ""),
            ),
            "too_many_rows": lambda: self.env._(
                "Sheet %(sheet)s has %(rows)s rows, more than the %(limit)s that one import "
                "accepts. Split the schedule into several files.",
                sheet=params.get("sheet"),
                rows=params.get("rows"),
                limit=params.get("limit"),
            ),
            "sheet_not_found": lambda: self.env._(
                "The sheet %(sheet)s is not in the file, whose sheets are %(sheets)s.",
                sheet=params.get("sheet"),
                sheets=params.get("sheets"),
            ),
        }
        return messages[problem.code]()

    def _get_row_problem_message(self, problem):
        params = problem.params
        messages = {
            "subtotal_row": lambda: self.env._("Subtotal or total row: %(text)s", text=params["text"]),
            "title_row": lambda: self.env._("Title or note: %(text)s", text=params["text"]),
            "no_reference": lambda: self.env._(
                "No reference, read as a title: %(text)s", text=params["text"] or "-"
            ),
            "no_price": lambda: self.env._(
                "No unit price for %(reference)s: the line is left out.",
                reference=params["reference"],
            ),
            "price_not_number": lambda: self.env._(
                "The unit price of %(reference)s is %(value)s, which is not a number. Write a "
                "number such as 1 234,56.",
                reference=params["reference"],
                value=params["value"],
            ),
            "price_negative": lambda: self.env._(
                "The unit price of %(reference)s is negative (%(value)s). Write a positive price.",
                reference=params["reference"],
                value=params["value"],
            ),
            "vat_invalid": lambda: self.env._(
                "The VAT rate of %(reference)s is %(value)s, which is not a rate between 0 and "
                "100 %%. Write a rate such as 20 or 5,5.",
                reference=params["reference"],
                value=params["value"],
            ),
            "duplicate_reference": lambda: self.env._(
                "The reference %(reference)s is already on row %(first_row)s. Keep one price per "
                "reference.",
                reference=params["reference"],
                first_row=params["first_row"],
            ),
        }
        return messages[problem.code]()

    def _get_missing_roles_message(self, reading):
        role_labels = {
            "reference": self.env._("reference (N° de prix, Réf, Code)"),
            "price": self.env._("unit price (P.U., Prix unitaire HT)"),
        }
        missing = ", ".join(role_labels[role] for role in reading.missing_roles)
        headers = ", ".join(column.label for column in reading.sheet.columns if column.label)
        if not reading.sheet.header_row:
            return self.env._(
                "No column titles were recognised in sheet %(sheet)s, so the %(missing)s "
                "column is missing. Choose the header row and the columns below, or add the "
                "titles to the file.",
                sheet=reading.sheet.name,
                missing=missing,
            )
        return self.env._(
            "Sheet %(sheet)s has no %(missing)s column. Its columns are: %(headers)s. Choose the "
            "column below if it has another title, or import a schedule that has prices.",
            sheet=reading.sheet.name,
            missing=missing,
            headers=headers or "-",
        )

    # ------------------------------------------------------------
    # Preview
    # ------------------------------------------------------------

    def action_preview(self):
        """Read the file and show its columns, prices, and skipped or rejected rows."""
        self.ensure_one()
        use_layout = self.state == "preview"
        reading = self._read_file(use_layout=use_layout)
        self._fill_preview(reading, keep_layout=use_layout and self.header_row >= 0)
        return self._reopen()

    def _fill_preview(self, reading, keep_layout):
        self.ensure_one()
        if not keep_layout:
            self.line_ids.unlink()
            self.problem_ids.unlink()
            self.column_ids.unlink()
            self.env["sav.price.schedule.import.sheet"].search(
                [("wizard_id", "=", self.id)]
            ).unlink()
            sheets = self.env["sav.price.schedule.import.sheet"].create(
                [{"wizard_id": self.id, "name": name} for name in reading.sheet_names]
            )
            columns = self.env["sav.price.schedule.import.column"].create(
                [
                    {
                        "wizard_id": self.id,
                        "index": column.index,
                        "letter": column.letter,
                        "label": column.label,
                    }
                    for column in reading.sheet.columns
                ]
            )
            by_index = {column.index: column for column in columns}
            values = {
                fname: by_index[reading.sheet.mapping[role]].id
                if role in reading.sheet.mapping
                else False
                for role, fname in ROLE_FIELDS.items()
            }
            values.update(
                sheet_id=sheets.filtered(lambda sheet: sheet.name == reading.sheet.name)[:1].id,
                header_row=reading.sheet.header_row or 0,
            )
            self.write(values)
        else:
            self.line_ids.unlink()
            self.problem_ids.unlink()
            labels = {column.index: column.label for column in reading.sheet.columns}
            for column in self.column_ids:
                column.label = labels.get(column.index, "")

        products = self._match_products([line.reference for line in reading.lines])
        problem_values = [
            {
                "wizard_id": self.id,
                "kind": kind,
                "sheet": problem.sheet,
                "row": problem.row,
                "message": self._get_row_problem_message(problem),
            }
            for kind, problems in (("rejected", reading.rejected), ("skipped", reading.skipped))
            for problem in problems
        ]
        self.env["sav.price.schedule.import.problem"].create(problem_values)
        self.env["sav.price.schedule.import.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "sheet": line.sheet,
                    "row": line.row,
                    "reference": line.reference,
                    "name": line.name,
                    "uom": line.uom,
                    "price": line.price,
                    "vat": line.vat or 0.0,
                    "vat_given": line.vat is not None,
                    "product_id": products.get(line.reference, self.env["product.product"]).id,
                }
                for line in reading.lines
            ]
        )
        self.write(
            {
                "state": "preview",
                "file_type": reading.file_type,
                "layout_message": (
                    self._get_missing_roles_message(reading) if reading.missing_roles else False
                ),
            }
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import a Price Schedule"),
        }

    def _match_products(self, references):
        """Return {reference: product} for the references found as internal reference, then barcode."""
        if not references:
            return {}
        Product = self.env["product.product"].with_context(active_test=False)
        company_domain = Domain("company_id", "in", [self.company_id.id, False])
        found = {}
        for product in Product.search(
            company_domain & Domain("default_code", "in", references), order="active desc, id"
        ):
            found.setdefault(product.default_code, product)
        remaining = [reference for reference in references if reference not in found]
        if remaining:
            for product in Product.search(
                company_domain & Domain("barcode", "in", remaining), order="active desc, id"
            ):
                found.setdefault(product.barcode, product)
        return found

    # ------------------------------------------------------------
    # Import
    # ------------------------------------------------------------

    def action_import(self):
        """Import every price of the sheet, or nothing when a row is rejected."""
        self.ensure_one()
        reading = self._read_file(use_layout=self.state == "preview")
        if reading.missing_roles:
            raise UserError(self._get_missing_roles_message(reading))
        if reading.rejected:
            details = "\n".join(
                self.env._(
                    "Sheet %(sheet)s, row %(row)s: %(reason)s",
                    sheet=problem.sheet,
                    row=problem.row,
                    reason=self._get_row_problem_message(problem),
                )
                for problem in reading.rejected
            )
            raise UserError(
                self.env._(
                    "Nothing was imported because %(count)s rows are rejected. Correct them in "
                    "the file and import it again:\n%(details)s",
                    count=len(reading.rejected),
                    details=details,
                )
            )
        if not reading.lines:
            raise UserError(
                self.env._(
                    "Sheet %(sheet)s holds no price to import: every row is blank, a title or "
                    "has no unit price. Check the header row and the unit price column.",
                    sheet=reading.sheet.name,
                )
            )
        if self.date_start and self.date_end and self.date_end < self.date_start:
            raise UserError(
                self.env._(
                    "The schedule ends on %(end)s, before it starts on %(start)s. Fix the dates.",
                    end=self.date_end,
                    start=self.date_start,
                )
            )

        products = self._match_products([line.reference for line in reading.lines])
        unknown = [line for line in reading.lines if line.reference not in products]
        if unknown and not self.create_products:
            raise UserError(
                self.env._(
                    "Nothing was imported because %(count)s references match no product by "
                    "internal reference or barcode: %(references)s. Tick Create Unknown "
                    "Products, or create them first.",
                    count=len(unknown),
                    references=", ".join(line.reference for line in unknown[:20])
                    + (" ..." if len(unknown) > 20 else ""),
                )
            )
        if unknown:
            products.update(self._create_products(unknown))

        pricelist = self._get_or_create_pricelist()
        self._write_items(pricelist, reading.lines, products)
        self._assign_pricelist(pricelist)
        _logger.info(
            "Imported %s prices from %s into price schedule %s (id %s), %s products created",
            len(reading.lines), self.filename, pricelist.name, pricelist.id, len(unknown),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "product.pricelist",
            "res_id": pricelist.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _create_products(self, lines):
        """Create the products of the schedule lines whose reference matched no product."""
        taxes = self._get_sale_taxes({line.vat for line in lines if line.vat is not None})
        values = []
        for line in lines:
            uom = self._get_uom(line.uom)
            xmlid = uom.get_external_id().get(uom.id)
            vals = {
                "name": line.name,
                "default_code": line.reference,
                "list_price": line.price,
                "uom_id": uom.id,
                "type": "service" if xmlid in SERVICE_UOM_XMLIDS else "consu",
                "company_id": False,
            }
            if line.vat is not None:
                vals["taxes_id"] = [Command.set(taxes[line.vat].ids)]
            values.append(vals)
        templates = self.env["product.template"].create(values)
        return {template.default_code: template.product_variant_id for template in templates}

    def _get_sale_taxes(self, rates):
        """Return {rate: sales tax} of this company, raising when a rate has no tax."""
        Tax = self.env["account.tax"]
        taxes = Tax.search(
            [
                *Tax._check_company_domain(self.company_id),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("price_include", "=", False),
            ],
            order="sequence, id",
        )
        result = {}
        for rate in rates:
            tax = taxes.filtered(lambda t, rate=rate: abs(t.amount - rate) < 0.001)[:1]
            if not tax:
                raise UserError(
                    self.env._(
                        "Company %(company)s has no sales tax at %(rate)s %%, the VAT rate of the "
                        "schedule. Create that tax in Invoicing, or remove the VAT column.",
                        company=self.company_id.name,
                        rate=rate,
                    )
                )
            result[rate] = tax
        return result

    def _get_uom(self, text):
        key = reader.normalize_header(text).replace(" ", "")
        xmlid = UOM_XMLIDS.get(key, "uom.product_uom_unit")
        return self.env.ref(xmlid, raise_if_not_found=False) or self.env.ref("uom.product_uom_unit")

    def _get_or_create_pricelist(self):
        self.ensure_one()
        if self.pricelist_id:
            if self.partner_id and not self.pricelist_id.sav_partner_id:
                self.pricelist_id.sav_partner_id = self.partner_id
            return self.pricelist_id
        name = self.pricelist_name or self.env._(
            "Price schedule %(customer)s",
            customer=(self.contract_id.name or self.partner_id.name or self.filename or ""),
        )
        return self.env["product.pricelist"].create(
            {
                "name": name,
                "company_id": self.company_id.id,
                "currency_id": self.company_id.currency_id.id,
                "sav_partner_id": self.partner_id.id,
            }
        )

    def _write_items(self, pricelist, lines, products):
        """Replace the fixed prices of these products for the same dates, keep other rules."""
        Item = self.env["product.pricelist.item"]
        product_ids = [products[line.reference].id for line in lines]
        date_start = fields.Datetime.to_datetime(self.date_start) if self.date_start else False
        date_end = (
            fields.Datetime.to_datetime(self.date_end).replace(hour=23, minute=59, second=59)
            if self.date_end
            else False
        )
        Item.search(
            [
                ("pricelist_id", "=", pricelist.id),
                ("applied_on", "=", "0_product_variant"),
                ("compute_price", "=", "fixed"),
                ("product_id", "in", product_ids),
                ("date_start", "=", date_start),
                ("date_end", "=", date_end),
            ]
        ).unlink()
        Item.create(
            [
                {
                    "pricelist_id": pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": products[line.reference].id,
                    "product_tmpl_id": products[line.reference].product_tmpl_id.id,
                    "compute_price": "fixed",
                    "fixed_price": line.price,
                    "date_start": date_start,
                    "date_end": date_end,
                }
                for line in lines
            ]
        )

    def _assign_pricelist(self, pricelist):
        if self.contract_id:
            self.contract_id.pricelist_id = pricelist
        elif self.partner_id:
            self.partner_id.with_company(self.company_id).property_product_pricelist = pricelist


class SavPriceScheduleImportSheet(models.TransientModel):
    _name = "sav.price.schedule.import.sheet"
    _description = "Sheet of an Imported Price Schedule"
    _order = "id"

    wizard_id = fields.Many2one("sav.price.schedule.import", required=True, ondelete="cascade")
    name = fields.Char(required=True)


class SavPriceScheduleImportColumn(models.TransientModel):
    _name = "sav.price.schedule.import.column"
    _description = "Column of an Imported Price Schedule"
    _order = "index"
    _rec_names_search = ["letter", "label"]

    wizard_id = fields.Many2one("sav.price.schedule.import", required=True, ondelete="cascade")
    index = fields.Integer(required=True)
    letter = fields.Char(required=True)
    label = fields.Char()

    @api.depends("letter", "label")
    def _compute_display_name(self):
        for column in self:
            column.display_name = (
                f"{column.letter}: {column.label}" if column.label else column.letter
            )


class SavPriceScheduleImportLine(models.TransientModel):
    _name = "sav.price.schedule.import.line"
    _description = "Price Read from a Schedule"
    _order = "row"

    wizard_id = fields.Many2one("sav.price.schedule.import", required=True, ondelete="cascade")
    sheet = fields.Char()
    row = fields.Integer()
    reference = fields.Char()
    name = fields.Char(string="Designation")
    uom = fields.Char(string="Unit")
    price = fields.Float(string="Unit Price", digits="Product Price")
    vat = fields.Float(string="VAT (%)")
    vat_given = fields.Boolean(string="VAT Given")
    product_id = fields.Many2one("product.product")
    status = fields.Selection(
        [("matched", "Existing Product"), ("new", "Unknown Product")],
        compute="_compute_status",
    )

    @api.depends("product_id")
    def _compute_status(self):
        for line in self:
            line.status = "matched" if line.product_id else "new"


class SavPriceScheduleImportProblem(models.TransientModel):
    _name = "sav.price.schedule.import.problem"
    _description = "Row Skipped or Rejected by a Schedule Import"
    _order = "kind, row"

    wizard_id = fields.Many2one("sav.price.schedule.import", required=True, ondelete="cascade")
    kind = fields.Selection(
        [("rejected", "Rejected"), ("skipped", "Skipped")],
        required=True,
        help="Rejected rows block the import; skipped rows are left out.",
    )
    sheet = fields.Char()
    row = fields.Integer()
    message = fields.Char(string="Reason")
