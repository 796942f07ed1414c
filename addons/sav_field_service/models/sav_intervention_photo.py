import base64
import io
import logging

from PIL import Image, ImageOps, UnidentifiedImageError

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

try:
    import pillow_heif
except ImportError:
    pillow_heif = None
else:
    pillow_heif.register_heif_opener()

# Maximum longest side in pixels of a stored photo: sharp on a report or a laptop
# screen. The 12-megapixel sample photo (2.9 MB) is stored in about 0.5 MB.
PHOTO_MAX_SIZE = 1920
PHOTO_JPEG_QUALITY = 85
# Brands of the ISO base media "ftyp" box that HEIC/HEIF photos carry (iPhones write heic).
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def is_heif(data):
    """Return whether ``data`` starts like a HEIC/HEIF file."""
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def normalize_photo(env, data, filename):
    """Return the photo ``data`` upright, at most PHOTO_MAX_SIZE pixels wide or high.

    The EXIF orientation is applied to the pixels, then the EXIF block is
    dropped, which also removes the GPS position. HEIC photos become JPEG. PNG
    stays PNG; every other format becomes JPEG.

    :param bytes data: the uploaded file
    :param str filename: name shown in error messages
    :raise ValidationError: when the file is not an image, or is HEIC and
        pillow-heif is not installed
    """
    if is_heif(data) and pillow_heif is None:
        raise ValidationError(
            env._(
                "%(file)s is a HEIC photo, which this server cannot convert. Send it as JPEG or "
                "PNG, or set the phone's camera to Most Compatible (on an iPhone: Settings > "
                "Camera > Formats) and take it again.",
                file=filename,
            )
        )
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise ValidationError(
            env._(
                "%(file)s is not an image, so it cannot be added as a photo. Choose a JPEG, PNG "
                "or HEIC photo, or take one with the camera.",
                file=filename,
            )
        )
    source_format = image.format
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # Broken EXIF blocks raise anything from IndexError to TypeError.
        _logger.warning("Ignoring the unreadable EXIF orientation of photo %s", filename)
    if max(image.size) > PHOTO_MAX_SIZE:
        image.thumbnail((PHOTO_MAX_SIZE, PHOTO_MAX_SIZE), Image.Resampling.LANCZOS)

    output = io.BytesIO()
    if source_format == "PNG":
        image.save(output, format="PNG", optimize=True)
    else:
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.save(output, format="JPEG", quality=PHOTO_JPEG_QUALITY, optimize=True)
    return output.getvalue()


class SavInterventionPhoto(models.Model):
    _name = "sav.intervention.photo"
    _description = "Visit Photo"
    _order = "intervention_id, phase desc, sequence, id"

    intervention_id = fields.Many2one(
        "sav.intervention", string="Visit", required=True, index=True, ondelete="cascade"
    )
    phase = fields.Selection(
        [("before", "Before"), ("after", "After")],
        required=True,
        default="before",
    )
    name = fields.Char(string="Caption")
    sequence = fields.Integer(default=10)
    image = fields.Image(string="Photo", required=True)
    image_256 = fields.Image(
        string="Thumbnail", related="image", max_width=256, max_height=256, store=True
    )
    image_1024 = fields.Image(
        string="Report Image", related="image", max_width=1024, max_height=1024, store=True
    )
    company_id = fields.Many2one(related="intervention_id.company_id", store=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_image_vals(vals)
        photos = super().create(vals_list)
        photos.intervention_id._check_editable_by_user()
        return photos

    def write(self, vals):
        self._normalize_image_vals(vals)
        self.intervention_id._check_editable_by_user()
        return super().write(vals)

    def unlink(self):
        self.intervention_id._check_editable_by_user()
        return super().unlink()

    @api.model
    def normalize_image(self, data, filename=False):
        """Return the photo ``data`` (base64) as it would be stored: upright, reduced, JPEG or PNG.

        The photo form sends the photos that the browser cannot show, such as HEIC
        photos outside Safari, so that the technician sees the picture before saving.

        :raise AccessError: when the user may not add photos
        :raise ValidationError: as ``normalize_photo``
        """
        self.browse().check_access("create")
        filename = filename or self.env._("The file")
        return base64.b64encode(normalize_photo(self.env, base64.b64decode(data), filename)).decode()

    def _normalize_image_vals(self, vals):
        if not vals.get("image"):
            return
        filename = vals.get("name") or self.env._("The file")
        data = vals["image"]
        raw = base64.b64decode(data) if isinstance(data, (str, bytes)) else data
        vals["image"] = base64.b64encode(normalize_photo(self.env, raw, filename))
