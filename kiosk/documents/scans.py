"""Accept a scan only for what it is, not what it is called: decoded, bounded, re-encoded, no metadata.

The stored file is a fresh JPEG made from the pixels alone, so EXIF (GPS, camera serials) and anything
hidden after the image data never reach the disk.
"""
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
LONG_EDGE = 2400  # plenty to read a document; keeps stored scans small


class ScanRefused(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # empty, too_large, not_image, too_many_pixels


@dataclass(frozen=True)
class CleanScan:
    jpeg: bytes
    width: int
    height: int


def clean(data: bytes, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> CleanScan:
    if not data:
        raise ScanRefused("empty")
    if len(data) > max_bytes:
        raise ScanRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ScanRefused("not_image")
            if probe.width * probe.height > max_pixels:  # checked before decoding: no decompression bomb
                raise ScanRefused("too_many_pixels")
            probe.load()
            image = ImageOps.exif_transpose(probe).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ScanRefused("not_image") from exc
    image.thumbnail((LONG_EDGE, LONG_EDGE))
    pixels_only = Image.new("RGB", image.size)
    pixels_only.paste(image)
    out = io.BytesIO()
    pixels_only.save(out, "JPEG", quality=85, optimize=True)
    return CleanScan(out.getvalue(), *pixels_only.size)

