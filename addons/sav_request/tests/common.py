import os
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

TECHNICIAN_GROUP = "sav_request.sav_request_group_technician"
DISPATCHER_GROUP = "sav_request.sav_request_group_dispatcher"
MANAGER_GROUP = "sav_request.sav_request_group_manager"
# Real files from public repositories, kept outside this repository for licence reasons.
SAMPLES_DIR = Path(os.environ.get("SAV_SAMPLES_DIR", "/work/shared/samples"))


class SavRequestCommon(BaseCommon):
    """Two companies, a user per role and a few customers with their sites."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are checked in English, whatever languages the database has.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.other_company = cls.env["res.company"].create({"name": "Chauffage Lyonnais"})
        cls.dispatcher = new_test_user(
            cls.env,
            lang="en_US",
            login="sav_dispatcher",
            name="Denise Planning",
            email="denise@example.com",
            groups=DISPATCHER_GROUP,
        )
        cls.technician = new_test_user(
            cls.env,
            lang="en_US",
            login="sav_technician",
            name="Thierry Martin",
            email="thierry@example.com",
            notification_type="inbox",
            groups=TECHNICIAN_GROUP,
        )
        cls.technician_2 = new_test_user(
            cls.env,
            lang="en_US",
            login="sav_technician_2",
            name="Karim Benali",
            email="karim@example.com",
            notification_type="email",
            groups=TECHNICIAN_GROUP,
        )
        cls.manager = new_test_user(
            cls.env,
            lang="en_US",
            login="sav_manager",
            name="Marc Lefebvre",
            email="marc@example.com",
            groups=MANAGER_GROUP,
        )
        cls.employee = new_test_user(
            cls.env, login="sav_employee", name="Eva Compta", lang="en_US", groups="base.group_user"
        )
        cls.other_dispatcher = new_test_user(
            cls.env,
            lang="en_US",
            login="sav_other_dispatcher",
            name="Olivier Lyon",
            groups=DISPATCHER_GROUP,
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Mme Claire Durand",
                "email": "claire.durand@example.com",
                "phone": "+33 6 12 34 56 78",
                "street": "12 rue des Lilas",
                "zip": "44000",
                "city": "Nantes",
            }
        )
        cls.customer_site = Partner.create(
            {
                "name": "Maison de Pornic",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "3 chemin de la Plage",
                "zip": "44210",
                "city": "Pornic",
                "sav_door_code": "4512B",
            }
        )
        cls.syndic = Partner.create(
            {"name": "Syndic Atlantique", "is_company": True, "city": "Saint-Nazaire"}
        )
        cls.syndic_site = Partner.create(
            {
                "name": "Résidence Les Tilleuls",
                "type": "delivery",
                "parent_id": cls.syndic.id,
                "city": "Saint-Nazaire",
            }
        )
        cls.boiler = cls.env["sav.equipment"].create(
            {
                "site_id": cls.customer_site.id,
                "brand": "Frisquet",
                "model": "Prestige Condensation",
                "serial_number": "FR-2021-0042",
            }
        )
        cls.syndic_boiler = cls.env["sav.equipment"].create(
            {
                "site_id": cls.syndic_site.id,
                "brand": "De Dietrich",
                "model": "Naneo",
                "serial_number": "DD-77-12",
            }
        )
        cls.start = datetime(2026, 3, 2, 8, 0)

    def _read_sample(self, *parts):
        """Return the bytes of a sample file, e.g. ("contacts", "x.csv"), or skip the test without it."""
        path = SAMPLES_DIR.joinpath(*parts)
        if not path.exists():
            self.skipTest(f"sample file {path} is missing")
        return path.read_bytes()

    @contextmanager
    def assertRaisesNaming(self, exception, *texts):
        """Assert that the block raises ``exception`` with all ``texts`` in its message.

        Like ``assertRaises``, and unlike ``assertRaisesRegex``, the block runs
        in a savepoint rolled back on error, as a rejected RPC call would be.
        """
        with self.assertRaises(exception) as context:
            yield context
        for text in texts:
            self.assertIn(text, str(context.exception))

    @classmethod
    def _create_request(cls, **values):
        return cls.env["sav.request"].create(
            {"partner_id": cls.customer.id, "summary": "Chaudière en panne", **values}
        )

    @classmethod
    def _create_intervention(cls, request, technician=None, start=None, hours=2, **values):
        start = start or cls.start
        return cls.env["sav.intervention"].create(
            {
                "request_id": request.id,
                "technician_id": (technician or cls.technician).id,
                "planned_start": start,
                "planned_end": start + timedelta(hours=hours),
                **values,
            }
        )
