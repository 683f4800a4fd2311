"""Photos for print: orient, convert to RGB, crop to the printed box, downsample, cache.

Each photo is prepared once for the size it is printed at (~200 dpi) and written as a
baseline JPEG under ``output/.cache/images/``, named by a hash of the source's bytes and
of the parameters, so the path is stable (ReportLab names an image by its path, which keeps
the PDF byte-identical) and a rebuild skips unchanged photos. Uncached photos are prepared
on two processes; JPEG's ``draft()`` decodes large photos at a reduced scale.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageFilter, ImageOps, UnidentifiedImageError

from ..errors import BuildError
from ..images import MAX_PIXELS

DPI = 200
#: A photo at most this much sharper than DPI is kept as it is (1.0: always resample, which
#: keeps files and memory small: ReportLab holds every image in memory until it saves).
MAX_OVERSAMPLE = 1.0
JPEG_QUALITY = 80
#: Bump when the processing changes, so old cache entries are not reused.
CACHE_VERSION = 7
WORKERS = 2

_ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@dataclass(frozen=True, slots=True)
class ImageJob:
    """One picture to prepare: ``source`` for a box of ``width`` × ``height`` points."""

    source: Path
    width: float
    height: float
    label: str  # how to name the picture in a message, e.g. "images/lavender.jpg"

    @property
    def pixels(self) -> tuple[int, int]:
        return (
            max(1, round(self.width / 72 * DPI)),
            max(1, round(self.height / 72 * DPI)),
        )


class ImageFailed(Exception):
    """A picture could not be prepared (picklable, raised in a worker process)."""


def prepare_images(
    jobs: Iterable[ImageJob],
    cache_dir: Path,
    *,
    workers: int = WORKERS,
    progress: Callable[[int], None] | None = None,
) -> dict[ImageJob, Path]:
    """Prepare every job (reusing the cache); the print-ready JPEG path of each."""
    folder = cache_dir / "images"
    folder.mkdir(parents=True, exist_ok=True)
    result: dict[ImageJob, Path] = {}
    todo: list[tuple[ImageJob, Path]] = []
    for job in dict.fromkeys(jobs):
        try:
            digest = _digest(job)
        except OSError as exc:
            raise BuildError(f"{job.label}: cannot read the picture ({exc.strerror})") from None
        target = folder / f"{digest}.jpg"
        result[job] = target
        if target.is_file():
            if progress:
                progress(1)
        else:
            todo.append((job, target))
    try:
        if len(todo) > 1 and workers > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
                for _ in pool.map(_prepare_one, todo, chunksize=4):
                    if progress:
                        progress(1)
        else:
            for item in todo:
                _prepare_one(item)
                if progress:
                    progress(1)
    except ImageFailed as exc:
        raise BuildError(str(exc)) from None
    return result


class PhotoPreparer:
    """Prepares photos on two worker processes while the book is being laid out.

    :meth:`request` returns at once the path the print-ready JPEG will have (it is known
    from the source's content hash); :meth:`ready` waits for that one file before it is
    drawn. Use it as a context manager so the workers always stop.
    """

    def __init__(self, cache_dir: Path, *, workers: int = WORKERS) -> None:
        self.folder = cache_dir / "images"
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[Path, Future[None]] = {}

    def __enter__(self) -> PhotoPreparer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc_info[0] is not None)
            self._pool = None

    def request(self, job: ImageJob) -> Path:
        """Start preparing ``job`` (unless cached); the path its JPEG will have."""
        try:
            digest = _digest(job)
        except OSError as exc:
            raise BuildError(f"{job.label}: cannot read the picture ({exc.strerror})") from None
        target = self.folder / f"{digest}.jpg"
        if target in self._pending or target.is_file():
            return target
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.workers <= 1:
            _run(job, target)
            return target
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        self._pending[target] = self._pool.submit(_prepare_one, (job, target))
        return target

    def ready(self, target: Path) -> None:
        """Wait until ``target`` is written; a picture that failed is a BuildError."""
        future = self._pending.pop(target, None)
        if future is not None:
            try:
                future.result()
            except ImageFailed as exc:
                raise BuildError(str(exc)) from None

    def finish(self) -> None:
        """Wait for every requested picture."""
        for target in list(self._pending):
            self.ready(target)


def _run(job: ImageJob, target: Path) -> None:
    try:
        _prepare_one((job, target))
    except ImageFailed as exc:
        raise BuildError(str(exc)) from None


def _digest(job: ImageJob) -> str:
    hasher = hashlib.sha256()
    with job.source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    width, height = job.pixels
    params = f"|v{CACHE_VERSION}|{width}x{height}|q{JPEG_QUALITY}|o{MAX_OVERSAMPLE}"
    hasher.update(params.encode())
    return hasher.hexdigest()[:32]


def _prepare_one(item: tuple[ImageJob, Path]) -> None:
    job, target = item
    try:
        image = load_for_print(job.source, job.pixels)
    except ImageFailed as exc:
        raise ImageFailed(f"{job.label}: {exc}") from None
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    image.save(temporary, "JPEG", quality=JPEG_QUALITY, optimize=True)
    os.replace(temporary, target)


def load_for_print(path: Path, box: tuple[int, int]) -> Image.Image:
    """``path`` oriented, in RGB (or L), cropped to ``box``'s shape, at most ``box`` pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ImageFailed(
                        f"the picture is {image.width:,} × {image.height:,} pixels, more than "
                        f"{MAX_PIXELS // 1_000_000} million; resize it"
                    )
                _draft(image, box)
                image.load()
                image = ImageOps.exif_transpose(image) or image
                image = to_rgb(image)
    except ImageFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFailed("the picture decodes to far too many pixels; resize it") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageFailed(
            f"the picture cannot be read ({type(exc).__name__}: {exc}); save it again as JPEG"
        ) from None
    return _fit(image, box)


def _draft(image: Image.Image, box: tuple[int, int]) -> None:
    """Let the JPEG decoder skip detail finer than we print (2×–8× faster on big photos)."""
    if image.format != "JPEG":
        return
    width, height = image.size
    if image.getexif().get(0x0112) in _ROTATED:
        box = (box[1], box[0])
    scale = max(box[0] / width, box[1] / height)
    if scale >= 0.5:
        return
    wanted = (math.ceil(width * scale), math.ceil(height * scale))
    image.draft(image.mode if image.mode in ("RGB", "L") else None, wanted)


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode as 8-bit RGB or L: CMYK via its profile, alpha onto white, 16-bit
    scaled down (not clipped), palettes expanded."""
    mode = image.mode
    if mode in ("RGB", "L"):
        return image
    if mode == "CMYK":
        return _cmyk_to_rgb(image)
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        high = image.getextrema()[1]
        factor = 1 / 256 if isinstance(high, int | float) and high > 255 else 1
        return image.convert("I").point(lambda v: v * factor).convert("L")
    if mode == "F":
        return image.point(lambda v: v * 255).convert("L")
    if mode == "1":
        return image.convert("L")
    if mode in ("P", "PA"):
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _cmyk_to_rgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert("RGB")


def _fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """Crop to the box's aspect ratio around the busiest part of the picture (where the
    subject usually is), then shrink to the box; never enlarge."""
    width, height = image.size
    aspect = box[0] / box[1]
    if width / height > aspect:
        crop_w, crop_h = round(height * aspect), height
    else:
        crop_w, crop_h = width, round(width / aspect)
    left, top = _interest_origin(image, crop_w, crop_h)
    image = image.crop((left, top, left + crop_w, top + crop_h))
    if crop_w > box[0] * MAX_OVERSAMPLE:
        # Lanczos for real reductions; bicubic (30% faster, as sharp) for slight ones
        gentle = box[0] / crop_w > 0.6
        method = Image.Resampling.BICUBIC if gentle else Image.Resampling.LANCZOS
        image = image.resize(box, method, reducing_gap=None if gentle else 3.0)
    return image


#: Edge detail in the middle third of the picture counts this many times more: a photo's
#: subject is usually in the middle, and the busy detail around it (scattered beans, petals)
#: must not pull the crop off it.
CENTRE_WEIGHT = 4
#: Rows (or columns) of the middle third with more edge detail than this share of the
#: busiest one belong to the subject, which the crop keeps whole when it can.
SUBJECT_LEVEL = 0.3


def _interest_origin(image: Image.Image, crop_w: int, crop_h: int) -> tuple[int, int]:
    """Top-left corner of the crop window: it holds the whole subject (the detail in the
    middle third of the picture) when the window is tall enough, else the subject's top,
    and otherwise the most edge detail, a little biased towards the middle. Found on a
    thumbnail."""
    width, height = image.size
    if crop_w >= width and crop_h >= height:
        return (0, 0)
    small = image.convert("L")
    small.thumbnail((96, 96))
    sw, sh = small.size
    edges = small.filter(ImageFilter.FIND_EDGES)
    data = edges.load()
    assert data is not None
    vertical = crop_h < height  # a band across the picture (else a slice of its width)
    across, along = (sw, sh) if vertical else (sh, sw)

    def pixel(a: int, b: int) -> int:  # a across the band, b along the crop direction
        return int(data[a, b] if vertical else data[b, a])  # type: ignore[index]

    middle = range(max(1, across // 3), min(across - 1, 2 * across // 3))
    weight = [CENTRE_WEIGHT if a in middle else 1 for a in range(across)]
    energy = [sum(pixel(a, b) * weight[a] for a in range(1, across - 1)) for b in range(along)]
    centre = [sum(pixel(a, b) for a in middle) for b in range(along)]
    energy[0] = energy[-1] = centre[0] = centre[-1] = 0
    peak = max(centre) or 1
    subject = [b for b, value in enumerate(centre) if value > SUBJECT_LEVEL * peak]
    if vertical:
        window = round(crop_h * sh / height)
        offset = _best_window(energy, window, subject, keep_top=True)
        return ((width - crop_w) // 2, min(height - crop_h, round(offset * height / sh)))
    offset = _best_window(energy, round(crop_w * sw / width), subject, keep_top=False)
    return (min(width - crop_w, round(offset * width / sw)), 0)


def _best_window(energy: list[int], window: int, subject: list[int], *, keep_top: bool) -> int:
    """Start of the ``window`` over ``energy`` that holds the whole ``subject`` (the rows
    it spans), else (``keep_top``) its top with a row to spare, with the most energy."""
    count = len(energy) - window + 1
    if count <= 1:
        return 0
    top, bottom = (subject[0], subject[-1]) if subject else (len(energy), -1)
    total = sum(energy) or 1
    best, best_score = 0, -1.0
    running = sum(energy[:window])
    for start in range(count):
        if start:
            running += energy[start + window - 1] - energy[start - 1]
        centre = (start + window / 2) / len(energy)
        score = running / total - 0.25 * abs(centre - 0.5)
        if start <= top and bottom < start + window:
            score += 2.0  # the whole subject
        elif keep_top and start < top < start + window:
            score += 1.0  # its top (a jar's lid, a bottle's neck): cut the base instead
        if score > best_score:
            best, best_score = start, score
    return best
