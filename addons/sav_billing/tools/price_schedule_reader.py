"""Read a customer's price schedule (bordereau de prix) from .xlsx, .xls or CSV.

Plain Python with no Odoo import, so that it is tested on real files on its
own. The files themselves are read by sav_request's ``table_reader``.
Problems are reported as codes with parameters (``FileProblem``,
``RowProblem``); the Odoo wizard turns them into translated messages.
"""

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

try:
    from odoo.addons.sav_request.tools import table_reader
except ImportError:
    # Loaded from its file without Odoo, as tests/test_price_schedule_reader.py
    # does: load the table reader from the sav_request add-on next to this one.
    _spec = importlib.util.spec_from_file_location(
        "table_reader",
        Path(__file__).resolve().parents[2] / "sav_request" / "tools" / "table_reader.py",
    )
    table_reader = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(table_reader)

FileProblem = table_reader.FileProblem
cell_text = table_reader.cell_text
column_letter = table_reader.column_letter
is_empty = table_reader.is_empty
normalize_header = table_reader.normalize_header
parse_number = table_reader.parse_number
read_sheets = table_reader.read_sheets

ROLES = ("reference", "name", "uom", "price", "vat")
REQUIRED_ROLES = ("reference", "price")

# Normalised header texts (see normalize_header) recognised for each column role,
# from the most to the least specific.
HEADER_SYNONYMS = {
    "reference": (
        "n de prix", "no de prix", "numero de prix", "n prix", "ref", "reference", "ref article",
        "reference article", "code", "code article", "code prix", "article", "repere", "item",
        "sku", "part number",
    ),
    "name": (
        "designation", "designation des ouvrages", "libelle", "description", "intitule",
        "prestation", "desc", "product", "name",
    ),
    "uom": ("unite", "u", "un", "unite de mesure", "uom", "unit", "qte unite"),
    "price": (
        "prix unitaire ht", "prix unitaire", "pu ht", "pu", "prix ht", "prix", "tarif ht", "tarif",
        "montant unitaire", "prix de vente", "unit price", "price",
    ),
    "vat": ("tva", "taux tva", "taux de tva", "tva %", "vat", "tax"),
}

# Price cells that mean "not applicable to this line", as in "X" grids.
NOT_APPLICABLE_PRICES = {"x", "sans objet", "so"}
# First words of subtotal and total rows.
SUBTOTAL_WORDS = ("sous-total", "sous total", "total", "montant total", "report", "a reporter")
# Header rows are looked for in the first rows of a sheet only.
HEADER_SCAN_ROWS = 30
# Rows of a stacked header (merged cells over several rows) joined into one label.
MAX_HEADER_DEPTH = 5


@dataclass
class RowProblem:
    """A row of the sheet that is skipped (harmless) or rejected (blocks the import)."""

    sheet: str
    row: int
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class ScheduleLine:
    """A price line read from the schedule; ``row`` is the 1-based row number in its sheet."""

    sheet: str
    row: int
    reference: str
    name: str
    uom: str
    price: float
    vat: float | None = None


@dataclass
class ScheduleColumn:
    index: int
    letter: str
    label: str


@dataclass
class ScheduleSheet:
    """The layout of one sheet: where the header is and which column holds what."""

    name: str
    header_row: int | None
    columns: list
    mapping: dict
    row_count: int


@dataclass
class ScheduleReading:
    """The result of reading one sheet: its layout, lines and skipped or rejected rows."""

    file_type: str
    sheet_names: list
    sheet: ScheduleSheet
    lines: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    rejected: list = field(default_factory=list)

    @property
    def missing_roles(self):
        return [role for role in REQUIRED_ROLES if self.sheet.mapping.get(role) is None]


# ------------------------------------------------------------
# Values
# ------------------------------------------------------------


def parse_vat(value):
    """Return a VAT rate in percent ("20 %", "5,5", "0.055" -> 5.5), or None when invalid."""
    text = cell_text(value).replace("%", "")
    rate = parse_number(text) if text else None
    if rate is None:
        return None
    if 0 < rate < 1:
        rate = round(rate * 100, 4)
    return rate if 0 <= rate <= 100 else None


# ------------------------------------------------------------
# Layout
# ------------------------------------------------------------


def _match_score(label, synonyms):
    """Score how well a normalised header label names a role: 3 exact, 2 prefix, 1 inside."""
    best = 0
    for synonym in synonyms:
        if label == synonym:
            return 3
        if label.startswith(synonym + " "):
            best = max(best, 2)
        elif len(synonym) > 2 and f" {synonym} " in f" {label} ":
            best = max(best, 1)
    return best


def guess_mapping(labels):
    """Return {role: column index} for the columns whose header names a role."""
    mapping = {}
    taken = set()
    for role in ROLES:
        scored = [
            (_match_score(normalize_header(label), HEADER_SYNONYMS[role]), -index, index)
            for index, label in enumerate(labels)
            if index not in taken
        ]
        scored = [item for item in scored if item[0]]
        if scored:
            index = max(scored)[2]
            mapping[role] = index
            taken.add(index)
    return mapping


def _is_title_row(row):
    """Tell whether a row holds one text only, as a title merged across the sheet does."""
    values = {cell_text(value) for value in row if not is_empty(value)}
    return len(values) <= 1


def column_labels(rows, header_row):
    """Return the label of each column, joining the rows of a stacked header above header_row.

    ``header_row`` is 1-based. Rows above it belong to the header until a blank
    or title row, at most MAX_HEADER_DEPTH rows.
    """
    width = max((len(row) for row in rows), default=0)
    first = header_row - 1
    while first > 0 and header_row - first < MAX_HEADER_DEPTH and not _is_title_row(rows[first - 1]):
        first -= 1
    labels = []
    for col in range(width):
        parts = []
        for row in rows[first:header_row]:
            text = cell_text(row[col]) if col < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


def detect_header_row(rows):
    """Return the 1-based row whose cells name the most roles, or None when none names two."""
    best_row, best_score = None, (1, 0)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if _is_title_row(row):
            continue
        labels = [cell_text(value) for value in row]
        mapping = guess_mapping(labels)
        score = (len(mapping), sum(1 for role in REQUIRED_ROLES if role in mapping))
        if score > best_score:
            best_row, best_score = index + 1, score
    return best_row


def build_sheet_layout(name, rows, header_row=None, mapping=None):
    """Return the layout of a sheet, detected unless header_row and mapping are given."""
    if header_row is None:
        header_row = detect_header_row(rows)
    if header_row:
        labels = column_labels(rows, header_row)
    else:
        width = max((len(row) for row in rows), default=0)
        labels = [""] * width
    columns = [
        ScheduleColumn(index, column_letter(index), label) for index, label in enumerate(labels)
    ]
    if mapping is None:
        mapping = guess_mapping(labels) if header_row else {}
    mapping = {role: index for role, index in mapping.items() if index is not None}
    return ScheduleSheet(name, header_row, columns, mapping, len(rows))


# ------------------------------------------------------------
# Rows
# ------------------------------------------------------------


def _value(row, index):
    if index is None or index >= len(row):
        return None
    return row[index]


def _is_subtotal(text):
    normalized = normalize_header(text)
    return any(normalized == word or normalized.startswith(word + " ") for word in SUBTOTAL_WORDS)


def read_rows(layout, rows):
    """Return (lines, skipped, rejected) for the data rows below the header of ``layout``."""
    lines, skipped, rejected = [], [], []
    mapping = layout.mapping
    first_data = layout.header_row or 0
    seen = {}
    for index in range(first_data, len(rows)):
        row = rows[index]
        number = index + 1
        reference_value = _value(row, mapping.get("reference"))
        name_value = _value(row, mapping.get("name"))
        price_value = _value(row, mapping.get("price"))
        uom_value = _value(row, mapping.get("uom"))
        vat_value = _value(row, mapping.get("vat"))
        mapped = [reference_value, name_value, price_value, uom_value, vat_value]
        if all(is_empty(value) for value in mapped):
            continue  # blank row
        reference = "" if is_empty(reference_value) else cell_text(reference_value)
        name = "" if is_empty(name_value) else cell_text(name_value)
        if _is_subtotal(reference) or _is_subtotal(name):
            skipped.append(RowProblem(layout.name, number, "subtotal_row",
                                      {"text": name or reference}))
            continue
        if not reference:
            skipped.append(RowProblem(layout.name, number, "no_reference", {"text": name}))
            continue
        if is_empty(price_value) or cell_text(price_value).lower() in NOT_APPLICABLE_PRICES:
            skipped.append(RowProblem(layout.name, number, "no_price", {"reference": reference}))
            continue
        price = parse_number(price_value)
        if price is None and cell_text(price_value) in (reference, name):
            # One text spread over the mapped columns by merged cells: a title or a footnote.
            skipped.append(RowProblem(layout.name, number, "title_row", {"text": reference}))
            continue
        if price is None:
            rejected.append(RowProblem(layout.name, number, "price_not_number",
                                       {"reference": reference, "value": cell_text(price_value)}))
            continue
        if price < 0:
            rejected.append(RowProblem(layout.name, number, "price_negative",
                                       {"reference": reference, "value": cell_text(price_value)}))
            continue
        vat = None
        if not is_empty(vat_value):
            vat = parse_vat(vat_value)
            if vat is None:
                rejected.append(RowProblem(layout.name, number, "vat_invalid",
                                           {"reference": reference,
                                            "value": cell_text(vat_value)}))
                continue
        if reference in seen:
            rejected.append(RowProblem(layout.name, number, "duplicate_reference",
                                       {"reference": reference, "first_row": seen[reference]}))
            continue
        seen[reference] = number
        uom = "" if is_empty(uom_value) else cell_text(uom_value)
        lines.append(ScheduleLine(layout.name, number, reference, name or reference, uom, price,
                                  vat))
    return lines, skipped, rejected


def read_schedule(content, filename="", sheet_name=None, header_row=None, mapping=None):
    """Read a price schedule file and return a ScheduleReading of one of its sheets.

    :param sheet_name: sheet to read; by default the first one whose header is
        recognised, else the first sheet
    :param header_row: 1-based header row; detected when None
    :param mapping: {role: 0-based column index}; detected from the header when None
    :raise FileProblem: when the file is empty, encrypted, corrupt or of another type
    """
    file_type, sheets = read_sheets(content, filename)
    names = [name for name, _rows in sheets]
    if sheet_name is not None and sheet_name not in names:
        raise FileProblem("sheet_not_found", sheet=sheet_name, sheets=", ".join(names))
    if sheet_name is None and (header_row is not None or mapping is not None):
        sheet_name = names[0]
    if sheet_name is None:
        layouts = [build_sheet_layout(name, rows) for name, rows in sheets]
        chosen = next(
            (i for i, layout in enumerate(layouts)
             if all(role in layout.mapping for role in REQUIRED_ROLES)),
            next((i for i, layout in enumerate(layouts) if layout.header_row), 0),
        )
        layout, rows = layouts[chosen], sheets[chosen][1]
    else:
        rows = sheets[names.index(sheet_name)][1]
        layout = build_sheet_layout(sheet_name, rows, header_row, mapping)
    reading = ScheduleReading(file_type, names, layout)
    if not reading.missing_roles:
        reading.lines, reading.skipped, reading.rejected = read_rows(layout, rows)
    return reading
