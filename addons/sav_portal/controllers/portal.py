from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import format_datetime
from odoo.tools.translate import LazyTranslate

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

_lt = LazyTranslate(__name__)

# Free-text search looks in these request fields; the user picks one in the search bar.
SEARCH_FIELDS = ("name", "summary", "description", "equipment_id")


class SavCustomerPortal(CustomerPortal):
    """Requests of the customer's commercial entity: home tile, list and detail pages."""

    _sav_items_per_page = 20

    # ------------------------------------------------------------
    # Home
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sav_request_count" in counters:
            SavRequest = request.env["sav.request"]
            values["sav_request_count"] = (
                SavRequest.search_count(self._get_sav_request_domain())
                if SavRequest.has_access("read")
                else 0
            )
        return values

    def _get_sav_request_domain(self):
        """Return the domain of the requests the current user may see on the portal."""
        return request.env["sav.request"]._get_portal_domain(request.env.user.partner_id)

    def _get_sav_intervention_domain(self):
        return request.env["sav.intervention"]._get_portal_domain(request.env.user.partner_id)

    def _get_sav_sites(self):
        """Return the sites of the current user's commercial entity, for filters and forms."""
        commercial = request.env.user.partner_id.commercial_partner_id
        return request.env["res.partner"].search(
            [("id", "child_of", commercial.id), ("type", "in", ("contact", "delivery", "other"))],
            order="parent_id desc, name, id",
        )

    def _prepare_sav_layout_values(self, page_name):
        values = self._prepare_portal_layout_values()
        values["page_name"] = page_name
        return values

    # ------------------------------------------------------------
    # Request list
    # ------------------------------------------------------------

    def _get_sav_searchbar_sortings(self):
        return {
            "date": {"label": _lt("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _lt("Reference"), "order": "name desc, id desc"},
            "state": {"label": _lt("Status"), "order": "state, create_date desc, id desc"},
            "site": {"label": _lt("Site"), "order": "site_id, create_date desc, id desc"},
        }

    def _get_sav_searchbar_filters(self):
        state_labels = dict(
            request.env["sav.request"]._fields["state"]._description_selection(request.env)
        )
        filters = {"all": {"label": _lt("All"), "domain": Domain.TRUE}}
        filters["open"] = {
            "label": _lt("Open"),
            "domain": Domain("state", "not in", ("done", "cancelled")),
        }
        for state, label in state_labels.items():
            filters[state] = {"label": label, "domain": Domain("state", "=", state)}
        return filters

    def _get_sav_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": _lt("Search in All")},
            "name": {"input": "name", "label": _lt("Search in Reference")},
            "summary": {"input": "summary", "label": _lt("Search in Subject")},
            "description": {"input": "description", "label": _lt("Search in Description")},
            "equipment_id": {"input": "equipment_id", "label": _lt("Search in Equipment")},
        }

    def _get_sav_search_domain(self, search_in, search):
        if not search:
            return Domain.TRUE
        if search_in in SEARCH_FIELDS:
            return Domain(search_in, "ilike", search)
        return Domain.OR(Domain(fname, "ilike", search) for fname in SEARCH_FIELDS)

    @http.route(
        ["/my/sav", "/my/sav/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_sav_requests(
        self, page=1, sortby=None, filterby=None, site=None, search=None, search_in="all", **kw
    ):
        values = self._prepare_sav_layout_values("sav_requests")
        SavRequest = request.env["sav.request"]

        searchbar_sortings = self._get_sav_searchbar_sortings()
        searchbar_filters = self._get_sav_searchbar_filters()
        searchbar_inputs = self._get_sav_searchbar_inputs()
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        search_in = search_in if search_in in searchbar_inputs else "all"

        sites = self._get_sav_sites()
        site_id = self._parse_int(site)
        selected_site = sites.filtered(lambda s: s.id == site_id)

        domain = (
            self._get_sav_request_domain()
            & searchbar_filters[filterby]["domain"]
            & self._get_sav_search_domain(search_in, search)
        )
        if selected_site:
            domain &= Domain("site_id", "=", selected_site.id)

        if SavRequest.has_access("read"):
            total = SavRequest.search_count(domain)
        else:
            total = 0
        url_args = {"sortby": sortby, "filterby": filterby, "search_in": search_in}
        if search:
            url_args["search"] = search
        if selected_site:
            url_args["site"] = selected_site.id
        pager = portal_pager(
            url="/my/sav",
            url_args=url_args,
            total=total,
            page=page,
            step=self._sav_items_per_page,
        )
        sav_requests = SavRequest
        if total:
            sav_requests = SavRequest.search(
                domain,
                order=searchbar_sortings[sortby]["order"],
                limit=self._sav_items_per_page,
                offset=pager["offset"],
            )
        request.session["my_sav_requests_history"] = sav_requests.ids[:100]

        values.update(
            {
                "sav_requests": sav_requests,
                "pager": pager,
                "default_url": "/my/sav",
                "searchbar_sortings": searchbar_sortings,
                "sortby": sortby,
                "searchbar_filters": searchbar_filters,
                "filterby": filterby,
                "searchbar_inputs": searchbar_inputs,
                "search_in": search_in,
                "search": search,
                "sites": sites,
                "selected_site": selected_site,
                "site_filter_args": {
                    key: value
                    for key, value in url_args.items()
                    if key != "site"
                },
                "state_labels": dict(
                    SavRequest._fields["state"]._description_selection(request.env)
                ),
            }
        )
        return request.render("sav_portal.portal_my_sav_requests", values)

    @staticmethod
    def _parse_int(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    # ------------------------------------------------------------
    # Request detail
    # ------------------------------------------------------------

    def _redirect_to_login(self):
        return request.redirect(
            "/web/login?" + urlencode({"redirect": request.httprequest.full_path})
        )

    @http.route(["/my/sav/<int:request_id>"], type="http", auth="public", website=True)
    def portal_my_sav_request(self, request_id, access_token=None, **kw):
        if request.env.user._is_public() and not access_token:
            return self._redirect_to_login()
        try:
            request_sudo = self._document_check_access("sav.request", request_id, access_token)
        except (AccessError, MissingError):
            # The same response whether the request exists or not, so ids cannot be probed.
            return request.not_found()
        if not access_token and not request_sudo.filtered_domain(self._get_sav_request_domain()):
            # Back-office users reach other customers' requests in the back office.
            return request.not_found()

        visits_sudo = request_sudo.intervention_ids.sorted(lambda v: (v.planned_start, v.id))
        upcoming_sudo = visits_sudo.filtered(lambda v: v.state in ("planned", "in_progress"))
        tz = request.env.user.tz or request_sudo.company_id.partner_id.tz or "UTC"
        state_history = [
            (label, format_datetime(request.env, moment, tz=tz, dt_format="short"))
            for moment, label in request_sudo._get_portal_state_history()
        ]
        values = self._prepare_sav_layout_values("sav_request")
        values.update(
            {
                "sav_request": request_sudo,
                "visits": visits_sudo,
                "next_visit": upcoming_sudo[:1],
                "state_history": state_history,
                "documents": request_sudo.portal_document_ids,
                "state_labels": dict(
                    request_sudo._fields["state"]._description_selection(request.env)
                ),
                "visit_state_labels": dict(
                    visits_sudo._fields["state"]._description_selection(request.env)
                ),
                "tz": tz,
            }
        )
        values = self._get_page_view_values(
            request_sudo, access_token, values, "my_sav_requests_history", False, **kw
        )
        return request.render("sav_portal.portal_my_sav_request", values)

    # ------------------------------------------------------------
    # Visits
    # ------------------------------------------------------------

    def _sav_check_visit_access(self, request_id, visit_id, access_token=None):
        """Return the visit, sudoed, if the user may read it or gives a token of it or its request.

        :raise MissingError: the visit does not exist or is not a visit of that request
        :raise AccessError: the user may not read the visit and no valid token was given
        """
        try:
            visit_sudo = self._document_check_access("sav.intervention", visit_id, access_token)
        except AccessError:
            if not access_token:
                raise
            # The token of the request also opens the reports of its visits.
            request_sudo = self._document_check_access("sav.request", request_id, access_token)
            visit_sudo = request_sudo.intervention_ids.filtered(lambda v: v.id == visit_id)
        if not visit_sudo or visit_sudo.request_id.id != request_id:
            raise MissingError(request.env._("This visit does not exist."))
        if not access_token and not visit_sudo.filtered_domain(
            self._get_sav_intervention_domain()
        ):
            raise AccessError(request.env._("This visit is not one of yours."))
        return visit_sudo

    @http.route(
        ["/my/sav/<int:request_id>/visits/<int:visit_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_my_sav_visit(self, request_id, visit_id, access_token=None, **kw):
        """Open a visit: its place on the request page, or its report for a token holder."""
        if request.env.user._is_public() and not access_token:
            return self._redirect_to_login()
        try:
            visit_sudo = self._sav_check_visit_access(request_id, visit_id, access_token)
        except (AccessError, MissingError):
            # The same response whether the visit exists or not, so ids cannot be probed.
            return request.not_found()
        if access_token:
            # The QR code of a printed report leads here with the visit's token.
            return self._sav_visit_report_response(visit_sudo, download=False)
        return request.redirect(f"{visit_sudo.request_id.access_url}#visit-{visit_sudo.id}")

    @http.route(
        ["/my/sav/<int:request_id>/visits/<int:visit_id>/report"],
        type="http",
        auth="public",
        website=True,
        readonly=True,
    )
    def portal_my_sav_visit_report(
        self, request_id, visit_id, access_token=None, download=False, **kw
    ):
        if request.env.user._is_public() and not access_token:
            return self._redirect_to_login()
        try:
            visit_sudo = self._sav_check_visit_access(request_id, visit_id, access_token)
        except (AccessError, MissingError):
            return request.not_found()
        return self._sav_visit_report_response(visit_sudo, download)

    def _sav_visit_report_response(self, visit_sudo, download):
        attachment_sudo = visit_sudo._get_portal_report_attachment()
        if not attachment_sudo:
            return request.not_found()
        return self._sav_stream_attachment(attachment_sudo, download)

    def _sav_stream_attachment(self, attachment_sudo, download):
        stream = request.env["ir.binary"]._get_stream_from(attachment_sudo)
        return stream.get_response(as_attachment=bool(download))
