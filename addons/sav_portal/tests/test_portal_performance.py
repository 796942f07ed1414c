from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SavPortalCommon

PAGES = [
    "/my/sav",
    "/my/sav/page/2",
    "/my/sav/dashboard",
    "/my/sav/planning?mode=month",
    "/my/sav/planning?mode=week",
    "/my/sav/documents",
]


@tagged("post_install", "-at_install")
class TestSavPortalQueryCount(SavPortalCommon):
    """Pages of a customer with many requests run as many queries as with a few."""

    def _add_requests(self, count):
        """Add ``count`` requests, each with two visits this month, one of them done."""
        now = fields.Datetime.now().replace(day=1, hour=8, minute=0, second=0, microsecond=0)
        requests = self.env["sav.request"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "site_id": (self.site if index % 2 else self.site_2).id,
                    "summary": f"Panne {index}",
                }
                for index in range(count)
            ]
        )
        visits = []
        for index, sav_request in enumerate(requests):
            start = now + timedelta(days=index % 5, hours=index % 3)
            for offset, state in ((0, "done"), (7, "planned")):
                visits.append(
                    {
                        "request_id": sav_request.id,
                        "technician_id": self.technician.id,
                        "planned_start": start + timedelta(days=offset),
                        "planned_end": start + timedelta(days=offset, hours=2),
                        "state": state,
                    }
                )
        self.env["sav.intervention"].create(visits)
        for sav_request in requests[: count // 2]:
            self._create_document(sav_request, name=f"Doc {sav_request.id}.pdf")
        self.env.flush_all()

    def _count_queries(self, url):
        # A first call fills the caches that any later call finds warm.
        self.url_open(url)
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before

    def test_page_queries_do_not_grow_with_requests(self):
        self._add_requests(30)
        self.authenticate("claire", "claire")
        small = {url: self._count_queries(url) for url in PAGES}
        self._add_requests(120)
        large = {url: self._count_queries(url) for url in PAGES}
        for url in PAGES:
            self.assertEqual(
                large[url], small[url],
                f"{url} runs {large[url]} queries with 150 requests and {small[url]} with 30",
            )
