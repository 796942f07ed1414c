from datetime import timedelta

from odoo.tests import new_test_user, tagged

from .common import TECHNICIAN_GROUP, SavRequestCommon

# Fields the web client asks for when it opens the pending list (its list view).
PENDING_LIST_SPECIFICATION = {
    "priority": {},
    "name": {},
    "create_date": {},
    "partner_id": {"fields": {"display_name": {}}},
    "site_id": {"fields": {"display_name": {}}},
    "summary": {},
    "equipment_id": {"fields": {"display_name": {}}},
    "channel": {},
    "contract_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {"fields": {}},
    "state": {},
}
CALENDAR_FIELDS = [
    "display_name",
    "planned_start",
    "planned_end",
    "technician_id",
    "partner_id",
    "site_id",
    "equipment_id",
    "state",
]
# Upper bounds measured on Odoo 19.0 with this module alone. The exact count
# matters less than the fact that it does not grow with the records shown.
MAX_PENDING_LIST_QUERIES = 12
MAX_CALENDAR_QUERIES = 8


@tagged("post_install", "-at_install")
class TestSavRequestQueryCount(SavRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technicians = cls.env["res.users"].concat(
            *(
                new_test_user(
                    cls.env, login=f"sav_perf_tech_{index}", name=f"Tech {index:02d}",
                    groups=TECHNICIAN_GROUP,
                )
                for index in range(20)
            )
        )
        cls.week_start = cls.start - timedelta(days=cls.start.weekday())
        cls.counter = 0

    def _create_pending_requests(self, count):
        partners = self.env["res.partner"].create(
            [{"name": f"Client {self.counter + index}", "city": "Nantes"} for index in range(count)]
        )
        sites = self.env["res.partner"].create(
            [
                {"name": f"Site {partner.name}", "type": "delivery", "parent_id": partner.id}
                for partner in partners
            ]
        )
        self.env["sav.equipment"].create(
            [{"site_id": site.id, "brand": "Chaffoteaux", "model": "Mira C"} for site in sites]
        )
        self.counter += count
        return self.env["sav.request"].create(
            [{"partner_id": partner.id, "user_id": self.dispatcher.id} for partner in partners]
        )

    def _create_week_visits(self, per_technician):
        requests = self._create_pending_requests(len(self.technicians) * per_technician)
        values = []
        for index, request in enumerate(requests):
            technician = self.technicians[index % len(self.technicians)]
            start = self.week_start + timedelta(days=index % 5, hours=8 + 2 * (index // 20 % 4))
            values.append(
                {
                    "request_id": request.id,
                    "technician_id": technician.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=2),
                }
            )
        return self.env["sav.intervention"].create(values)

    def _count_queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = function()
        return self.cr.sql_log_count - before, result

    def _load_pending_list(self):
        Request = self.env["sav.request"].with_user(self.dispatcher)
        return Request.web_search_read(
            [("state", "=", "new")], PENDING_LIST_SPECIFICATION, limit=80, count_limit=10001
        )

    def _load_week_calendar(self):
        Visit = self.env["sav.intervention"].with_user(self.dispatcher)
        domain = Visit._get_calendar_domain(
            self.week_start, self.week_start + timedelta(days=7), self.technicians.ids
        )
        return Visit.search_read(domain, CALENDAR_FIELDS)

    def test_pending_list_query_count_constant(self):
        # Demo data, when installed, adds a few pending requests of its own.
        already_pending = self.env["sav.request"].search_count([("state", "=", "new")])
        self._create_pending_requests(5)
        self._load_pending_list()  # warm the ORM caches (access rules, views)
        small, result = self._count_queries(self._load_pending_list)
        self.assertEqual(result["length"], already_pending + 5)
        self._create_pending_requests(60)
        large, result = self._count_queries(self._load_pending_list)
        self.assertEqual(len(result["records"]), min(already_pending + 65, 80))
        self.assertEqual(small, large, "loading 65 requests costs the same queries as 5")
        self.assertLessEqual(large, MAX_PENDING_LIST_QUERIES)

    def test_week_calendar_query_count_constant(self):
        self._create_week_visits(per_technician=1)
        self._load_week_calendar()  # warm the ORM caches
        small, visits = self._count_queries(self._load_week_calendar)
        self.assertEqual(len(visits), 20)
        self._create_week_visits(per_technician=4)
        large, visits = self._count_queries(self._load_week_calendar)
        self.assertEqual(len(visits), 100)
        self.assertEqual(small, large, "loading 100 visits costs the same queries as 20")
        self.assertLessEqual(large, MAX_CALENDAR_QUERIES)
