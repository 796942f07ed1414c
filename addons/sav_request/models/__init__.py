from . import sav_request
