"""Translated messages of the customer import: file and row problems, template help."""

# Problems named in the error that stops an import.
ERROR_DETAIL_LIMIT = 20


def get_template_explanations(env):
    """Return {template column: what to write in it}, for the help sheet of the template."""
    return {
        "customer": env._(
            "Customer's name, required. Rows with the same name are sites of one customer, "
            "matched with an existing customer of that exact name. Leave the column out to "
            "choose the customer on the import form."
        ),
        "site": env._(
            "Name of the site, e.g. Résidence Les Tilleuls. Empty: the street and city."
        ),
        "street": env._("House number and street, required."),
        "street2": env._(
            "Building, staircase, flat. It tells apart two sites at the same street address."
        ),
        "zip": env._("Postal code: 5 digits in France."),
        "city": env._("City, required."),
        "country": env._("Country name or ISO code. Empty: the default country."),
        "phone": env._("Phone number at the site."),
        "email": env._("E-mail address for the site."),
        "siret": env._(
            "SIRET of the establishment at the site, 14 digits. A site is found again by "
            "its SIRET, otherwise by its customer and address."
        ),
        "door_code": env._("Door or gate code."),
        "site_contact": env._("Who lets the technician in, with their phone number."),
        "opening_hours": env._("When the site can be visited."),
        "access_notes": env._("Parking, floor, key box: anything the technician needs."),
    }


def get_file_problem_message(env, problem, filename):
    """Return the translated message of a file that cannot be read (a ``FileProblem``)."""
    params = problem.params
    name = params.get("filename") or filename or env._("The file")
    kinds = {
        "pdf": env._("a PDF document"),
        "ods": env._("an OpenDocument spreadsheet"),
        "zip": env._("a ZIP archive"),
        "binary": env._("not a spreadsheet"),
    }
    messages = {
        "empty_file": lambda: env._(
            "%(file)s is empty. Fill in the import template, or export the list again "
            "with its rows.",
            file=name,
        ),
        "encrypted": lambda: env._(
            "%(file)s is protected by a password, so it cannot be read. Open it in your "
            "spreadsheet software, remove the password, save it and import it again.",
            file=name,
        ),
        "wrong_type": lambda: env._(
            "%(file)s is %(kind)s. Import an Excel workbook (.xlsx or .xls) or a CSV file.",
            file=name,
            kind=kinds.get(params.get("kind"), kinds["binary"]),
        ),
        "corrupt": lambda: env._(
            "%(file)s could not be read as a spreadsheet (%(error)s). Open it in your "
            "spreadsheet software, save it again as .xlsx and import that copy.",
            file=name,
            error=params.get("error", ""),
        ),
        "too_many_rows": lambda: env._(
            "Sheet %(sheet)s has %(rows)s rows, more than the %(limit)s that one import "
            "accepts. Split the list into several files.",
            sheet=params.get("sheet"),
            rows=params.get("rows"),
            limit=params.get("limit"),
        ),
        "unknown_layout": lambda: env._(
            "The first rows of %(file)s name no known columns (found: %(columns)s). Use the "
            "import template (Download the Template), a SIRENE establishments extract or a "
            "Base Adresse Nationale extract, with its header row.",
            file=name,
            columns=params.get("columns") or "-",
        ),
        "missing_columns": lambda: env._(
            "%(file)s has no %(columns)s column, which every site needs. Add it to the "
            "header row of the file.",
            file=name,
            columns=params.get("columns"),
        ),
    }
    return messages[problem.code]()


def get_row_problem_message(env, problem):
    """Return the translated message of a row problem, saying what to do."""
    params = problem.params
    messages = {
        "customer_missing": lambda: env._(
            "The customer's name is missing. Write it, or choose a Customer on the form for "
            "the rows that name none."
        ),
        "street_missing": lambda: env._(
            "The street is missing. Write the site's house number and street."
        ),
        "city_missing": lambda: env._("The city is missing. Write the site's city."),
        "zip_invalid": lambda: env._(
            "Invalid postal code: a French postal code has 5 digits. Correct it."
        ),
        "email_invalid": lambda: env._(
            "Invalid e-mail address. Correct it or empty the cell."
        ),
        "siret_invalid": lambda: env._(
            "Invalid SIRET: it has 14 digits and a valid check digit. Correct it or empty "
            "the cell."
        ),
        "siren_invalid": lambda: env._(
            "Invalid SIREN: it has 9 digits and a valid check digit. Correct it."
        ),
        "nic_invalid": lambda: env._(
            "Invalid establishment number (NIC): it has 5 digits. Correct it."
        ),
        "number_invalid": lambda: env._(
            "Invalid house number: write a whole number, or empty the cell."
        ),
        "country_unknown": lambda: env._(
            "Unknown country. Write its name or its ISO code, e.g. France or FR."
        ),
        "duplicate": lambda: env._(
            "Same site as line %(first_line)s: this row is skipped.",
            first_line=params["first_line"],
        ),
        "address_repeated": lambda: env._(
            "Same customer and address as line %(first_line)s, with other values. Keep one "
            "of the two rows, or tell the sites apart with the address complement.",
            first_line=params["first_line"],
        ),
        "siret_repeated": lambda: env._(
            "Same SIRET as line %(first_line)s, at another address. Correct one of the two.",
            first_line=params["first_line"],
        ),
        "siret_elsewhere": lambda: env._(
            "This SIRET is already on the site %(site)s of the customer %(customer)s. "
            "Correct the SIRET or the customer.",
            site=params["site"],
            customer=params["customer"],
        ),
        "site_matched_twice": lambda: env._(
            "This row and line %(first_line)s both match the existing site %(site)s. Keep "
            "one of the two rows.",
            first_line=params["first_line"],
            site=params["site"],
        ),
    }
    return messages[problem.code]()


def get_problems_error(env, problems):
    """Return the error that stops an import, naming line, column and value of each problem."""
    details = [
        env._(
            "Line %(line)s, column %(column)s, value %(value)s: %(reason)s",
            line=problem.line,
            column=problem.column or "-",
            value=f'"{problem.value}"' if problem.value else env._("(empty)"),
            reason=get_row_problem_message(env, problem),
        )
        for problem in problems[:ERROR_DETAIL_LIMIT]
    ]
    if len(problems) > ERROR_DETAIL_LIMIT:
        details.append(
            env._(
                "... and %(count)s more: click Preview to list them all.",
                count=len(problems) - ERROR_DETAIL_LIMIT,
            )
        )
    return env._(
        "Nothing was imported because %(count)s rows have problems. Correct them in the "
        "file and import it again.\n%(details)s",
        count=len(problems),
        details="\n".join(details),
    )
