import base64
import binascii
import logging
from dataclasses import dataclass, field

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..tools import partner_reader as reader
from ..tools.table_reader import FileProblem
from . import sav_partner_import_messages as messages

_logger = logging.getLogger(__name__)

# Rows and problems listed in the preview. The counts cover the whole file.
PREVIEW_LIMIT = 500
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "country_id")
# Site values written on an existing site only when the file gives them.
SITE_FIELDS = (
    "name", "street", "street2", "zip", "city", "country_id", "phone", "email", "sav_siret",
    "sav_door_code", "sav_site_contact", "sav_opening_hours", "sav_access_notes",
)


@dataclass
class ImportPlan:
    """Records that an import creates and updates, computed from the file and the existing partners."""

    reading: reader.PartnerReading
    problems: list = field(default_factory=list)
    # {customer key: values} of the customers to create, in the order of the file.
    customers_to_create: dict = field(default_factory=dict)
    # {customer key: (partner, changed values)} of the existing customers.
    customers_found: dict = field(default_factory=dict)
    # [(customer key, values)] of the sites to create.
    sites_to_create: list = field(default_factory=list)
    # [(site, changed values)] of the existing sites.
    sites_found: list = field(default_factory=list)
    # [(row, customer status, site status, customer name)] for the preview.
    lines: list = field(default_factory=list)

    @property
    def counts(self):
        # One customer may come under two keys: its name and the form's customer.
        found = dict(self.customers_found.values())
        return {
            "customer_create_count": len(self.customers_to_create),
            "customer_update_count": sum(1 for vals in found.values() if vals),
            "customer_unchanged_count": sum(1 for vals in found.values() if not vals),
            "site_create_count": len(self.sites_to_create),
            "site_update_count": sum(1 for _s, vals in self.sites_found if vals),
            "site_unchanged_count": sum(1 for _s, vals in self.sites_found if not vals),
            "duplicate_count": len(self.reading.duplicates),
            "error_count": len(self.problems),
        }


class SavPartnerImport(models.TransientModel):
    _name = "sav.partner.import"
    _description = "Import of Customers and Sites"

    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview")], default="upload", required=True
    )
    file = fields.Binary(
        attachment=False,
        help="The import template filled in, a SIRENE establishments extract or a Base "
        "Adresse Nationale extract, as .xlsx, .xls or .csv.",
    )
    filename = fields.Char()
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        domain="[('parent_id', '=', False)]",
        help="Customer of the rows that name none, for example every address of a "
        "landlord's list. Required when the file has no customer column.",
    )
    country_id = fields.Many2one(
        "res.country",
        string="Default Country",
        default=lambda self: self.env.company.country_id or self.env.ref("base.fr"),
        help="Country of the addresses whose row names none.",
    )
    template_format = fields.Selection(
        [("xlsx", "Excel (.xlsx)"), ("csv", "CSV (semicolon-separated)")],
        default="xlsx",
        required=True,
    )
    template_file = fields.Binary(compute="_compute_template_file")
    template_filename = fields.Char(compute="_compute_template_file")

    layout = fields.Selection(
        [
            (reader.LAYOUT_TEMPLATE, "Import template"),
            (reader.LAYOUT_SIRENE, "SIRENE establishments"),
            (reader.LAYOUT_BAN, "Base Adresse Nationale addresses"),
        ],
        string="File Layout",
        readonly=True,
    )
    customer_create_count = fields.Integer(readonly=True)
    customer_update_count = fields.Integer(readonly=True)
    customer_unchanged_count = fields.Integer(readonly=True)
    site_create_count = fields.Integer(readonly=True)
    site_update_count = fields.Integer(readonly=True)
    site_unchanged_count = fields.Integer(readonly=True)
    duplicate_count = fields.Integer(readonly=True)
    error_count = fields.Integer(readonly=True)
    ignored_columns = fields.Char(readonly=True)
    preview_summary = fields.Text(compute="_compute_preview_summary")
    line_ids = fields.One2many("sav.partner.import.line", "wizard_id", string="Sites")
    problem_ids = fields.One2many(
        "sav.partner.import.problem", "wizard_id", string="Rows with Problems"
    )

    @api.depends("template_format")
    @api.depends_context("lang")
    def _compute_template_file(self):
        language = self._get_template_language()
        headers = reader.TEMPLATE_HEADERS[language]
        explanations = messages.get_template_explanations(self.env)
        help_rows = [(headers[role], explanations[role]) for role in reader.TEMPLATE_ROLES]
        for wizard in self:
            content = reader.build_template(
                wizard.template_format, language, self.env._("Help"), help_rows
            )
            wizard.template_file = base64.b64encode(content)
            wizard.template_filename = self.env._(
                "customers_and_sites.%(extension)s", extension=wizard.template_format
            )

    @api.depends(
        "state", "customer_create_count", "customer_update_count", "customer_unchanged_count",
        "site_create_count", "site_update_count", "site_unchanged_count", "duplicate_count",
        "error_count", "ignored_columns",
    )
    def _compute_preview_summary(self):
        for wizard in self:
            wizard.preview_summary = (
                wizard._get_preview_summary() if wizard.state == "preview" else False
            )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_download_template(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            f"{self.template_filename}?download=true",
            "target": "self",
        }

    def action_preview(self):
        """Read the file and show what the import would create and update."""
        self.ensure_one()
        plan = self._prepare_import()
        self.line_ids.unlink()
        self.problem_ids.unlink()
        self.write(
            {
                **plan.counts,
                "state": "preview",
                "layout": plan.reading.layout,
                "ignored_columns": ", ".join(plan.reading.ignored_columns) or False,
            }
        )
        problems = [("error", problem) for problem in plan.problems] + [
            ("duplicate", problem) for problem in plan.reading.duplicates
        ]
        self.env["sav.partner.import.problem"].create(
            [
                {
                    "wizard_id": self.id,
                    "kind": kind,
                    "line": problem.line,
                    "column": problem.column,
                    "value": problem.value,
                    "message": messages.get_row_problem_message(self.env, problem),
                }
                for kind, problem in problems[:PREVIEW_LIMIT]
            ]
        )
        self.env["sav.partner.import.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "line": row.line,
                    "customer": customer_name,
                    "customer_status": customer_status,
                    "name": row.values.get("name"),
                    "street": row.values.get("street"),
                    "zip": row.values.get("zip"),
                    "city": row.values.get("city"),
                    "site_status": site_status,
                }
                for row, customer_status, site_status, customer_name in plan.lines[:PREVIEW_LIMIT]
            ]
        )
        return self._reopen()

    def action_import(self):
        """Create and update the customers and sites of the file, or nothing when a row is invalid."""
        self.ensure_one()
        plan = self._prepare_import()
        if plan.problems:
            raise UserError(messages.get_problems_error(self.env, plan.problems))
        if not plan.reading.rows:
            raise UserError(
                self.env._(
                    "%(file)s has no site to import: every row is empty or repeats another one.",
                    file=self.filename or self.env._("The file"),
                )
            )
        customers = self._write_customers(plan)
        self._write_sites(plan, customers)
        counts = plan.counts
        _logger.info(
            "Imported %s: %s customers created, %s updated; %s sites created, %s updated; "
            "%s duplicate rows skipped",
            self.filename, counts["customer_create_count"], counts["customer_update_count"],
            counts["site_create_count"], counts["site_update_count"], counts["duplicate_count"],
        )
        customer_ids = list(dict.fromkeys(customers.values()))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Customers and sites imported"),
                "message": self._get_import_summary(counts),
                "next": {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Imported Customers"),
                    "res_model": "res.partner",
                    "views": [(False, "list"), (False, "form")],
                    "domain": [("id", "in", customer_ids)],
                    "context": {"res_partner_search_mode": "customer"},
                    "target": "current",
                },
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Import Customers and Sites"),
        }

    # ------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------

    def _get_template_language(self):
        return "fr" if (self.env.lang or "").startswith("fr") else "en"

    def _get_file_content(self):
        self.ensure_one()
        if not self.file:
            raise UserError(
                self.env._(
                    "Choose the file to import: the import template filled in, a SIRENE "
                    "establishments extract or a Base Adresse Nationale extract."
                )
            )
        try:
            return base64.b64decode(self.file)
        except (binascii.Error, ValueError):
            raise UserError(
                self.env._(
                    "The file %(file)s could not be decoded. Upload it again.",
                    file=self.filename or "",
                )
            )

    def _read_file(self):
        """Read the uploaded file, raising UserError with a translated reason when it cannot be read."""
        self.ensure_one()
        try:
            reading = reader.read_partner_file(
                self._get_file_content(),
                self.filename or "",
                default_customer=bool(self.partner_id),
                default_country_code=self.country_id.code or "",
            )
        except FileProblem as problem:
            raise UserError(messages.get_file_problem_message(self.env, problem, self.filename))
        if not reading.has_customer_column and not self.partner_id:
            raise UserError(
                self.env._(
                    "%(file)s has no customer column and no customer is chosen, so its sites "
                    "would belong to no one. Choose their customer in the Customer field, or "
                    "add a column named Client (or Customer) to the file.",
                    file=self.filename or self.env._("The file"),
                )
            )
        return reading

    def _get_preview_summary(self):
        self.ensure_one()
        lines = [
            self.env._(
                "Customers: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.",
                create=self.customer_create_count,
                update=self.customer_update_count,
                unchanged=self.customer_unchanged_count,
            ),
            self.env._(
                "Sites: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.",
                create=self.site_create_count,
                update=self.site_update_count,
                unchanged=self.site_unchanged_count,
            ),
            self.env._("Duplicate rows skipped: %(count)s.", count=self.duplicate_count),
        ]
        if self.error_count:
            lines.append(
                self.env._(
                    "Rows with problems: %(count)s. Nothing can be imported until they are "
                    "corrected in the file.",
                    count=self.error_count,
                )
            )
        if self.ignored_columns:
            lines.append(
                self.env._("Columns ignored: %(columns)s.", columns=self.ignored_columns)
            )
        return "\n".join(lines)

    def _get_import_summary(self, counts):
        return self.env._(
            "Customers: %(customer_create)s created, %(customer_update)s updated. "
            "Sites: %(site_create)s created, %(site_update)s updated. "
            "Duplicate rows skipped: %(duplicates)s.",
            customer_create=counts["customer_create_count"],
            customer_update=counts["customer_update_count"],
            site_create=counts["site_create_count"],
            site_update=counts["site_update_count"],
            duplicates=counts["duplicate_count"],
        )

    # ------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------

    def _prepare_import(self):
        """Read the file and match its rows with the existing customers and sites.

        Writes nothing. The existing records are read with one search per kind
        (customers by registry number, customers by name, sites by SIRET, sites
        of the customers found), whatever the number of rows.
        """
        self.ensure_one()
        reading = self._read_file()
        plan = ImportPlan(reading, problems=list(reading.problems))
        countries = self._match_countries(reading, plan)
        customers = self._match_customers(reading.rows)
        by_siret, by_address = self._match_sites(reading.rows, customers)

        claimed = {}
        for row in reading.rows:
            self._plan_row(plan, row, customers, by_siret, by_address, countries, claimed)
        plan.problems.sort(key=lambda problem: problem.line)
        return plan

    def _plan_row(self, plan, row, customers, by_siret, by_address, countries, claimed):
        """Add the row's site and customer to the plan, or a problem when the row is ambiguous.

        :param claimed: {existing site: line of the row that updates it}, filled in
        """
        customer = customers.get(row.customer_key, self.env["res.partner"])
        siret = row.values.get("sav_siret")
        site = by_siret.get(siret) if siret else None
        if site and site.commercial_partner_id != customer:
            plan.problems.append(
                reader.RowProblem(
                    row.line, plan.reading.column_labels.get("siret", "SIRET"), siret,
                    "siret_elsewhere",
                    {"site": site.display_name, "customer": site.commercial_partner_id.name},
                )
            )
            return
        if not site and customer:
            site = by_address.get((customer.id, row.address_key))
        if site and site in claimed:
            plan.problems.append(
                reader.RowProblem(
                    row.line, "", row.values.get("street", ""), "site_matched_twice",
                    {"first_line": claimed[site], "site": site.display_name},
                )
            )
            return

        customer_status = self._plan_customer(plan, row, customer, countries)
        site_values = self._get_site_values(row, countries)
        if site:
            claimed[site] = row.line
            if row.name_generated or site == customer:
                site_values.pop("name", None)
            if self._get_address_key(site) == row.address_key:
                # Same address but for case and accents: keep it as the back office typed it.
                for fname in ("street", "street2", "zip", "city"):
                    site_values.pop(fname, None)
            changes = self._get_changed_values(site, site_values)
            plan.sites_found.append((site, changes))
            site_status = "update" if changes else "unchanged"
        else:
            plan.sites_to_create.append((row.customer_key, site_values))
            site_status = "create"
        plan.lines.append((row, customer_status, site_status, customer.name or row.customer_name))

    def _match_countries(self, reading, plan):
        """Return {country text of the file: country}, adding a problem for each unknown one."""
        texts = {row.values.get("country", "") for row in reading.rows}
        texts.update(
            row.customer_address.get("country", "") for row in reading.rows if row.customer_address
        )
        found = {"": self.country_id}
        if texts - {""}:
            # About 250 countries, compared in Python on names without case and accents.
            countries = self.env["res.country"].search([])  # pylint: disable=no-search-all
            names = {}
            # Country names are matched in English, French and the user's language when installed.
            installed = {code for code, _name in self.env["res.lang"].get_installed()}
            for lang in {"en_US"} | ({"fr_FR", self.env.lang} & installed):
                for country in countries.with_context(lang=lang):
                    names.setdefault(reader.label_key(country.name), country)
            for country in countries:
                names.setdefault(reader.label_key(country.code), country)
            for text in texts - {""}:
                country = names.get(reader.label_key(text))
                if country:
                    found[text] = country
        unknown = texts - set(found)
        if unknown:
            rows_with_unknown = [
                row for row in reading.rows if row.values.get("country", "") in unknown
            ]
            for row in rows_with_unknown:
                plan.problems.append(
                    reader.RowProblem(
                        row.line, reading.column_labels.get("country", ""),
                        row.values["country"], "country_unknown",
                    )
                )
            lines = {row.line for row in rows_with_unknown}
            reading.rows = [row for row in reading.rows if row.line not in lines]
        return found

    def _match_customers(self, rows):
        """Return {customer key: existing customer} of the rows, and None: the form's customer.

        Customers are found by SIREN (or head-office SIRET) in their Company ID,
        then by their exact name among the partners without parent, companies
        first. A customer whose Company ID contains another number is not matched
        by name.
        """
        Partner = self.env["res.partner"]
        found = {None: self.partner_id}
        keyed_rows = [row for row in rows if row.customer_key is not None]
        if not keyed_rows:
            return found
        top_level = Domain("parent_id", "=", False)
        numbers = {row.siren for row in keyed_rows if row.siren} | {
            row.head_office_siret for row in keyed_rows if row.head_office_siret
        }
        by_number = {}
        if numbers:
            for partner in Partner.search(
                top_level & Domain("company_registry", "in", list(numbers)),
                order="is_company desc, id",
            ):
                by_number.setdefault(partner.company_registry, partner)
        names = {row.customer_name for row in keyed_rows}
        by_name = {}
        for partner in Partner.search(
            top_level & Domain("name", "in", list(names)), order="is_company desc, id"
        ):
            by_name.setdefault(partner.name, []).append(partner)

        for row in keyed_rows:
            if row.customer_key in found:
                continue
            partner = by_number.get(row.siren) or by_number.get(row.head_office_siret)
            if not partner:
                own_numbers = {row.siren, row.head_office_siret} - {""}
                partner = next(
                    (
                        candidate
                        for candidate in by_name.get(row.customer_name, [])
                        if not (own_numbers and candidate.company_registry)
                    ),
                    None,
                )
            if partner:
                found[row.customer_key] = partner
        return found

    def _match_sites(self, rows, customers):
        """Return ({SIRET: site}, {(customer id, address key): site}) of the existing sites."""
        Partner = self.env["res.partner"]
        sirets = [row.values["sav_siret"] for row in rows if row.values.get("sav_siret")]
        by_siret = {}
        if sirets:
            for site in Partner.search(Domain("sav_siret", "in", sirets), order="id"):
                by_siret.setdefault(site.sav_siret, site)
        customer_ids = [partner.id for partner in customers.values() if partner]
        by_address = {}
        if customer_ids:
            for site in Partner.search(
                Domain("parent_id", "in", customer_ids) & Domain("type", "!=", "contact"),
                order="id",
            ):
                by_address.setdefault((site.parent_id.id, self._get_address_key(site)), site)
        return by_siret, by_address

    @api.model
    def _get_address_key(self, partner):
        return reader.address_key({fname: partner[fname] for fname in ("street", "street2", "zip", "city")})

    # ------------------------------------------------------------
    # Values
    # ------------------------------------------------------------

    def _get_site_values(self, row, countries):
        values = {
            fname: value
            for fname, value in row.values.items()
            if fname in SITE_FIELDS and value
        }
        values["country_id"] = countries.get(row.values.get("country", ""), self.country_id).id
        return values

    def _plan_customer(self, plan, row, customer, countries):
        """Add the row's customer to the plan once and return its status for the preview."""
        key = row.customer_key
        if key in plan.customers_to_create:
            return "create"
        if key in plan.customers_found:
            return "update" if plan.customers_found[key][1] else "unchanged"
        address = {}
        if row.customer_address:
            address = {
                fname: value for fname, value in row.customer_address.items()
                if fname != "country" and value
            }
            address["country_id"] = countries.get(row.customer_address.get("country", ""),
                                                  self.country_id).id
        if not customer:
            values = {"name": row.customer_name, "is_company": True, **address}
            if row.siren:
                values["company_registry"] = row.siren
            plan.customers_to_create[key] = values
            return "create"
        # Fill in what an existing customer lacks, and never overwrite what the back office typed.
        values = {}
        if row.siren and not customer.company_registry:
            values["company_registry"] = row.siren
        if address and not any(customer[fname] for fname in ADDRESS_FIELDS):
            values.update(address)
        changes = self._get_changed_values(customer, values)
        plan.customers_found[key] = (customer, changes)
        return "update" if changes else "unchanged"

    @api.model
    def _get_changed_values(self, record, values):
        changes = {}
        for fname, value in values.items():
            current = record[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if (current or False) != (value or False):
                changes[fname] = value
        return changes

    # ------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------

    def _write_customers(self, plan):
        """Create and update the customers, and return {customer key: customer id}."""
        Partner = self.env["res.partner"]
        keys = list(plan.customers_to_create)
        created = Partner.create([plan.customers_to_create[key] for key in keys])
        customers = dict(zip(keys, created.ids, strict=True))
        self._write_changes(list(plan.customers_found.values()))
        customers.update({key: partner.id for key, (partner, _vals) in plan.customers_found.items()})
        if self.partner_id:
            customers[None] = self.partner_id.id
        return customers

    def _write_sites(self, plan, customers):
        self.env["res.partner"].create(
            [
                {**values, "type": "delivery", "parent_id": customers[key]}
                for key, values in plan.sites_to_create
            ]
        )
        self._write_changes(plan.sites_found)

    def _write_changes(self, changes):
        """Write the changed values, one write per group of records with the same changes."""
        groups = {}
        for record, values in changes:
            if values:
                key = tuple(sorted(values.items()))
                groups.setdefault(key, self.env["res.partner"])
                groups[key] |= record
        for key, records in groups.items():
            records.write(dict(key))


class SavPartnerImportLine(models.TransientModel):
    _name = "sav.partner.import.line"
    _description = "Site Read by a Customer Import"
    _order = "line"

    wizard_id = fields.Many2one("sav.partner.import", required=True, ondelete="cascade")
    line = fields.Integer()
    customer = fields.Char()
    customer_status = fields.Selection(
        [("create", "New"), ("update", "Updated"), ("unchanged", "Unchanged")]
    )
    name = fields.Char(string="Site")
    street = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    site_status = fields.Selection(
        [("create", "New"), ("update", "Updated"), ("unchanged", "Unchanged")]
    )


class SavPartnerImportProblem(models.TransientModel):
    _name = "sav.partner.import.problem"
    _description = "Row Rejected or Skipped by a Customer Import"
    _order = "line, id"

    wizard_id = fields.Many2one("sav.partner.import", required=True, ondelete="cascade")
    kind = fields.Selection(
        [("error", "Problem"), ("duplicate", "Duplicate")],
        required=True,
        help="Problems block the import; duplicate rows are skipped.",
    )
    line = fields.Integer()
    column = fields.Char()
    value = fields.Char()
    message = fields.Char(string="What to Do")
