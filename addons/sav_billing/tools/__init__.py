from . import price_schedule_reader
