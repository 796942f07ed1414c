from . import (
    test_portal_access,
    test_portal_pages,
    test_portal_performance,
    test_portal_request_form,
    test_portal_tour,
)
