"""Checks of the files a customer sends with a request on the portal."""

import io
import os
import warnings

from PIL import Image

from odoo.tools.mimetypes import guess_mimetype

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_FILES = 10
# Types recognised from the file content, never from the name or the browser.
IMAGE_MIMETYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
DOCUMENT_MIMETYPES = {"application/pdf"}
ALLOWED_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}
# Larger images are refused before decoding, as possible decompression bombs.
MAX_IMAGE_PIXELS = 50_000_000
JPEG_END_MARKER = b"\xff\xd9"
JPEG_TAIL_BYTES = 64 * 1024


class UploadError(ValueError):
    """A file sent on the portal is refused; the message is shown to the customer."""


def check_upload(env, filename, data):
    """Check one uploaded file and return its (clean file name, mimetype).

    :param env: environment whose language the error messages use
    :param str filename: name the browser sent
    :param bytes data: content of the file
    :raise UploadError: the file is empty, too large, of a type not allowed, or an
        image that does not decode
    """
    name = os.path.basename((filename or "").replace("\\", "/")).strip() or "document"
    if not data:
        raise UploadError(env._("The file %(file)s is empty. Choose another file.", file=name))
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(
            env._(
                "The file %(file)s is %(size)s MB, over the limit of %(limit)s MB. Send a "
                "smaller file or a photo of lower resolution.",
                file=name,
                size="%.1f" % (len(data) / 1024 / 1024),
                limit=MAX_UPLOAD_BYTES // 1024 // 1024,
            )
        )
    mimetype = guess_mimetype(data, default="application/octet-stream")
    if mimetype in IMAGE_MIMETYPES:
        _check_image(env, name, data, IMAGE_MIMETYPES[mimetype])
    elif mimetype in DOCUMENT_MIMETYPES:
        if not data.startswith(b"%PDF-"):
            raise UploadError(
                env._("The file %(file)s is not a valid PDF document.", file=name)
            )
    else:
        raise UploadError(
            env._(
                "The file %(file)s is of a type that is not accepted. Send photos as JPEG, "
                "PNG or WebP and documents as PDF.",
                file=name,
            )
        )
    stem, extension = os.path.splitext(name)
    if extension.lower() not in (ALLOWED_EXTENSIONS[mimetype], ".jpeg"):
        name = (stem or "document") + ALLOWED_EXTENSIONS[mimetype]
    return name[:200], mimetype


def _check_image(env, name, data, expected_format):
    invalid = UploadError(
        env._(
            "The photo %(file)s could not be read: the file is damaged or is not really "
            "a JPEG, PNG or WebP image.",
            file=name,
        )
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadError(
                        env._(
                            "The photo %(file)s is %(width)s x %(height)s pixels, too large "
                            "to be processed. Send a photo of lower resolution.",
                            file=name,
                            width=width,
                            height=height,
                        )
                    )
                if image.format != expected_format:
                    raise invalid
                # Decode every pixel: a forged file fails here.
                image.load()
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
    except UploadError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:
        raise invalid from error
    # Odoo lets Pillow load truncated images (ImageFile.LOAD_TRUNCATED_IMAGES, set by
    # ir.actions.report), so a cut JPEG is caught by its missing end-of-image marker.
    # NOTE: a JPEG followed by more than 64 KiB of trailing data would be refused too.
    if expected_format == "JPEG" and JPEG_END_MARKER not in data[-JPEG_TAIL_BYTES:]:
        raise invalid
