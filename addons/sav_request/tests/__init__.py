from . import test_sav_request_menu
