"""What the back office and the dispatcher do in the web client, for the end-to-end scenario.

Each function acts through the screens a French office worker uses and checks
what those screens show. The browser is already logged in.
"""

import re
import time
from datetime import timedelta

from browser import BrowserError


def open_menu(browser, section, item=None):
    """Open a top menu of the SAV app, then one of its entries."""
    browser.click(".o_main_navbar .o_menu_sections button, .o_main_navbar .o_menu_sections a",
                  section)
    if item:
        browser.click(".o_main_navbar .dropdown-menu .dropdown-item, .o-dropdown--menu .dropdown-item",
                      item)


def pick(browser, field, text, option=None, scope=""):
    """Type ``text`` in a many2one field and pick ``option`` (``text`` by default) in its list."""
    selector = f"{scope} div[name={field}] input".strip()
    browser.click(selector)
    browser.evaluate(f"document.querySelector({selector!r}).select()")
    browser.type(text)
    # The list is searched again once typing pauses: wait for that search to land.
    time.sleep(0.6)
    browser.click(".o-autocomplete--dropdown-item", option or text)
    browser.wait_gone(".o-autocomplete--dropdown-menu")


def fill_field(browser, field, value, scope=""):
    """Replace the value of a plain field (char, text, date, number) of a form."""
    browser.fill(f"{scope} div[name={field}] input, {scope} div[name={field}] textarea".strip(),
                 value)


def fill_datetime(browser, field, moment, scope=""):
    """Type a date and time in a datetime field, as in the French format of the users."""
    target = f"{scope} div[name={field}]".strip()
    browser.click(f"{target} button, {target} input")
    browser.wait_for(f"{target} input")
    browser.evaluate(f"document.querySelector({target + ' input'!r}).select()")
    browser.type(moment.strftime("%d/%m/%Y %H:%M:%S"))
    browser.press("Enter", key_code=13)
    browser.wait_gone(".o_datetime_picker")


def field_value(browser, field, scope=".o_form_view"):
    """What a form field shows: the chosen option, the typed value or the read-only text."""
    return browser.evaluate(f"""(() => {{
        const field = document.querySelector({f"{scope} div[name={field}]"!r});
        if (!field) {{ return null; }}
        const select = field.querySelector("select");
        if (select) {{ return select.selectedOptions[0]?.text || ""; }}
        const input = field.querySelector("input, textarea");
        return input ? input.value : field.innerText;
    }})()""")


def wait_value(browser, field, text, scope=".o_form_view", timeout=30):
    """Wait until a form field shows ``text``."""
    deadline = time.monotonic() + timeout
    while text not in (field_value(browser, field, scope) or ""):
        if time.monotonic() > deadline:
            raise BrowserError(f"field {field} shows {field_value(browser, field, scope)!r}, "
                               f"not {text!r}, after {timeout} s")
        time.sleep(0.2)


def save_form(browser, scope=""):
    browser.click(f"{scope} .o_form_button_save".strip())
    browser.wait_gone(f"{scope} .o_form_button_save".strip())


def search(browser, text):
    """Search the current list or kanban view for ``text``."""
    browser.click(".o_searchview_input")
    browser.type(text)
    browser.wait_for(".o_searchview_autocomplete", text)
    browser.press("Enter", key_code=13)
    browser.wait_for(".o_searchview_facet", text)


def open_record(browser, text):
    """Open the record of the current list or kanban view that shows ``text``."""
    browser.click(".o_kanban_record, .o_list_view .o_data_row td.o_data_cell", text)
    browser.wait_for(".o_form_view")


def set_customer_email(browser, base_url, customer, email):
    """Add the e-mail address a customer gave on the phone to its contact form."""
    browser.goto(f"{base_url}/odoo/sav-sites", wait_for=".o_control_panel .o_searchview_input")
    search(browser, customer)
    open_record(browser, customer)
    browser.wait_for(".o_form_view div[name=name]")
    fill_field(browser, "email", email)
    save_form(browser)
    wait_value(browser, "email", email)


def set_catalogue_price(browser, base_url, reference, price):
    """Set the public sales price of a product, found by its internal reference."""
    browser.goto(f"{base_url}/odoo/action-product.product_template_action_all",
                 wait_for=".o_control_panel .o_searchview_input")
    search(browser, reference)
    open_record(browser, reference)
    fill_field(browser, "list_price", f"{price:.2f}".replace(".", ","))
    save_form(browser)


def import_customers(browser, base_url, path, shots=None):
    """Import customers and their sites from a spreadsheet, through the preview.

    Return the counts the preview announced and the text of the list of
    imported customers that opens afterwards.
    """
    browser.goto(f"{base_url}/odoo/sav-pending", wait_for=".o_list_view")
    open_menu(browser, "Clients", "Importer des clients et sites")
    browser.wait_for(".modal div[name=file]")
    browser.upload(".modal div[name=file] input[type=file]", path)
    wait_value(browser, "file", path.name, scope=".modal")
    browser.click(".modal-footer button[name=action_preview]")
    browser.wait_for(".modal div[name=preview_summary]", "Sites")
    summary = browser.text(".modal div[name=preview_summary]")
    counts = {}
    for label, key in (("Clients", "customers"), ("Sites", "sites")):
        found = re.search(rf"{label}\s*:\s*(\d+) à créer", summary)
        if not found:
            raise BrowserError(f"the preview does not say how many {key} it creates: {summary!r}")
        counts[key] = int(found.group(1))
    if shots:
        browser.evaluate("document.querySelector('.modal div[name=line_ids]')"
                         "?.scrollIntoView({block: 'end'})")
        browser.screenshot(shots / "backoffice-import-customers.png")
    browser.click(".modal-footer button[name=action_import]")
    browser.wait_for(".o_breadcrumb", "Clients importés", timeout=120)
    browser.wait_for(".o_list_view .o_data_row")
    return {**counts, "summary": summary, "list": browser.text(".o_list_view")}


def import_price_schedule(browser, base_url, path, customer, schedule_name, shots=None):
    """Import a customer's price schedule from a spreadsheet; return the preview's figures."""
    browser.goto(f"{base_url}/odoo/sav-pending", wait_for=".o_list_view")
    open_menu(browser, "Clients", "Importer un bordereau de prix")
    browser.wait_for(".o_form_view div[name=file]")
    browser.upload(".o_form_view div[name=file] input[type=file]", path)
    wait_value(browser, "file", path.name)
    pick(browser, "partner_id", customer)
    fill_field(browser, "pricelist_name", schedule_name)
    # A first schedule contains services that the catalogue lacks.
    browser.click(".modal div[name=create_products] input")
    browser.click(".modal-footer button[name=action_preview]")
    browser.wait_for(".o_form_view div[name=line_ids] .o_data_row")
    read = int(browser.text(".o_form_view div[name=line_count]").replace("\u202f", "")
               .replace(" ", ""))
    summary = browser.text(".o_form_view p.text-muted", "prix lus")
    if shots:
        browser.screenshot(shots / "backoffice-price-schedule.png")
    browser.click(".modal-footer button[name=action_import]")
    browser.wait_for(".o_form_view .o_breadcrumb, .o_form_view", schedule_name, timeout=120)
    return {"read": read, "summary": summary}


def type_phone_request(browser, base_url, *, customer, summary, description, site=None,
                       shots=None):
    """Type in a request received by phone from the pending list; return its reference."""
    browser.goto(f"{base_url}/odoo/sav-pending", wait_for=".o_list_view")
    browser.click(".o_control_panel .o_list_button_add, .o_control_panel button.o-kanban-button-new",
                  "Nouveau")
    browser.wait_for(".o_form_view div[name=partner_id] input")
    fill_field(browser, "summary", summary)
    pick(browser, "partner_id", customer)
    if site:
        pick(browser, "site_id", site)
    channel = field_value(browser, "channel")
    if channel != "Téléphone":
        raise BrowserError(f"a request typed in from the pending list is a phone request; "
                           f"the form shows channel {channel!r}")
    browser.click(".o_form_view .o_notebook a", "Description")
    browser.click(".o_form_view div[name=description] [contenteditable=true]")
    browser.type(description)
    browser.wait_for(".o_form_view div[name=description] [contenteditable=true]", description[:30])
    save_form(browser)
    browser.wait_for(".o_form_view .oe_title h1 div[name=name]", "SAV/")
    reference = browser.text(".o_form_view .oe_title h1 div[name=name]").strip()
    if shots:
        browser.scroll_top()
        browser.screenshot(shots / "backoffice-phone-request.png")
    browser.wait_for(".o_form_view .o_statusbar_status button.o_arrow_button_current",
                     "En attente")
    return reference


def open_pending_request(browser, base_url, reference):
    browser.goto(f"{base_url}/odoo/sav-pending", wait_for=".o_list_view")
    browser.click(".o_list_view .o_data_row td", reference)
    browser.wait_for(".o_form_view .oe_title", reference)


def plan_visit(browser, base_url, *, request, technician, start, intervention_type, hours=2):
    """Plan a visit of a pending request for a technician, from the request's form.

    ``start`` is a naive datetime in the users' time zone.
    """
    open_pending_request(browser, base_url, request)
    browser.click(".o_form_view button[name=action_plan_intervention]")
    dialog = ".modal .o_form_view"
    browser.wait_for(f"{dialog} div[name=technician_id] input")
    pick(browser, "technician_id", technician, scope=".modal")
    fill_datetime(browser, "planned_start", start, scope=".modal")
    fill_datetime(browser, "planned_end", start + timedelta(hours=hours), scope=".modal")
    pick(browser, "intervention_type_id", intervention_type, scope=".modal")
    browser.click(".modal .modal-footer .o_form_button_save, .modal .modal-footer button",
                  "Enregistrer")
    browser.wait_gone(".modal .o_form_view")
    browser.wait_for(".o_form_view .o_statusbar_status button.o_arrow_button_current",
                     "Planifiée")
    browser.click(".o_form_view .o_notebook .nav-link", "Interventions")
    browser.wait_for(".o_form_view div[name=intervention_ids] .o_data_row")
    visits = browser.texts(".o_form_view div[name=intervention_ids] .o_data_row")
    if not any(technician in row for row in visits):
        raise BrowserError(f"the request's visits do not show {technician}: {visits}")


def show_planning(browser, base_url, *, day, technicians, shots=None):
    """Open today's planning in the day scale and check each technician's visit is on it."""
    browser.goto(f"{base_url}/odoo/sav-planning", wait_for=".o_calendar_view")
    browser.click(".o_calendar_view .o_view_scale_selector button, "
                  ".o_control_panel .o_view_scale_selector button", "Semaine")
    browser.click(".o-dropdown--menu .dropdown-item, .o_view_scale_selector .dropdown-item",
                  "Jour")
    browser.wait_for(".o_calendar_view .fc-timegrid, .o_calendar_view .fc-view")
    shown = browser.text(".o_calendar_view")
    missing = [name for name in technicians if name not in shown]
    if missing:
        raise BrowserError(f"the planning of {day:%d/%m/%Y} does not show {missing}")
    if shots:
        browser.screenshot(shots / "backoffice-planning.png")


def invoice_visits(browser, base_url, visits, customers, shots=None):
    """Invoice the done ``visits`` in one action and post each customer's invoice.

    Return the invoice number of each of ``customers``.
    """
    browser.goto(f"{base_url}/odoo/sav-pending", wait_for=".o_list_view")
    open_menu(browser, "Facturation", "À facturer")
    row = ".o_list_view .o_data_row"
    for visit in visits:
        browser.wait_for(row, visit)
        browser.wait_idle()
        browser.evaluate(f"""(() => {{
            const row = [...document.querySelectorAll({row!r})]
                .find((element) => element.innerText.includes({visit!r}));
            row.querySelector(".o_list_record_selector").setAttribute("data-sav-pick", "1");
        }})()""")
        browser.click(".o_list_record_selector[data-sav-pick='1'] input")
        browser.evaluate("document.querySelector(\"[data-sav-pick='1']\")"
                         ".removeAttribute('data-sav-pick')")
    browser.wait_for(".o_control_panel .o_selection_box, .o_list_selection_box", "2")
    if shots:
        browser.screenshot(shots / "backoffice-to-invoice.png")
    browser.click(".o_control_panel button[name=action_create_invoices], "
                  ".o_list_view button[name=action_create_invoices]")
    browser.wait_for(".o_breadcrumb", "Factures", timeout=120)
    for customer in customers:
        browser.wait_for(row, customer)
    if shots:
        browser.screenshot(shots / "backoffice-invoices.png")
    numbers = {}
    for customer in customers:
        browser.click(f"{row} td.o_data_cell", customer)
        browser.click(".o_form_view .o_statusbar_buttons button[name=action_post]")
        browser.wait_for(".o_form_view .o_statusbar_status button.o_arrow_button_current",
                         "Comptabilisé")
        numbers[customer] = field_value(browser, "name").strip()
        send_invoice(browser)
        browser.click(".o_breadcrumb .breadcrumb-item a", "Factures")
        browser.wait_for(row, numbers[customer])
    return numbers


def send_invoice(browser):
    """Send the posted invoice shown in the form to its customer by e-mail."""
    browser.click(".o_form_view .o_statusbar_buttons button[name=action_invoice_sent]")
    browser.wait_for(".modal .o_account_move_send_wizard, .modal .modal-title",
                     timeout=60)
    if browser.find(".modal .modal-title", "Configurer l'agencement"):
        # The first document a company sends asks for its layout once.
        browser.click(".modal-footer button", "Continuer")
    browser.wait_for(".modal .o_account_move_send_wizard", timeout=60)
    browser.click(".modal-footer button[name=action_send_and_print]", "Envoyer")
    browser.wait_gone(".modal .o_account_move_send_wizard", timeout=120)
