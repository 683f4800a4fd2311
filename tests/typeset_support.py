"""The typesetting tests' fixture book: copy it and generate its pictures (one per mode).

Pictures are generated, not committed: a CMYK JPEG, a palette PNG with transparency, RGBA
PNGs, a 16-bit greyscale PNG and a JPEG stored sideways with an EXIF orientation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

FIXTURE_BOOK = Path(__file__).parent / "fixtures" / "book"


def _scene(size: tuple[int, int], hue: tuple[int, int, int]) -> Image.Image:
    """A soft synthetic 'photo': a vertical gradient with a few pale discs."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(c * (1 - 0.35 * t) + 255 * 0.35 * t) for c in hue),
        )
    for i in range(5):
        r = height // (4 + i)
        cx, cy = width * (i + 1) // 6, height * (2 + (i % 3)) // 6
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(250, 244, 236))
    return image


def make_images(folder: Path) -> None:
    """Write every picture the fixture book names into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    _scene((640, 420), (150, 120, 170)).convert("CMYK").save(folder / "cmyk.jpg", quality=85)

    palette = _scene((480, 320), (110, 150, 120)).quantize(16)
    palette.info["transparency"] = 0
    palette.save(folder / "palette.png")

    rgba = _scene((600, 400), (190, 140, 120)).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize(rgba.size))
    rgba.save(folder / "rgba.png")
    cover = _scene((900, 700), (120, 150, 130)).convert("RGBA")
    cover.save(folder / "cover-rgba.png")

    gray = Image.linear_gradient("L").resize((400, 300)).convert("I").point(lambda v: v * 257)
    gray.convert("I;16").save(folder / "gray16.png")

    # stored landscape with the red half on the left; EXIF 6 = "rotate 90° clockwise to
    # view", so upright it is portrait with the red half on top
    sideways = Image.new("RGB", (300, 200), (40, 90, 200))
    ImageDraw.Draw(sideways).rectangle([0, 0, 149, 199], fill=(220, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    sideways.save(folder / "exif-rotated.jpg", quality=90, exif=exif.tobytes())


def make_fixture_book(destination: Path) -> Path:
    """A fresh copy of the fixture book with its pictures, at ``destination``."""
    shutil.copytree(FIXTURE_BOOK, destination)
    make_images(destination / "images")
    return destination


GOLDEN = Path(__file__).parent / "golden" / "fixture-book.txt"


def build_fixture(destination: Path, *args: str) -> Path:
    """Copy the fixture book to ``destination``, build it (extra CLI args allowed), and
    return the PDF's path."""
    from click.testing import CliRunner

    from recipebook.cli import main

    make_fixture_book(destination)
    output = destination / "output" / "book.pdf"
    result = CliRunner().invoke(
        main, ["-q", "-C", str(destination), "build", "-o", str(output), *args]
    )
    if result.exit_code != 0:
        raise AssertionError(result.output)
    return output


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, one line per text line, spaces normalised."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            raw = page.get_textpage().get_text_range()
            lines = (" ".join(line.split()) for line in raw.replace("\r", "\n").split("\n"))
            pages.append("\n".join(line for line in lines if line))
        return pages
    finally:
        document.close()
