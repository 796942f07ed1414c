import base64
import os
from pathlib import Path

from odoo.addons.sav_request.tests.common import SavRequestCommon

# Real schedules from public repositories, kept outside this repository for licence reasons.
SAMPLES_DIR = Path(os.environ.get("SAV_SAMPLES_DIR", "/work/shared/samples")) / "spreadsheets"


class SavBillingCommon(SavRequestCommon):
    """Customers, products and taxes of a French heating company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.category_parts = cls.env["product.category"].create({"name": "Pièces détachées"})
        cls.circulator = cls.env["product.product"].create(
            {
                "name": "Circulateur Grundfos Alpha2",
                "default_code": "GRU-ALPHA2",
                "barcode": "5700395210014",
                "list_price": 320.0,
                "categ_id": cls.category_parts.id,
            }
        )
        cls.gasket = cls.env["product.product"].create(
            {
                "name": "Joint fibre 20x27",
                "default_code": "JNT-2027",
                "list_price": 2.5,
                "categ_id": cls.category_parts.id,
            }
        )

    def _read_sample(self, filename):
        path = SAMPLES_DIR / filename
        if not path.exists():
            self.skipTest(f"sample file {path} is missing")
        return path.read_bytes()

    def _create_import(self, content, filename, **values):
        return self.env["sav.price.schedule.import"].create(
            {"file": base64.b64encode(content), "filename": filename, **values}
        )
