from . import table_reader
