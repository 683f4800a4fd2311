"""Benchmark `recipebook build`: cold and warm image cache, peak memory, PDF size.

    python benchmarks/bench_build.py            # the shipped book, then N = 30, 100, 1000
    python benchmarks/bench_build.py --sizes 30 100

Each build runs in its own process (so its peak RSS is its own, image workers included).
Synthetic recipes get their own 1600 × 1200 JPEG "photo" with grain, like a real photo.
Prints PASS/MISS against the targets of issue 4. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ["body-scrub", "bath-bomb", "bath-salt", "massage-oil", "essential-oil-blend"]
TARGETS = {
    "shipped_cold": 3.0,
    "shipped_warm": 1.0,
    "warm_1000": 30.0,
    "rss_1000_mb": 400.0,
    "ratio": 11.0,
    "kb_per_photo_page": 150.0,
}

RECIPE = """\
title: {title}
category: {category}
summary: >
  A calm, simple recipe number {n} for an evening at home. It takes a few minutes to make
  and keeps well in a jar by the bath.
image: photo-{n:04d}.jpg
use: {use}
yield: about 1 cup
time: {{prep: 10 min}}
difficulty: easy
ingredients:
  - 1 cup granulated sugar
  - 1/2 cup sweet almond oil, or jojoba oil
  - 1 tbsp honey
  - 6 drops lavender essential oil
steps:
  - Stir the sugar and the almond oil together in a clean, dry bowl until glossy.
  - Add the honey and mix until no streaks remain.
  - Add the lavender essential oil and stir for a full minute.
  - Spoon into a clean jar and close the lid.
tips: [Use a small handful on damp skin, then rinse with warm water.]
safety: [Do not use on broken or freshly shaved skin.]
storage: Airtight jar in a cool, dry place.
shelf_life: 3 months
tags: [relaxing, evening]
"""

BOOK = """\
title: Benchmark Spa Book
author: Bench
page_size: letter
units: both
chapters:
{chapters}
"""


def _photo(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    base = tuple(rng.randint(120, 220) for _ in range(3))
    image = Image.new("RGB", (1600, 1200), base)
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y, r = rng.randint(0, 1600), rng.randint(0, 1200), rng.randint(40, 300)
        colour = tuple(rng.randint(60, 250) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((1600, 1200), 22).convert("RGB")
    Image.blend(image, grain, 0.12).save(path, quality=88)


def make_project(folder: Path, count: int, photos: Path) -> Path:
    (folder / "recipes").mkdir(parents=True)
    (folder / "images").mkdir()
    chapters = "\n".join(
        f"  - {{id: {c}, title: {c.replace('-', ' ').title()}s}}" for c in CHAPTERS
    )
    (folder / "book.yaml").write_text(BOOK.format(chapters=chapters))
    for n in range(count):
        category = CHAPTERS[n % len(CHAPTERS)]
        use = "diffuser" if category == "essential-oil-blend" else "rinse-off"
        text = RECIPE.format(title=f"Recipe {n:04d}", category=category, n=n, use=use)
        (folder / "recipes" / f"recipe-{n:04d}.yaml").write_text(text)
        source = photos / f"photo-{n:04d}.jpg"
        if not source.exists():
            _photo(source, n)
        try:  # images must be real files inside images/ (links out are refused)
            os.link(source, folder / "images" / source.name)
        except OSError:
            shutil.copy(source, folder / "images" / source.name)
    return folder


def run_build(project: Path) -> dict:
    """One build in a child process: seconds, pages, bytes, peak RSS (MB)."""
    output = project / "output" / "bench.pdf"
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "t = time.perf_counter()\n"
        "from recipebook.project import Project\n"
        "from recipebook.pipeline import build_book\n"
        f"r = build_book(Project.open(Path({str(project)!r})), output=Path({str(output)!r}))\n"
        "s = time.perf_counter() - t\n"
        "me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'seconds': s, 'pages': r.pages, 'bytes': r.size,"
        " 'rss_mb': max(me, kids) / 1024}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cold_and_warm(project: Path) -> tuple[dict, dict]:
    shutil.rmtree(project / "output" / ".cache", ignore_errors=True)
    cold = run_build(project)
    warm = run_build(project)
    return cold, warm


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[30, 100, 1000])
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped book")
    parser.add_argument(
        "--photos", type=Path, help="keep the generated photos in this folder (reused next time)"
    )
    args = parser.parse_args()
    results: dict[int, tuple[dict, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if not args.no_shipped:
            shipped = tmp_path / "shipped"
            shutil.copytree(
                ROOT,
                shipped,
                ignore=shutil.ignore_patterns(
                    ".git", "output", ".venv*", "tests", "*.egg-info", "__pycache__"
                ),
            )
            cold, warm = cold_and_warm(shipped)
            cold_ok = verdict(cold["seconds"] <= TARGETS["shipped_cold"])
            warm_ok = verdict(warm["seconds"] <= TARGETS["shipped_warm"])
            rss = max(cold["rss_mb"], warm["rss_mb"])
            print(
                f"shipped book: {cold['pages']} pages, {cold['bytes'] / 1e6:.1f} MB; "
                f"cold {cold['seconds']:.2f} s [{cold_ok} ≤ 3 s], "
                f"warm {warm['seconds']:.2f} s [{warm_ok} ≤ 1 s], peak RSS {rss:.0f} MB"
            )
        photos = args.photos or tmp_path / "photos"
        photos.mkdir(parents=True, exist_ok=True)
        for count in args.sizes:
            started = time.perf_counter()
            project = make_project(tmp_path / f"n{count}", count, photos)
            made = time.perf_counter() - started
            cold, warm = cold_and_warm(project)
            results[count] = (cold, warm)
            per_page = warm["bytes"] / 1024 / count
            print(
                f"N={count:>5}: {warm['pages']} pages, {warm['bytes'] / 1e6:.1f} MB "
                f"({per_page:.0f} KB/recipe) [{verdict(per_page <= TARGETS['kb_per_photo_page'])}"
                f" ≤ 150 KB]; cold {cold['seconds']:.2f} s, warm {warm['seconds']:.2f} s; peak RSS "
                f"{max(cold['rss_mb'], warm['rss_mb']):.0f} MB  (fixtures made in {made:.0f} s)"
            )
    if 1000 in results:
        cold, warm = results[1000]
        rss = max(cold["rss_mb"], warm["rss_mb"])
        print(
            f"N=1000 warm {warm['seconds']:.1f} s [{verdict(warm['seconds'] <= 30)} ≤ 30 s], "
            f"peak RSS {rss:.0f} MB [{verdict(rss <= 400)} ≤ 400 MB]"
        )
    if 1000 in results and 100 in results:
        ratio = results[1000][1]["seconds"] / results[100][1]["seconds"]
        print(f"time(1000)/time(100) warm = {ratio:.1f} [{verdict(ratio <= 11)} ≤ 11]")


if __name__ == "__main__":
    main()
