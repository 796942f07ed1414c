{
    "name": "After-Sales Billing",
    "summary": "Price schedules per customer and contract, imported from spreadsheets; "
    "invoices from visits; payment collected on site",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/sav-odoo/sav-odoo",
    "author": "SAV for Odoo contributors",
    "license": "LGPL-3",
    "depends": ["sav_request", "account", "account_edi_ubl_cii"],
    "external_dependencies": {"python": ["openpyxl", "xlrd", "num2words"]},
    "data": [
        "security/sav_billing_security.xml",
        "security/ir.model.access.csv",
        "views/product_pricelist_views.xml",
        "views/sav_contract_views.xml",
        "wizard/sav_price_schedule_import_views.xml",
        "views/sav_billing_menus.xml",
    ],
}
