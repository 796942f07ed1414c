import logging
from collections import defaultdict

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date

_logger = logging.getLogger(__name__)

# French Monetary and Financial Code, articles L112-6 and D112-3: cash payments to a
# professional are capped at 1,000 EUR when the payer acts for a professional activity or
# has their tax residence in France, and at 15,000 EUR otherwise.
CASH_LIMIT_RESIDENT = 1000.0
CASH_LIMIT_NON_RESIDENT = 15000.0


class SavIntervention(models.Model):
    _inherit = "sav.intervention"

    invoice_line_ids = fields.One2many(
        "account.move.line", "sav_intervention_id", string="Invoice Lines", copy=False
    )
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices", compute="_compute_invoice_ids", copy=False
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    invoice_status = fields.Selection(
        [("no", "Nothing to Invoice"), ("to_invoice", "To Invoice"), ("invoiced", "Invoiced")],
        compute="_compute_invoice_status",
        store=True,
        index=True,
        copy=False,
        help="To invoice: done, with something billable, and on no invoice that is still valid "
        "(cancelled and fully credited invoices do not count).",
    )
    collected_amount = fields.Monetary(
        string="Amount Collected",
        copy=False,
        tracking=True,
        help="Amount the customer paid the technician on site, taxes included. It is "
        "registered as a payment on the invoice once the invoice is posted.",
    )
    collected_method = fields.Selection(
        [("cash", "Cash"), ("cheque", "Cheque"), ("card", "Card"), ("transfer", "Transfer")],
        string="Payment Method",
        copy=False,
        tracking=True,
    )
    collected_date = fields.Date(string="Collected On", copy=False)
    collected_payment_id = fields.Many2one(
        "account.payment", string="Registered Payment", copy=False, readonly=True,
        index="btree_not_null",
    )

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("invoice_line_ids.move_id")
    def _compute_invoice_ids(self):
        for visit in self:
            visit.invoice_ids = visit.invoice_line_ids.move_id.filtered(
                lambda move: move.move_type in ("out_invoice", "out_refund")
            )
            visit.invoice_count = len(visit.invoice_ids)

    @api.depends(
        "state",
        "labour_billable",
        "duration",
        "flat_rate_product_id",
        "part_line_ids.billable",
        "part_line_ids.quantity",
        "expense_line_ids.billable",
        "expense_line_ids.amount",
        "invoice_line_ids.move_id.state",
        "invoice_line_ids.move_id.payment_state",
    )
    def _compute_invoice_status(self):
        for visit in self:
            if visit._get_valid_invoices():
                visit.invoice_status = "invoiced"
            elif visit.state == "done" and visit._has_billable_work():
                visit.invoice_status = "to_invoice"
            else:
                visit.invoice_status = "no"

    def _get_valid_invoices(self):
        """Return the customer invoices of the visits that are neither cancelled nor credited."""
        return self.invoice_line_ids.move_id.filtered(
            lambda move: move.move_type == "out_invoice"
            and move.state != "cancel"
            and move.payment_state != "reversed"
        )

    def _has_billable_work(self):
        self.ensure_one()
        labour = self.labour_billable and (self.flat_rate_product_id or self.duration > 0)
        parts = any(line.billable and line.quantity > 0 for line in self.part_line_ids)
        expenses = any(line.billable and line.amount > 0 for line in self.expense_line_ids)
        return bool(labour or parts or expenses)

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains("collected_amount", "collected_method")
    def _check_collected_payment(self):
        for visit in self:
            if visit.collected_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount collected on visit %(visit)s is negative (%(amount)s). "
                        "Enter the amount received.",
                        visit=visit.name,
                        amount=visit.collected_amount,
                    )
                )
            if visit.collected_amount and not visit.collected_method:
                raise ValidationError(
                    self.env._(
                        "Choose how the customer paid the %(amount)s collected on visit "
                        "%(visit)s: cash, cheque, card or transfer.",
                        amount=visit.collected_amount,
                        visit=visit.name,
                    )
                )
            if visit.collected_method == "cash":
                visit._check_cash_limit()

    def _check_cash_limit(self):
        """Reject cash payments above the French legal limit for this payer."""
        self.ensure_one()
        payer = self.partner_id.commercial_partner_id
        professional = payer.is_company or bool(payer.vat)
        resident = not payer.country_id or payer.country_id.code == "FR"
        limit = CASH_LIMIT_RESIDENT if professional or resident else CASH_LIMIT_NON_RESIDENT
        if self.collected_amount <= limit:
            return
        if professional:
            reason = self.env._("%(payer)s pays for a professional activity", payer=payer.name)
        elif resident:
            reason = self.env._("%(payer)s has their tax residence in France", payer=payer.name)
        else:
            reason = self.env._("%(payer)s is a private person living abroad", payer=payer.name)
        raise ValidationError(
            self.env._(
                "Cash payment of %(amount)s refused on visit %(visit)s: %(reason)s, so cash "
                "payments are limited to %(limit)s (French Monetary and Financial Code, articles "
                "L112-6 and D112-3). Collect the amount by cheque, card or transfer.",
                amount=self._format_amount(self.collected_amount),
                visit=self.name,
                reason=reason,
                limit=self._format_amount(limit),
            )
        )

    def _format_amount(self, amount):
        currency = self.currency_id or self.env.company.currency_id
        return f"{amount:,.{currency.decimal_places}f} {currency.symbol}"

    @api.onchange("collected_amount")
    def _onchange_collected_amount(self):
        if self.collected_amount and not self.collected_date:
            self.collected_date = fields.Date.context_today(self)

    def _get_technician_writable_fields(self):
        return super()._get_technician_writable_fields() | {
            "collected_amount",
            "collected_method",
            "collected_date",
        }

    def write(self, vals):
        res = super().write(vals)
        if {"collected_amount", "collected_method"} & set(vals):
            self._register_collected_payments()
        return res

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_create_invoices(self):
        """Invoice the selected done visits and open the invoices."""
        return self._get_invoices_action(self._create_invoices())

    def action_view_invoices(self):
        self.ensure_one()
        return self._get_invoices_action(self.invoice_ids)

    def _get_invoices_action(self, invoices):
        """Open ``invoices`` in the customer invoice views, with the customer on each row."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sav_billing.account_move_action_sav"
        )
        action["name"] = self.env._("Invoices")
        if len(invoices) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                view_mode="form",
                res_id=invoices.id,
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        return action

    # ------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------

    def _create_invoices(self, grouping=None):
        """Invoice the done visits of ``self`` and return the invoices created.

        Visits are locked first, so that two users invoicing the same visit at the
        same moment cannot both succeed: the second one gets an error.

        :param grouping: "partner" or "request"; the company setting by default
        :return: account.move records, draft customer invoices
        :raise UserError: when a visit is not done, already invoiced, has nothing
            billable, belongs to a company that is not selected, or is locked
        """
        if not self:
            return self.env["account.move"]
        self._lock_for_invoicing()
        self._check_invoiceable()

        invoices = self.env["account.move"]
        for company, company_visits in self.grouped("company_id").items():
            company_visits = company_visits.with_company(company)
            prices = company_visits._get_schedule_prices()
            groups = company_visits._group_for_invoicing(grouping or company.sav_invoice_grouping)
            vals_list = [
                visits._prepare_invoice_values(fiscal_position, prices)
                for (_partner, fiscal_position, _request), visits in groups.items()
            ]
            invoices |= (
                self.env["account.move"]
                .with_company(company)
                .with_context(default_move_type="out_invoice")
                .create(vals_list)
            )
        invoices._add_reduced_vat_mention()
        _logger.info(
            "Created %s invoices (ids %s) from %s visits", len(invoices), invoices.ids, len(self)
        )
        return invoices

    def _lock_for_invoicing(self):
        """Lock the visits' rows until the end of the transaction, or raise if someone holds them."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM sav_intervention WHERE id IN %s FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Visits %(visits)s are being invoiced or changed by another user right now. "
                    "Wait a moment, reload the page and try again.",
                    visits=", ".join(self.mapped("name")),
                )
            )
        # Read the state committed by others, not the one cached before the lock.
        self.invalidate_recordset(["state", "invoice_status"])
        self.invoice_line_ids.invalidate_recordset()

    def _check_invoiceable(self):
        foreign = self.filtered(lambda visit: visit.company_id not in self.env.companies)
        if foreign:
            raise UserError(
                self.env._(
                    "Visits %(visits)s belong to %(companies)s, which is not among the companies "
                    "selected. Switch to that company to invoice them.",
                    visits=", ".join(foreign.mapped("name")),
                    companies=", ".join(foreign.company_id.mapped("name")),
                )
            )
        not_done = self.filtered(lambda visit: visit.state != "done")
        if not_done:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Only done visits can be invoiced, and these are not done: %(visits)s. Close "
                    "them first.",
                    visits=", ".join(
                        f"{visit.name} ({states[visit.state]})" for visit in not_done
                    ),
                )
            )
        invoiced = self.filtered(lambda visit: visit.invoice_status == "invoiced")
        if invoiced:
            raise UserError(
                self.env._(
                    "Visits %(visits)s are already invoiced on %(invoices)s. Cancel or credit "
                    "that invoice to invoice them again.",
                    visits=", ".join(invoiced.mapped("name")),
                    invoices=", ".join(invoiced._get_valid_invoices().mapped("display_name")),
                )
            )
        empty = self.filtered(lambda visit: visit.invoice_status == "no")
        if empty:
            raise UserError(
                self.env._(
                    "Visits %(visits)s have nothing billable: no billable time, part or expense. "
                    "Mark the lines billable or leave these visits out.",
                    visits=", ".join(empty.mapped("name")),
                )
            )
        for company in self.company_id:
            labour_visits = self.filtered(
                lambda visit, company=company: visit.company_id == company
                and not visit.flat_rate_product_id
                and visit.duration > 0
            )
            if labour_visits and not company.sav_labour_product_id:
                raise UserError(
                    self.env._(
                        "Company %(company)s has no labour product, so the time worked on "
                        "%(visits)s cannot be priced. Set it in Settings > After-Sales.",
                        company=company.name,
                        visits=", ".join(labour_visits[:5].mapped("name")),
                    )
                )

    def _get_sav_pricelist(self):
        """Return the price schedule of the visit: its contract's, else its customer's."""
        self.ensure_one()
        return (
            self.request_id.contract_id.pricelist_id
            or self.partner_id.commercial_partner_id.with_company(
                self.company_id
            ).property_product_pricelist
        )

    def _get_schedule_prices(self):
        """Return {(pricelist id, product id): (unit price, rule id)} for the visits' products.

        One pricelist computation per schedule, at the quantity of 1 in the product's unit.
        NOTE: pricelist rules with a minimum quantity above 1 are therefore not applied.
        """
        products_by_pricelist = defaultdict(lambda: self.env["product.product"])
        for visit in self:
            pricelist = visit._get_sav_pricelist()
            if pricelist:
                products_by_pricelist[pricelist] |= visit._get_billed_products()
        today = fields.Date.context_today(self)
        prices = {}
        for pricelist, products in products_by_pricelist.items():
            for product_id, price_rule in pricelist._compute_price_rule(
                products, 1.0, date=today
            ).items():
                prices[pricelist.id, product_id] = price_rule
        return prices

    def _get_billed_products(self):
        self.ensure_one()
        company = self.company_id
        return (
            self.flat_rate_product_id
            | company.sav_labour_product_id
            | company.sav_expense_product_id
            | self.part_line_ids.product_id
        )

    def _get_unit_price(self, prices, product, catalogue_price):
        """Return the schedule's price of the product, or ``catalogue_price`` when it has none."""
        pricelist = self._get_sav_pricelist()
        price, rule_id = prices.get((pricelist.id, product.id), (catalogue_price, False))
        return price if rule_id else catalogue_price

    def _group_for_invoicing(self, grouping):
        """Return {(customer, fiscal position, request or None): visits} in visit order."""
        groups = defaultdict(lambda: self.env["sav.intervention"])
        for visit in self.sorted(lambda v: (v.planned_start, v.id)):
            customer = visit.partner_id.commercial_partner_id
            fiscal_position = visit.site_id.sav_fiscal_position_id
            request = visit.request_id if grouping == "request" else None
            groups[customer, fiscal_position, request] |= visit
        return groups

    def _prepare_invoice_values(self, fiscal_position, prices):
        """Return the values of the invoice of these visits, which share customer and company."""
        customer = self[:1].partner_id.commercial_partner_id
        company = self[:1].company_id
        invoice_address = customer.address_get(["invoice"])["invoice"]
        sites = self.site_id
        values = {
            "move_type": "out_invoice",
            "partner_id": invoice_address,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "invoice_origin": ", ".join(dict.fromkeys(self.request_id.mapped("name"))),
            "invoice_user_id": self.env.user.id,
            "invoice_line_ids": [
                Command.create(line_values)
                for visit in self
                for line_values in visit._prepare_invoice_lines(prices)
            ],
        }
        if len(sites) == 1:
            values["partner_shipping_id"] = sites.id
        if fiscal_position:
            values["fiscal_position_id"] = fiscal_position.id
        return values

    def _prepare_invoice_lines(self, prices):
        """Return the invoice line values of one visit: a section, labour, parts, expenses."""
        self.ensure_one()
        company = self.company_id
        show_all = company.sav_show_non_billable
        lines = [
            {
                "display_type": "line_section",
                "name": self._get_invoice_section_name(),
                "sav_intervention_id": self.id,
            }
        ]

        labour_product = self.flat_rate_product_id or (
            company.sav_labour_product_id if self.duration > 0 else self.env["product.product"]
        )
        if labour_product and (self.labour_billable or show_all):
            quantity = 1.0 if self.flat_rate_product_id else self.duration
            price = self._get_unit_price(prices, labour_product, labour_product.lst_price)
            lines.append(
                self._prepare_invoice_line(labour_product, quantity, price, self.labour_billable)
            )

        for part in self.part_line_ids:
            if not (part.billable or show_all) or not part.quantity:
                continue
            # Without a negotiated price, the price the technician recorded on site applies.
            price = self._get_unit_price(prices, part.product_id, None)
            if price is None:
                price = part.price_unit
            elif part.uom_id and part.uom_id != part.product_id.uom_id:
                price = part.product_id.uom_id._compute_price(price, part.uom_id)
            line = self._prepare_invoice_line(part.product_id, part.quantity, price, part.billable)
            line["product_uom_id"] = part.uom_id.id
            lines.append(line)

        expense_product = company.sav_expense_product_id or company.sav_labour_product_id
        for expense in self.expense_line_ids:
            if not (expense.billable or show_all) or not expense.amount:
                continue
            line = self._prepare_invoice_line(
                expense_product, 1.0, expense.amount, expense.billable
            )
            line["name"] = expense.name or expense._get_type_label()
            if not expense_product:
                line.pop("product_id")
            lines.append(line)
        return lines

    def _prepare_invoice_line(self, product, quantity, price, billable):
        values = {
            "product_id": product.id,
            "quantity": quantity,
            "price_unit": price if billable else 0.0,
            "sav_intervention_id": self.id,
        }
        if not billable:
            values["name"] = self.env._("%(product)s (not billed)", product=product.display_name)
        return values

    def _get_invoice_section_name(self):
        self.ensure_one()
        site = self.site_id or self.partner_id
        address = ", ".join(
            filter(None, [site.name, site.street, site.street2, " ".join(
                filter(None, [site.zip, site.city]))])
        )
        return self.env._(
            "Visit %(visit)s of %(date)s, %(address)s",
            visit=self.request_id.name,
            date=format_date(self.env, self.planned_start),
            address=address,
        )

    # ------------------------------------------------------------
    # Payment collected on site
    # ------------------------------------------------------------

    def _register_collected_payments(self):
        """Register the amounts collected on site as payments of the visits' posted invoices."""
        pending = self.filtered(
            lambda visit: visit.collected_amount > 0 and not visit.collected_payment_id
        )
        for visit in pending:
            invoice = visit._get_valid_invoices().filtered(
                lambda move: move.state == "posted"
            )[:1]
            if invoice:
                visit._register_collected_payment(invoice)

    def _register_collected_payment(self, invoice):
        """Register the amount collected on this visit as a payment of ``invoice``.

        Technicians record the amount without accounting rights, so the payment is
        made as superuser, once the visit's own access rules have let them write it.
        """
        self.ensure_one()
        invoice_sudo = invoice.sudo()
        journal_types = ["cash", "bank"] if self.collected_method == "cash" else ["bank"]
        journals_sudo = self.env["account.journal"].sudo().search(
            [
                *self.env["account.journal"]._check_company_domain(invoice.company_id),
                ("type", "in", journal_types),
            ]
        )
        journal_sudo = journals_sudo.sorted(lambda j: journal_types.index(j.type))[:1]
        if not journal_sudo:
            raise UserError(
                self.env._(
                    "Company %(company)s has no bank journal to register the payment "
                    "collected on visit %(visit)s. Create one in Invoicing.",
                    company=invoice.company_id.name,
                    visit=self.name,
                )
            )
        method = dict(self._fields["collected_method"]._description_selection(self.env))[
            self.collected_method
        ]
        wizard_sudo = (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice_sudo.ids)
            .create(
                {
                    "amount": self.collected_amount,
                    "journal_id": journal_sudo.id,
                    "payment_date": self.collected_date or fields.Date.context_today(self),
                    "communication": self.env._(
                        "%(invoice)s, paid on site (%(method)s), visit %(visit)s",
                        invoice=invoice_sudo.name,
                        method=method,
                        visit=self.name,
                    ),
                }
            )
        )
        payment_sudo = wizard_sudo._create_payments()
        self.sudo().collected_payment_id = payment_sudo[:1]
