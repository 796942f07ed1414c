import base64

from odoo.addons.sav_request.tests.common import SavRequestCommon


class SavBillingCommon(SavRequestCommon):
    """Customers, products and taxes of a French heating company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.category_parts = cls.env["product.category"].create({"name": "Pièces détachées"})
        cls.circulator = cls.env["product.product"].create(
            {
                "name": "Circulateur Grundfos Alpha2",
                "default_code": "GRU-ALPHA2",
                "barcode": "5700395210014",
                "list_price": 320.0,
                "categ_id": cls.category_parts.id,
            }
        )
        cls.gasket = cls.env["product.product"].create(
            {
                "name": "Joint fibre 20x27",
                "default_code": "JNT-2027",
                "list_price": 2.5,
                "categ_id": cls.category_parts.id,
            }
        )

    def _read_sample(self, filename):
        return super()._read_sample("spreadsheets", filename)

    def _create_import(self, content, filename, **values):
        return self.env["sav.price.schedule.import"].create(
            {"file": base64.b64encode(content), "filename": filename, **values}
        )


class SavInvoicingCommon(SavBillingCommon):
    """A French company with a chart of accounts, VAT rates and a labour product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        euro = cls.env.ref("base.EUR")
        euro.active = True
        cls.company.write(
            {
                "country_id": cls.env.ref("base.fr").id,
                "street": "8 rue de la Chaudière",
                "zip": "44000",
                "city": "Nantes",
                "vat": "FR23334175221",
            }
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        # After the chart, which sets the company currency to its own (USD for generic_coa).
        cls.company.currency_id = euro
        cls.tax_20, cls.tax_10, cls.tax_55 = cls.env["account.tax"].create(
            [
                {"name": f"TVA {rate} %", "amount": amount, "type_tax_use": "sale",
                 "company_id": cls.company.id}
                for rate, amount in (("20", 20.0), ("10", 10.0), ("5,5", 5.5))
            ]
        )
        cls.dwelling_position = cls.env["account.fiscal.position"].create(
            {
                "name": "Travaux logement de plus de 2 ans",
                "company_id": cls.company.id,
            }
        )
        cls.tax_10.fiscal_position_ids = cls.dwelling_position
        cls.tax_10.original_tax_ids = cls.tax_20
        cls.labour = cls.env["product.product"].create(
            {
                "name": "Main-d'œuvre technicien",
                "default_code": "MO-H",
                "type": "service",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "list_price": 60.0,
                "taxes_id": [(6, 0, cls.tax_20.ids)],
            }
        )
        cls.flat_rate = cls.env["product.product"].create(
            {
                "name": "Forfait entretien chaudière",
                "default_code": "FORF-ENT",
                "type": "service",
                "list_price": 120.0,
                "taxes_id": [(6, 0, cls.tax_20.ids)],
            }
        )
        (cls.circulator | cls.gasket).taxes_id = cls.tax_20
        cls.company.sav_labour_product_id = cls.labour
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["sav_billing"], ["fr_FR"])
        france = cls.env.ref("base.fr")
        cls.customer.write({"lang": "fr_FR", "country_id": france.id})
        (cls.customer_site | cls.syndic_site).country_id = france
        cls.cash_journal = cls.env["account.journal"].create(
            {"name": "Caisse", "code": "CSH1", "type": "cash", "company_id": cls.company.id}
        )
        cls.syndic.write({"vat": "FR40303265045", "country_id": cls.env.ref("base.fr").id,
                          "street": "1 quai de la Fosse", "zip": "44600"})

    @classmethod
    def _create_done_visit(cls, request=None, duration=1.5, parts=(), expenses=(), **values):
        """Create a done visit with its time worked, parts [(product, quantity)] and expenses."""
        request = request or cls._create_request(site_id=cls.customer_site.id)
        visit = cls._create_intervention(request, **values)
        visit.write(
            {
                "duration_forced": True,
                "duration": duration,
                "part_line_ids": [
                    (0, 0, {"product_id": product.id, "quantity": quantity})
                    for product, quantity in parts
                ],
                "expense_line_ids": [
                    (0, 0, {"expense_type": "other", "name": name, "amount": amount})
                    for name, amount in expenses
                ],
            }
        )
        visit.write({"state": "done", "unsigned_reason": "Client absent, clé en boîte"})
        return visit
