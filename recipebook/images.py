"""Checking that a recipe's image is a real, safe, reasonably sized picture inside images/."""

from __future__ import annotations

import difflib
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
    if not name.strip():
        raise ImageProblem("the image name is empty", "write a file name, e.g. lavender.jpg")
    if any(not c.isprintable() for c in name):
        raise ImageProblem(
            f"the image name '{_shown(name)}' contains an invisible character",
            "write the name of a file in images/, e.g. lavender-scrub.jpg",
        )
    if len(name) > 255:
        raise ImageProblem(
            f"the image name is {len(name)} characters long; file names are shorter",
            "write the name of a file in images/, e.g. lavender-scrub.jpg",
        )
    pure = PurePosixPath(name.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or (len(name) > 1 and name[1] == ":"):
        raise ImageProblem(
            f"'{name}' points outside images/",
            "name a file inside the images/ folder, e.g. lavender-scrub.jpg",
        )
    path = images_dir / Path(*pure.parts)
    try:
        root = images_dir.resolve()
        real = path.resolve()
        if not real.is_relative_to(root):
            raise ImageProblem(
                f"'{name}' is a link to a file outside images/",
                "copy the picture into images/ instead of linking to it",
            )
        if real.is_dir():
            raise ImageProblem(
                f"'{name}' is a folder, not a picture",
                "name a picture file inside images/, e.g. lavender-scrub.jpg",
            )
        if not real.is_file():
            raise ImageProblem(
                f"the image '{name}' is not in images/", _missing_hint(images_dir, pure)
            )
    except ImageProblem:
        raise
    except (OSError, RuntimeError, ValueError):
        raise ImageProblem(f"'{_shown(name)}' cannot be read (a broken or looping link?)") from None
    return real


def _missing_hint(images_dir: Path, wanted: PurePosixPath) -> str:
    """Names the file that differs only in upper/lower case, else a few that are there."""
    if not wanted.parts:
        return "name a picture file inside images/, e.g. lavender-scrub.jpg"
    if wanted.parts[0] == "images" and len(wanted.parts) > 1:
        return f"write just the file name: {PurePosixPath(*wanted.parts[1:])}"
    try:
        folder = images_dir / Path(*wanted.parts[:-1])
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        names = []
    same = [n for n in names if n.casefold() == wanted.name.casefold()]
    if same:
        return f"did you mean '{same[0]}'? The name must match exactly, upper/lower case too"
    hint = "put the file in images/ (check the spelling) or remove the line"
    close = difflib.get_close_matches(wanted.name, names, n=1, cutoff=0.8)
    if close:
        return f"did you mean '{close[0]}'? " + hint
    if names:
        hint += f"; images/ has e.g. {', '.join(names[:5])}"
    return hint


def _shown(name: str) -> str:
    """``name`` with invisible characters escaped and shortened, fit for a message."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in name)
    return text if len(text) <= 60 else text[:59] + "…"


def check_image(path: Path) -> tuple[int, int]:
    """Open the header of ``path``; the (width, height) if it is a usable image."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImageProblem(f"cannot read '{path.name}': {exc.strerror}") from None
    if size == 0:
        raise ImageProblem(f"'{path.name}' is not a readable image: it is empty", _SAVE_AGAIN)
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
    except UnidentifiedImageError:
        raise ImageProblem(
            f"'{path.name}' is not a readable image: not a JPEG, PNG or other picture",
            _SAVE_AGAIN,
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageProblem(
            f"'{path.name}' is not a readable image: it is damaged or cut short", _SAVE_AGAIN
        ) from None
    return width, height


_SAVE_AGAIN = "open it in a photo editor and save it again as JPEG or PNG"


def _too_big(path: Path, width: int, height: int) -> str:
    return (
        f"'{path.name}' is {width:,} × {height:,} pixels; at most "
        f"{MAX_PIXELS // 1_000_000} million pixels are allowed"
    )


_TOO_BIG_HINT = "resize it (2,000 px on the long side is plenty for print)"
