"""Read customers and their sites from a spreadsheet or CSV file.

Three layouts are recognised from the header row:

- an extract of the French SIRENE register of establishments, in the former
  monthly stock format (SIREN, NIC, L1_NORMALISEE to L7_NORMALISEE, NUMVOIE,
  TYPVOIE, LIBVOIE, CODPOS, LIBCOM, ENSEIGNE, NOMEN_LONG, SIEGE). Each row is an
  establishment, that is a site, and the rows of one SIREN belong to one
  customer;
- an extract of the Base Adresse Nationale or of a Base Adresse Locale
  (numero, suffixe, voie_nom, commune_nom): each row is a site of the customer
  chosen on the form;
- the import template, one site per row, with French or English headers.

Plain Python with no Odoo import. Problems are reported as codes with
parameters; the Odoo wizard turns them into translated messages and matches
the rows with existing partners.
"""

import csv
import io
import re
from dataclasses import dataclass, field

import openpyxl
from openpyxl.styles import Font

from . import table_reader
from .french_formats import (
    SIRENE_REPETITIONS,
    expand_street_type,
    luhn_valid,
    readable_case,
    siret_valid,
)
from .table_reader import FileProblem, cell_text, column_letter, is_empty, parse_number

LAYOUT_SIRENE = "sirene"
LAYOUT_BAN = "ban"
LAYOUT_TEMPLATE = "template"

# Header rows are looked for in the first rows of a sheet only.
HEADER_SCAN_ROWS = 20

# Columns of the import template, in the order of the file that the wizard offers.
TEMPLATE_ROLES = (
    "customer",
    "site",
    "street",
    "street2",
    "zip",
    "city",
    "country",
    "phone",
    "email",
    "siret",
    "door_code",
    "site_contact",
    "opening_hours",
    "access_notes",
)
# Headers of the template that the wizard offers for download. They are part of
# the file format, so they are not translated: a file filled in from either
# set is read back whatever the user's language.
TEMPLATE_HEADERS = {
    "fr": {
        "customer": "Client",
        "site": "Site",
        "street": "Adresse",
        "street2": "Complément d'adresse",
        "zip": "Code postal",
        "city": "Ville",
        "country": "Pays",
        "phone": "Téléphone",
        "email": "E-mail",
        "siret": "SIRET",
        "door_code": "Code d'accès",
        "site_contact": "Contact sur site",
        "opening_hours": "Horaires d'accès",
        "access_notes": "Consignes d'accès",
    },
    "en": {
        "customer": "Customer",
        "site": "Site",
        "street": "Street",
        "street2": "Street 2",
        "zip": "Zip",
        "city": "City",
        "country": "Country",
        "phone": "Phone",
        "email": "Email",
        "siret": "SIRET",
        "door_code": "Door Code",
        "site_contact": "Contact on Site",
        "opening_hours": "Opening Hours",
        "access_notes": "Access Notes",
    },
}
# Header texts recognised for each template column, as returned by label_key():
# lower case, no accents, punctuation replaced by spaces.
TEMPLATE_SYNONYMS = {
    "customer": (
        "client", "customer", "nom du client", "nom client", "customer name", "raison sociale",
        "societe", "company",
    ),
    "site": ("site", "nom du site", "nom site", "site name", "designation du site"),
    "street": (
        "adresse", "street", "address", "rue", "adresse du site", "site address", "adresse 1",
        "address 1", "street 1", "voie",
    ),
    "street2": (
        "complement d adresse", "complement adresse", "complement", "adresse 2", "address 2",
        "street 2", "street2", "address line 2",
    ),
    "zip": ("code postal", "cp", "zip", "zip code", "postal code", "postcode"),
    "city": ("ville", "city", "commune", "localite", "town"),
    "country": ("pays", "country"),
    "phone": ("telephone", "tel", "phone", "phone number", "numero de telephone"),
    "email": ("e mail", "email", "mail", "courriel", "adresse e mail", "adresse mail"),
    "siret": ("siret", "n siret", "no siret", "numero siret", "siret number"),
    "door_code": (
        "code d acces", "code acces", "code porte", "code d entree", "digicode", "door code",
        "access code",
    ),
    "site_contact": ("contact sur site", "contact sur place", "site contact", "contact on site"),
    "opening_hours": (
        "horaires d acces", "horaires", "horaires d ouverture", "heures d ouverture",
        "opening hours",
    ),
    "access_notes": (
        "consignes d acces", "consignes", "notes d acces", "access notes", "acces", "remarques",
    ),
}
# res.partner fields filled from the template columns that are copied as they are.
TEMPLATE_TEXT_FIELDS = {
    "street2": "street2",
    "door_code": "sav_door_code",
    "site_contact": "sav_site_contact",
    "opening_hours": "sav_opening_hours",
}

# Columns of the SIRENE establishments extract, as returned by label_key().
SIRENE_REQUIRED = ("siren", "nic", "libcom")
SIRENE_NAME_COLUMNS = ("nomen long", "l1 normalisee")
# Columns of a Base Adresse Nationale (BAN) or Base Adresse Locale (BAL) extract.
BAN_NUMBER = ("numero",)
BAN_SUFFIX = ("suffixe", "rep")
BAN_STREET = ("voie nom", "nom voie")
BAN_COMPLEMENT = ("lieudit complement nom", "nom complementaire")
BAN_ZIP = ("code postal",)
BAN_CITY = ("commune nom", "nom commune")
# House number that a BAL writes for a named place without a number.
BAN_NO_NUMBER = 99999

# Country texts that mean France, as returned by label_key().
FRANCE_NAMES = {"fr", "fra", "france", "republique francaise"}
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass
class RowProblem:
    """A row that blocks the import, or a duplicate row that is skipped.

    ``line`` is the 1-based row number in the sheet, as a spreadsheet shows it,
    and ``column`` the header of the column at fault.
    """

    line: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class SiteRow:
    """A site read from one row, with the customer it belongs to.

    ``customer_key`` is the SIREN or the normalised customer name, or None
    when the row belongs to the customer chosen on the form. ``values`` contains
    res.partner field values, except ``country``: a country name or ISO code to
    look up, empty for the default country.
    """

    line: int
    customer_key: str | None
    customer_name: str
    siren: str
    values: dict
    address_key: tuple
    name_generated: bool = False
    # Address of the customer's head office (SIRENE rows of a head office only).
    customer_address: dict = field(default_factory=dict)
    # SIRET of the customer's head office, which a customer's Company ID may hold.
    head_office_siret: str = ""


@dataclass
class PartnerReading:
    file_type: str
    sheet_name: str
    layout: str
    header_line: int
    has_customer_column: bool
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    # Header of the column that each of "customer", "country" and "siret" comes from.
    column_labels: dict = field(default_factory=dict)


# ------------------------------------------------------------
# Values
# ------------------------------------------------------------


def label_key(value):
    """Return a header or a name as lower-case ASCII words, for matching."""
    text = table_reader.normalize_header(value)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def address_key(values):
    """Return the key that compares two addresses without their case and accents."""
    return tuple(
        label_key(values.get(fname) or "") for fname in ("street", "street2", "zip", "city")
    )


def text_value(value):
    """Return a cell as single-line text, or "" for the markers of an empty cell."""
    return "" if is_empty(value) else cell_text(value)


def notes_value(value):
    """Return a cell as text that keeps its line breaks, or "" when empty."""
    if is_empty(value):
        return ""
    if isinstance(value, str):
        lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
        return "\n".join(line for line in lines if line)
    return cell_text(value)


def digits_value(value, length):
    """Return an identifier or a code without spaces, dots and dashes.

    Spreadsheets store "01700" or "015850944" typed as numbers without their
    leading zeros, so a number cell is padded back to ``length`` digits.
    """
    text = text_value(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and text.isdigit():
        return text.zfill(length)
    return re.sub(r"[\s.\-]", "", text)


def is_france(country, default_country_code):
    key = label_key(country)
    return key in FRANCE_NAMES or (not key and default_country_code == "FR")


# ------------------------------------------------------------
# Layout
# ------------------------------------------------------------


def _template_mapping(keys):
    mapping = {}
    for role in TEMPLATE_ROLES:
        for index, key in enumerate(keys):
            if key in TEMPLATE_SYNONYMS[role] and index not in mapping.values():
                mapping[role] = index
                break
    return mapping


def detect_layout(keys):
    """Return (layout, {column name or role: index}) for a header row, or (None, {})."""
    positions = {}
    for index, key in enumerate(keys):
        positions.setdefault(key, index)
    if all(name in positions for name in SIRENE_REQUIRED) and any(
        name in positions for name in SIRENE_NAME_COLUMNS
    ):
        return LAYOUT_SIRENE, positions
    if (
        any(name in positions for name in BAN_NUMBER)
        and any(name in positions for name in BAN_STREET)
        and any(name in positions for name in BAN_CITY)
    ):
        return LAYOUT_BAN, positions
    mapping = _template_mapping(keys)
    if len(mapping) >= 2 and ("street" in mapping or "city" in mapping):
        return LAYOUT_TEMPLATE, mapping
    return None, {}


def _find_header(sheets):
    """Return (sheet name, rows, header index, layout, mapping) of the first recognised header."""
    for name, rows in sheets:
        for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
            layout, mapping = detect_layout([label_key(value) for value in row])
            if layout:
                return name, rows, index, layout, mapping
    first_row = next(
        (row for _name, rows in sheets for row in rows if any(not is_empty(v) for v in row)), []
    )
    columns = [cell_text(value) for value in first_row if not is_empty(value)]
    raise FileProblem("unknown_layout", columns=", ".join(columns[:12]))


# ------------------------------------------------------------
# Rows
# ------------------------------------------------------------


class _RowReader:
    """Cells of one row, looked up by column index, with the header of each column."""

    def __init__(self, row, labels, line):
        self.row = row
        self.labels = labels
        self.line = line
        self.problems = []

    def raw(self, index):
        if index is None or index >= len(self.row):
            return None
        return self.row[index]

    def text(self, index):
        return text_value(self.raw(index))

    def label(self, index):
        if index is None:
            return ""
        return self.labels[index] if index < len(self.labels) else column_letter(index)

    def problem(self, index, code, value=None, **params):
        shown = self.text(index) if value is None else value
        self.problems.append(RowProblem(self.line, self.label(index), shown, code, params))


def _first(positions, names):
    return next((positions[name] for name in names if name in positions), None)


def _check_site(cells, values, indexes, default_country_code):
    """Check the address, e-mail and SIRET of a site, recording problems on ``cells``."""
    if not values.get("street"):
        cells.problem(indexes.get("street"), "street_missing")
    if not values.get("city"):
        cells.problem(indexes.get("city"), "city_missing")
    zip_code = values.get("zip")
    if zip_code and is_france(values.get("country"), default_country_code):
        if not re.fullmatch(r"\d{5}", zip_code):
            cells.problem(indexes.get("zip"), "zip_invalid", value=zip_code)
    email = values.get("email")
    if email and not EMAIL.match(email):
        cells.problem(indexes.get("email"), "email_invalid", value=email)
    siret = values.get("sav_siret")
    if siret and not siret_valid(siret):
        cells.problem(indexes.get("siret"), "siret_invalid", value=siret)


def _read_template_row(cells, mapping, default_customer, default_country_code):
    customer_index = mapping.get("customer")
    customer_name = cells.text(customer_index)
    if customer_index is not None and not customer_name and not default_customer:
        cells.problem(customer_index, "customer_missing")

    country = cells.text(mapping.get("country"))
    france = is_france(country, default_country_code)
    phone = cells.text(mapping.get("phone"))
    if france and isinstance(cells.raw(mapping.get("phone")), (int, float)) and len(phone) == 9:
        phone = "0" + phone  # a number cell lost the leading 0 of a French number
    zip_raw = cells.raw(mapping.get("zip"))
    values = {
        "name": cells.text(mapping.get("site")),
        "street": cells.text(mapping.get("street")),
        "zip": digits_value(zip_raw, 5) if france else cells.text(mapping.get("zip")),
        "city": cells.text(mapping.get("city")),
        "country": country,
        "phone": phone,
        "email": cells.text(mapping.get("email")),
        "sav_siret": digits_value(cells.raw(mapping.get("siret")), 14),
        "sav_access_notes": notes_value(cells.raw(mapping.get("access_notes"))),
    }
    for role, fname in TEMPLATE_TEXT_FIELDS.items():
        values[fname] = cells.text(mapping.get(role))
    _check_site(cells, values, mapping, default_country_code)

    generated = not values["name"]
    if generated:
        values["name"] = ", ".join(part for part in (values["street"], values["city"]) if part)
    customer_key = label_key(customer_name) if customer_name else None
    return SiteRow(cells.line, customer_key, customer_name, "", values, address_key(values),
                   name_generated=generated)


def _sirene_name(text):
    """Return a SIRENE company name: NOMEN_LONG writes "NAME*FIRST NAME/" for a person."""
    return " ".join(part.strip() for part in re.split(r"[*/]", text) if part.strip())


def _read_sirene_row(cells, positions):
    def text(name):
        return cells.text(positions.get(name))

    siren = digits_value(cells.raw(positions.get("siren")), 9)
    nic = digits_value(cells.raw(positions.get("nic")), 5)
    siren_valid = re.fullmatch(r"\d{9}", siren) and luhn_valid(siren)
    if not siren_valid:
        cells.problem(positions["siren"], "siren_invalid", value=siren)
    nic_valid = re.fullmatch(r"\d{5}", nic)
    if not nic_valid:
        cells.problem(positions["nic"], "nic_invalid", value=nic)
    name_index = _first(positions, SIRENE_NAME_COLUMNS)
    customer_name = _sirene_name(text("nomen long")) or text("l1 normalisee")
    if not customer_name:
        cells.problem(name_index, "customer_missing")

    street = text("l4 normalisee")
    street_index = positions.get("l4 normalisee")
    if not street:
        parts = [text("numvoie"), SIRENE_REPETITIONS.get(text("indrep"), text("indrep")),
                 text("typvoie"), text("libvoie")]
        street = " ".join(part for part in parts if part)
        street_index = positions.get("libvoie", street_index)
    if not street:
        street = text("l5 normalisee")
    complements = [text("l3 normalisee")]
    if street != text("l5 normalisee"):
        complements.append(text("l5 normalisee"))
    country = text("l7 normalisee")
    zip_code = digits_value(cells.raw(positions.get("codpos")), 5)
    city = readable_case(text("libcom"))
    if not city:
        # LIBCOM is empty for establishments abroad, whose line 6 contains the city.
        city = readable_case(re.sub(r"^\d+\s*", "", text("l6 normalisee")))
    values = {
        "street": expand_street_type(street),
        "street2": ", ".join(readable_case(part) for part in complements if part),
        "zip": zip_code,
        "city": city,
        # An empty line 7 means France, whatever the importing company's country.
        "country": country or "FR",
        # Checked with its key below, once both parts are valid.
        "sav_siret": siren + nic if siren_valid and nic_valid else "",
    }
    indexes = {"street": street_index, "city": positions.get("libcom"),
               "zip": positions.get("codpos"), "siret": positions.get("nic")}
    _check_site(cells, values, indexes, "FR")
    site_name = text("enseigne") or text("l1 normalisee") or customer_name
    values["name"] = f"{site_name} - {city}" if city else site_name
    nic_head_office = digits_value(cells.raw(positions.get("nicsiege")), 5)
    head_office_siret = siren + nic_head_office if re.fullmatch(r"\d{5}", nic_head_office) else ""
    customer_address = {}
    if text("siege") == "1":
        customer_address = {
            key: values[key] for key in ("street", "street2", "zip", "city", "country")
        }
    return SiteRow(cells.line, siren, customer_name, siren, values, address_key(values),
                   name_generated=True, customer_address=customer_address,
                   head_office_siret=head_office_siret)


def _read_ban_row(cells, positions):
    number_index = _first(positions, BAN_NUMBER)
    number = ""
    raw_number = cells.raw(number_index)
    if not is_empty(raw_number):
        parsed = parse_number(raw_number)
        if parsed is None or parsed < 0 or not float(parsed).is_integer():
            cells.problem(number_index, "number_invalid")
        elif int(parsed) != BAN_NO_NUMBER:
            number = str(int(parsed))
    suffix = cells.text(_first(positions, BAN_SUFFIX)).lower()
    street_name = readable_case(cells.text(_first(positions, BAN_STREET)))
    street = " ".join(part for part in (number, suffix, street_name) if part) if street_name else ""
    zip_index = _first(positions, BAN_ZIP)
    values = {
        "street": street,
        "street2": readable_case(cells.text(_first(positions, BAN_COMPLEMENT))),
        "zip": digits_value(cells.raw(zip_index), 5),
        "city": readable_case(cells.text(_first(positions, BAN_CITY))),
        "country": "FR",
    }
    indexes = {"street": _first(positions, BAN_STREET), "city": _first(positions, BAN_CITY),
               "zip": zip_index}
    _check_site(cells, values, indexes, "FR")
    values["name"] = ", ".join(part for part in (values["street"], values["city"]) if part)
    return SiteRow(cells.line, None, "", "", values, address_key(values), name_generated=True)


def _compared_values(site_row):
    return (site_row.customer_name, site_row.siren, sorted(site_row.values.items()))


def _check_duplicates(reading):
    """Skip the rows that repeat an earlier site, and reject those that contradict it."""
    first_by_address = {}
    first_by_siret = {}
    kept = []
    for site_row in reading.rows:
        key = (site_row.customer_key, site_row.address_key)
        siret = site_row.values.get("sav_siret")
        first = first_by_address.get(key)
        if first is None and siret and siret in first_by_siret:
            first = first_by_siret[siret]
        if first is None:
            first_by_address[key] = site_row
            if siret:
                first_by_siret[siret] = site_row
            kept.append(site_row)
            continue
        shown = site_row.values.get("street") or ""
        if _compared_values(site_row) == _compared_values(first):
            reading.duplicates.append(
                RowProblem(site_row.line, "", shown, "duplicate", {"first_line": first.line})
            )
        elif siret and siret == first.values.get("sav_siret") and key != (
            first.customer_key, first.address_key
        ):
            reading.problems.append(
                RowProblem(site_row.line, "SIRET", siret, "siret_repeated",
                           {"first_line": first.line})
            )
        else:
            reading.problems.append(
                RowProblem(site_row.line, "", shown, "address_repeated",
                           {"first_line": first.line})
            )
    reading.rows = kept


def read_partner_file(content, filename="", default_customer=False, default_country_code="FR"):
    """Read the customers and sites of a file and return a PartnerReading.

    :param default_customer: whether the form gives the customer of the rows
        that name none
    :param default_country_code: ISO code of the country of the addresses
        that name none, the importing company's country
    :raise FileProblem: when the file cannot be read or its header row names
        no known layout
    """
    file_type, sheets = table_reader.read_sheets(content, filename)
    sheet_name, rows, header_index, layout, mapping = _find_header(sheets)
    labels = [cell_text(value) for value in rows[header_index]]
    if layout == LAYOUT_TEMPLATE:
        missing = [role for role in ("street", "city") if role not in mapping]
        if missing:
            raise FileProblem(
                "missing_columns",
                columns=", ".join(
                    f"{TEMPLATE_HEADERS['fr'][role]} ({TEMPLATE_HEADERS['en'][role]})"
                    for role in missing
                ),
            )
        used = set(mapping.values())
        has_customer_column = "customer" in mapping
    else:
        used = None
        has_customer_column = layout == LAYOUT_SIRENE
    reading = PartnerReading(file_type, sheet_name, layout, header_index + 1, has_customer_column)
    if used is not None:
        reading.ignored_columns = [
            label for index, label in enumerate(labels) if label and index not in used
        ]
        reading.column_labels = {
            role: labels[mapping[role]] for role in ("customer", "country", "siret")
            if role in mapping
        }
    elif layout == LAYOUT_SIRENE:
        reading.column_labels = {
            "customer": labels[_first(mapping, SIRENE_NAME_COLUMNS)],
            "country": labels[mapping["l7 normalisee"]] if "l7 normalisee" in mapping else "",
            "siret": f"{labels[mapping['siren']]}, {labels[mapping['nic']]}",
        }

    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(is_empty(value) for value in row):
            continue
        cells = _RowReader(row, labels, index + 1)
        if layout == LAYOUT_SIRENE:
            site_row = _read_sirene_row(cells, mapping)
        elif layout == LAYOUT_BAN:
            site_row = _read_ban_row(cells, mapping)
        else:
            site_row = _read_template_row(cells, mapping, default_customer, default_country_code)
        if cells.problems:
            reading.problems.extend(cells.problems)
        else:
            reading.rows.append(site_row)
    _check_duplicates(reading)
    reading.problems.sort(key=lambda problem: problem.line)
    return reading


# ------------------------------------------------------------
# Template
# ------------------------------------------------------------


def build_template(file_type, language, help_title="", help_rows=()):
    """Return the bytes of an empty import template, with headers in ``language`` ("fr" or "en").

    :param file_type: "xlsx", or "csv" for a ``;``-separated UTF-8 file with a
        BOM, as French spreadsheet software opens it
    :param help_rows: (header, explanation) pairs written on a second sheet of
        the .xlsx file
    """
    headers = [TEMPLATE_HEADERS[language][role] for role in TEMPLATE_ROLES]
    if file_type == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(headers)
        return buffer.getvalue().encode("utf-8-sig")

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sites"
    sheet.append(headers)
    for index, header in enumerate(headers):
        sheet.cell(row=1, column=index + 1).font = Font(bold=True)
        sheet.column_dimensions[column_letter(index)].width = max(14, len(header) + 4)
    sheet.freeze_panes = "A2"
    if help_rows:
        help_sheet = workbook.create_sheet(help_title or "Help")
        for header, explanation in help_rows:
            help_sheet.append([header, explanation])
            help_sheet.cell(row=help_sheet.max_row, column=1).font = Font(bold=True)
        help_sheet.column_dimensions["A"].width = 24
        help_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
