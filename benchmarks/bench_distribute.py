"""Benchmark personalised copies: copies per second of each way to stamp a book.

    python benchmarks/bench_distribute.py                 # a generated 35-page, ~4 MB book
    python benchmarks/bench_distribute.py --book some.pdf # any built book
    python benchmarks/bench_distribute.py --quick         # fewer copies, no re-typesetting

Measured in one run, on the same book and disk:

* plain file copy (``shutil.copyfile``): the baseline of issue 6;
* the shipped method — the book's bytes plus a PDF incremental update (``recipebook
  distribute``), on one core and on every core, and once more with what a run adds to
  the copies (their ledger rows and manifest.csv);
* the same with ``--encrypt`` (AES-256, pikepdf rewrites each copy);
* the classic overlay: a ReportLab stamp page merged onto every page with pikepdf, and
  with pypdf;
* re-typesetting the book per copy (this book's ReportLab program run again with the
  stamp, and, when run inside the project, a warm `recipebook build` of the shipped book).

Plain copy and the shipped method alternate for several rounds (the median counts), since
disk caches make single timings of file copies noisy. Prints whether the shipped method
reaches the target: at least 50% of the throughput of copying the file. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from recipebook.distribute.copies import CopyJob, worker_count, write_copies
from recipebook.distribute.ledger import Ledger
from recipebook.distribute.manifest import ManifestRow, write_manifest
from recipebook.distribute.stamp import line_text, prepare_kit
from recipebook.typeset.fonts import register_fonts
from recipebook.typeset.stamp import ROLES, glyph_carrier

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5
NAME, EMAIL = "Zoë Ἀλέξανδρος", "zoe@example.com"


def make_book(path: Path, pages: int = 35, stamp: str | None = None) -> Path:
    """A book like the real one: text in the bundled fonts, a photo per page, outline, links."""
    fonts = register_fonts()
    rnd = random.Random(35)
    canvas = Canvas(str(path), pagesize=letter, invariant=True)
    canvas.setTitle("Benchmark Spa Book")
    canvas.setAuthor("Benchmark")
    for number in range(1, pages + 1):
        canvas.bookmarkPage(f"p{number}")
        canvas.addOutlineEntry(f"Recipe {number}", f"p{number}", level=0)
        canvas.setFont(fonts.heading, 24)
        canvas.drawString(62, 700, f"Recipe number {number}")
        canvas.setFont(fonts.body, 10.5)
        for line in range(12):
            canvas.drawString(62, 340 - 15 * line, f"Step {line + 1}: stir gently and wait. " * 2)
        photo = Image.effect_noise((420, 260), 40).convert("RGB")
        photo = Image.merge(
            "RGB", [c.point(lambda v, k=k: (v + 60 * k) % 256) for k, c in enumerate(photo.split())]
        )
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", quality=88 + rnd.randint(0, 4))
        canvas.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 62, 380, 488, 300)
        if number > 1:
            canvas.linkAbsolute("", "p1", (62, 690, 300, 720))
        if stamp:
            canvas.setFont(fonts.body, 6.5)
            canvas.drawCentredString(306, 19, stamp)
        canvas.drawRightString(550, 34, str(number))
        canvas.showPage()
    canvas.save()
    return path


def overlay_page(text: str) -> bytes:
    """The classic approach's stamp: a one-page ReportLab PDF with the line."""
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=True)
    canvas.setFont(fonts.body, 6.5)
    canvas.drawCentredString(306, 19, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def timed(count: int, work: Callable[[int], None]) -> float:
    """Copies per second of ``work`` called for 0..count-1."""
    start = time.perf_counter()
    for index in range(count):
        work(index)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--book", type=Path, help="a built book (default: generate one)")
    parser.add_argument("--copies", type=int, default=120, help="copies per fast measurement")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of copy vs. shipped")
    parser.add_argument("--quick", action="store_true", help="fewer copies, no re-typesetting")
    args = parser.parse_args()
    if args.quick:
        args.copies, args.rounds = 40, 3
    work = Path(tempfile.mkdtemp(prefix="bench-distribute-"))
    try:
        run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    book = args.book or make_book(work / "book.pdf")
    size_mb = book.stat().st_size / 1e6
    with pikepdf.open(book) as pdf:
        pages = len(pdf.pages)
    cores = worker_count()
    print(f"book: {pages} pages, {size_mb:.1f} MB; {cores} core(s); {args.copies} copies each")

    start = time.perf_counter()
    carriers = (glyph_carrier(ROLES[0]), glyph_carrier(ROLES[1]))
    kit = prepare_kit(book, work / "base.pdf", 0, carriers)
    prepare = time.perf_counter() - start

    def fresh(name: str) -> Path:
        """An empty folder, after every earlier output is gone and written back (os.sync),
        so no measurement pays for the previous one's disk writes."""
        for old in work.iterdir():
            if old.is_dir() and old.name != "project":
                shutil.rmtree(old, ignore_errors=True)
        os.sync()
        folder = work / name
        folder.mkdir()
        return folder

    def jobs(folder: Path, count: int) -> list[CopyJob]:
        return [
            CopyJob(f"r{n}@example.com", f"{NAME} {n}", folder / f"{n}.pdf") for n in range(count)
        ]

    def shipped(workers: int, count: int, encrypt: bool = False) -> float:
        todo = jobs(fresh("shipped"), count)
        start = time.perf_counter()
        write_copies(kit, todo, workers=workers, encrypt=encrypt)
        return count / (time.perf_counter() - start)

    def pipeline(count: int) -> float:
        """The shipped method as `distribute` runs it: copies, their ledger rows (one
        transaction, synced to disk) and manifest.csv."""
        folder = fresh("pipeline")
        todo = jobs(folder, count)
        start = time.perf_counter()
        results = write_copies(kit, todo, workers=cores)
        with Ledger(folder / "ledger.sqlite3") as ledger:
            ledger.add_edition("e" * 64, "1", "book.pdf", kit.pages)
            ledger.record_stamped_many(
                "e" * 64,
                (
                    (r.job.email, r.job.email, r.job.name, r.job.target.name, r.sha256)
                    for r in results
                ),
            )
        write_manifest(
            folder / "manifest.csv",
            (
                ManifestRow(
                    r.job.email, r.job.name, r.job.target.name, r.sha256, kit.pages, "e" * 12, "1"
                )
                for r in results
            ),
        )
        return count / (time.perf_counter() - start)

    def plain(count: int) -> float:
        folder = fresh("plain")
        return timed(count, lambda n: shutil.copyfile(book, folder / f"{n}.pdf"))

    results: dict[str, float] = {}
    copy_rates, one_rates, all_rates = [], [], []
    for round_ in range(args.rounds):
        measurements = [
            lambda: copy_rates.append(plain(args.copies)),
            lambda: one_rates.append(shipped(1, args.copies)),
            lambda: all_rates.append(shipped(cores, args.copies)),
        ]
        for measure in measurements[round_ % 3 :] + measurements[: round_ % 3]:
            measure()
    results["plain file copy (baseline)"] = statistics.median(copy_rates)
    results["incremental update, 1 core"] = statistics.median(one_rates)
    results[f"incremental update, {cores} cores  <- shipped"] = statistics.median(all_rates)
    results["  the same with ledger rows and manifest.csv"] = pipeline(args.copies)

    slow = max(4, args.copies // 6)
    results["incremental + AES-256, 1 core"] = shipped(1, slow, encrypt=True)
    results[f"incremental + AES-256, {cores} cores  <- --encrypt"] = shipped(
        cores, slow * 2, encrypt=True
    )

    folder = fresh("pikepdf")

    def pikepdf_overlay(n: int) -> None:
        stamp = pikepdf.open(io.BytesIO(overlay_page(line_text(NAME, EMAIL))))
        with pikepdf.open(book) as pdf:
            for page in pdf.pages:
                page.add_overlay(stamp.pages[0])
            pdf.save(folder / f"{n}.pdf")

    results["pikepdf overlay per copy, 1 core"] = timed(slow, pikepdf_overlay)

    folder_pypdf = fresh("pypdf")

    def pypdf_overlay(n: int) -> None:
        stamp = pypdf.PdfReader(io.BytesIO(overlay_page(line_text(NAME, EMAIL)))).pages[0]
        writer = pypdf.PdfWriter(clone_from=book)
        for page in writer.pages:
            page.merge_page(stamp)
        writer.write(folder_pypdf / f"{n}.pdf")

    results["pypdf overlay per copy, 1 core"] = timed(max(3, slow // 3), pypdf_overlay)

    if not args.quick and args.book is None:
        folder_ts = fresh("typeset")
        results["re-typesetting this book per copy"] = timed(
            3, lambda n: make_book(folder_ts / f"{n}.pdf", stamp=line_text(NAME, EMAIL))
        )
    if not args.quick and (ROOT / "book.yaml").is_file():
        results["re-typesetting the shipped book (warm build)"] = warm_build(work)

    base = results["plain file copy (baseline)"]
    print(f"\nper-run preparation of the shipped method (fonts, base): {prepare * 1000:.0f} ms")
    print(f"{'method':<52}{'copies/s':>10}{'vs copy':>10}")
    for label, rate in results.items():
        print(f"{label:<52}{rate:>10.1f}{rate / base:>10.0%}")
    ratio = statistics.median(all_rates) / base
    verdict = "MET" if ratio >= TARGET else "NOT MET"
    print(
        f"\ntarget: shipped method >= {TARGET:.0%} of plain-copy throughput: {verdict} "
        f"({ratio:.0%}; rounds: copy {', '.join(f'{r:.0f}' for r in copy_rates)}; "
        f"shipped {', '.join(f'{r:.0f}' for r in all_rates)})"
    )


def warm_build(work: Path) -> float:
    """Copies/s if each copy were a warm `recipebook build` of the shipped book."""
    from click.testing import CliRunner

    from recipebook.cli import main as cli

    project = work / "project"
    project.mkdir()
    for name in ("book.yaml", "recipes", "images"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy(source, project / name)
    runner = CliRunner()
    runner.invoke(cli, ["-q", "-C", str(project), "build"])  # cold: fills the image cache
    start = time.perf_counter()
    for _ in range(2):
        result = runner.invoke(cli, ["-q", "-C", str(project), "build"])
        if result.exit_code != 0:
            print(f"(the shipped book did not build: {result.output.strip()[:200]})")
            return float("nan")
    return 2 / (time.perf_counter() - start)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
