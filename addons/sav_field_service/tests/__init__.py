from . import (
    test_field_service_tour,
    test_measures,
    test_parts_expenses,
    test_performance,
    test_photos,
    test_report,
    test_signature,
    test_time_rules,
)
