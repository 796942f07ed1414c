from . import (
    test_access,
    test_mail_gateway,
    test_partner_import,
    test_performance,
    test_sav_contract,
    test_sav_equipment,
    test_sav_intervention,
    test_sav_request,
    test_sav_request_menu,
)
