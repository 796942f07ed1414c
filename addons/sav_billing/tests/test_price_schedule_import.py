import io
from datetime import date, datetime

import openpyxl
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SavBillingCommon


def xlsx_bytes(rows, title="Bordereau"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestPriceScheduleImport(SavBillingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Import = cls.env["sav.price.schedule.import"].with_user(cls.manager)

    def _create_import(self, content, filename, **values):
        return super()._create_import(content, filename, **values).with_user(self.manager)

    def _count_records(self):
        return (
            self.env["product.pricelist"].search_count([]),
            self.env["product.pricelist.item"].search_count([]),
            self.env["product.product"].with_context(active_test=False).search_count([]),
        )

    def assertNothingImported(self, before):
        self.assertEqual(self._count_records(), before, "the import must be all or nothing")

    # ------------------------------------------------------------
    # Real files
    # ------------------------------------------------------------

    def test_kenza_bpu_imports_all_prices(self):
        content = self._read_sample("kenza_ratp_BPU.xlsx")
        wizard = self._create_import(
            content, "kenza_ratp_BPU.xlsx", partner_id=self.syndic.id, create_products=True,
            pricelist_name="BPU RATP courants faibles",
        )
        wizard.action_preview()
        self.assertEqual(wizard.line_count, 496)
        self.assertEqual(wizard.rejected_count, 0)
        self.assertEqual(wizard.skipped_count, 3)
        self.assertEqual(wizard.reference_column_id.letter, "A")
        self.assertEqual(wizard.price_column_id.letter, "F")
        self.assertFalse(wizard.layout_message)

        action = wizard.action_import()
        pricelist = self.env["product.pricelist"].browse(action["res_id"])
        self.assertEqual(pricelist.name, "BPU RATP courants faibles")
        self.assertEqual(len(pricelist.item_ids), 496)
        self.assertEqual(pricelist.sav_partner_id, self.syndic)
        self.assertEqual(self.syndic.property_product_pricelist, pricelist)
        reader_product = self.env["product.product"].search([("default_code", "=", "3.1.102")])
        self.assertEqual(len(reader_product), 1)
        self.assertIn("passe sans contact", reader_product.name)
        self.assertAlmostEqual(pricelist._get_product_price(reader_product, 1.0), 45.85)
        hourly = self.env["product.product"].search([("default_code", "=", "1.5.110")])
        self.assertEqual(hourly.uom_id, self.env.ref("uom.product_uom_hour"))
        self.assertEqual(hourly.type, "service")

    def test_kenza_unknown_products_stop_import(self):
        content = self._read_sample("kenza_ratp_BPU.xlsx")
        before = self._count_records()
        wizard = self._create_import(content, "kenza_ratp_BPU.xlsx", partner_id=self.syndic.id)
        with self.assertRaisesNaming(UserError, "496", "3.1.102", "Create Unknown Products"):
            wizard.action_import()
        self.assertNothingImported(before)

    def test_crosne_grid_imports_after_mapping(self):
        content = self._read_sample("crosne_Grille-tarifaire-2024.xlsx")
        wizard = self._create_import(
            content, "crosne_Grille-tarifaire-2024.xlsx", partner_id=self.customer.id,
            create_products=True,
        )
        wizard.action_preview()
        self.assertIn("reference", wizard.layout_message)
        columns = {column.letter: column for column in wizard.column_ids}
        wizard.write(
            {
                "header_row": 5,
                "reference_column_id": columns["B"].id,
                "name_column_id": columns["A"].id,
                "price_column_id": columns["C"].id,
            }
        )
        wizard.action_preview()
        self.assertEqual(wizard.price_column_id.display_name, "C: PÉRISCOLAIRE / REPAS")
        self.assertEqual(wizard.line_count, 9)
        self.assertFalse(wizard.layout_message)
        action = wizard.action_import()
        pricelist = self.env["product.pricelist"].browse(action["res_id"])
        band_a = self.env["product.product"].search([("default_code", "=", "A")])
        self.assertAlmostEqual(pricelist._get_product_price(band_a, 1.0), 5.13)

    def test_caneco_study_rejected_missing_price(self):
        content = self._read_sample("caneco_DATA_DACHSER_INDICE_B.xls")
        before = self._count_records()
        wizard = self._create_import(content, "caneco_DATA_DACHSER_INDICE_B.xls")
        wizard.action_preview()
        self.assertEqual(wizard.file_type, "xls")
        self.assertIn("unit price", wizard.layout_message)
        self.assertIn("Feuil1", wizard.layout_message)
        self.assertIn("Désignation", wizard.layout_message)
        with self.assertRaisesNaming(UserError, "Feuil1", "unit price (P.U., Prix unitaire HT)"):
            wizard.action_import()
        self.assertNothingImported(before)

    def test_catalogue_index_rejected_no_header(self):
        content = self._read_sample("specialized_catalogue_index.xls")
        before = self._count_records()
        wizard = self._create_import(content, "specialized_catalogue_index.xls")
        wizard.action_preview()
        self.assertIn("No column titles", wizard.layout_message)
        with self.assertRaisesNaming(UserError, "reference", "unit price"):
            wizard.action_import()
        self.assertNothingImported(before)

    # ------------------------------------------------------------
    # Matching and pricing rules
    # ------------------------------------------------------------

    def test_products_matched_by_reference_then_barcode(self):
        content = xlsx_bytes([
            ["Réf", "Désignation", "Unité", "P.U. HT"],
            ["JNT-2027", "Joint", "u", "2,10 €"],
            ["5700395210014", "Circulateur", "u", "289,90"],
        ])
        wizard = self._create_import(content, "bpu.xlsx", partner_id=self.customer.id)
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.product_id, self.gasket | self.circulator)
        self.assertEqual(wizard.new_product_count, 0)
        action = wizard.action_import()
        pricelist = self.env["product.pricelist"].browse(action["res_id"])
        self.assertAlmostEqual(pricelist._get_product_price(self.circulator, 1.0), 289.9)
        self.assertAlmostEqual(pricelist._get_product_price(self.gasket, 1.0), 2.1)

    def test_validity_dates_and_category_discount(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Contrat Syndic 2026",
                "item_ids": [
                    (0, 0, {
                        "applied_on": "2_product_category",
                        "categ_id": self.category_parts.id,
                        "compute_price": "percentage",
                        "percent_price": 10.0,
                    }),
                ],
            }
        )
        content = xlsx_bytes([["Réf", "Prix unitaire HT"], ["GRU-ALPHA2", 300]])
        wizard = self._create_import(
            content, "bpu.xlsx", pricelist_id=pricelist.id, partner_id=self.syndic.id,
            date_start=date(2026, 1, 1), date_end=date(2026, 12, 31),
        )
        wizard.action_import()
        price_in_2026 = pricelist._get_product_price(self.circulator, 1.0, date=datetime(2026, 6, 1))
        price_in_2027 = pricelist._get_product_price(self.circulator, 1.0, date=datetime(2027, 1, 5))
        self.assertAlmostEqual(price_in_2026, 300.0)
        self.assertAlmostEqual(price_in_2027, 288.0, msg="10 % category discount off 320")
        self.assertAlmostEqual(pricelist._get_product_price(self.gasket, 1.0), 2.25)

    def test_reimport_replaces_prices(self):
        pricelist = self.env["product.pricelist"].create({"name": "BPU Durand"})
        for price in ("2,10", "2,40"):
            content = xlsx_bytes([["Réf", "P.U."], ["JNT-2027", price]])
            self._create_import(content, "bpu.xlsx", pricelist_id=pricelist.id).action_import()
        self.assertEqual(len(pricelist.item_ids), 1)
        self.assertAlmostEqual(pricelist.item_ids.fixed_price, 2.4)

    def test_contract_gets_schedule(self):
        contract = self.env["sav.contract"].create({"partner_id": self.syndic.id})
        content = xlsx_bytes([["N° de prix", "Prix unitaire HT"], ["JNT-2027", "1,90"]])
        wizard = self._create_import(
            content, "bpu.xlsx", partner_id=self.syndic.id, contract_id=contract.id
        )
        wizard.action_import()
        self.assertTrue(contract.pricelist_id)
        self.assertEqual(contract.pricelist_id.sav_contract_ids, contract)

    def test_vat_column_sets_new_product_taxes(self):
        tax_10 = self.env["account.tax"].create(
            {"name": "TVA 10 % test", "amount": 10.0, "type_tax_use": "sale"}
        )
        content = xlsx_bytes([
            ["Réf", "Désignation", "Prix unitaire HT", "TVA"],
            ["ENT-CH", "Entretien chaudière", "95,00", "10 %"],
        ])
        wizard = self._create_import(content, "bpu.xlsx", create_products=True)
        wizard.action_import()
        product = self.env["product.product"].search([("default_code", "=", "ENT-CH")])
        self.assertEqual(product.taxes_id, tax_10)

    def test_vat_without_tax_rejected(self):
        before = self._count_records()
        content = xlsx_bytes([["Réf", "Prix unitaire HT", "TVA"], ["ENT-CH", "95,00", "7 %"]])
        wizard = self._create_import(content, "bpu.xlsx", create_products=True)
        with self.assertRaisesNaming(UserError, "7.0 %", "VAT"):
            wizard.action_import()
        self.assertNothingImported(before)

    # ------------------------------------------------------------
    # Hostile input
    # ------------------------------------------------------------

    def test_price_as_text_rejected_with_row(self):
        before = self._count_records()
        content = xlsx_bytes([
            ["Réf", "Désignation", "P.U."],
            ["JNT-2027", "Joint", "2,10"],
            ["GRU-ALPHA2", "Circulateur", "sur devis"],
        ])
        wizard = self._create_import(content, "bpu.xlsx")
        wizard.action_preview()
        self.assertEqual(wizard.rejected_count, 1)
        problem = wizard.problem_ids.filtered(lambda p: p.kind == "rejected")
        self.assertEqual((problem.sheet, problem.row), ("Bordereau", 3))
        self.assertIn("sur devis", problem.message)
        with self.assertRaisesNaming(UserError, "Sheet Bordereau, row 3", "sur devis",
                                     "Nothing was imported"):
            wizard.action_import()
        self.assertNothingImported(before)

    def test_duplicate_reference_rejected(self):
        before = self._count_records()
        content = xlsx_bytes([
            ["Réf", "P.U."], ["JNT-2027", "2,10"], ["JNT-2027", "2,30"],
        ])
        wizard = self._create_import(content, "bpu.xlsx")
        with self.assertRaisesNaming(UserError, "row 3", "JNT-2027", "already on row 2"):
            wizard.action_import()
        self.assertNothingImported(before)

    def test_password_protected_workbook_rejected(self):
        before = self._count_records()
        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(xlsx_bytes([["Réf", "P.U."], ["JNT-2027", 2]]))).encrypt(
            "secret", encrypted
        )
        wizard = self._create_import(encrypted.getvalue(), "bpu.xlsx")
        with self.assertRaisesNaming(UserError, "bpu.xlsx", "password"):
            wizard.action_preview()
        self.assertNothingImported(before)

    def test_wrong_file_type_rejected(self):
        wizard = self._create_import(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "bpu.xlsx")
        with self.assertRaisesNaming(UserError, "bpu.xlsx", "PDF", ".xlsx"):
            wizard.action_preview()

    def test_empty_file_rejected(self):
        wizard = self._create_import(b" ", "bpu.csv")
        with self.assertRaisesNaming(UserError, "bpu.csv", "empty"):
            wizard.action_import()

    def test_old_xls_duplicate_reference(self):
        workbook = xlwt.Workbook()
        sheet = workbook.add_sheet("Lot 1")
        for row_index, row in enumerate(
            [["Réf", "Prix unitaire HT"], ["JNT-2027", 2.0], ["JNT-2027", 2.5]]
        ):
            for col_index, value in enumerate(row):
                sheet.write(row_index, col_index, value)
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard = self._create_import(buffer.getvalue(), "bpu.xls")
        wizard.action_preview()
        problem = wizard.problem_ids
        self.assertEqual((problem.kind, problem.sheet, problem.row), ("rejected", "Lot 1", 3))

    def test_technician_cannot_import(self):
        wizard = self.env["sav.price.schedule.import"].with_user(self.technician)
        with self.assertRaises(AccessError):
            wizard.create({"file": b"", "filename": "x.csv"})
