"""Checking that a recipe's image is a real, safe, reasonably sized picture inside images/."""

from __future__ import annotations

import warnings
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

#: Pixels an image may decode to (a 12,000 × 8,000 photo). Larger ones are refused: they
#: would take seconds and gigabytes to decode, and are decompression bombs when hostile.
MAX_PIXELS = 100_000_000
MAX_IMAGE_BYTES = 60_000_000


class ImageProblem(ValueError):
    """Why an image cannot be used, in words an author can act on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve_image(images_dir: Path, name: str) -> Path:
    """The file ``name`` inside ``images_dir``; refuses ``..``, absolute paths, links out."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
        raise ImageProblem(
            f"'{name}' points outside images/",
            "name a file inside the images/ folder, e.g. lavender-scrub.jpg",
        )
    path = images_dir / Path(*pure.parts)
    root = images_dir.resolve()
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise ImageProblem(f"'{name}' cannot be read (a broken or looping link?)") from None
    if not real.is_relative_to(root):
        raise ImageProblem(
            f"'{name}' is a link to a file outside images/",
            "copy the picture into images/ instead of linking to it",
        )
    if not real.is_file():
        available = sorted(p.name for p in images_dir.glob("*") if p.is_file())[:5]
        hint = "put the file in images/ (check the spelling) or remove the line"
        if available:
            hint += f"; images/ has e.g. {', '.join(available)}"
        raise ImageProblem(f"the image '{name}' is not in images/", hint)
    return real


def check_image(path: Path) -> tuple[int, int]:
    """Open the header of ``path``; the (width, height) if it is a usable image."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageProblem(f"cannot read '{path.name}': {exc.strerror}") from None
    if size > MAX_IMAGE_BYTES:
        raise ImageProblem(
            f"'{path.name}' is {size / 1e6:.0f} MB; images may be at most "
            f"{MAX_IMAGE_BYTES / 1e6:.0f} MB",
            "export a smaller JPEG (2,000 px on the long side is plenty for print)",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageProblem(_too_big(path, width, height), _TOO_BIG_HINT)
                image.verify()
    except ImageProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"'{path.name}' decodes to far too many pixels", _TOO_BIG_HINT) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(
            f"'{path.name}' is not a readable image ({type(exc).__name__})",
            "save it again as JPEG or PNG",
        ) from None
    return width, height


def _too_big(path: Path, width: int, height: int) -> str:
    return (
        f"'{path.name}' is {width:,} × {height:,} pixels; at most "
        f"{MAX_PIXELS // 1_000_000} million pixels are allowed"
    )


_TOO_BIG_HINT = "resize it (2,000 px on the long side is plenty for print)"
