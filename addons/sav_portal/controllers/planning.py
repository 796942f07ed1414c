from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import format_date

from .dashboard import SavDashboardPortal

# Visits shown at most on one page of the planning; the page says when there are more.
PLANNING_MAX_VISITS = 1000


class SavPlanningPortal(SavDashboardPortal):
    """Month and week planning of the customer's visits, rendered on the server."""

    def _get_sav_planning_range(self, mode, anchor):
        """Return the first day shown, the day after the last one, and the previous and next anchors."""
        if mode == "week":
            first = anchor - timedelta(days=anchor.weekday())
            return first, first + timedelta(days=7), first - timedelta(days=7), first + timedelta(days=7)
        month_start = anchor.replace(day=1)
        month_end = month_start + relativedelta(months=1)
        first = month_start - timedelta(days=month_start.weekday())
        last = month_end + timedelta(days=(7 - month_end.weekday()) % 7)
        return first, last, month_start - relativedelta(months=1), month_end

    def _get_sav_planning_values(self, mode, anchor, site=None):
        env = request.env
        tz = self._get_sav_user_tz()
        first, last, previous_anchor, next_anchor = self._get_sav_planning_range(mode, anchor)
        start_utc = tz.localize(datetime.combine(first, time.min)).astimezone(pytz.utc)
        end_utc = tz.localize(datetime.combine(last, time.min)).astimezone(pytz.utc)
        domain = (
            self._get_sav_intervention_domain()
            & Domain("state", "!=", "cancelled")
            & Domain("planned_start", "<", end_utc.replace(tzinfo=None))
            & Domain("planned_end", ">", start_utc.replace(tzinfo=None))
        )
        if site:
            domain &= Domain("site_id", "=", site.id)
        visits = env["sav.intervention"].search(
            domain, order="planned_start, id", limit=PLANNING_MAX_VISITS + 1
        )
        truncated = len(visits) > PLANNING_MAX_VISITS
        visits = visits[:PLANNING_MAX_VISITS]

        state_labels = dict(visits._fields["state"]._description_selection(env))
        by_day = {}
        for visit in visits:
            start = pytz.utc.localize(visit.planned_start).astimezone(tz)
            end = pytz.utc.localize(visit.planned_end).astimezone(tz)
            by_day.setdefault(start.date(), []).append(
                {
                    "visit": visit,
                    "slot": f"{start:%H:%M} - {end:%H:%M}",
                    "technician": visit.technician_name,
                    "site": visit.site_id.display_name,
                    "request": visit.request_id,
                    "state": visit.state,
                    "state_label": state_labels[visit.state],
                }
            )
        today = datetime.now(tz).date()
        weeks = []
        day = first
        while day < last:
            week = []
            for _index in range(7):
                week.append(
                    {
                        "date": day,
                        "label": format_date(env, day, date_format="EEE d"),
                        "long_label": format_date(env, day, date_format="EEEE d MMMM"),
                        "visits": by_day.get(day, []),
                        "is_today": day == today,
                        "in_month": mode == "week" or day.month == anchor.month,
                    }
                )
                day += timedelta(days=1)
            weeks.append(week)
        if mode == "week":
            title = env._(
                "Week of %(date)s", date=format_date(env, first, date_format="d MMMM yyyy")
            )
        else:
            title = format_date(env, anchor, date_format="MMMM yyyy")
        weekday_labels = [
            format_date(env, first + timedelta(days=index), date_format="EEE")
            for index in range(7)
        ]
        return {
            "weeks": weeks,
            "weekday_labels": weekday_labels,
            "title": title,
            "mode": mode,
            "anchor": anchor,
            "previous_anchor": previous_anchor,
            "next_anchor": next_anchor,
            "today": today,
            "visit_count": len(visits),
            "truncated": truncated,
            "max_visits": PLANNING_MAX_VISITS,
        }

    @http.route(["/my/sav/planning"], type="http", auth="user", website=True, readonly=True)
    def portal_my_sav_planning(self, mode="month", date=None, site=None, **kw):
        values = self._prepare_sav_layout_values("sav_planning")
        mode = mode if mode in ("month", "week") else "month"
        anchor = self._parse_sav_date(date) or datetime.now(self._get_sav_user_tz()).date()
        sites = self._get_sav_sites()
        site_id = self._parse_int(site)
        selected_site = sites.filtered(lambda s: s.id == site_id)
        values.update(self._get_sav_planning_values(mode, anchor, selected_site))
        values.update({"sites": sites, "selected_site": selected_site})
        return request.render("sav_portal.portal_my_sav_planning", values)

    @staticmethod
    def _parse_sav_date(value):
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None
