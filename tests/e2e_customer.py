"""Steps of the end-to-end scenario done by the customer, and the back office's portal invitation.

Each helper drives a real browser (``tests/browser.py``) on a running server
and asserts what the user reads on the screen, in French.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

# Texts of Odoo 19 and of sav_portal as French users read them.
GRANT_PORTAL_MENU = "Donner accès au portail"
GRANT_ACCESS_BUTTON = "Donner l'accès"
REVOKE_ACCESS_BUTTON = "Révoquer l'accès"
CLOSE_BUTTON = "Fermer"
PORTAL_HOME_ENTRY = "Service après-vente"
PENDING_LABEL = "En attente"


def _check(condition, message):
    if not condition:
        raise AssertionError(message)


def _mark(browser, find_element_js, description):
    """Mark the element that the JavaScript expression ``find_element_js`` returns, for a click.

    The expression may use ``squash(text)``, which collapses white space as a reader sees it.
    Return the CSS selector of the marked element.
    """
    # A list still being redrawn would drop the mark with the element.
    browser.wait_idle()
    found = browser.evaluate(f"""(() => {{
        const squash = (value) => (value || "").replace(/\\s+/g, " ").trim();
        document.querySelectorAll("[data-e2e-target]").forEach(
            (element) => element.removeAttribute("data-e2e-target"));
        const element = {find_element_js};
        if (!element) {{
            return false;
        }}
        element.setAttribute("data-e2e-target", "1");
        return true;
    }})()""")
    _check(found, f"{description} is not shown on {browser.url()}")
    return "[data-e2e-target='1']"


def _click_exact(browser, selector, text):
    """Click the first visible element matching ``selector`` whose whole text is ``text``.

    ``Browser.click`` matches a part of the text, so a customer's name would
    also match its addresses, whose names start with the customer's.
    """
    marked = _mark(browser, f"""[...document.querySelectorAll({json.dumps(selector)})].find(
            (candidate) => candidate.offsetParent !== null
                && squash(candidate.innerText) === squash({json.dumps(text)}))""",
                   f"{selector!r} reading exactly {text!r}")
    browser.click(marked)


# ------------------------------------------------------------
# Back office: portal invitation
# ------------------------------------------------------------

def grant_portal_access(browser, base_url, customer):
    """Grant portal access to the company ``customer`` with Odoo's portal wizard.

    The browser must be logged in to the back office as an administrator.
    """
    # The contacts open as a list or as cards, depending on the last view used.
    records = ".o_data_row .o_data_cell, .o_kanban_record [name=display_name]"
    browser.goto(f"{base_url}/odoo/contacts", wait_for=records, timeout=90)
    browser.click(".o_searchview_input")
    browser.type(customer)
    browser.wait_for(".o_searchview_autocomplete", text=customer)
    browser.press("Enter", key_code=13)
    browser.wait_for(".o_searchview_facet", text=customer)
    browser.wait_for(records, text=customer)
    _click_exact(browser, records, customer)
    browser.wait_for(".o_form_view .o_field_widget[name=name] input", text=customer)

    browser.click(".o_cp_action_menus button")
    browser.click(".o-dropdown-item", text=GRANT_PORTAL_MENU)
    row = ".modal .o_portal_wizard_user_one2many .o_data_row"
    browser.wait_for(row, text=customer)
    browser.click(f"{row} button", text=GRANT_ACCESS_BUTTON)
    browser.wait_for(f"{row} button", text=REVOKE_ACCESS_BUTTON, timeout=60)
    row_text = browser.text(row, text=customer)
    _check(GRANT_ACCESS_BUTTON not in row_text,
           f"the wizard still offers to grant access to {customer}: {row_text!r}")
    browser.click(".modal-footer button", text=CLOSE_BUTTON)
    browser.wait_gone(".modal .o_portal_wizard_user_one2many")


# ------------------------------------------------------------
# Customer: invitation and first request
# ------------------------------------------------------------

class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def invitation_url(message):
    """Return the signup link of Odoo's portal invitation e-mail ``message`` (an EmailMessage)."""
    body = message.get_body(preferencelist=("html", "plain"))
    _check(body is not None, f"the e-mail {message['Subject']!r} has no text body")
    content = body.get_content()
    if body.get_content_type() == "text/html":
        parser = _LinkParser()
        parser.feed(content)
        links = parser.links
    else:
        links = re.findall(r"https?://\S+", content)
    signup = [link for link in links if "/web/signup?" in link and "token=" in link]
    _check(signup, f"no signup link in the e-mail {message['Subject']!r}; links: {links}")
    return signup[0]


def accept_invitation(browser, invitation_url, password):
    """Set the customer's password on Odoo's signup page and land on the portal home."""
    browser.goto(invitation_url, wait_for="form.oe_signup_form")
    login = browser.evaluate("document.querySelector('input[name=login]').value")
    _check(login, "the signup page does not show the login of the invited customer")
    browser.fill("input[name=password]", password)
    browser.fill("input[name=confirm_password]", password)
    browser.click("form.oe_signup_form button[type=submit]")

    browser.wait_for(".o_portal_my_home", timeout=60)
    path = browser.evaluate("window.location.pathname")
    _check(path == "/my", f"after signing up, the customer lands on {path}, not on /my")
    # The counters load after the page, and the spinner goes once every card is shown or hidden.
    browser.wait_gone(".o_portal_doc_spinner")
    _check(browser.find(".o_portal_index_card a[href='/my/sav']", PORTAL_HOME_ENTRY),
           f"the portal home does not show the {PORTAL_HOME_ENTRY!r} entry; "
           f"it shows: {browser.texts('.o_portal_index_card')}")
    return login


def _select_by_label(browser, selector, label):
    """Choose the only option of a <select> whose visible label contains ``label``.

    Chromium opens the list of a <select> in a popup outside the page, which
    DevTools mouse events do not reach, so the option is set as Odoo's tours do
    (``selectByLabel``).
    """
    labels = browser.evaluate(
        f"[...document.querySelector({json.dumps(selector)}).options].map((o) => o.text.trim())")
    matches = [text for text in labels if label in text]
    _check(len(matches) == 1,
           f"expected one option {label!r} in {selector!r}, found {matches}; options: {labels}")
    browser.evaluate(f"""(() => {{
        const select = document.querySelector({json.dumps(selector)});
        select.value = [...select.options].find((o) => o.text.trim() === {json.dumps(matches[0])}).value;
        select.dispatchEvent(new Event("input", {{bubbles: true}}));
        select.dispatchEvent(new Event("change", {{bubbles: true}}));
    }})()""")
    return matches[0]


def file_request(browser, base_url, *, summary, description, site, attachments, shots=None):
    """File a request with attached files on /my/sav/new and return its reference.

    :param site: visible label of the site in the form's site choice, or part of it
    :param attachments: paths of real files given to the form's file input
    """
    browser.goto(f"{base_url}/my/sav/new", wait_for="form.o_sav_request_form")
    if browser.find("form.o_sav_request_form select[name=site_id]"):
        _select_by_label(browser, "form.o_sav_request_form select[name=site_id]", site)
    browser.fill("form.o_sav_request_form input[name=summary]", summary)
    browser.fill("form.o_sav_request_form textarea[name=description]", description)
    browser.upload("form.o_sav_request_form input[name=attachments]", *attachments)
    names = [Path(path).name for path in attachments]
    chosen = browser.evaluate(
        "[...document.querySelector('form.o_sav_request_form input[name=attachments]').files]"
        ".map((file) => file.name)")
    _check(chosen == names, f"the file input holds {chosen}, expected {names}")
    if shots:
        browser.screenshot(shots / "portal-new-request.png")

    browser.click("form.o_sav_request_form button.o_sav_submit")
    browser.wait_for(".o_sav_request_created", timeout=60)
    reference = browser.text(".o_sav_request_name").strip()
    _check(re.fullmatch(r"SAV/\d{4}/\d+", reference),
           f"the request page shows {reference!r} where a reference such as SAV/2026/00061 "
           "was expected")
    notice = browser.text(".o_sav_request_created")
    _check(reference in notice and "a bien été envoyée" in notice,
           f"the confirmation does not say in French that {reference} was filed: {notice!r}")
    state = browser.text("h2 .o_sav_state").strip()
    _check(state == PENDING_LABEL, f"the request shows the state {state!r}, expected {PENDING_LABEL!r}")
    documents = browser.text(".o_sav_documents")
    for name in names:
        _check(name in documents,
               f"the attachment {name} is not among the request's documents: {documents!r}")
    return reference


# ------------------------------------------------------------
# Customer: follow-up, documents and key figures
# ------------------------------------------------------------

def _download(browser, selector, text=None):
    """Click a download link and return the path of the file the browser saved."""
    browser.click(selector, text)
    path = Path(browser.wait_download(timeout=120))
    _check(path.exists(), f"the browser reported the download {path.name} but did not save it")
    return path


def _check_pdf(path, what):
    head = path.read_bytes()[:5]
    _check(head == b"%PDF-", f"the downloaded {what} {path.name} is not a PDF: it starts with {head!r}")


def check_documents(browser, base_url, *, request, visit, invoice, shots=None):
    """Follow a request, then download the visit report and the invoice from /my/sav/documents.

    :param request: reference of the request, e.g. "SAV/2026/00061"
    :param visit: {"name": the visit's reference, "technician": the technician's name}
    :param invoice: number of the posted invoice of the visit, e.g. "FAC/2026/00010"
    :return: {"report": path of the downloaded report, "invoice": path of the downloaded
        invoice}, in the browser's download folder, which ``Browser.close`` deletes
    """
    browser.goto(f"{base_url}/my/sav", wait_for=".o_sav_request_row")
    browser.click(".o_sav_request_row a", text=request)
    browser.wait_for(".o_sav_request_name", text=request)
    visits = browser.texts(".o_sav_visits .o_sav_visit")
    technician = f"Technicien : {visit['technician']}"
    _check(any(technician in visit_text for visit_text in visits),
           f"no visit of {request} shows {technician!r}; the visits read: {visits}")
    _check(browser.find(".o_sav_visit a.o_sav_visit_report", "Rapport (PDF)"),
           f"the visit of {request} offers no 'Rapport (PDF)' download; it reads: {visits}")

    browser.click(".o_sav_portal_nav a[href='/my/sav/documents']")
    browser.wait_for(".o_sav_attachments h3", text="Fichiers")
    reports = [attachment_text for attachment_text in browser.texts(".o_sav_attachment")
               if "Rapports de visite" in attachment_text and visit["name"] in attachment_text]
    _check(len(reports) == 1,
           f"expected one visit report of {visit['name']} among the documents, found "
           f"{len(reports)}: {browser.texts('.o_sav_attachment')}")
    _check(browser.find(".o_sav_invoice", invoice),
           f"the invoice {invoice} is not among the documents; the invoices read: "
           f"{browser.texts('.o_sav_invoice')}")
    if shots:
        browser.screenshot(shots / "portal-documents.png")

    report_path = _download(browser, ".o_sav_attachment", reports[0].splitlines()[0].strip())
    _check_pdf(report_path, f"report of {visit['name']}")
    invoice_button = _mark(browser, f"""[...document.querySelectorAll(".o_sav_invoice")]
        .find((row) => row.innerText.includes({json.dumps(invoice)}))
        ?.querySelector("a.o_sav_invoice_pdf")""", f"the PDF button of the invoice {invoice}")
    invoice_path = _download(browser, invoice_button)
    _check_pdf(invoice_path, f"invoice {invoice}")
    return {"report": report_path, "invoice": invoice_path}


def check_dashboard(browser, base_url, *, expected, shots=None):
    """Check the key figures of /my/sav/dashboard.

    :param expected: {French label of a figure: number it must show}, with the labels
        of sav_portal's dashboard: "Demandes", "Demandes en cours", "Visites réalisées"
    """
    browser.goto(f"{base_url}/my/sav/dashboard", wait_for=".o_sav_figures")
    browser.wait_for(".o_sav_chart_ready canvas", count=4)
    figures = browser.evaluate("""[...document.querySelectorAll(".o_sav_figures .card-body")].map(
        (card) => [card.querySelector(".small").innerText.trim(),
                   card.querySelector(".fw-bold").innerText.trim()])""")
    figures_by_label = dict(figures)
    for label, number in expected.items():
        _check(label in figures_by_label,
               f"the dashboard shows no figure {label!r}; it shows {figures_by_label}")
        _check(figures_by_label[label] == str(number),
               f"the dashboard shows {label!r} = {figures_by_label[label]}, expected {number}")
    if shots:
        browser.screenshot(shots / "portal-dashboard.png")
    return figures_by_label
