{
    "name": "After-Sales Service Requests",
    "summary": "Take after-sales requests, manage sites, equipment and contracts, "
    "plan technicians' visits",
    "version": "19.0.1.1.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/sav-odoo/sav-odoo",
    "author": "SAV for Odoo contributors",
    "license": "LGPL-3",
    "depends": ["mail", "contacts", "product", "calendar"],
    "external_dependencies": {"python": ["openpyxl", "xlrd"]},
    "data": [
        "security/sav_request_security.xml",
        "security/ir.model.access.csv",
        "security/sav_request_rules.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_alias_data.xml",
        "report/sav_equipment_reports.xml",
        "views/sav_request_views.xml",
        "views/sav_intervention_views.xml",
        "views/sav_equipment_views.xml",
        "views/sav_contract_views.xml",
        "views/res_partner_views.xml",
        "wizard/sav_request_cancel_views.xml",
        "wizard/sav_partner_import_views.xml",
        "views/sav_request_menus.xml",
    ],
    "demo": [
        "demo/sav_request_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sav_request/static/src/components/**/*",
        ],
        "web.assets_tests": [
            "sav_request/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
