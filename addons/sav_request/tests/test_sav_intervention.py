from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_datetime

from .common import SavRequestCommon


@tagged("post_install", "-at_install")
class TestSavIntervention(SavRequestCommon):
    def test_end_defaults_two_hours_after_start(self):
        request = self._create_request()
        visit = self.env["sav.intervention"].create(
            {
                "request_id": request.id,
                "technician_id": self.technician.id,
                "planned_start": self.start,
            }
        )
        self.assertEqual(visit.planned_end, self.start + timedelta(hours=2))
        self.assertEqual(visit.planned_hours, 2.0)

    def test_visit_copies_request_site(self):
        request = self._create_request()
        visit = self._create_intervention(request)
        self.assertEqual(visit.site_id, self.customer_site)
        self.assertEqual(visit.equipment_id, self.boiler)
        self.assertEqual(visit.site_door_code, "4512B")
        self.assertEqual(visit.name, f"{request.name} - Mme Claire Durand")

    def test_end_before_start_raises_and_saves_nothing(self):
        request = self._create_request()
        visit = self._create_intervention(request)
        with self.assertRaisesNaming(ValidationError, "is not after its planned start"):
            visit.write(
                {
                    "planned_end": self.start - timedelta(hours=1),
                    "technician_id": self.technician_2.id,
                }
            )
        visit.invalidate_recordset()
        self.assertEqual(visit.planned_end, self.start + timedelta(hours=2))
        self.assertEqual(visit.technician_id, self.technician)

    def test_end_before_start_message_names_dates(self):
        request = self._create_request()
        end = format_datetime(self.env, self.start - timedelta(hours=1), dt_format="short")
        start = format_datetime(self.env, self.start, dt_format="short")
        with self.assertRaisesNaming(ValidationError, end, start, request.name):
            self._create_intervention(request, hours=-1)
        self.assertFalse(request.intervention_ids)

    def test_user_outside_technician_group_raises(self):
        request = self._create_request()
        with self.assertRaisesNaming(ValidationError, "Eva Compta is not a technician"):
            self._create_intervention(request, technician=self.employee)
        self.assertFalse(request.intervention_ids)
        self.assertEqual(request.state, "new")

    def test_overlap_warning_names_other_visit(self):
        first = self._create_intervention(self._create_request())
        second = self._create_intervention(
            self._create_request(partner_id=self.syndic.id), start=self.start + timedelta(hours=1)
        )
        self.assertIn(first.name, second.overlap_warning)
        self.assertIn("Thierry Martin", second.overlap_warning)
        self.assertIn(second.name, first.overlap_warning)

    def test_no_overlap_warning_for_other_technician_or_slot(self):
        first = self._create_intervention(self._create_request())
        after = self._create_intervention(self._create_request(), start=self.start + timedelta(hours=2))
        other = self._create_intervention(self._create_request(), technician=self.technician_2)
        self.assertFalse(first.overlap_warning, "back-to-back visits do not overlap")
        self.assertFalse(after.overlap_warning)
        self.assertFalse(other.overlap_warning)
        after.action_cancel()
        self.assertFalse(after.overlap_warning)

    def test_overlap_onchange_warns_dispatcher(self):
        first = self._create_intervention(self._create_request())
        form = Form(self.env["sav.intervention"].with_user(self.dispatcher))
        form.request_id = self._create_request(partner_id=self.syndic.id)
        form.technician_id = self.technician
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.planned_start = self.start + timedelta(minutes=30)
        self.assertIn(first.name, logs.output[0], "the onchange warning names the other visit")
        self.assertIn(first.name, form.overlap_warning)
        visit = form.save()
        self.assertEqual(visit.planned_end, self.start + timedelta(hours=2, minutes=30))


@tagged("post_install", "-at_install")
class TestSavInterventionNotification(SavRequestCommon):
    @classmethod
    def default_env_context(cls):
        # Notifications are what these tests check: keep the mail features on.
        return {}

    def _notifications(self, technician):
        return self.env["mail.notification"].search(
            [("res_partner_id", "=", technician.partner_id.id)]
        )

    def test_new_visit_notifies_technician_in_inbox(self):
        request = self._create_request()
        visit = self._create_intervention(request)
        notification = self._notifications(self.technician)
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.notification_type, "inbox")
        self.assertEqual(notification.mail_message_id.model, "sav.intervention")
        self.assertEqual(notification.mail_message_id.res_id, visit.id)
        self.assertIn(visit.name, notification.mail_message_id.subject)
        self.assertIn(self.technician.partner_id, visit.message_partner_ids)

    def test_changed_visit_notifies_technician_by_email(self):
        visit = self._create_intervention(self._create_request(), technician=self.technician_2)
        visit.planned_start += timedelta(days=1)
        notifications = self._notifications(self.technician_2)
        self.assertEqual(len(notifications), 2, "one for the new visit, one for the change")
        self.assertEqual(set(notifications.mapped("notification_type")), {"email"})
        subjects = notifications.mail_message_id.mapped("subject")
        self.assertTrue(any(s.startswith("Visit changed") for s in subjects), subjects)

    def test_reassigned_visit_notifies_both_technicians(self):
        visit = self._create_intervention(self._create_request())
        visit.technician_id = self.technician_2
        removed = self._notifications(self.technician).mail_message_id.mapped("subject")
        self.assertTrue(any(s.startswith("Visit reassigned") for s in removed), removed)
        self.assertEqual(len(self._notifications(self.technician_2)), 1)

    def test_instructions_change_does_not_notify(self):
        visit = self._create_intervention(self._create_request())
        visit.instructions = "<p>Apporter un vase d'expansion</p>"
        self.assertEqual(len(self._notifications(self.technician)), 1)
