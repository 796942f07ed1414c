"""A signed visit e-mails its PDF report through a real SMTP server, and again after an outage."""

import base64
import socket
import time
import xmlrpc.client

# A 1x1 white PNG: the customer's signature.
SIGNATURE_PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffffff7f0009fb03fd2a86e38a"
    "0000000049454e44ae426082"
)).decode()


def closed_port():
    """Return a loopback port on which nothing listens: an SMTP server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    def __init__(self, base_url, database):
        self.database = database
        self.uid = xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common").authenticate(
            database, "admin", "admin", {})
        assert self.uid, "admin / admin must log in on the demo database"
        self.models = xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.database, self.uid, "admin", model, method,
                                      list(args), kwargs)


def plan_and_sign_visit(call, customer_name, email):
    """Create a customer, a request and a visit of the admin, then sign it as the customer."""
    partner_id = call("res.partner", "create", {
        "name": customer_name, "email": email, "lang": "fr_FR",
        "street": "14 quai de la Fosse", "zip": "44000", "city": "Nantes",
    })
    request_id = call("sav.request", "create", {
        "partner_id": partner_id, "summary": "Entretien annuel de la chaudière",
    })
    type_ids = call("sav.intervention.type", "search",
                    [("name", "=", "Entretien annuel de chaudière")], limit=1)
    assert type_ids, "the demo data must ship the annual boiler service type"
    visit_id = call("sav.intervention", "create", {
        "request_id": request_id,
        "technician_id": call.uid,
        "intervention_type_id": type_ids[0],
        "planned_start": "2026-03-02 08:00:00",
        "arrival_time": "2026-03-02 08:05:00",
        "departure_time": "2026-03-02 09:10:00",
        "measures": {"co_ppm": 4.0, "efficiency": 97.0},
        "report": "<p>Entretien complet, installation conforme.</p>",
    })
    wizard_id = call("sav.intervention.sign", "create", {
        "intervention_id": visit_id, "signed_by": customer_name, "signature": SIGNATURE_PNG,
    })
    call("sav.intervention.sign", "action_sign", [wizard_id])
    name = call("sav.intervention", "read", [visit_id], ["name"])[0]["name"]
    return visit_id, name


def pdf_attachments(message):
    return [part for part in message.iter_attachments()
            if part.get_content_type() == "application/pdf"]


def test_signed_visit_report_reaches_customer(demo_database, odoo_server, smtp_server):
    base_url = odoo_server(demo_database["name"], smtp_port=smtp_server.port, workers=2)
    call = Client(base_url, demo_database["name"])
    visit_id, name = plan_and_sign_visit(call, "Mme Hélène Girard", "helene.girard@example.org")

    message = smtp_server.wait_for(lambda received: name in (received["Subject"] or ""))
    assert "helene.girard@example.org" in message["To"]
    assert "rapport d'intervention" in message["Subject"], "the customer reads French"
    body = message.get_body(preferencelist=("html", "plain")).get_content()
    assert "Veuillez trouver ci-joint" in body
    attachments = pdf_attachments(message)
    assert len(attachments) == 1
    assert attachments[0].get_content().startswith(b"%PDF"), "wkhtmltopdf made a real PDF"

    visit = call("sav.intervention", "read", [visit_id],
                 ["state", "report_attachment_id", "report_email_failure"])[0]
    assert visit["state"] == "done"
    assert visit["report_attachment_id"]
    assert not visit["report_email_failure"]


def test_report_sent_after_smtp_outage(demo_database, odoo_server, smtp_server):
    base_url = odoo_server(demo_database["name"], smtp_port=closed_port(), workers=2)
    call = Client(base_url, demo_database["name"])
    visit_id, name = plan_and_sign_visit(call, "M. Paul Renaud", "paul.renaud@example.org")

    deadline = time.monotonic() + 60
    visit = {}
    while time.monotonic() < deadline:
        visit = call("sav.intervention", "read", [visit_id], ["state", "report_email_failure"])[0]
        if visit["report_email_failure"]:
            break
        time.sleep(1)
    mails = call("mail.mail", "search_read",
                 [("model", "=", "sav.intervention"), ("res_id", "=", visit_id)],
                 ["state", "failure_type", "failure_reason"])
    assert visit["report_email_failure"], f"the refused e-mail shows on the visit; e-mails: {mails}"
    assert visit["state"] == "done", "the visit stays done"

    # The mail server is back: the retry job and the mail queue deliver the report.
    # The demo database is shared by the session's tests: the loopback server
    # record is removed at the end, or it would outlive this SMTP server.
    mail_server_id = call("ir.mail_server", "create", {
        "name": "Loopback", "smtp_host": "127.0.0.1", "smtp_port": smtp_server.port,
        "smtp_encryption": "none",
    })
    try:
        retry = call("ir.model.data", "check_object_reference",
                     "sav_field_service", "sav_intervention_cron_retry_report_emails")[1]
        call("ir.cron", "method_direct_trigger", [retry])
        queue = call("ir.model.data", "check_object_reference",
                     "mail", "ir_cron_mail_scheduler_action")[1]
        call("ir.cron", "method_direct_trigger", [queue])

        message = smtp_server.wait_for(lambda received: name in (received["Subject"] or ""))
        assert "paul.renaud@example.org" in message["To"]
        assert len(pdf_attachments(message)) == 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            visit = call("sav.intervention", "read", [visit_id], ["report_email_failure"])[0]
            if not visit["report_email_failure"]:
                break
            time.sleep(1)
        assert not visit["report_email_failure"], "the failure clears once the e-mail is sent"
    finally:
        call("ir.mail_server", "unlink", [mail_server_id])
