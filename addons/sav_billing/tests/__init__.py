from . import test_price_schedule_import
