"""Read the rows of a spreadsheet or CSV file: .xlsx, .xls, or CSV of any usual encoding.

Plain Python with no Odoo import, so that the readers built on it are tested
on real files on their own. A file that cannot be read at all raises
``FileProblem`` with a code; each Odoo wizard turns the code into a
translated message.
"""

import csv
import io
import math
import re
import unicodedata
import zipfile

import openpyxl
import xlrd

# Cell texts that mean "nothing here" in real files.
EMPTY_MARKERS = {"", "none", "null", "n/a", "na", "-", "--", "/", "nc"}

MAX_ROWS = 100_000
CSV_DELIMITERS = ";,\t|"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream name of an encrypted Office Open XML package inside its OLE container (UTF-16LE).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class FileProblem(Exception):
    """A file that cannot be read as a table at all.

    ``code`` names the problem and ``params`` gives the values that the
    message shows; see the ``code`` values raised below.
    """

    def __init__(self, code, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


# ------------------------------------------------------------
# Values
# ------------------------------------------------------------


def column_letter(index):
    """Return the spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def normalize_header(value):
    """Return a header cell as lower-case ASCII words, for matching against the synonyms."""
    text = cell_text(value)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace(".", "").replace("°", "")
    text = re.sub(r"[^a-z0-9%/-]+", " ", text)
    return " ".join(text.split())


def cell_text(value):
    """Return a cell value as text, with integral floats written without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(round(value, 10))
    return " ".join(str(value).replace("\u00a0", " ").replace("\u202f", " ").split())


def is_empty(value):
    return cell_text(value).lower() in EMPTY_MARKERS


def parse_number(value):
    """Return a number read from a cell, French formats included, or None when it is not one.

    Accepts "1 234,56", "1234.56", "1.234,56", "1,234.56", "12,50 €", "EUR 12.5",
    "(12,50)" for a negative amount, and thin or non-breaking spaces.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return round(number, 6) if math.isfinite(number) else None
    text = str(value).strip()
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    text = re.sub(r"(?i)€|eur(os?)?|\bht\b|\bttc\b", "", text)
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    if text.startswith("-"):
        negative = not negative
        text = text[1:]
    if not text or not re.fullmatch(r"[0-9.,]+", text):
        return None
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return -number if negative else number



# ------------------------------------------------------------
# Files
# ------------------------------------------------------------


def detect_file_type(content, filename=""):
    """Return "xlsx", "xls" or "csv" from the file's bytes; raise FileProblem otherwise."""
    if not content or not content.strip():
        raise FileProblem("empty_file", filename=filename)
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in content:
            raise FileProblem("encrypted", filename=filename)
        return "xls"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise FileProblem("corrupt", filename=filename, error="invalid ZIP archive")
        if "xl/workbook.xml" in names:
            return "xlsx"
        kind = "ods" if "content.xml" in names else "zip"
        raise FileProblem("wrong_type", filename=filename, kind=kind)
    head = content[:2048]
    if head.startswith(b"%PDF"):
        raise FileProblem("wrong_type", filename=filename, kind="pdf")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileProblem("wrong_type", filename=filename, kind="binary")
    return "csv"


def _merged_filled(rows, merged_ranges):
    """Copy each merged range's top-left value into all its cells (0-based bounds, inclusive)."""
    for first_row, last_row, first_col, last_col in merged_ranges:
        if first_row >= len(rows):
            continue
        value = rows[first_row][first_col] if first_col < len(rows[first_row]) else None
        for row_index in range(first_row, min(last_row, len(rows) - 1) + 1):
            row = rows[row_index]
            if len(row) <= last_col:
                row.extend([None] * (last_col + 1 - len(row)))
            for col_index in range(first_col, last_col + 1):
                row[col_index] = value
    return rows


def read_xlsx(content, filename=""):
    """Return [(sheet name, rows)] of an .xlsx workbook, merged cells filled in."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception as error:  # openpyxl raises many types for broken packages
        raise FileProblem("corrupt", filename=filename, error=str(error) or type(error).__name__)
    sheets = []
    for worksheet in workbook.worksheets:
        if worksheet.max_row > MAX_ROWS:
            raise FileProblem("too_many_rows", sheet=worksheet.title, rows=worksheet.max_row,
                              limit=MAX_ROWS)
        rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        merged = [
            (rng.min_row - 1, rng.max_row - 1, rng.min_col - 1, rng.max_col - 1)
            for rng in worksheet.merged_cells.ranges
        ]
        sheets.append((worksheet.title, _merged_filled(rows, merged)))
    return sheets


def read_xls(content, filename=""):
    """Return [(sheet name, rows)] of an old binary .xls workbook, merged cells filled in."""
    try:
        try:
            workbook = xlrd.open_workbook(file_contents=content, formatting_info=True)
        except NotImplementedError:
            workbook = xlrd.open_workbook(file_contents=content)
    except xlrd.XLRDError as error:
        if "encrypted" in str(error).lower():
            raise FileProblem("encrypted", filename=filename)
        raise FileProblem("corrupt", filename=filename, error=str(error))
    except Exception as error:  # xlrd raises struct, index and assertion errors on junk
        raise FileProblem("corrupt", filename=filename, error=str(error) or type(error).__name__)
    sheets = []
    for sheet in workbook.sheets():
        if sheet.nrows > MAX_ROWS:
            raise FileProblem("too_many_rows", sheet=sheet.name, rows=sheet.nrows, limit=MAX_ROWS)
        rows = []
        for row_index in range(sheet.nrows):
            row = []
            for cell in sheet.row(row_index):
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        merged = [
            (first_row, last_row - 1, first_col, last_col - 1)
            for first_row, last_row, first_col, last_col in sheet.merged_cells
        ]
        sheets.append((sheet.name, _merged_filled(rows, merged)))
    return sheets


def read_csv(content, filename=""):
    """Return [(sheet name, rows)] of a CSV file in UTF-8 (with or without BOM) or Windows-1252."""
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-16" or content.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
    else:
        raise FileProblem("wrong_type", filename=filename, kind="binary")
    sample = "\n".join(text.splitlines()[:50])
    counts = {delimiter: sample.count(delimiter) for delimiter in CSV_DELIMITERS}
    delimiter = max(counts, key=counts.get)
    rows = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) > MAX_ROWS:
        raise FileProblem("too_many_rows", sheet=filename, rows=len(rows), limit=MAX_ROWS)
    return [(filename or "CSV", rows)]


def read_sheets(content, filename=""):
    """Return the file type and [(sheet name, rows)] of a spreadsheet or CSV file."""
    file_type = detect_file_type(content, filename)
    reader = {"xlsx": read_xlsx, "xls": read_xls, "csv": read_csv}[file_type]
    sheets = reader(content, filename)
    if not any(any(not is_empty(value) for value in row) for _name, rows in sheets for row in rows):
        raise FileProblem("empty_file", filename=filename)
    return file_type, sheets

