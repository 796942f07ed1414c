import base64
import csv
import io

import openpyxl
import xlwt

from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged

from ..tools import partner_reader
from .common import DISPATCHER_GROUP, SavRequestCommon

SIRENE_FILE = ("contacts", "sirene_monthly_stock_etablissements.csv")
BAN_FILE = ("contacts", "bal_sample_strasbourg.csv")
FRENCH_HEADERS = ["Client", "Site", "Adresse", "Code postal", "Ville"]


def csv_bytes(rows, delimiter=";", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


@tagged("post_install", "-at_install")
class TestPartnerImport(SavRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)
        cls.france = cls.env.ref("base.fr")

    def _create_import(self, content, filename, **values):
        return (
            self.env["sav.partner.import"]
            .with_user(self.dispatcher)
            .create({"file": base64.b64encode(content), "filename": filename, **values})
        )

    def _import_sample(self, parts, **values):
        wizard = self._create_import(self._read_sample(*parts), parts[-1], **values)
        wizard.action_preview()
        return wizard, wizard.action_import()

    def _site(self, siret):
        return self.Partner.search([("sav_siret", "=", siret)])

    def test_sirene_groups_establishments_by_siren(self):
        wizard = self._create_import(self._read_sample(*SIRENE_FILE), SIRENE_FILE[-1])
        wizard.action_preview()
        self.assertEqual(wizard.layout, "sirene")
        self.assertEqual(wizard.customer_create_count, 3)
        self.assertEqual(wizard.site_create_count, 4)
        self.assertEqual(wizard.error_count, 0)
        self.assertIn("Customers: 3 to create, 0 to update, 0 unchanged.", wizard.preview_summary)
        self.assertIn("Sites: 4 to create, 0 to update, 0 unchanged.", wizard.preview_summary)
        self.assertEqual(len(wizard.line_ids), 4)

        action = wizard.action_import()
        customers = self.Partner.search(
            [
                ("parent_id", "=", False),
                ("company_registry", "in", ["015850944", "015851793", "016250029"]),
            ]
        )
        self.assertEqual(len(customers), 3)
        self.assertTrue(all(customers.mapped("is_company")))
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("Customers: 3 created, 0 updated.", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "res.partner")
        field, operator, ids = action["params"]["next"]["domain"][0]
        self.assertEqual((field, operator, sorted(ids)), ("id", "in", sorted(customers.ids)))

        doras = customers.filtered(lambda partner: partner.company_registry == "015851793")
        self.assertEqual(doras.name, "DORAS")
        self.assertEqual(
            sorted(doras.child_ids.mapped("sav_siret")), ["01585179300479", "01585179300743"]
        )
        self.assertEqual(set(doras.child_ids.mapped("type")), {"delivery"})
        self.assertEqual(sorted(doras.child_ids.mapped("name")), ["DORAS - Boz", "DORAS - Crottet"])

    def test_sirene_site_address_is_readable(self):
        self._import_sample(SIRENE_FILE)
        site = self._site("01585094400024")
        self.assertEqual(site.parent_id.name, "MOUTON - RIVOM")
        self.assertEqual(site.street, "Chemin de Thil")
        self.assertEqual(site.street2, "Zone Industrielle")
        self.assertEqual(site.zip, "01700")
        self.assertEqual(site.city, "Saint Maurice de Beynost")
        self.assertEqual(site.country_id, self.france)
        self.assertEqual(site.company_registry, "015850944", "Odoo copies it from the customer")
        self.assertEqual(self._site("01625002900697").street, "Route de Dagneux")

    def test_sirene_reimport_creates_nothing(self):
        self._import_sample(SIRENE_FILE)
        count = self.Partner.search_count([])

        wizard = self._create_import(self._read_sample(*SIRENE_FILE), SIRENE_FILE[-1])
        wizard.action_preview()
        self.assertEqual((wizard.customer_create_count, wizard.customer_unchanged_count), (0, 3))
        self.assertEqual((wizard.site_create_count, wizard.site_unchanged_count), (0, 4))
        self.assertIn("Sites: 0 to create, 0 to update, 4 unchanged.", wizard.preview_summary)
        wizard.action_import()
        self.assertEqual(self.Partner.search_count([]), count)

    def test_sirene_matches_customer_and_site_typed_by_hand(self):
        doras = self.Partner.create({"name": "DORAS", "is_company": True})
        crottet = self.Partner.create(
            {
                "name": "Dépôt de Crottet",
                "type": "delivery",
                "parent_id": doras.id,
                "street": "ZONE D'ACTIVITÉ de la Fontaine",
                "street2": "Zone Indust",
                "zip": "01290",
                "city": "CROTTET",
                "sav_door_code": "1234",
            }
        )
        wizard = self._create_import(self._read_sample(*SIRENE_FILE), SIRENE_FILE[-1])
        wizard.action_preview()
        self.assertEqual((wizard.customer_create_count, wizard.customer_update_count), (2, 1))
        self.assertEqual((wizard.site_create_count, wizard.site_update_count), (3, 1))
        wizard.action_import()
        self.assertEqual(doras.company_registry, "015851793")
        self.assertEqual(crottet.sav_siret, "01585179300479")
        self.assertEqual(crottet.name, "Dépôt de Crottet", "a generated name renames no site")
        self.assertEqual(crottet.sav_door_code, "1234", "the file has no door code to write")
        self.assertEqual(crottet.street, "ZONE D'ACTIVITÉ de la Fontaine", "the same address")
        self.assertEqual(len(doras.child_ids), 2)

    def test_ban_sites_of_chosen_customer(self):
        landlord = self.Partner.create({"name": "Bailleur Social Rhin", "is_company": True})
        wizard = self._create_import(
            self._read_sample(*BAN_FILE), BAN_FILE[-1], partner_id=landlord.id
        )
        wizard.action_preview()
        self.assertEqual(wizard.layout, "ban")
        self.assertEqual(wizard.site_create_count, 10)
        self.assertEqual(wizard.duplicate_count, 5)
        self.assertEqual(wizard.error_count, 0)
        self.assertEqual(
            wizard.problem_ids.mapped(lambda problem: (problem.kind, problem.line)),
            [("duplicate", line) for line in (9, 12, 13, 14, 15)],
        )
        self.assertIn("Same site as line 8", wizard.problem_ids[0].message)

        wizard.action_import()
        sites = landlord.child_ids
        self.assertEqual(len(sites), 10)
        self.assertEqual(
            sites.filtered(lambda site: site.city == "Plougastel-Daoulas").street,
            "163 rue Eric Tabarly",
        )
        self.assertIn("43 Rue de l'Aubépine", sites.mapped("street"))
        self.assertEqual(len(sites.filtered(lambda site: site.street == "8 Rue du Rosslauf")), 1)

        again = self._create_import(
            self._read_sample(*BAN_FILE), BAN_FILE[-1], partner_id=landlord.id
        )
        again.action_preview()
        self.assertEqual((again.site_create_count, again.site_unchanged_count), (0, 10))

    def test_ban_without_customer_names_fix(self):
        wizard = self._create_import(self._read_sample(*BAN_FILE), BAN_FILE[-1])
        with self.assertRaisesNaming(
            UserError, BAN_FILE[-1], "no customer column", "Customer field", "Client"
        ):
            wizard.action_preview()

    def test_bad_rows_block_import(self):
        count = self.Partner.search_count([])
        content = csv_bytes(
            [
                [*FRENCH_HEADERS, "E-mail"],
                ["SCI Les Pins", "Les Pins", "4 allée des Pins", "44000", "Nantes", ""],
                ["SCI Les Pins", "Le Chêne", "6 allée des Chênes", "44000", "", ""],
                ["", "Le Hêtre", "8 allée des Hêtres", "44000", "Nantes", ""],
                ["SCI Les Pins", "L'Érable", "9 allée des Érables", "4400", "Nantes", ""],
                ["SCI Les Pins", "Le Frêne", "3 allée des Frênes", "44000", "Nantes", "frêne@"],
            ]
        )
        wizard = self._create_import(content, "sites.csv")
        wizard.action_preview()
        self.assertEqual(wizard.error_count, 4)
        self.assertEqual(
            wizard.problem_ids.mapped(
                lambda problem: (problem.line, problem.column, problem.value or "")
            ),
            [(3, "Ville", ""), (4, "Client", ""), (5, "Code postal", "4400"),
             (6, "E-mail", "frêne@")],
        )
        self.assertIn("Rows with problems: 4.", wizard.preview_summary)
        with self.assertRaisesNaming(
            UserError, "Nothing was imported", "Line 3, column Ville", "The city is missing",
            "Line 5, column Code postal, value \"4400\"", "Line 4, column Client",
        ):
            wizard.action_import()
        self.assertEqual(self.Partner.search_count([]), count)

    def test_same_address_other_values_blocks(self):
        content = csv_bytes(
            [
                FRENCH_HEADERS,
                ["SCI Les Pins", "Chaufferie", "4 allée des Pins", "44000", "Nantes"],
                ["sci les pins", "Sous-station", "4 Allée des Pins", "44000", "NANTES"],
            ]
        )
        wizard = self._create_import(content, "sites.csv")
        wizard.action_preview()
        self.assertEqual(wizard.problem_ids.line, 3)
        self.assertIn("Same customer and address as line 2", wizard.problem_ids.message)

    def test_template_downloads_and_reimports(self):
        wizard = self.env["sav.partner.import"].with_user(self.dispatcher).create({})
        action = wizard.action_download_template()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/sav.partner.import/{wizard.id}/template_file/", action["url"])
        self.assertTrue(wizard.template_filename.endswith(".xlsx"))

        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        sheet = workbook.worksheets[0]
        headers = [cell.value for cell in sheet[1]]
        self.assertEqual(headers[:6], ["Customer", "Site", "Street", "Street 2", "Zip", "City"])
        self.assertEqual(len(workbook.worksheets), 2, "a second sheet explains the columns")
        row = dict.fromkeys(headers, None)
        row.update(
            {
                "Customer": "Syndic Atlantique",
                "Site": "Résidence Les Pins",
                "Street": "4 allée des Pins",
                "Zip": 1700,  # typed as a number, the leading 0 is lost
                "City": "Miribel",
                "Phone": 612345678,
                "Email": "gardien@les-pins.example.com",
                "SIRET": "123 456 782 00010",
                "Door Code": "A1234",
                "Access Notes": "Chaufferie au sous-sol.\nClé chez le gardien.",
            }
        )
        sheet.append([row[header] for header in headers])
        buffer = io.BytesIO()
        workbook.save(buffer)

        upload = self._create_import(buffer.getvalue(), "sites.xlsx")
        upload.action_preview()
        self.assertEqual(upload.layout, "template")
        self.assertEqual((upload.customer_unchanged_count, upload.site_create_count), (1, 1))
        upload.action_import()
        site = self._site("12345678200010")
        self.assertEqual(site.parent_id, self.syndic, "the customer is found by its exact name")
        self.assertEqual(site.name, "Résidence Les Pins")
        self.assertEqual(site.zip, "01700")
        self.assertEqual(site.phone, "0612345678")
        self.assertEqual(site.sav_door_code, "A1234")
        self.assertEqual(site.sav_access_notes, "Chaufferie au sous-sol.\nClé chez le gardien.")
        self.assertEqual(site.country_id, self.france)

    def test_french_csv_template(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        wizard = (
            self.env["sav.partner.import"]
            .with_user(self.dispatcher)
            .with_context(lang="fr_FR")
            .create({"template_format": "csv"})
        )
        content = base64.b64decode(wizard.template_file)
        self.assertTrue(content.startswith(b"\xef\xbb\xbfClient;Site;Adresse;"))
        row = ["Syndic Atlantique", "", "2 rue Jean Jaurès", "", "44600", "Saint-Nazaire"]
        filled = content + csv_bytes([row + [""] * 8])
        upload = self._create_import(filled, "modele.csv")
        upload.action_import()
        site = self.syndic.child_ids.filtered(lambda child: child.street == "2 rue Jean Jaurès")
        self.assertEqual(site.name, "2 rue Jean Jaurès, Saint-Nazaire")

    def test_windows_csv_with_tabs(self):
        content = csv_bytes(
            [
                ["CLIENT", "Nom du site", "Adresse", "Code Postal", "Ville", "Pays", "Digicode"],
                ["Copropriété Le Mail", "Bâtiment Été", "1 rue d'Espagne", "42000",
                 "Saint-Étienne", "France", "2580"],
                ["Copropriété Le Mail", "Chalet", "3 Route du Col", "1950", "Sion", "CH", ""],
            ],
            delimiter="\t",
            encoding="cp1252",
        )
        wizard = self._create_import(content, "copro.csv")
        wizard.action_import()
        customer = self.Partner.search([("name", "=", "Copropriété Le Mail")])
        self.assertTrue(customer.is_company)
        building = customer.child_ids.filtered(lambda site: site.name == "Bâtiment Été")
        self.assertEqual((building.city, building.sav_door_code), ("Saint-Étienne", "2580"))
        chalet = customer.child_ids - building
        self.assertEqual((chalet.zip, chalet.country_id.code), ("1950", "CH"))

    def test_old_xls_file(self):
        workbook = xlwt.Workbook()
        sheet = workbook.add_sheet("Sites")
        for row_index, row in enumerate(
            [FRENCH_HEADERS, ["Syndic Atlantique", "Résidence Océane", "5 quai Demange", 44600,
                              "Saint-Nazaire"]]
        ):
            for col_index, value in enumerate(row):
                sheet.write(row_index, col_index, value)
        buffer = io.BytesIO()
        workbook.save(buffer)
        self._create_import(buffer.getvalue(), "sites.xls").action_import()
        site = self.syndic.child_ids.filtered(lambda child: child.name == "Résidence Océane")
        self.assertEqual((site.street, site.zip), ("5 quai Demange", "44600"))

    def test_update_keeps_values_the_file_lacks(self):
        self.customer_site.write({"sav_siret": "12345678200010", "sav_access_notes": "Chien."})
        content = csv_bytes(
            [
                [*FRENCH_HEADERS, "SIRET", "Code d'accès"],
                ["Mme Claire Durand", "Maison de Pornic", "3 chemin de la Plage", "44210",
                 "Pornic", "12345678200010", "9999Z"],
            ]
        )
        wizard = self._create_import(content, "sites.csv")
        wizard.action_preview()
        self.assertEqual((wizard.site_update_count, wizard.site_create_count), (1, 0))
        self.assertEqual(wizard.line_ids.site_status, "update")
        wizard.action_import()
        self.assertEqual(self.customer_site.sav_door_code, "9999Z")
        self.assertEqual(self.customer_site.sav_access_notes, "Chien.")

    def test_siret_of_another_customer_blocks(self):
        self.customer_site.sav_siret = "12345678200010"
        content = csv_bytes(
            [
                [*FRENCH_HEADERS, "SIRET"],
                ["Syndic Atlantique", "Pornic", "3 chemin de la Plage", "44210", "Pornic",
                 "12345678200010"],
            ]
        )
        wizard = self._create_import(content, "sites.csv")
        with self.assertRaisesNaming(UserError, "Line 2", "Maison de Pornic", "Mme Claire Durand"):
            wizard.action_import()

    def test_unknown_layout_lists_columns(self):
        content = csv_bytes([["Référence", "Prix"], ["JNT-2027", "2,50"]])
        wizard = self._create_import(content, "prix.csv")
        with self.assertRaisesNaming(UserError, "prix.csv", "Référence, Prix", "template"):
            wizard.action_preview()

    def test_missing_street_column(self):
        content = csv_bytes([["Client", "Ville"], ["SCI Les Pins", "Nantes"]])
        wizard = self._create_import(content, "sites.csv")
        with self.assertRaisesNaming(UserError, "Adresse (Street)"):
            wizard.action_preview()

    def test_preview_queries_do_not_grow_with_rows(self):
        def preview_queries(row_count):
            rows = [FRENCH_HEADERS] + [
                [f"Client {index % 5}", f"Site {index}", f"{index} rue des Lilas", "44000",
                 "Nantes"]
                for index in range(row_count)
            ]
            wizard = self._create_import(csv_bytes(rows), "sites.csv")
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard.action_preview()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        preview_queries(5)  # fills the caches of access rights and countries
        self.assertEqual(preview_queries(10), preview_queries(40))

    def test_technician_cannot_import(self):
        with self.assertRaises(AccessError):
            self.env["sav.partner.import"].with_user(self.technician).create({})
        wizard = self._create_import(self._read_sample(*SIRENE_FILE), SIRENE_FILE[-1])
        with self.assertRaises(AccessError):
            wizard.with_user(self.technician).action_import()
        action = self.env.ref("sav_request.sav_partner_import_action")
        self.assertEqual(action.group_ids, self.env.ref(DISPATCHER_GROUP))


class TestPartnerReader(BaseCase):
    def test_street_types_expanded(self):
        self.assertEqual(partner_reader.expand_street_type("12 B CHE DE THIL"),
                         "12 bis Chemin de Thil")
        self.assertEqual(partner_reader.expand_street_type("AV HENRI IV"), "Avenue Henri IV")
        self.assertEqual(partner_reader.expand_street_type("ZONE D ACTIVITE DE LA FONTAINE"),
                         "Zone d'Activite de la Fontaine")
        self.assertEqual(partner_reader.expand_street_type("Chemin de Thil"), "Chemin de Thil")

    def test_siret_check_digit(self):
        self.assertTrue(partner_reader.siret_valid("01585179300479"))
        self.assertFalse(partner_reader.siret_valid("01585179300478"))
        self.assertFalse(partner_reader.siret_valid("0158517930047"))


@tagged("post_install", "-at_install")
class TestPartnerImportTour(HttpCase):
    def test_import_from_contacts_gear_menu(self):
        # The tour reads English labels, whatever languages the database has.
        self.env["res.lang"]._activate_lang("en_US")
        new_test_user(self.env, login="sav_import_dispatcher", lang="en_US",
                      groups=DISPATCHER_GROUP)
        self.start_tour("/odoo/contacts", "sav_partner_import_tour", login="sav_import_dispatcher")
        customer = self.env["res.partner"].search([("name", "=", "SCI Les Pins")])
        self.assertEqual(customer.child_ids.mapped("name"), ["Résidence Les Pins"])
        self.assertEqual(customer.child_ids.city, "Nantes")
