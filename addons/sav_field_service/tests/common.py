import base64
from datetime import timedelta
from pathlib import Path

from odoo.addons.sav_request.tests.common import SavRequestCommon


def find_sample_photos():
    """Return the folder of the sample phone photos shared by the project's tests.

    It sits beside the repository (``<repo>/../shared/samples/photos``);
    ``/work/shared/samples/photos`` is the fallback of the development machines.
    """
    repository = Path(__file__).resolve().parents[3]
    for folder in (repository.parent / "shared/samples/photos", Path("/work/shared/samples/photos")):
        if folder.is_dir():
            return folder
    return None


# A 1x1 white PNG, drawn as a signature by the tests.
SIGNATURE_PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8ffffff7f0009fb03fd2a86e38a"
        "0000000049454e44ae426082"
    )
)


class SavFieldServiceCommon(SavRequestCommon):
    """sav_request's users and customers, with an annual boiler service type and a catalogue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.labour = Product.create(
            {"name": "Main d'œuvre", "type": "service", "list_price": 60.0}
        )
        cls.service_package = Product.create(
            {"name": "Forfait entretien", "type": "service", "list_price": 120.0}
        )
        cls.thermocouple = Product.create(
            {
                "name": "Thermocouple universel",
                "type": "consu",
                "default_code": "THC-900",
                "barcode": "3760123459991",
                "list_price": 25.0,
            }
        )
        cls.free_gasket = Product.create(
            {"name": "Joint offert", "type": "consu", "list_price": 2.0, "sav_billable": False}
        )
        cls.env.company.write(
            {
                "sav_labour_product_id": cls.labour.id,
                "sav_vat_rate": 10.0,
                "sav_km_rate": 0.5,
                "sav_travel_flat_amount": 30.0,
                "sav_duration_rounding": 15,
                "sav_duration_rounding_method": "UP",
            }
        )
        cls.boiler_service = cls.env["sav.intervention.type"].create(
            {
                "name": "Entretien annuel de chaudière",
                "co_measure_name": "co_ppm",
                "measure_definition": [
                    {"name": "co_ppm", "string": "CO ambiant (ppm)", "type": "float"},
                    {"name": "flue_temperature", "string": "Température des fumées", "type": "float"},
                    {"name": "efficiency", "string": "Rendement (%)", "type": "float"},
                    {
                        "name": "fuel",
                        "string": "Combustible",
                        "type": "selection",
                        "selection": [["gas", "Gaz naturel"], ["oil", "Fioul"]],
                    },
                    {"name": "flue_checked", "string": "Conduit vérifié", "type": "boolean"},
                    {"name": "advice", "string": "Conseils", "type": "text"},
                ],
            }
        )
        cls.request = cls._create_request(site_id=cls.customer_site.id)

    @classmethod
    def _create_visit(cls, request=None, **values):
        return cls._create_intervention(
            request or cls.request, intervention_type_id=cls.boiler_service.id, **values
        )

    def _arrive_and_leave(self, visit, minutes):
        visit.write(
            {
                "arrival_time": self.start,
                "departure_time": self.start + timedelta(minutes=minutes),
            }
        )
