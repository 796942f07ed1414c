import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SavPortalCommon


@tagged("post_install", "-at_install")
class TestSavPortalPages(SavPortalCommon):
    """Content of each portal page for the customer."""

    def test_request_list_searches_filters_and_sorts(self):
        oven = self._create_request(site_id=self.site.id, summary="Four en panne")
        boiler = self._create_request(site_id=self.site_2.id, summary="Chaudière bruyante")
        self._create_visit(boiler)
        self.authenticate("claire", "claire")

        found = self.url_open("/my/sav?search=bruyante&search_in=summary").text
        self.assertIn(boiler.name, found)
        self.assertNotIn(oven.name, found)

        planned = self.url_open("/my/sav?filterby=planned").text
        self.assertIn(boiler.name, planned)
        self.assertNotIn(oven.name, planned)

        by_site = self.url_open(f"/my/sav?site={self.site.id}").text
        self.assertIn(oven.name, by_site)
        self.assertNotIn(boiler.name, by_site)

        by_name = self.url_open("/my/sav?sortby=name").text
        self.assertLess(by_name.index(boiler.name), by_name.index(oven.name))

    def test_request_list_pager_keeps_filters(self):
        self.env["sav.request"].create(
            [{"partner_id": self.customer.id, "site_id": self.site.id, "summary": f"Panne {i}"}
             for i in range(25)]
        )
        self.authenticate("claire", "claire")
        response = self.url_open(f"/my/sav?filterby=new&sortby=name&site={self.site.id}")
        links = re.findall(r'href="(/my/sav/page/2[^"]*)"', response.text)
        self.assertTrue(links, "no link to the second page")
        link = links[0].replace("&amp;", "&")
        self.assertIn("filterby=new", link)
        self.assertIn("sortby=name", link)
        self.assertIn(f"site={self.site.id}", link)
        page_2 = self.url_open(link)
        self.assertEqual(page_2.status_code, 200)
        self.assertEqual(page_2.text.count("o_sav_request_row"), 5)

    def test_request_page_shows_history_planned_date_and_technician(self):
        sav_request = self._create_request(site_id=self.site.id)
        self._create_visit(sav_request, start=self.start)
        self.authenticate("claire", "claire")
        response = self.url_open(f"/my/sav/{sav_request.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thierry Martin", response.text)
        self.assertIn("o_sav_planned_date", response.text)
        # 8:00 UTC is 9:00 in Paris, the user's time zone.
        self.assertIn("09:00", response.text)
        history = response.text[response.text.index("o_sav_state_history"):]
        self.assertLess(history.index("Pending"), history.index("Planned"))
        self.assertIn('id="discussion"', response.text, "the chatter is shown")

    def test_request_page_lists_shared_documents(self):
        sav_request = self._create_request(site_id=self.site.id)
        document = self._create_document(sav_request, name="Devis remplacement.pdf")
        self.authenticate("claire", "claire")
        response = self.url_open(f"/my/sav/{sav_request.id}")
        self.assertIn("Devis remplacement.pdf", response.text)
        self.assertIn(f"/my/sav/documents/{document.id}", response.text)

    def test_documents_page_filters_by_site_type_and_year(self):
        pornic = self._create_request(site_id=self.site.id)
        nantes = self._create_request(site_id=self.site_2.id)
        self._create_document(pornic, name="Pornic.pdf")
        old = self._create_document(nantes, name="Nantes.pdf")
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = '2024-05-01' WHERE id = %s", [old.id]
        )
        self.authenticate("claire", "claire")
        by_site = self.url_open(f"/my/sav/documents?site={self.site.id}").text
        self.assertIn("Pornic.pdf", by_site)
        self.assertNotIn("Nantes.pdf", by_site)
        by_year = self.url_open("/my/sav/documents?year=2024").text
        self.assertIn("Nantes.pdf", by_year)
        self.assertNotIn("Pornic.pdf", by_year)
        by_type = self.url_open("/my/sav/documents?doc_type=contract").text
        self.assertNotIn("Pornic.pdf", by_type)

    def test_dashboard_shows_figures_of_last_months(self):
        now = fields.Datetime.now()
        done = self._create_request(site_id=self.site.id)
        self._create_visit(done, start=now - timedelta(days=2), state="done")
        self._create_request(site_id=self.site_2.id)
        self.authenticate("claire", "claire")
        response = self.url_open("/my/sav/dashboard")
        self.assertEqual(response.status_code, 200)
        figures = re.findall(r'o_sav_figure_\w+">([^<]*)<', response.text)
        self.assertEqual(figures[:3], ["2", "1", "1"], "requests, open requests, visits done")
        self.assertEqual(figures[4:], ["0", "0"], "no visit report nor invoice yet")
        self.assertEqual(response.text.count('class="o_sav_chart '), 4)
        self.assertIn("Boutique de Nantes", response.text)

    def test_dashboard_user_without_timezone(self):
        self.portal_user.tz = False
        company_partner = self.env.company.partner_id.with_user(self.portal_user)
        with self.assertRaises(AccessError, msg="portal users may not read the company partner"):
            company_partner.check_access("read")
        self.authenticate("claire", "claire")
        response = self.url_open("/my/sav/dashboard")
        self.assertEqual(response.status_code, 200, "the company's time zone applies")

    def test_dashboard_average_delay_from_request_to_visit(self):
        sav_request = self._create_request(site_id=self.site.id)
        self._create_visit(sav_request, start=sav_request.create_date + timedelta(hours=50))
        self.assertAlmostEqual(sav_request.visit_delay_hours, 50, places=3)
        self.authenticate("claire", "claire")
        response = self.url_open("/my/sav/dashboard")
        self.assertIn("2 d 2 h", response.text)

    def test_planning_week_shows_slot_and_technician(self):
        sav_request = self._create_request(site_id=self.site.id)
        self._create_visit(sav_request, start=self.start + timedelta(days=2))
        self.authenticate("claire", "claire")
        response = self.url_open("/my/sav/planning?mode=week&date=2026-03-04")
        self.assertEqual(response.status_code, 200)
        self.assertIn("09:00 - 11:00", response.text)
        self.assertIn("Thierry Martin", response.text)
        self.assertIn('data-date="2026-03-04"', response.text)
        other_week = self.url_open("/my/sav/planning?mode=week&date=2026-03-12")
        self.assertNotIn("Thierry Martin", other_week.text)

    def test_planning_filters_by_site(self):
        pornic = self._create_request(site_id=self.site.id)
        self._create_visit(pornic, start=self.start)
        self.authenticate("claire", "claire")
        nantes = self.url_open(f"/my/sav/planning?date=2026-03-02&site={self.site_2.id}")
        self.assertNotIn("Thierry Martin", nantes.text)
        pornic_page = self.url_open(f"/my/sav/planning?date=2026-03-02&site={self.site.id}")
        self.assertIn("Thierry Martin", pornic_page.text)

    def test_pages_render_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "in", ("sav_portal", "sav_request", "portal"))]
        )._update_translations(["fr_FR"])
        self.portal_user.lang = "fr_FR"
        sav_request = self._create_request(site_id=self.site.id)
        self._create_visit(sav_request, start=self.start)
        self.authenticate("claire", "claire")
        pages = {
            "/my/sav": "Nouvelle demande",
            f"/my/sav/{sav_request.id}": "Prochaine visite",
            "/my/sav/new": "Envoyer la demande",
            "/my/sav/documents": "Fichiers",
            "/my/sav/dashboard": "Chiffres clés",
            "/my/sav/planning?date=2026-03-02": "mars 2026",
        }
        for url, text in pages.items():
            # Without a language in the URL, the portal renders in the user's language.
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn(text, response.text, url)
