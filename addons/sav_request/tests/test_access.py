from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SavRequestCommon


@tagged("post_install", "-at_install")
class TestSavRequestAccess(SavRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_request = cls._create_request()
        cls.own_visit = cls._create_intervention(cls.own_request)
        cls.other_request = cls._create_request(partner_id=cls.syndic.id)
        cls.other_visit = cls._create_intervention(cls.other_request, technician=cls.technician_2)
        cls.pending_request = cls._create_request(summary="Fuite sous l'évier")
        cls.foreign_request = cls._create_request(
            partner_id=cls.syndic.id, company_id=cls.other_company.id
        )
        foreign_technician = cls.technician_2
        foreign_technician.company_ids |= cls.other_company
        cls.foreign_visit = cls._create_intervention(
            cls.foreign_request, technician=foreign_technician, start=cls.start + timedelta(days=3)
        )
        cls.contract = cls.env["sav.contract"].create(
            {"partner_id": cls.syndic.id, "site_ids": [cls.syndic_site.id]}
        )
        cls.company_requests = cls.own_request | cls.other_request | cls.pending_request
        cls.company_visits = cls.own_visit | cls.other_visit

    def _visible(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_technician_sees_own_visits_and_their_requests(self):
        self.assertEqual(self._visible(self.technician, "sav.intervention"), self.own_visit)
        self.assertEqual(self._visible(self.technician, "sav.request"), self.own_request)
        with self.assertRaises(AccessError):
            self.other_visit.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            self.pending_request.with_user(self.technician).read(["name"])

    def test_technician_updates_own_visit_state_only(self):
        visit = self.own_visit.with_user(self.technician)
        self.assertFalse(visit.user_can_plan, "the form shows the planning read-only")
        self.assertTrue(self.own_visit.with_user(self.dispatcher).user_can_plan)
        visit.action_start()
        visit.instructions = "<p>Pièce commandée</p>"
        self.assertEqual(self.own_visit.state, "in_progress")
        self.assertEqual(self.own_request.state, "in_progress", "the request follows the visit")
        with self.assertRaisesNaming(AccessError, "Technician"):
            visit.technician_id = self.technician_2
        with self.assertRaisesNaming(AccessError, "Planned Start"):
            visit.planned_start = self.start + timedelta(days=1)
        with self.assertRaises(AccessError):
            self.other_visit.with_user(self.technician).action_start()

    def test_technician_cannot_create_or_delete(self):
        with self.assertRaises(AccessError):
            self.env["sav.request"].with_user(self.technician).create(
                {"partner_id": self.customer.id}
            )
        with self.assertRaises(AccessError):
            self._create_intervention(self.pending_request).with_user(self.technician).unlink()
        with self.assertRaises(AccessError):
            self.env["sav.intervention"].with_user(self.technician).create(
                {
                    "request_id": self.pending_request.id,
                    "technician_id": self.technician.id,
                    "planned_start": self.start,
                }
            )
        with self.assertRaises(AccessError):
            self.own_request.with_user(self.technician).summary = "Changed"

    def test_technician_reads_equipment_and_contracts(self):
        self.assertIn(self.boiler, self._visible(self.technician, "sav.equipment"))
        self.assertIn(self.contract, self._visible(self.technician, "sav.contract"))
        with self.assertRaises(AccessError):
            self.boiler.with_user(self.technician).serial_number = "X"
        with self.assertRaises(AccessError):
            self.contract.with_user(self.technician).action_start()

    def test_dispatcher_sees_all_of_company(self):
        test_requests = self.company_requests | self.foreign_request
        test_visits = self.company_visits | self.foreign_visit
        for model, test_records, expected in (
            ("sav.request", test_requests, self.company_requests),
            ("sav.intervention", test_visits, self.company_visits),
        ):
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.dispatcher)
                self.assertEqual(Model.search([("id", "in", test_records.ids)]), expected)
                # Demo data, when installed, belongs to the main company too.
                company_count = self.env[model].search_count(
                    [("company_id", "=", self.env.company.id)]
                )
                self.assertEqual(Model.search_count([]), company_count)
        with self.assertRaises(AccessError):
            self.foreign_request.with_user(self.dispatcher).read(["name"])

    def test_dispatcher_takes_and_plans_requests(self):
        Request = self.env["sav.request"].with_user(self.dispatcher)
        site = self.env["res.partner"].with_user(self.dispatcher).create(
            {"name": "Garage", "type": "delivery", "parent_id": self.customer.id}
        )
        request = Request.create({"partner_id": self.customer.id, "site_id": site.id})
        visit = self.env["sav.intervention"].with_user(self.dispatcher).create(
            {
                "request_id": request.id,
                "technician_id": self.technician.id,
                "planned_start": self.start + timedelta(days=5),
            }
        )
        visit.technician_id = self.technician_2
        self.assertEqual(request.state, "planned")
        request.action_cancel()
        self.env["sav.request.cancel"].with_user(self.dispatcher).create(
            {"request_ids": request.ids, "reason": "Doublon"}
        ).action_cancel()
        self.assertEqual(request.state, "cancelled")
        with self.assertRaises(AccessError):
            request.unlink()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.dispatcher).write({"date_end": "2030-01-01"})

    def test_manager_configures(self):
        contract = self.contract.with_user(self.manager)
        contract.action_start()
        self.assertEqual(contract.state, "running")
        self.pending_request.with_user(self.manager).unlink()
        self.assertFalse(self.pending_request.exists())

    def test_other_company_dispatcher_sees_only_own_company(self):
        self.assertEqual(self._visible(self.other_dispatcher, "sav.request"), self.foreign_request)
        self.assertEqual(self._visible(self.other_dispatcher, "sav.intervention"), self.foreign_visit)
        self.assertFalse(self._visible(self.other_dispatcher, "sav.equipment"))

    def test_employee_without_group_has_no_access(self):
        for model in ("sav.request", "sav.intervention", "sav.equipment", "sav.contract"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])
