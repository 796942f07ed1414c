{
    "name": "After-Sales Field Service",
    "summary": "The technician's visit on a phone: times, parts, expenses, photos, measures, "
    "customer signature, PDF report e-mailed to the customer",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/sav-odoo/sav-odoo",
    "author": "SAV for Odoo contributors",
    "license": "LGPL-3",
    "depends": ["sav_request", "portal"],
    "external_dependencies": {"python": ["Pillow"]},
    "data": [
        "security/ir.model.access.csv",
        "security/sav_field_service_rules.xml",
        "data/ir_cron_data.xml",
        "report/sav_intervention_reports.xml",
        "report/sav_intervention_templates.xml",
        "data/mail_template_data.xml",
        "views/sav_intervention_type_views.xml",
        "views/sav_intervention_photo_views.xml",
        "views/sav_intervention_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/sav_intervention_sign_views.xml",
        "wizard/sav_intervention_close_views.xml",
        "wizard/sav_intervention_reopen_views.xml",
        "views/sav_field_service_menus.xml",
    ],
    "demo": [
        "demo/sav_field_service_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "sav_field_service/static/src/scss/*.scss",
            "sav_field_service/static/src/fields/*.js",
        ],
        "web.assets_tests": [
            "sav_field_service/static/tests/tours/*.js",
        ],
    },
}
