"""End to end: `recipebook init`, `build`, then `distribute --send` to a real SMTP server."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2
from click.testing import CliRunner

from recipebook.cli import main

from .distribute_support import Mailbox, attachment, smtp_server, write_csv

DISTRIBUTION = """
distribution:
  from: "Your Name <you@example.com>"
  subject: "Your copy of {{title}}"
  unsubscribe: "https://example.com/unsubscribe?who={{email}}"
  smtp: {{host: 127.0.0.1, port: {port}, retries: 2, retry_delay: 0.05}}
"""


def _invoke(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _structure(pdf: pikepdf.Pdf) -> tuple[list[str], int, dict[str, str]]:
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    links = sum(len(page.get("/Annots", [])) for page in pdf.pages)
    info = {key: str(value) for key, value in pdf.docinfo.items()}
    return titles, links, info


def test_a_built_book_is_stamped_and_sent(tmp_path: Path) -> None:
    root = tmp_path / "my-book"
    assert CliRunner().invoke(main, ["init", str(root)]).exit_code == 0
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        with (root / "book.yaml").open("a", encoding="utf-8") as handle:
            handle.write(DISTRIBUTION.format(port=port))
        _invoke(root, "build")
        book = next((root / "output").glob("*.pdf"))
        people = write_csv(root / "subscribers.csv", "email,name\nzoe@example.com,Zoë Ἀλέξανδρος\n")
        assert "1 sent, 0 failed" in _invoke(root, "distribute", str(people), "--send")

        [delivered] = mailbox.messages
        message = delivered.message
        assert message["List-Unsubscribe"] == (
            "<https://example.com/unsubscribe?who=zoe%40example.com>"
        )
        copy = attachment(message)
        document = pypdfium2.PdfDocument(copy)
        cover = document[0].get_textpage().get_text_range()
        assert "This copy was prepared for" in cover and "Zoë Ἀλέξανδρος" in cover
        for index in range(len(document)):
            text = document[index].get_textpage().get_text_range()
            assert "Prepared for Zoë Ἀλέξανδρος · zoe@example.com" in text
        with pikepdf.open(book) as built, pikepdf.open(io.BytesIO(copy)) as stamped:
            assert len(built.pages) == len(stamped.pages)
            assert _structure(built) == _structure(stamped)
            assert not stamped.check_pdf_syntax()

        # Building again without changes gives the same book: nobody gets it twice.
        _invoke(root, "build")
        again = _invoke(root, "distribute", str(people), "--send")
        assert "0 sent" in again and "1 already had this edition" in again

        # A changed recipe is a new edition: it goes out again, once.
        recipe = next((root / "recipes").rglob("*.yaml"))
        recipe.write_text(
            recipe.read_text(encoding="utf-8").replace("summary:", "summary: Revised.", 1),
            encoding="utf-8",
        )
        _invoke(root, "build")
        assert "1 sent" in _invoke(root, "distribute", str(people), "--send")
        assert "0 sent" in _invoke(root, "distribute", str(people), "--send")
        assert len(mailbox.messages) == 2
