from datetime import timedelta

from odoo.tests import tagged

from .common import SavFieldServiceCommon

# Fields the web client asks for when the technician opens "My Visits" (the phone kanban).
MY_VISITS_SPECIFICATION = {
    "planned_start": {},
    "state": {},
    "partner_id": {"fields": {"display_name": {}}},
    "intervention_type_id": {"fields": {"display_name": {}}},
    "site_map_url": {},
    "site_address": {},
    "site_phone": {},
    "equipment_id": {"fields": {"display_name": {}}},
    "co_alert": {},
    "priority": {},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
}
# Fields of the visit form, with its lines, photos, history and documents.
VISIT_FORM_SPECIFICATION = {
    "name": {},
    "state": {},
    "request_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "site_id": {"fields": {"display_name": {}}},
    "equipment_id": {"fields": {"display_name": {}}},
    "intervention_type_id": {"fields": {"display_name": {}}},
    "technician_id": {"fields": {"display_name": {}}},
    "planned_start": {},
    "planned_end": {},
    "site_address_link": {},
    "site_phone": {},
    "arrival_time": {},
    "departure_time": {},
    "duration_forced": {},
    "duration": {},
    "flat_rate_product_id": {"fields": {"display_name": {}}},
    "measures": {},
    "co_alert": {},
    "co_level": {},
    "report": {},
    "part_line_ids": {
        "fields": {
            "product_id": {"fields": {"display_name": {}}},
            "quantity": {},
            "uom_id": {"fields": {"display_name": {}}},
            "billable": {},
        }
    },
    "expense_line_ids": {
        "fields": {"expense_type": {}, "name": {}, "amount": {}, "billable": {}}
    },
    "photo_ids": {"fields": {"image_256": {}, "phase": {}, "name": {}}},
    "signature": {},
    "signed_by": {},
    "site_history_html": {},
    "site_history_count": {},
    "request_attachment_ids": {"fields": {"name": {}, "mimetype": {}}},
    "contract_document_ids": {"fields": {"name": {}, "mimetype": {}}},
    "vat_rate": {},
    "amount_total": {},
    "message_has_error": {},
}
# Upper bounds measured on Odoo 19.0 with this module; what matters is that
# they do not grow with the number of visits.
MAX_MY_VISITS_QUERIES = 20
MAX_VISIT_FORM_QUERIES = 40


@tagged("post_install", "-at_install")
class TestFieldServiceQueryCount(SavFieldServiceCommon):
    def _create_visits(self, count, technician=None, state="planned", start=None):
        partners = self.env["res.partner"].create(
            [{"name": f"Client {index}", "street": f"{index} rue Crébillon", "city": "Nantes",
              "phone": f"+33 2 40 00 {index % 100:02d} {index % 97:02d}"}
             for index in range(count)]
        )
        requests = self.env["sav.request"].create(
            [{"partner_id": partner.id} for partner in partners]
        )
        start = start or self.start
        return self.env["sav.intervention"].create(
            [
                {
                    "request_id": request.id,
                    "technician_id": (technician or self.technician).id,
                    "intervention_type_id": self.boiler_service.id,
                    "planned_start": start + timedelta(hours=index),
                    "planned_end": start + timedelta(hours=index, minutes=90),
                    "state": state,
                }
                for index, request in enumerate(requests)
            ]
        )

    def _create_site_history(self, count):
        requests = self.env["sav.request"].create(
            [{"partner_id": self.customer.id, "site_id": self.customer_site.id}] * count
        )
        start = self.start - timedelta(days=count + 1)
        self.env["sav.intervention"].create(
            [
                {
                    "request_id": request.id,
                    "technician_id": self.technician_2.id,
                    "intervention_type_id": self.boiler_service.id,
                    "planned_start": start + timedelta(days=index),
                    "state": "done",
                    "report": "<p>Entretien fait.</p>",
                }
                for index, request in enumerate(requests)
            ]
        )

    def _count_queries(self, function):
        """Return the fewest queries of two calls of ``function``, and its result.

        The fewest is taken because a call may fill a cache that later calls
        reuse, whatever the number of records.
        """
        counts = []
        for _attempt in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            result = function()
            counts.append(self.cr.sql_log_count - before)
        return min(counts), result

    def _open_my_visits(self):
        Visit = self.env["sav.intervention"].with_user(self.technician)
        return Visit.web_search_read(
            [("technician_id", "=", self.technician.id)], MY_VISITS_SPECIFICATION, limit=None
        )

    def test_my_visits_query_count_constant(self):
        self._create_visits(5)
        self._open_my_visits()  # warm the ORM caches (access rules, views)
        small, result = self._count_queries(self._open_my_visits)
        self.assertEqual(result["length"], 5)
        self._create_visits(195)
        large, result = self._count_queries(self._open_my_visits)
        self.assertEqual(len(result["records"]), 200)
        self.assertEqual(small, large, "opening 200 visits costs the same queries as 5")
        self.assertLessEqual(large, MAX_MY_VISITS_QUERIES)

    def test_visit_form_query_count_constant(self):
        visit = self._create_visit()
        visit.write(
            {
                "part_line_ids": [(0, 0, {"product_id": self.thermocouple.id})],
                "expense_line_ids": [(0, 0, {"expense_type": "parking", "amount": 3.0})],
            }
        )
        Visit = self.env["sav.intervention"].with_user(self.technician)

        def open_form():
            return Visit.browse(visit.id).web_read(VISIT_FORM_SPECIFICATION)

        self._create_site_history(5)
        open_form()  # warm the ORM caches
        small, result = self._count_queries(open_form)
        self.assertEqual(result[0]["site_history_count"], 5)
        self._create_site_history(495)
        large, result = self._count_queries(open_form)
        self.assertEqual(result[0]["site_history_count"], 500)
        self.assertIn("Entretien fait.", result[0]["site_history_html"])
        self.assertEqual(small, large, "a site with 500 past visits costs the same as 5")
        self.assertLessEqual(large, MAX_VISIT_FORM_QUERIES)
