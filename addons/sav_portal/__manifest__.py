{
    "name": "After-Sales Customer Portal",
    "summary": "Customers file and follow their after-sales requests online: documents, "
    "key figures and planning of visits",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/sav-odoo/sav-odoo",
    "author": "SAV for Odoo contributors",
    "license": "LGPL-3",
    "depends": ["sav_billing", "portal"],
    "external_dependencies": {"python": ["Pillow"]},
    "data": [
        "security/ir.model.access.csv",
        "security/sav_portal_rules.xml",
        "data/mail_template_data.xml",
        "views/sav_request_views.xml",
        "views/res_config_settings_views.xml",
        "views/sav_portal_templates.xml",
        "views/sav_request_templates.xml",
        "views/sav_request_form_templates.xml",
        "views/sav_portal_documents_templates.xml",
        "views/sav_portal_dashboard_templates.xml",
        "views/sav_portal_planning_templates.xml",
    ],
    "demo": ["demo/sav_portal_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "sav_portal/static/src/interactions/*.js",
            "sav_portal/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "sav_portal/static/tests/tours/*.js",
        ],
    },
}
