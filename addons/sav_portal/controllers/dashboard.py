import json
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import format_date

from .portal import SavCustomerPortal

DASHBOARD_MONTHS = 12
# Colours of the charts, in the order of the states of a request.
STATE_COLORS = {
    "new": "#f0ad4e",
    "planned": "#17a2b8",
    "in_progress": "#007bff",
    "done": "#28a745",
    "cancelled": "#6c757d",
}
SITE_COLOR = "#714B67"
REQUEST_COLOR = "#017E84"
VISIT_COLOR = "#28a745"


class SavDashboardPortal(SavCustomerPortal):
    """Key figures of the customer's requests and visits, from grouped SQL queries."""

    def _get_sav_user_tz(self):
        # Portal users may not read the company's partner, so its time zone is read as superuser.
        tz_name = request.env.user.tz or request.env.company.sudo().partner_id.tz or "UTC"
        try:
            return pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _get_sav_dashboard_months(self):
        """Return the first days of the last 12 months, this month included, oldest first."""
        today = fields.Datetime.now().astimezone(self._get_sav_user_tz()).date()
        first = today.replace(day=1) - relativedelta(months=DASHBOARD_MONTHS - 1)
        return [first + relativedelta(months=index) for index in range(DASHBOARD_MONTHS)]

    def _get_sav_dashboard_data(self, site=None):
        """Return the figures and the Chart.js data of the dashboard."""
        env = request.env
        SavRequest = env["sav.request"]
        Visit = env["sav.intervention"]
        tz = self._get_sav_user_tz()
        months = self._get_sav_dashboard_months()
        start_local = tz.localize(datetime.combine(months[0], time.min))
        since = start_local.astimezone(pytz.utc).replace(tzinfo=None)

        request_domain = self._get_sav_request_domain() & Domain("create_date", ">=", since)
        visit_domain = self._get_sav_intervention_domain() & Domain("planned_start", ">=", since)
        if site:
            request_domain &= Domain("site_id", "=", site.id)
            visit_domain &= Domain("site_id", "=", site.id)

        # Datetime groups follow the timezone of the context.
        SavRequest = SavRequest.with_context(tz=tz.zone)
        Visit = Visit.with_context(tz=tz.zone)
        per_month = {
            (month.year, month.month): count
            for month, count in SavRequest._read_group(
                request_domain, ["create_date:month"], ["__count"]
            )
        }
        done_per_month = {
            (month.year, month.month): count
            for month, count in Visit._read_group(
                visit_domain & Domain("state", "=", "done"), ["planned_start:month"], ["__count"]
            )
        }
        per_site = SavRequest._read_group(
            request_domain, ["site_id"], ["__count"], order="__count desc"
        )
        per_state = dict(SavRequest._read_group(request_domain, ["state"], ["__count"]))
        [[average_delay]] = SavRequest._read_group(
            request_domain & Domain("first_visit_start", "!=", False),
            [],
            ["visit_delay_hours:avg"],
        )

        month_labels = [format_date(env, month, date_format="MMM yyyy") for month in months]
        state_labels = dict(SavRequest._fields["state"]._description_selection(env))
        month_keys = [(month.year, month.month) for month in months]
        charts = {
            "requests_per_month": {
                "type": "bar",
                "labels": month_labels,
                "datasets": [
                    {
                        "label": env._("Requests"),
                        "data": [per_month.get(key, 0) for key in month_keys],
                        "backgroundColor": REQUEST_COLOR,
                    }
                ],
            },
            "visits_per_month": {
                "type": "line",
                "labels": month_labels,
                "datasets": [
                    {
                        "label": env._("Visits done"),
                        "data": [done_per_month.get(key, 0) for key in month_keys],
                        "borderColor": VISIT_COLOR,
                        "backgroundColor": VISIT_COLOR,
                    }
                ],
            },
            "requests_per_site": {
                "type": "bar",
                "horizontal": True,
                "labels": [
                    site.display_name if site else env._("No site") for site, _count in per_site
                ],
                "datasets": [
                    {
                        "label": env._("Requests"),
                        "data": [count for _site, count in per_site],
                        "backgroundColor": SITE_COLOR,
                    }
                ],
            },
            "requests_per_state": {
                "type": "doughnut",
                "labels": [state_labels[state] for state in STATE_COLORS if state in per_state],
                "datasets": [
                    {
                        "label": env._("Requests"),
                        "data": [per_state[state] for state in STATE_COLORS if state in per_state],
                        "backgroundColor": [
                            color for state, color in STATE_COLORS.items() if state in per_state
                        ],
                    }
                ],
            },
        }
        return {
            "charts": charts,
            "charts_json": {name: json.dumps(chart) for name, chart in charts.items()},
            "total_requests": sum(per_month.values()),
            "open_requests": sum(
                count for state, count in per_state.items() if state not in ("done", "cancelled")
            ),
            "visits_done": sum(done_per_month.values()),
            **self._get_sav_document_counts(site, since),
            "average_delay_hours": average_delay or 0.0,
            "per_site": per_site,
            "per_state": [(state_labels[state], per_state[state])
                          for state in STATE_COLORS if state in per_state],
            "month_rows": list(zip(
                month_labels,
                [per_month.get(key, 0) for key in month_keys],
                [done_per_month.get(key, 0) for key in month_keys],
                strict=True,
            )),
        }

    def _get_sav_document_counts(self, site, since):
        """Count the visit reports and the posted invoices that the customer got since ``since``."""
        report_domain = self._get_sav_document_domains(site)["report"] & Domain(
            "create_date", ">=", since
        )
        invoice_domain = self._get_sav_invoice_domain(site) & Domain(
            "invoice_date", ">=", since.date()
        )
        # The domains select the user's own records, as on the documents page.
        return {
            "report_count": request.env["ir.attachment"].sudo().search_count(report_domain),
            "invoice_count": request.env["account.move"].sudo().search_count(invoice_domain),
        }

    @staticmethod
    def _format_sav_delay(env, hours):
        """Return a delay in hours as days and hours, e.g. 2 d 5 h."""
        if not hours:
            return "-"
        days, rest = divmod(round(hours), 24)
        if days:
            return env._("%(days)s d %(hours)s h", days=days, hours=rest)
        return env._("%(hours)s h", hours=rest)

    @http.route(["/my/sav/dashboard"], type="http", auth="user", website=True, readonly=True)
    def portal_my_sav_dashboard(self, site=None, **kw):
        values = self._prepare_sav_layout_values("sav_dashboard")
        sites = self._get_sav_sites()
        site_id = self._parse_int(site)
        selected_site = sites.filtered(lambda s: s.id == site_id)
        data = self._get_sav_dashboard_data(selected_site)
        values.update(data)
        values.update(
            {
                "sites": sites,
                "selected_site": selected_site,
                "average_delay": self._format_sav_delay(request.env, data["average_delay_hours"]),
            }
        )
        return request.render("sav_portal.portal_my_sav_dashboard", values)
