from . import french_formats, partner_reader, table_reader
