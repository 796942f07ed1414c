from . import dashboard, documents, planning, portal, request_form
