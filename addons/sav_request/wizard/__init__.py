from . import sav_request_cancel
