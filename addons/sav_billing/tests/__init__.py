from . import (
    test_invoice_documents,
    test_invoicing_concurrency,
    test_price_schedule_import,
    test_sav_invoicing,
)
