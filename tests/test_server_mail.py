"""A multi-process Odoo server on the demo database sends real e-mail to the loopback SMTP server."""

import xmlrpc.client


def test_message_to_customer_reaches_smtp(demo_database, odoo_server, smtp_server):
    base_url = odoo_server(demo_database["name"], smtp_port=smtp_server.port, workers=2)
    database = demo_database["name"]
    uid = xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/common").authenticate(
        database, "admin", "admin", {})
    assert uid, "admin / admin must log in on the demo database"
    models = xmlrpc.client.ServerProxy(f"{base_url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *args, **kwargs):
        return models.execute_kw(database, uid, "admin", model, method, list(args), kwargs)

    partner_id = call("res.partner", "create", {
        "name": "Mme Chantal Lefèvre", "email": "chantal.lefevre@example.org", "lang": "fr_FR",
    })
    request_id = call("sav.request", "create", {"partner_id": partner_id})
    reference = call("sav.request", "read", [request_id], ["name"])[0]["name"]
    call("sav.request", "message_post", [request_id],
         body="Votre chaudière sera contrôlée jeudi matin.",
         message_type="comment", subtype_xmlid="mail.mt_comment", partner_ids=[partner_id])

    message = smtp_server.wait_for(lambda received: reference in (received["Subject"] or ""))
    assert "chantal.lefevre@example.org" in message["To"]
    body = message.get_body(preferencelist=("html", "plain")).get_content()
    assert "Votre chaudière sera contrôlée jeudi matin." in body
