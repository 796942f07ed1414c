"""Price schedule reader of sav_billing, on the real sample files and on hostile input.

The reader is plain Python, so these tests import it from its file without Odoo.
"""

import importlib.util
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile

REPO_ROOT = Path(__file__).resolve().parents[1]
READER_PATH = REPO_ROOT / "addons" / "sav_billing" / "tools" / "price_schedule_reader.py"
# Real schedules from public repositories, kept outside this repository for licence reasons.
SAMPLES = Path(os.environ.get("SAV_SAMPLES_DIR", "/work/shared/samples")) / "spreadsheets"
SAMPLE_FILES = {
    "kenza": "kenza_ratp_BPU.xlsx",
    "crosne": "crosne_Grille-tarifaire-2024.xlsx",
    "caneco": "caneco_DATA_DACHSER_INDICE_B.xls",
    "specialized": "specialized_catalogue_index.xls",
}


def _load_reader():
    spec = importlib.util.spec_from_file_location("price_schedule_reader", READER_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reader = _load_reader()


def sample(key):
    path = SAMPLES / SAMPLE_FILES[key]
    if not path.exists():
        pytest.skip(f"sample file {path} is missing")
    return path.read_bytes()


def xlsx_bytes(rows, title="Bordereau"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xls_bytes(rows):
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("BPU")
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if value is not None:
                sheet.write(row_index, col_index, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", 1234.56),
        ("1\u00a0234,56", 1234.56),
        ("1\u202f234,56 €", 1234.56),
        ("1234.56", 1234.56),
        ("12,50 €", 12.5),
        ("12,50 € HT", 12.5),
        ("EUR 12.5", 12.5),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1.234.567", 1234567.0),
        ("(12,50)", -12.5),
        ("-3,5", -3.5),
        (180.62100000000001, 180.621),
        (42, 42.0),
    ],
)
def test_parse_number_french_formats(text, expected):
    assert reader.parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["sur devis", "douze euros", "12,5,3x", "", "€", True])
def test_parse_number_rejects_text(text):
    assert reader.parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20 %", 20.0), ("5,5", 5.5), ("5.5%", 5.5), (0.1, 10.0), ("0,055", 5.5), (10, 10.0)],
)
def test_parse_vat_rates(text, expected):
    assert reader.parse_vat(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["vingt", "120 %", "-5"])
def test_parse_vat_invalid(text):
    assert reader.parse_vat(text) is None


def test_kenza_bpu_reads_every_priced_line():
    reading = reader.read_schedule(sample("kenza"), SAMPLE_FILES["kenza"])
    assert reading.file_type == "xlsx"
    assert reading.sheet.header_row == 1
    assert reading.sheet.mapping["reference"] == 0
    assert reading.sheet.mapping["name"] == 1
    assert reading.sheet.mapping["uom"] == 2
    assert reading.sheet.columns[reading.sheet.mapping["price"]].label.startswith("Prix unitaire")
    assert reading.rejected == []
    assert len(reading.lines) == 496
    skipped = {(problem.row, problem.code) for problem in reading.skipped}
    # Row 148 is a section title whose reference and unit hold the text "None",
    # row 268 holds numbers only, and 1.5.113 says not to quote a price.
    assert skipped == {(148, "no_reference"), (205, "no_price"), (268, "no_reference")}
    first = reading.lines[0]
    assert (first.sheet, first.row, first.reference, first.uom) == ("Sheet1", 2, "3.1.102", "u")
    assert first.price == pytest.approx(45.85)
    assert "passe sans contact" in first.name
    # Rows from 328 on are shared formulas; their cached values are read.
    row_330 = next(line for line in reading.lines if line.row == 330)
    assert row_330.reference == "4.1.303"
    assert row_330.price == pytest.approx(48.33)


def test_kenza_bpu_supplies_price_column():
    reading = reader.read_schedule(
        sample("kenza"), SAMPLE_FILES["kenza"], sheet_name="Sheet1", header_row=1,
        mapping={"reference": 0, "name": 1, "uom": 2, "price": 3},
    )
    assert reading.rejected == []
    assert len(reading.lines) == 496
    assert reading.lines[0].price == pytest.approx(124.16)
    assert reading.sheet.columns[3].label == "Fournitures P.U en euros"


def test_crosne_stacked_header_needs_mapping():
    reading = reader.read_schedule(sample("crosne"), SAMPLE_FILES["crosne"])
    assert reading.missing_roles == ["reference"]
    assert reading.lines == []


def test_crosne_grid_imports_with_mapping():
    reading = reader.read_schedule(
        sample("crosne"), SAMPLE_FILES["crosne"], sheet_name="Table 1", header_row=5,
        mapping={"reference": 1, "name": 0, "price": 2},
    )
    labels = [column.label for column in reading.sheet.columns]
    assert labels[2] == "PÉRISCOLAIRE / REPAS"
    assert labels[3] == "PÉRISCOLAIRE / ACCUEILS DE LOISIRS / Journée"
    assert reading.rejected == []
    prices = {line.reference: line.price for line in reading.lines}
    assert prices["EXT."] == pytest.approx(5.54)
    assert prices["A"] == pytest.approx(5.13)
    assert prices["G"] == pytest.approx(1.32)
    assert len(prices) == 9
    assert next(line for line in reading.lines if line.reference == "A").name == "15 389€ et plus"
    footnotes = {problem.row for problem in reading.skipped if problem.code == "title_row"}
    assert footnotes == {15, 17, 19}


def test_crosne_x_means_not_applicable():
    reading = reader.read_schedule(
        sample("crosne"), SAMPLE_FILES["crosne"], sheet_name="Table 1", header_row=5,
        mapping={"reference": 1, "name": 0, "price": 3},
    )
    assert reading.rejected == []
    assert len(reading.lines) == 8
    assert (14, "no_price") in {(problem.row, problem.code) for problem in reading.skipped}


def test_caneco_study_lacks_price_column():
    reading = reader.read_schedule(sample("caneco"), SAMPLE_FILES["caneco"])
    assert reading.file_type == "xls"
    assert reading.sheet.name == "Feuil1"
    assert reading.missing_roles == ["price"]
    assert reading.sheet.columns[reading.sheet.mapping["reference"]].label == "Repère"
    assert reading.lines == []


def test_specialized_catalogue_has_no_header():
    reading = reader.read_schedule(sample("specialized"), SAMPLE_FILES["specialized"])
    assert reading.file_type == "xls"
    assert reading.sheet.header_row is None
    assert reading.missing_roles == ["reference", "price"]


def test_specialized_catalogue_mapped_has_no_prices():
    reading = reader.read_schedule(
        sample("specialized"), SAMPLE_FILES["specialized"], sheet_name="Sheet1", header_row=0,
        mapping={"reference": 0, "name": 3, "price": 4},
    )
    assert reading.lines == []
    assert {problem.code for problem in reading.skipped} == {"no_price"}
    assert reading.skipped[0].params["reference"] == "1000"


def test_csv_french_semicolons():
    content = (
        "BORDEREAU DE PRIX 2026;;;;\n"
        "\n"
        "Réf;Désignation;Unité;Prix unitaire HT;TVA\n"
        "MO-H;Main-d'œuvre technicien;h;\"58,00 €\";20 %\n"
        "DEP;Déplacement;forfait;\"1\u00a0234,56\";10%\n"
        ";Sous-total;;1292,56;\n"
        "PCE-01;Joint fibre;u;2.5;5,5\n"
    ).encode("cp1252", errors="replace")
    reading = reader.read_schedule(content.replace(b"\xa0", b" "), "bpu.csv")
    assert reading.file_type == "csv"
    assert reading.sheet.header_row == 3
    assert [line.reference for line in reading.lines] == ["MO-H", "DEP", "PCE-01"]
    assert [line.price for line in reading.lines] == pytest.approx([58.0, 1234.56, 2.5])
    assert [line.vat for line in reading.lines] == pytest.approx([20.0, 10.0, 5.5])
    assert reading.lines[0].name == "Main-d'œuvre technicien"
    assert [(problem.row, problem.code) for problem in reading.skipped] == [(6, "subtotal_row")]


def test_xlsx_price_as_text_rejected():
    content = xlsx_bytes([
        ["N° de prix", "Désignation", "P.U."],
        ["A1", "Entretien chaudière", "95,00 €"],
        ["A2", "Remplacement circulateur", "sur devis"],
    ])
    reading = reader.read_schedule(content, "bpu.xlsx")
    assert [(problem.sheet, problem.row, problem.code) for problem in reading.rejected] == [
        ("Bordereau", 3, "price_not_number")
    ]
    assert reading.rejected[0].params == {"reference": "A2", "value": "sur devis"}


def test_xls_duplicate_reference_rejected():
    content = xls_bytes([
        ["Réf", "Désignation", "Prix unitaire HT", "TVA"],
        ["CH-01", "Entretien annuel", 95.0, 0.1],
        ["CH-02", "Ramonage", 60.0, 0.1],
        ["CH-01", "Entretien annuel (doublon)", 99.0, 0.1],
        ["CH-03", "Désembouage", -10.0, 0.1],
        ["CH-04", "Détartrage", 80.0, "vingt"],
    ])
    reading = reader.read_schedule(content, "bpu.xls")
    assert reading.file_type == "xls"
    problems = [(problem.row, problem.code) for problem in reading.rejected]
    assert problems == [(4, "duplicate_reference"), (5, "price_negative"), (6, "vat_invalid")]
    assert reading.rejected[0].params["first_row"] == 2
    assert reading.lines[0].vat == pytest.approx(10.0)


def test_encrypted_xlsx_rejected():
    plain = io.BytesIO(xlsx_bytes([["Réf", "Prix"], ["A", 1]]))
    encrypted = io.BytesIO()
    office_file = OOXMLFile(plain)
    office_file.encrypt("secret", encrypted)
    with pytest.raises(reader.FileProblem) as raised:
        reader.read_schedule(encrypted.getvalue(), "bpu.xlsx")
    assert raised.value.code == "encrypted"


@pytest.mark.parametrize(
    ("content", "code", "kind"),
    [
        (b"", "empty_file", None),
        (b"   \n\n", "empty_file", None),
        (b";;;\n;;\n", "empty_file", None),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "wrong_type", "pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "wrong_type", "binary"),
        (b"PK\x03\x04garbage", "corrupt", None),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "corrupt", None),
    ],
)
def test_hostile_files_rejected(content, code, kind):
    with pytest.raises(reader.FileProblem) as raised:
        reader.read_schedule(content, "upload.bin")
    assert raised.value.code == code
    if kind:
        assert raised.value.params["kind"] == kind


def test_opendocument_rejected_as_wrong_type():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(reader.FileProblem) as raised:
        reader.read_schedule(buffer.getvalue(), "bpu.ods")
    assert raised.value.params["kind"] == "ods"


def test_unknown_sheet_rejected():
    with pytest.raises(reader.FileProblem) as raised:
        reader.read_schedule(xlsx_bytes([["Réf", "Prix"]]), "bpu.xlsx", sheet_name="Lot 2")
    assert raised.value.code == "sheet_not_found"
    assert raised.value.params["sheets"] == "Bordereau"


def test_column_letters():
    assert [reader.column_letter(index) for index in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]
