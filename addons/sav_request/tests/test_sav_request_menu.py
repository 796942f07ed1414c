from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER_GROUP, TECHNICIAN_GROUP


@tagged("post_install", "-at_install")
class TestSavRequestMenu(HttpCase):
    def test_dispatcher_opens_requests_from_app_menu(self):
        new_test_user(
            self.env,
            login="sav_dispatcher",
            groups="sav_request.sav_request_group_dispatcher",
        )
        self.start_tour("/odoo", "sav_request_menu_tour", login="sav_dispatcher")

    def test_request_reference_follows_company_sequence(self):
        partner = self.env["res.partner"].create({"name": "Mme Durand"})
        first, second = self.env["sav.request"].create(
            [{"partner_id": partner.id}, {"partner_id": partner.id}]
        )
        year = first.create_date.year
        self.assertRegex(first.name, rf"^SAV/{year}/\d{{5}}$")
        self.assertEqual(int(second.name[-5:]), int(first.name[-5:]) + 1)


@tagged("post_install", "-at_install")
class TestSavRequestTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatcher = new_test_user(
            cls.env, login="sav_tour_dispatcher", name="Denise Planning", groups=DISPATCHER_GROUP
        )
        cls.technician = new_test_user(
            cls.env,
            login="sav_tour_technician",
            name="Thierry Martin",
            notification_type="inbox",
            groups=TECHNICIAN_GROUP,
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Mme Claire Durand", "phone": "+33 6 12 34 56 78", "city": "Nantes"}
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Maison de Pornic",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "city": "Pornic",
                "sav_door_code": "4512B",
            }
        )
        cls.boiler = cls.env["sav.equipment"].create(
            {"site_id": cls.site.id, "brand": "Frisquet", "model": "Prestige"}
        )

    def test_phone_request_planned_then_seen_by_technician(self):
        self.start_tour("/odoo", "sav_request_phone_intake_tour", login="sav_tour_dispatcher")

        request = self.env["sav.request"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.channel, "phone")
        self.assertEqual(request.site_id, self.site)
        self.assertEqual(request.equipment_id, self.boiler)
        self.assertEqual(request.state, "planned")
        self.assertEqual(request.attachment_ids.mapped("name"), ["notice-frisquet.pdf"])
        self.assertEqual(request.attachment_ids.res_id, request.id)
        visit = request.intervention_ids
        self.assertEqual(visit.technician_id, self.technician)
        notified = self.env["mail.notification"].search(
            [("res_partner_id", "=", self.technician.partner_id.id)]
        )
        self.assertEqual(notified.mail_message_id.res_id, visit.id)

        self.start_tour("/odoo", "sav_request_technician_visits_tour", login="sav_tour_technician")
        self.assertEqual(visit.state, "in_progress")
        self.assertEqual(request.state, "in_progress")
