from odoo.tests import tagged

from .common import SavFieldServiceCommon


@tagged("post_install", "-at_install")
class TestMeasures(SavFieldServiceCommon):
    def test_co_thresholds(self):
        visit = self._create_visit()
        cases = [
            (0.0, "none"),
            (9.9, "none"),
            (10.0, "anomaly"),
            (49.9, "anomaly"),
            (50.0, "danger"),
            (120.0, "danger"),
        ]
        for level, expected in cases:
            with self.subTest(level=level):
                visit.measures = {"co_ppm": level}
                self.assertEqual(visit.co_alert, expected)
                self.assertEqual(visit.co_level, level)

    def test_co_missing_means_no_alert(self):
        visit = self._create_visit()
        visit.measures = {"efficiency": 96.0}
        self.assertEqual(visit.co_alert, "none")

    def test_measures_defined_by_type(self):
        visit = self._create_visit()
        visit.measures = {"co_ppm": 4.0, "efficiency": 97.5, "fuel": "gas", "flue_checked": True}
        read = visit.read(["measures"])[0]["measures"]
        self.assertEqual(
            [prop["name"] for prop in read],
            ["co_ppm", "flue_temperature", "efficiency", "fuel", "flue_checked", "advice"],
        )
        self.assertEqual(visit.measures["efficiency"], 97.5)

    def test_measure_lines_for_report(self):
        visit = self._create_visit()
        visit.measures = {"co_ppm": 12.0, "fuel": "oil", "flue_checked": False}
        lines = visit._get_measure_lines()
        self.assertIn(("CO ambiant (ppm)", "12.0", True), lines)
        self.assertIn(("Combustible", "Fioul", False), lines)
        self.assertIn(("Conduit vérifié", "No", False), lines)

    def test_technician_records_measures(self):
        visit = self._create_visit().with_user(self.technician)
        visit.measures = {"co_ppm": 55.0}
        self.assertEqual(visit.co_alert, "danger")
