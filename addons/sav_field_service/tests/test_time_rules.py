from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SavFieldServiceCommon


@tagged("post_install", "-at_install")
class TestTimeRules(SavFieldServiceCommon):
    def test_arrive_starts_visit_and_records_time(self):
        visit = self._create_visit().with_user(self.technician)
        with freeze_time("2026-03-02 08:07:30"):
            visit.action_arrive()
        self.assertEqual(visit.state, "in_progress")
        self.assertEqual(str(visit.arrival_time), "2026-03-02 08:07:30")
        with freeze_time("2026-03-02 09:20:10"):
            visit.action_leave()
        self.assertEqual(str(visit.departure_time), "2026-03-02 09:20:10")
        # 1 h 12 min in whole minutes, rounded up to the next quarter hour.
        self.assertEqual(visit.duration, 1.25)

    def test_leave_without_arrival_rejected(self):
        visit = self._create_visit().with_user(self.technician)
        with self.assertRaisesNaming(UserError, visit.name, "Arrive"):
            visit.action_leave()

    def test_times_stay_editable(self):
        visit = self._create_visit().with_user(self.technician)
        self._arrive_and_leave(visit, 60)
        visit.departure_time = self.start + timedelta(minutes=90)
        self.assertEqual(visit.duration, 1.5)

    def test_duration_rounding_methods(self):
        visit = self._create_visit()
        cases = [
            (15, "UP", 61, 1.25),
            (15, "UP", 60, 1.0),
            (15, "HALF-UP", 67, 1.0),
            (15, "HALF-UP", 68, 1.25),
            (30, "UP", 31, 1.0),
            (0, "UP", 61, 61 / 60),
        ]
        for step, method, minutes, expected in cases:
            with self.subTest(step=step, method=method, minutes=minutes):
                self.env.company.write(
                    {"sav_duration_rounding": step, "sav_duration_rounding_method": method}
                )
                self._arrive_and_leave(visit, minutes)
                self.assertAlmostEqual(visit.duration, expected, places=6)

    def test_seconds_do_not_count(self):
        visit = self._create_visit()
        visit.write(
            {
                "arrival_time": self.start,
                "departure_time": self.start + timedelta(hours=1, seconds=40),
            }
        )
        self.assertEqual(visit.duration, 1.0, "40 seconds past the hour do not start a quarter")

    def test_forced_duration_kept(self):
        visit = self._create_visit().with_user(self.technician)
        self._arrive_and_leave(visit, 60)
        visit.write({"duration_forced": True, "duration": 2.5})
        visit.departure_time = self.start + timedelta(minutes=30)
        self.assertEqual(visit.duration, 2.5)
        visit.duration_forced = False
        self.assertEqual(visit.duration, 0.5, "unforcing computes the time worked again")

    def test_forced_duration_out_of_range_rejected(self):
        visit = self._create_visit()
        for hours in (-1.0, 24.5):
            with self.subTest(hours=hours), self.assertRaisesNaming(ValidationError, str(hours)):
                visit.write({"duration_forced": True, "duration": hours})
        visit.write({"duration_forced": True, "duration": 24.0})
        self.assertEqual(visit.duration, 24.0)

    def test_departure_before_arrival_rejected(self):
        visit = self._create_visit()
        with self.assertRaisesNaming(ValidationError, "before its arrival time", visit.name):
            visit.write(
                {"arrival_time": self.start, "departure_time": self.start - timedelta(minutes=5)}
            )

    def test_form_keeps_input_after_rejection(self):
        visit = self._create_visit()
        form = Form(visit)
        form.arrival_time = self.start
        form.departure_time = self.start - timedelta(hours=1)
        with self.assertRaises(ValidationError):
            form.save()
        # The rejected values stay in the form, for the technician to correct.
        self.assertEqual(form.departure_time, self.start - timedelta(hours=1))

    def test_flat_rate_from_type(self):
        self.boiler_service.flat_rate_product_id = self.service_package
        visit = self._create_visit()
        self.assertEqual(visit.flat_rate_product_id, self.service_package)
        self._arrive_and_leave(visit, 150)
        self.assertEqual(visit.amount_labour, 120.0, "the flat rate replaces the time worked")

    def test_labour_amount_from_time(self):
        visit = self._create_visit()
        self._arrive_and_leave(visit, 90)
        self.assertEqual(visit.amount_labour, 90.0)
        self.assertEqual(visit.vat_rate, 10.0)
        self.assertEqual(visit.amount_tax, 9.0)
        self.assertEqual(visit.amount_total, 99.0)
