import base64
import io

from PIL import Image

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import SavFieldServiceCommon, find_sample_photos

EXIF_ORIENTATION = 0x0112


@tagged("post_install", "-at_install")
class TestPhotos(SavFieldServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.photo_folder = find_sample_photos()
        cls.visit = cls._create_visit()

    def _read_sample(self, name):
        if not self.photo_folder:
            self.fail("the sample photos are missing: expected ../shared/samples/photos")
        return (self.photo_folder / name).read_bytes()

    def _add_photo(self, name, phase="before", data=None):
        data = data if data is not None else self._read_sample(name)
        return (
            self.env["sav.intervention.photo"]
            .with_user(self.technician)
            .create(
                {
                    "intervention_id": self.visit.id,
                    "phase": phase,
                    "name": name,
                    "image": base64.b64encode(data),
                }
            )
        )

    def _open(self, photo):
        return Image.open(io.BytesIO(base64.b64decode(photo.image)))

    def test_exif_rotated_photos_stored_upright(self):
        cases = [
            ("exif_orientation_landscape_6.jpg", (600, 450)),
            ("exif_orientation_portrait_6.jpg", (450, 600)),
        ]
        for name, size in cases:
            with self.subTest(name=name):
                image = self._open(self._add_photo(name))
                self.assertEqual(image.size, size)
                self.assertFalse(image.getexif().get(EXIF_ORIENTATION))

    def test_large_rotated_photo_downscaled(self):
        image = self._open(self._add_photo("exif_hdr_canon_hdr_NO.jpg"))
        self.assertEqual(image.size, (1440, 1920), "rotated to portrait, then reduced")

    def test_twelve_megapixel_photo_downscaled(self):
        data = self._read_sample("exif_tests_42_IndexError.jpg")
        photo = self._add_photo("exif_tests_42_IndexError.jpg", data=data)
        image = self._open(photo)
        self.assertEqual(image.size, (1920, 1440))
        self.assertEqual(image.format, "JPEG")
        self.assertLess(len(base64.b64decode(photo.image)), len(data) / 2)

    def test_heic_photo_converted_to_jpeg(self):
        image = self._open(self._add_photo("exif_heic_mobile_iphone_13_pro_max.HEIC", "after"))
        self.assertEqual(image.format, "JPEG")
        self.assertEqual(image.size, (1440, 1920))

    def test_png_stays_png(self):
        image = self._open(self._add_photo("ocrmypdf_baiona.png"))
        self.assertEqual(image.format, "PNG")
        self.assertEqual(image.size, (640, 682))

    def test_thumbnail_made(self):
        photo = self._add_photo("exif_orientation_landscape_6.jpg")
        thumbnail = Image.open(io.BytesIO(base64.b64decode(photo.image_256)))
        self.assertEqual(thumbnail.size, (256, 192))

    def test_several_photos_per_phase(self):
        self._add_photo("exif_orientation_landscape_6.jpg", "before")
        self._add_photo("exif_orientation_portrait_6.jpg", "before")
        self._add_photo("ocrmypdf_baiona.png", "after")
        self.assertEqual(self.visit.photo_count, 3)
        self.assertEqual(self.visit.photo_ids.mapped("phase").count("before"), 2)

    def test_non_image_rejected(self):
        with self.assertRaisesNaming(ValidationError, "devis.pdf", "not an image", "JPEG"):
            self._add_photo("devis.pdf", data=b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")

    def test_heic_converted_for_preview(self):
        data = base64.b64encode(self._read_sample("exif_heic_mobile_iphone_13_pro_max.HEIC"))
        Photo = self.env["sav.intervention.photo"].with_user(self.technician)
        converted = Photo.normalize_image(data, "IMG_0001.HEIC")
        image = Image.open(io.BytesIO(base64.b64decode(converted)))
        self.assertEqual(image.format, "JPEG")
        self.assertEqual(image.size, (1440, 1920))

    def test_preview_conversion_needs_photo_rights(self):
        data = base64.b64encode(self._read_sample("exif_orientation_landscape_6.jpg"))
        Photo = self.env["sav.intervention.photo"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Photo.normalize_image(data, "photo.jpg")

    def test_preview_of_non_image_rejected(self):
        data = base64.b64encode(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
        Photo = self.env["sav.intervention.photo"].with_user(self.technician)
        with self.assertRaisesNaming(ValidationError, "devis.pdf", "not an image"):
            Photo.normalize_image(data, "devis.pdf")
