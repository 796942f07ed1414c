import re
import time
from datetime import datetime, timedelta
from pathlib import Path

from odoo.tests import HttpCase, new_test_user
from odoo.tools.misc import hmac as hmac_sign

TECHNICIAN_GROUP = "sav_request.sav_request_group_technician"
DISPATCHER_GROUP = "sav_request.sav_request_group_dispatcher"
# Sample photos shared by the project: next to the repository, else at the usual place.
SAMPLE_PHOTO_DIRS = [
    Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "photos",
    Path("/work/shared/samples/photos"),
]


def sample_photo_path(name):
    """Return the path of a sample photo, from the first folder that has it."""
    for folder in SAMPLE_PHOTO_DIRS:
        path = folder / name
        if path.exists():
            return path
    raise FileNotFoundError(
        f"Sample photo {name} not found in {', '.join(map(str, SAMPLE_PHOTO_DIRS))}: put the "
        "project's samples/photos folder there."
    )


class SavPortalCommon(HttpCase):
    """Two customers with their sites, equipment and portal users, and the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.email = "sav@chauffage-nantais.example.com"
        cls.dispatcher = new_test_user(
            cls.env, login="sav_dispatcher", name="Denise Planning", groups=DISPATCHER_GROUP
        )
        cls.technician = new_test_user(
            cls.env,
            login="sav_technician",
            name="Thierry Martin",
            email="thierry@example.com",
            notification_type="inbox",
            groups=TECHNICIAN_GROUP,
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Boulangerie Durand",
                "is_company": True,
                "email": "contact@boulangerie-durand.example.com",
                "street": "12 rue des Lilas",
                "zip": "44000",
                "city": "Nantes",
            }
        )
        cls.customer_contact = Partner.create(
            {
                "name": "Claire Durand",
                "parent_id": cls.customer.id,
                "email": "claire.durand@example.com",
            }
        )
        cls.site = Partner.create(
            {"name": "Fournil de Pornic", "type": "delivery", "parent_id": cls.customer.id,
             "street": "3 chemin de la Plage", "zip": "44210", "city": "Pornic"}
        )
        cls.site_2 = Partner.create(
            {"name": "Boutique de Nantes", "type": "delivery", "parent_id": cls.customer.id,
             "city": "Nantes"}
        )
        cls.other_customer = Partner.create(
            {"name": "Syndic Atlantique", "is_company": True, "city": "Saint-Nazaire",
             "email": "syndic@example.com"}
        )
        cls.other_site = Partner.create(
            {"name": "Résidence Les Tilleuls", "type": "delivery",
             "parent_id": cls.other_customer.id, "city": "Saint-Nazaire"}
        )
        Equipment = cls.env["sav.equipment"]
        cls.oven = Equipment.create(
            {"site_id": cls.site.id, "brand": "Bongard", "model": "Cervap",
             "serial_number": "BG-2020-17"}
        )
        cls.boiler = Equipment.create(
            {"site_id": cls.site_2.id, "brand": "Frisquet", "model": "Prestige",
             "serial_number": "FR-2021-0042"}
        )
        cls.other_boiler = Equipment.create(
            {"site_id": cls.other_site.id, "brand": "De Dietrich", "model": "Naneo",
             "serial_number": "DD-77-12"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="claire",
            email="claire.durand@example.com",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
            tz="Europe/Paris",
        )
        cls.other_contact = Partner.create(
            {"name": "Olivier Syndic", "parent_id": cls.other_customer.id,
             "email": "olivier@example.com"}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="olivier",
            email="olivier@example.com",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
            tz="Europe/Paris",
        )
        cls.start = datetime(2026, 3, 2, 8, 0)

    @classmethod
    def _create_request(cls, partner=None, **values):
        partner = partner or cls.customer
        return cls.env["sav.request"].create(
            {"partner_id": partner.id, "summary": "Four en panne", **values}
        )

    @classmethod
    def _create_visit(cls, sav_request, start=None, hours=2, **values):
        start = start or cls.start
        return cls.env["sav.intervention"].create(
            {
                "request_id": sav_request.id,
                "technician_id": cls.technician.id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=hours),
                **values,
            }
        )

    @classmethod
    def _create_document(cls, record, name="Notice.pdf", field="portal_document_ids"):
        attachment = cls.env["ir.attachment"].create(
            {"name": name, "raw": b"%PDF-1.4 test", "mimetype": "application/pdf"}
        )
        record[field] = [(4, attachment.id)]
        return attachment

    @classmethod
    def _create_report(cls, visit, content):
        """File a report PDF on the visit, as sav_field_service does once it is signed."""
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"Rapport {visit.name} {visit.id}.pdf",
                "raw": content,
                "mimetype": "application/pdf",
                "res_model": "sav.intervention",
                "res_id": visit.id,
            }
        )
        visit.report_attachment_id = attachment
        return attachment

    @classmethod
    def _create_posted_invoice(cls, visit, amount=120.0):
        """Post a customer invoice of ``visit``, with a generic chart of accounts."""
        company = visit.company_id
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=company, install_demo=False
            )
        product = cls.env["product.product"].create(
            {"name": "Forfait dépannage", "type": "service", "list_price": amount,
             "taxes_id": [(6, 0, [])]}
        )
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": visit.partner_id.commercial_partner_id.id,
                "invoice_date": visit.planned_start.date(),
                "company_id": company.id,
                "invoice_line_ids": [
                    (0, 0, {"product_id": product.id, "quantity": 1, "price_unit": amount,
                            "tax_ids": [(6, 0, [])], "sav_intervention_id": visit.id})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _sign_form_time(self, seconds_ago):
        timestamp = str(int(time.time()) - seconds_ago)
        signature = hmac_sign(self.env(su=True), "sav_portal.request_form", timestamp)
        return f"{timestamp}:{signature}"

    def _get(self, url, **kwargs):
        return self.url_open(url, allow_redirects=False, **kwargs)

    def assertRedirectsToLogin(self, response):
        self.assertIn(response.status_code, (301, 302, 303), response.text[:300])
        self.assertIn("/web/login", response.headers.get("Location", ""))

    def _csrf_token(self, url="/my/sav/new"):
        """Open ``url`` in the current session and return the CSRF token of its form."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, f"no CSRF token in the form of {url}")
        return match.group(1)
