"""Set up, serve and test the SAV for Odoo add-ons on a local Odoo 19.0."""

ODOO_SERIES = (19, 0)


class SetupError(Exception):
    """A problem the user can fix; its message names the problem and the fix."""
