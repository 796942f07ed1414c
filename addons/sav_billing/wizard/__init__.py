from . import sav_price_schedule_import
