"""The technician's side of the end-to-end scenario: one visit recorded on a phone.

The technician logs in, opens My Visits, records arrival, measures, a part, an
expense, photos, the report and departure, then has the customer sign on the
screen. Each step asserts what the technician sees; the caller checks the
database afterwards.
"""

import json
from pathlib import Path

# The French labels of the phone views (sav_field_service/i18n/fr.po).
ARRIVE_LABEL = "Arrivée sur site"
LEAVE_LABEL = "Départ du site"
SIGN_LABEL = "Faire signer"
PLANNED_LABEL = "Planifiée"
IN_PROGRESS_LABEL = "En cours"
DONE_LABEL = "Terminée"

# The visit form and the dialogs it opens.
FORM = ".o_action_manager .o_form_view"
CONTROL_PANEL = ".o_action_manager .o_control_panel"
DIALOG = ".modal:not(.o_inactive_modal)"
SAVE_DIALOG = f"{DIALOG} .o_form_button_save"
# A card of My Visits in the planned state: its state badge has the "primary" decoration.
PLANNED_CARD = ".o_sav_my_visits .o_kanban_record:has(.badge.text-bg-primary)"


def technician_records_visit(browser, base_url, login, password, *, customer, part, expense,
                             expense_amount, photos, measures, signer, shots=None,
                             expense_type=None,
                             report="Entretien réalisé : brûleur nettoyé, combustion "
                                    "contrôlée, appareil en bon état."):
    """Record today's planned visit of ``customer`` on a phone, up to the customer's signature.

    :param browser: a phone-sized ``Browser`` (``mobile=True``)
    :param str customer: the customer's name as shown on the My Visits card
    :param str part: the product name of the part used, as the product picker shows it
    :param str expense: description of the expense
    :param float expense_amount: amount of the expense, tax excluded
    :param photos: paths of the photo files, one photo record each
    :param dict measures: property name of the intervention type's measures -> number, or
        bool for a yes/no measure, e.g. {"co_ppm": 8, "flue_temperature": 65}
    :param str signer: name of the person who signs
    :param shots: folder for the screenshots, or None to take none
    :param str expense_type: label of the expense type to choose, or None for the default
    :param str report: text typed into the report field
    :return: the visit's title as the form shows it, e.g. "SAV/2026/00064 - Catherine Morel"
    """
    open_my_visits(browser, base_url, login, password, customer, shots)
    title = open_visit(browser, customer)
    record_arrival(browser)
    fill_measures(browser, measures)
    save_visit(browser)
    check_measures(browser, measures)
    if shots:
        scroll_to(browser, f"{FORM} .o_horizontal_separator", "Relevés", block="start")
        browser.screenshot(Path(shots) / "technician-visit.png")
    write_report(browser, report)
    save_visit(browser)
    add_part(browser, part)
    add_expense(browser, expense, expense_amount, expense_type)
    for path in photos:
        add_photo(browser, Path(path))
    save_visit(browser)
    check_photos(browser, [Path(path) for path in photos])
    record_departure(browser)
    sign_visit(browser, signer, shots)
    return title


def open_my_visits(browser, base_url, login, password, customer, shots):
    """Log in, landing on My Visits, where the customer's planned visit has a card."""
    browser.login(base_url, login, password, ".o_sav_my_visits .o_kanban_record")
    close_chat_windows(browser)
    assert browser.find(PLANNED_CARD, customer), (
        f"My Visits shows no card of a planned visit of {customer}; the cards are: "
        f"{browser.texts('.o_sav_my_visits .o_kanban_record')}"
    )
    card_text = browser.text(PLANNED_CARD, customer)
    assert PLANNED_LABEL in card_text, (
        f"the card of {customer} does not show {PLANNED_LABEL!r}: {card_text!r}"
    )
    if shots:
        scroll_to(browser, PLANNED_CARD, customer)
        browser.screenshot(Path(shots) / "technician-my-visits.png")


def close_chat_windows(browser):
    """Close the chat windows that cover the page on a phone, e.g. OdooBot's at the first login."""
    # NOTE: OdooBot's window shows when the page loads after the first login; one that
    # opened later, on a new message, would still cover the page.
    windows = browser.find(".o-mail-ChatWindow")
    while windows:
        browser.click(".o-mail-ChatWindow-header button[name=close]")
        windows -= 1
        browser.wait_for(".o-mail-ChatWindow", count=windows)


def open_visit(browser, customer):
    """Tap the customer's name on the first planned card and return the visit's title."""
    # The middle of the card is the site's address, a link to the map: tap the name instead.
    browser.click(f"{PLANNED_CARD} > span", customer)
    browser.wait_for(f"{FORM} button[name=action_arrive]", ARRIVE_LABEL)
    title = browser.text(f"{FORM} .oe_title")
    assert customer in title, f"the visit form is titled {title!r}, not after {customer}"
    assert PLANNED_LABEL in browser.text(f"{FORM} .o_statusbar_status"), (
        f"the visit of {customer} is not shown as planned before arrival"
    )
    return title


def record_arrival(browser):
    browser.click(f"{FORM} button[name=action_arrive]", ARRIVE_LABEL)
    browser.wait_for(f"{FORM} button[name=action_leave]", LEAVE_LABEL)
    assert browser.find(f"{FORM} button[name=action_open_sign_wizard]", SIGN_LABEL), (
        f"the {SIGN_LABEL!r} button is missing once arrived"
    )
    assert IN_PROGRESS_LABEL in browser.text(f"{FORM} .o_statusbar_status"), (
        "the visit is not shown in progress after the arrival"
    )
    arrival = browser.text(f"{FORM} div[name=arrival_time]").strip()
    assert arrival, "the arrival time is empty after pressing Arrive"


def fill_measures(browser, measures):
    """Type each measure into its property field (tick the box of a yes/no measure)."""
    open_tab(browser, "visit")
    for name, value in measures.items():
        field = f"{FORM} div[name=measures] [property-name={name}]"
        assert browser.find(field), (
            f"the measures show no {name!r} field; they are: "
            f"{browser.text(f'{FORM} div[name=measures]')!r}"
        )
        if isinstance(value, bool):
            checkbox = f"{field} input[type=checkbox]"
            if browser.evaluate(f"document.querySelector({json.dumps(checkbox)}).checked") != value:
                browser.click(checkbox)
        elif isinstance(value, (int, float)):
            enter_number(browser, f"{field} input", value)
        else:
            raise ValueError(f"measure {name}: {value!r} is not a number or a bool, the only "
                             "kinds of measure this helper enters")


def enter_number(browser, selector, value):
    """Type a number into a measure field, leave the field, and wait until the form shows it.

    Each measure sent to the form makes it ask the server for the CO alert, and the
    response redraws every measure field, resetting the one being typed in. So one
    value at a time: leaving the field sends it, and the value shown formatted
    ("8,00") tells that the form has taken it, as a technician sees.
    """
    # An empty float measure shows "0,00" and an empty integer one "0".
    decimals = 2 if "," in browser.evaluate(
        f"document.querySelector({json.dumps(selector)}).value") else 0
    browser.click(selector)
    browser.evaluate(f"document.querySelector({json.dumps(selector)}).select()")
    browser.type(value)
    browser.evaluate("document.activeElement.blur()")
    browser.wait_for(selector, format_number(value, decimals))


def check_measures(browser, measures):
    """Assert that each measure shows its value once saved, as the form formats numbers."""
    for name, value in measures.items():
        field = f"{FORM} div[name=measures] [property-name={name}]"
        if isinstance(value, bool):
            checked = browser.evaluate(
                f"document.querySelector({json.dumps(field + ' input')}).checked")
            assert checked == value, f"the measure {name} shows {checked} after saving"
            continue
        shown = browser.evaluate(f"document.querySelector({json.dumps(field + ' input')}).value")
        assert parse_number(shown) == float(value), (
            f"the measure {name} shows {shown!r} after saving, expected {value}"
        )


def add_part(browser, part):
    """Add a part through the full-screen product picker of the phone."""
    open_tab(browser, "parts")
    parts = f"{FORM} div[name=part_line_ids]"
    browser.click(f"{parts} .o-kanban-button-new", "Ajouter une pièce")
    browser.click(f"{DIALOG} div[name=product_id] input")
    # On a phone the product field opens a full-screen list to search in.
    browser.wait_for(f"{DIALOG} .o_kanban_record")
    assert "Recherche" in browser.text(f"{DIALOG} .modal-header"), (
        "the product field did not open the full-screen product search"
    )
    browser.click(f"{DIALOG} .o_control_panel button:has(.fa-search)")
    browser.click(f"{DIALOG} .o_searchview_input")
    browser.type(part)
    browser.wait_for(".o_searchview_autocomplete", part)
    browser.press("Enter", key_code=13)
    browser.wait_for(f"{DIALOG} .o_searchview_facet", part)
    browser.wait_for(f"{DIALOG} .o_kanban_record", part, count=1)
    browser.click(f"{DIALOG} .o_kanban_record", part)
    browser.wait_for(f"{DIALOG} div[name=product_id] input")
    chosen = browser.evaluate(
        f"document.querySelector({json.dumps(DIALOG + ' div[name=product_id] input')}).value")
    assert part in chosen, f"the part form shows the product {chosen!r}, expected {part!r}"
    browser.click(SAVE_DIALOG)
    browser.wait_gone(f"{DIALOG} div[name=product_id]")
    browser.wait_for(f"{parts} .o_kanban_record", part)


def add_expense(browser, expense, amount, expense_type):
    """Add an expense with its description and amount (and type, when given)."""
    open_tab(browser, "expenses")
    expenses = f"{FORM} div[name=expense_line_ids]"
    browser.click(f"{expenses} .o-kanban-button-new", "Ajouter un frais")
    browser.wait_for(f"{DIALOG} div[name=expense_type] input")
    if expense_type:
        choose_option(browser, f"{DIALOG} div[name=expense_type]", expense_type)
    browser.fill(f"{DIALOG} div[name=name] input", expense)
    browser.fill(f"{DIALOG} div[name=amount] input", format_number(amount, 2))
    browser.click(SAVE_DIALOG)
    browser.wait_gone(f"{DIALOG} div[name=expense_type]")
    card = f"{expenses} .o_kanban_record"
    browser.wait_for(card, expense)
    shown = browser.text(card, expense)
    assert format_number(amount, 2) in shown, (
        f"the expense card shows {shown!r}, expected the amount {format_number(amount, 2)}"
    )


def choose_option(browser, field, label):
    """Pick ``label`` in the drop-down list of a selection field."""
    browser.click(f"{field} input")
    browser.click(".o_select_menu_item", label)
    browser.wait_gone(".o_select_menu_item")
    browser.wait_for(f"{field} input", label)


def add_photo(browser, path):
    """Add one photo from a real file through the photo form's file input."""
    open_tab(browser, "photos")
    photos = f"{FORM} div[name=photo_ids]"
    count = browser.find(f"{photos} .o_kanban_record:not(.o_kanban_ghost)")
    browser.click(f"{photos} .o-kanban-button-new", "Ajouter une photo")
    browser.wait_for(f"{DIALOG} div[name=image]")
    browser.fill(f"{DIALOG} div[name=name] input", path.name)
    browser.upload(f"{DIALOG} div[name=image] input[type=file]", path)
    preview = f"{DIALOG} div[name=image] img[src^='data:image']"
    browser.wait_for(preview)
    assert image_shown(browser, preview), f"the photo form shows no picture of {path.name}"
    browser.click(SAVE_DIALOG)
    browser.wait_gone(f"{DIALOG} div[name=image]")
    browser.wait_for(f"{photos} .o_kanban_record:not(.o_kanban_ghost)", count=count + 1)
    browser.wait_for(f"{photos} .o_kanban_record", path.name)


def check_photos(browser, paths):
    """Assert that each saved photo's card shows its thumbnail, made by the server."""
    open_tab(browser, "photos")
    for path in paths:
        card = f"{FORM} div[name=photo_ids] .o_kanban_record"
        browser.wait_for(card, path.name)
        thumbnail = f"{card} img[src*='/web/image/sav.intervention.photo/']"
        assert image_shown(browser, thumbnail, path.name), (
            f"the photo card of {path.name} shows no thumbnail of the saved photo"
        )


def image_shown(browser, selector, text=None):
    """Return whether an <img> matching ``selector`` shows a picture the browser decoded.

    With ``text``, the image is the one in the card or dialog that contains the text.
    """
    return browser.evaluate(f"""new Promise((resolve) => {{
        const text = {json.dumps(text)};
        const image = [...document.querySelectorAll({json.dumps(selector)})].find((element) =>
            text === null || element.closest(".o_kanban_record, .modal-body").innerText.includes(text));
        if (!image) {{
            resolve(false);
            return;
        }}
        image.scrollIntoView({{block: "center"}});
        const check = () => resolve(image.naturalWidth > 0);
        if (image.complete) {{
            check();
            return;
        }}
        image.addEventListener("load", check);
        image.addEventListener("error", () => resolve(false));
    }})""")


def record_departure(browser):
    browser.click(f"{FORM} button[name=action_leave]", LEAVE_LABEL)
    browser.wait_gone(f"{FORM} button[name=action_leave]")
    open_tab(browser, "visit")
    departure = browser.text(f"{FORM} div[name=departure_time]").strip()
    assert departure, "the departure time is empty after pressing Leave"


def sign_visit(browser, signer, shots):
    """Have ``signer`` sign on the pad, then check the visit is done and signed."""
    browser.click(f"{FORM} button[name=action_open_sign_wizard]", SIGN_LABEL)
    browser.wait_for(f"{DIALOG} div[name=signed_by] input")
    assert "Signature du client" in browser.text(f"{DIALOG} .modal-header"), (
        "the Sign button did not open the customer signature dialog"
    )
    browser.fill(f"{DIALOG} div[name=signed_by] input", signer)
    browser.click(f"{DIALOG} div[name=signature] .o_signature")
    # Odoo's signature pad opens over the dialog, writing the name in a script font:
    # switch to drawing and sign with the pointer.
    browser.click(f"{DIALOG} .o_web_sign_draw_button", "Dessiner")
    browser.wait_for(f"{DIALOG} .o_web_sign_draw_button.active")
    browser.draw(f"{DIALOG} canvas.o_web_sign_signature",
                 [(0.1, 0.6), (0.2, 0.3), (0.3, 0.7), (0.45, 0.35), (0.55, 0.65),
                  (0.7, 0.3), (0.8, 0.6), (0.9, 0.45)])
    browser.click(f"{DIALOG} .modal-footer button.btn-primary", "Adopter")
    browser.wait_gone(".o_web_sign_signature")
    browser.wait_for(f"{DIALOG} div[name=signature] img.o_signature")
    shown_name = browser.evaluate(
        f"document.querySelector({json.dumps(DIALOG + ' div[name=signed_by] input')}).value")
    assert shown_name == signer, f"the signature dialog names {shown_name!r}, not {signer!r}"
    if shots:
        browser.screenshot(Path(shots) / "technician-signature.png")
    browser.click(f"{DIALOG} button[name=action_sign]", "Valider et clôturer")
    browser.wait_gone(".modal")

    browser.wait_for(f"{FORM} .o_statusbar_status", DONE_LABEL)
    assert not browser.find(f"{FORM} button[name=action_open_sign_wizard]"), (
        "the Sign button is still shown on the done visit"
    )
    open_tab(browser, "signature")
    shown_signer = browser.text(f"{FORM} div[name=signed_by]").strip()
    assert shown_signer == signer, f"the visit shows it signed by {shown_signer!r}, not {signer!r}"
    signature = f"{FORM} div[name=signature] img"
    browser.wait_for(signature)
    scroll_to(browser, signature)
    assert image_shown(browser, signature), "the visit shows no picture of the signature"


def format_number(value, decimals):
    """Format a number as the form shows it, with a decimal comma, e.g. "65,00"."""
    return f"{value:.{decimals}f}".replace(".", ",")


def parse_number(text):
    """Read a number formatted the French way, e.g. "1 234,50"."""
    return float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def write_report(browser, report):
    if not report:
        return
    editor = f"{FORM} div[name=report] .odoo-editor-editable"
    assert browser.find(editor), "the visit form has no report field"
    browser.click(editor)
    browser.type(report)
    browser.wait_for(editor, report)


def save_visit(browser):
    """Save the visit with the control panel's cloud button, as a technician does between steps."""
    # On a phone the control panel slides away while scrolling down: swipe back to the top.
    swipe_to_top(browser)
    browser.wait_for(f"{CONTROL_PANEL}:not(.o_mobile_sticky) .o_form_button_save")
    browser.click(f"{CONTROL_PANEL} .o_form_button_save")
    browser.wait_gone(f"{CONTROL_PANEL} .o_form_button_save")


def swipe_to_top(browser):
    """Scroll the page back to its top with a real scroll gesture."""
    # NOTE: headless Chromium ignores touch scroll gestures, so the default source (the
    # mouse wheel) scrolls instead. The page gets the same scroll events.
    browser.call("Input.synthesizeScrollGesture", x=180, y=300, yDistance=20000, speed=20000,
                 gestureSourceType="default")


def open_tab(browser, name):
    tab = f"{FORM} .o_notebook_headers a[name={name}]"
    browser.click(tab)
    browser.wait_for(f"{tab}.active")


def scroll_to(browser, selector, text=None, block="center"):
    """Scroll the first element matching ``selector`` (and holding ``text``) into view."""
    browser.evaluate(f"""(() => {{
        const text = {json.dumps(text)};
        const element = [...document.querySelectorAll({json.dumps(selector)})]
            .find((candidate) => text === null || candidate.textContent.includes(text));
        element.scrollIntoView({{block: {json.dumps(block)}}});
    }})()""")
