{
    "name": "After-Sales Service Requests",
    "summary": "Take after-sales requests, manage sites, equipment and contracts, "
    "plan technicians' visits",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/sav-odoo/sav-odoo",
    "author": "SAV for Odoo contributors",
    "license": "LGPL-3",
    "depends": ["mail", "contacts", "product", "calendar"],
    "data": [
        "security/sav_request_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/sav_request_views.xml",
        "views/sav_request_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sav_request/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
