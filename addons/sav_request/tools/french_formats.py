"""French address and company number formats: SIRENE street types, upper-case names, SIRET keys.

Plain Python with no Odoo import.
"""

import re

# Street types (TYPVOIE) of the SIRENE register, with the words they stand for.
SIRENE_STREET_TYPES = {
    "ALL": "Allée",
    "AV": "Avenue",
    "BD": "Boulevard",
    "CAR": "Carrefour",
    "CHE": "Chemin",
    "CHS": "Chaussée",
    "CITE": "Cité",
    "COR": "Corniche",
    "CRS": "Cours",
    "DOM": "Domaine",
    "DSC": "Descente",
    "ECA": "Écart",
    "ESP": "Esplanade",
    "FG": "Faubourg",
    "GR": "Grande Rue",
    "HAM": "Hameau",
    "HLE": "Halle",
    "IMP": "Impasse",
    "LD": "Lieu-dit",
    "LOT": "Lotissement",
    "MAR": "Marché",
    "MTE": "Montée",
    "PARC": "Parc",
    "PAS": "Passage",
    "PL": "Place",
    "PLN": "Plaine",
    "PLT": "Plateau",
    "PRO": "Promenade",
    "PRV": "Parvis",
    "QUA": "Quartier",
    "QUAI": "Quai",
    "RES": "Résidence",
    "RLE": "Ruelle",
    "ROC": "Rocade",
    "RPT": "Rond-point",
    "RTE": "Route",
    "RUE": "Rue",
    "SEN": "Sentier",
    "SQ": "Square",
    "TPL": "Terre-plein",
    "TRA": "Traverse",
    "VLA": "Villa",
    "VLGE": "Village",
    "ZA": "Zone d'activité",
    "ZAC": "Zone d'aménagement concerté",
    "ZI": "Zone industrielle",
}
# Repetition indexes (INDREP) of house numbers.
SIRENE_REPETITIONS = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
# SIREN of La Poste, whose SIRET numbers follow another check than the Luhn key.
LA_POSTE_SIREN = "356000000"

# Words written in lower case inside place names, once an upper-case name is rewritten.
LOWER_CASE_WORDS = {
    "de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "aux", "au",
    "bis", "ter", "quater", "quinquies",
}
# Abbreviations kept in upper case when an upper-case name is rewritten.
UPPER_CASE_WORDS = {"BP", "CS", "CEDEX", "HLM", "RD", "RN", "ZA", "ZAC", "ZAE", "ZI", "ZUP"}
# Roman numerals of two letters or more, as in "AVENUE HENRI IV", kept in upper case too.
ROMAN_NUMERAL = re.compile(r"^(?=[IVXLC]{2,}$)C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def luhn_valid(digits):
    """Tell whether a SIREN or SIRET number has a valid Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def siret_valid(siret):
    """Tell whether a SIRET number has 14 digits and a valid check digit."""
    if not re.fullmatch(r"\d{14}", siret):
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(char) for char in siret) % 5 == 0
    return luhn_valid(siret)


def readable_case(text):
    """Rewrite an upper-case place name as French writes it: "CHEMIN D EN HAUT" -> "Chemin d'en Haut".

    Text in mixed case is returned as it is. Accents that the upper-case
    form dropped cannot be restored.
    """
    if not text or text != text.upper() or not any(char.isalpha() for char in text):
        return text
    words = text.split()
    result = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in ("D", "L") and following and following[0].isalpha():
            # The normalised lines of the registers drop apostrophes: "D ACTIVITE" is "d'activité".
            elided = word.lower() if result else word
            result.append(f"{elided}'{_readable_word(following, first=False)}")
            index += 2
            continue
        result.append(_readable_word(word, first=not result))
        index += 1
    return " ".join(result)


def _readable_word(word, first):
    if word in UPPER_CASE_WORDS or ROMAN_NUMERAL.match(word) or any(c.isdigit() for c in word):
        return word
    parts = []
    for position, part in enumerate(word.lower().split("-")):
        leading = first and position == 0
        if "'" in part:
            # An elision written out, as in the expanded "ZONE D'ACTIVITE".
            article, rest = part.split("'", 1)
            article = article.capitalize() if leading else article
            parts.append(f"{article}'{rest.capitalize()}")
        elif part in LOWER_CASE_WORDS and not leading:
            parts.append(part)
        elif part == "a" and not leading:
            parts.append("à")
        else:
            parts.append(part.capitalize())
    return "-".join(parts)


def expand_street_type(street):
    """Expand the SIRENE abbreviations of a street line: "12 B CHE DE THIL" -> "12 bis Chemin de Thil"."""
    upper_case = street == street.upper()
    words = street.split()
    index = 0
    while index < len(words) and re.fullmatch(r"\d+[A-Z]?", words[index]):
        index += 1
    if index and index < len(words) and words[index] in SIRENE_REPETITIONS:
        words[index] = SIRENE_REPETITIONS[words[index]]
        index += 1
    if index < len(words) and words[index] in SIRENE_STREET_TYPES:
        words[index] = SIRENE_STREET_TYPES[words[index]]
    if not upper_case:
        return " ".join(words)
    return readable_case(" ".join(words).upper())
