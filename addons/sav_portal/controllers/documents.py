from datetime import date, datetime

from odoo import http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import SavCustomerPortal

_lt = LazyTranslate(__name__)

DOCUMENT_TYPES = {
    "report": _lt("Visit Reports"),
    "document": _lt("Request Documents"),
    "contract": _lt("Contracts"),
    "invoice": _lt("Invoices"),
}
# Latest invoices shown on the documents page; Odoo's /my/invoices lists them all.
INVOICES_SHOWN = 20


class SavDocumentsPortal(SavCustomerPortal):
    """Every document of the customer's commercial entity on one page, with its download."""

    _sav_documents_per_page = 20

    def _get_sav_document_domains(self, site=None):
        """Return {document type: ir.attachment domain} of the current user's documents.

        The domains select records of the user's commercial entity explicitly, so
        that the attachments may then be searched with sudo.
        """
        request_domain = self._get_sav_request_domain()
        visit_domain = self._get_sav_intervention_domain()
        commercial = request.env.user.partner_id.commercial_partner_id
        contract_domain = Domain("partner_id", "child_of", commercial.id) & Domain(
            "state", "!=", "draft"
        )
        if site:
            request_domain &= Domain("site_id", "=", site.id)
            visit_domain &= Domain("site_id", "=", site.id)
            contract_domain &= Domain("site_ids", "in", site.ids)
        return {
            "report": request.env["sav.intervention"]._get_portal_report_domain(visit_domain),
            "document": Domain("sav_portal_request_ids", "any", request_domain),
            "contract": Domain("sav_contract_ids", "any", contract_domain),
        }

    def _get_sav_contracts(self, site=None):
        commercial = request.env.user.partner_id.commercial_partner_id
        domain = Domain("partner_id", "child_of", commercial.id) & Domain("state", "!=", "draft")
        if site:
            domain &= Domain("site_ids", "in", site.ids)
        return request.env["sav.contract"].search(domain)

    def _get_sav_document_types(self):
        return dict(DOCUMENT_TYPES)

    @http.route(
        ["/my/sav/documents", "/my/sav/documents/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_sav_documents(self, page=1, site=None, doc_type=None, year=None, **kw):
        values = self._prepare_sav_layout_values("sav_documents")
        Attachment = request.env["ir.attachment"].sudo()
        sites = self._get_sav_sites()
        site_id = self._parse_int(site)
        selected_site = sites.filtered(lambda s: s.id == site_id)
        document_types = self._get_sav_document_types()
        doc_type = doc_type if doc_type in document_types else None

        domains = self._get_sav_document_domains(selected_site)
        if doc_type:
            domain = domains.get(doc_type, Domain.FALSE)
        else:
            domain = Domain.OR(domains.values())
        years = {
            created.year
            for [created] in Attachment._read_group(domain, ["create_date:year"])
            if created
        }
        if doc_type in (None, "invoice"):
            years.update(
                invoiced.year
                for [invoiced] in request.env["account.move"].sudo()._read_group(
                    self._get_sav_invoice_domain(selected_site), ["invoice_date:year"]
                )
                if invoiced
            )
        years = sorted(years, reverse=True)
        selected_year = self._parse_int(year)
        if selected_year in years:
            domain &= Domain("create_date", ">=", datetime(selected_year, 1, 1))
            domain &= Domain("create_date", "<", datetime(selected_year + 1, 1, 1))
        else:
            selected_year = None

        total = Attachment.search_count(domain)
        url_args = {}
        if selected_site:
            url_args["site"] = selected_site.id
        if doc_type:
            url_args["doc_type"] = doc_type
        if selected_year:
            url_args["year"] = selected_year
        pager = portal_pager(
            url="/my/sav/documents",
            url_args=url_args,
            total=total,
            page=page,
            step=self._sav_documents_per_page,
        )
        attachments = Attachment.search(
            domain,
            order="create_date desc, id desc",
            limit=self._sav_documents_per_page,
            offset=pager["offset"],
        )
        contracts = request.env["sav.contract"]
        if doc_type in (None, "contract") and not selected_year:
            contracts = self._get_sav_contracts(selected_site)
        values.update(
            {
                "attachments": attachments,
                "attachment_sources": self._get_sav_attachment_sources(attachments),
                "contracts": contracts.sudo(),
                "pager": pager,
                "sites": sites,
                "selected_site": selected_site,
                "document_types": document_types,
                "doc_type": doc_type,
                "years": years,
                "selected_year": selected_year,
                "url_args": url_args,
            }
        )
        values.update(self._get_sav_extra_documents(selected_site, doc_type, selected_year))
        return request.render("sav_portal.portal_my_sav_documents", values)

    def _get_sav_extra_documents(self, site, doc_type, year):
        """Return the invoices of the customer's visits for the documents page."""
        invoices = request.env["account.move"]
        if doc_type in (None, "invoice"):
            invoices = invoices.sudo().search(
                self._get_sav_invoice_domain(site, year),
                order="invoice_date desc, id desc",
                limit=INVOICES_SHOWN,
            )
            # Odoo's invoice pages open with the token for users who do not follow them.
            for invoice in invoices:
                invoice._portal_ensure_token()
        return {"invoices": invoices, "invoices_shown": INVOICES_SHOWN}

    def _get_sav_invoice_domain(self, site=None, year=None):
        """Return the domain of the posted invoices of the current user's visits."""
        commercial = request.env.user.partner_id.commercial_partner_id
        visit_domain = self._get_sav_intervention_domain()
        if site:
            visit_domain &= Domain("site_id", "=", site.id)
        domain = (
            Domain("move_type", "in", ("out_invoice", "out_refund"))
            & Domain("state", "=", "posted")
            & Domain("partner_id", "child_of", commercial.id)
            & Domain("line_ids.sav_intervention_id", "any", visit_domain)
        )
        if year:
            domain &= Domain("invoice_date", ">=", date(year, 1, 1))
            domain &= Domain("invoice_date", "<", date(year + 1, 1, 1))
        return domain

    def _get_sav_attachment_sources(self, attachments):
        """Return {attachment: (document type, record it belongs to)} for the listed attachments."""
        by_model = {}
        for attachment in attachments:
            by_model.setdefault(attachment.res_model, set()).add(attachment.res_id)
        records = {
            model: request.env[model].sudo().browse(ids)
            for model, ids in by_model.items()
            if model in ("sav.request", "sav.intervention", "sav.contract")
        }
        types = {"sav.request": "document", "sav.intervention": "report", "sav.contract": "contract"}
        sources = {}
        for attachment in attachments:
            record = records.get(attachment.res_model)
            record = record.browse(attachment.res_id).with_prefetch(record._ids) if record else None
            sources[attachment] = (types.get(attachment.res_model, "document"), record)
        return sources

    @http.route(
        ["/my/sav/documents/<int:attachment_id>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_sav_document(self, attachment_id, download=False, **kw):
        """Download one document, if it is among the current user's documents."""
        domain = Domain("id", "=", attachment_id) & Domain.OR(
            self._get_sav_document_domains().values()
        )
        attachment_sudo = request.env["ir.attachment"].sudo().search(domain, limit=1)
        if not attachment_sudo:
            return request.not_found()
        return self._sav_stream_attachment(attachment_sudo, download)
