from odoo.tests import HttpCase, new_test_user, tagged


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
