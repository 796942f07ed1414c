from . import sav_partner_import, sav_request_cancel
