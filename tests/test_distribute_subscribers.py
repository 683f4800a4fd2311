"""Reading mailing-list exports, and writing CSV a spreadsheet cannot be tricked by."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recipebook.cli import main
from recipebook.distribute.manifest import ManifestRow, safe_cell, write_manifest
from recipebook.distribute.subscribers import (
    clean_text,
    read_subscribers,
    read_suppression,
)
from recipebook.errors import DistributionError

from .distribute_support import DISTRIBUTION, make_project, write_csv


def _emails(path: Path, **kwargs: object) -> list[str]:
    return [s.email for s in read_subscribers(path, **kwargs).subscribers]  # type: ignore[arg-type]


def test_plain_email_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "email,name\njane@example.com,Jane Doe\n")
    [jane] = read_subscribers(path).subscribers
    assert (jane.email, jane.name, jane.first_name, jane.row) == (
        "jane@example.com",
        "Jane Doe",
        "Jane",
        2,
    )


def test_mailchimp_export_with_bom(tmp_path: Path) -> None:
    text = (
        '"Email Address","First Name","Last Name","Address","Phone Number",MEMBER_RATING\n'
        '"zoe@example.com","Zoë","Ἀλέξανδρος","1 Main St, Springfield",,2\n'
        '"dmitri@example.com","Дмитрий","",,,1\n'
    )
    path = write_csv(tmp_path / "members.csv", "\ufeff" + text)
    people = read_subscribers(path).subscribers
    assert [(p.email, p.name, p.first_name) for p in people] == [
        ("zoe@example.com", "Zoë Ἀλέξανδρος", "Zoë"),
        ("dmitri@example.com", "Дмитрий", "Дмитрий"),
    ]


def test_kit_convertkit_export(tmp_path: Path) -> None:
    text = "first_name,email_address,state,created_at\nAda,ada@example.com,active,2024-01-01\n"
    path = write_csv(tmp_path / "kit.csv", text)
    [ada] = read_subscribers(path).subscribers
    assert (ada.email, ada.first_name, ada.name) == ("ada@example.com", "Ada", "Ada")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_detected(tmp_path: Path, delimiter: str) -> None:
    text = f"email{delimiter}name\na@example.com{delimiter}Doe, Jane\n"
    if delimiter == ",":
        text = 'email,name\na@example.com,"Doe, Jane"\n'
    path = write_csv(tmp_path / "s.csv", text)
    [person] = read_subscribers(path).subscribers
    assert person.name == "Doe, Jane"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "s.csv", "email,name\nzoe@example.com,Zoë\n", encoding)
    people = read_subscribers(path)
    assert people.subscribers[0].name == "Zoë"
    assert bool(people.notes) == (encoding == "cp1252")


def test_trim_dedupe_and_invalid_rows_with_numbers(tmp_path: Path) -> None:
    text = (
        "email,name\n"
        "  Jane@Example.COM ,Jane\n"
        "not-an-address,Bad\n"
        "jane@example.com,Jane Again\n"
        ",No Address\n"
        "\n"
        "bob@example.com,Bob\n"
        "x@localhost,Local\n"
    )
    people = read_subscribers(write_csv(tmp_path / "s.csv", text))
    assert [s.email for s in people.subscribers] == ["Jane@example.com", "bob@example.com"]
    assert [(s.row, s.value) for s in people.invalid] == [
        (3, "not-an-address"),
        (5, ""),
        (8, "x@localhost"),
    ]
    assert [d.row for d in people.duplicates] == [4]
    assert "row 3" in str(people.invalid[0])


def test_status_and_unsubscribed_columns_are_honoured(tmp_path: Path) -> None:
    text = (
        "email,name,status,unsubscribed\n"
        "a@example.com,A,subscribed,\n"
        "b@example.com,B,unsubscribed,\n"
        "c@example.com,C,Cleaned,\n"
        "d@example.com,D,subscribed,yes\n"
        "e@example.com,E,something odd,\n"
        "f@example.com,F,active,no\n"
    )
    people = read_subscribers(write_csv(tmp_path / "s.csv", text))
    assert [s.email for s in people.subscribers] == ["a@example.com", "f@example.com"]
    assert [u.row for u in people.unsubscribed] == [3, 4, 5, 6]
    assert "unknown status" in people.unsubscribed[-1].reason


def test_mailchimp_unsubscribed_export_is_skipped(tmp_path: Path) -> None:
    text = '"Email Address","First Name",UNSUB_TIME\n"a@example.com",A,"2024-05-01 10:00:00"\n'
    people = read_subscribers(write_csv(tmp_path / "s.csv", text))
    assert not people.subscribers and len(people.unsubscribed) == 1


def test_suppression_list_any_format(tmp_path: Path) -> None:
    suppress = write_csv(
        tmp_path / "never.txt",
        '# people who asked not to be mailed\nBOB@example.com\n"Email Address"\nc@example.com\n',
    )
    keys = read_suppression(suppress)
    assert keys == {"bob@example.com", "c@example.com"}
    text = "email\na@example.com\nbob@example.com\nc@example.com\n"
    people = read_subscribers(write_csv(tmp_path / "s.csv", text), keys)
    assert [s.email for s in people.subscribers] == ["a@example.com"]
    assert len(people.suppressed) == 2


def test_headerless_list_of_addresses(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "a@example.com,Ann\nb@example.com,Ben\n")
    assert _emails(path) == ["a@example.com", "b@example.com"]


def test_no_email_column_is_a_clear_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "who,phone\nJane,123\n")
    with pytest.raises(DistributionError, match="no email column"):
        read_subscribers(path)


def test_names_lose_control_characters() -> None:
    assert clean_text("Jane\r\nBcc: evil@example.com") == "Jane Bcc: evil@example.com"
    assert clean_text("A\x1b[31mred\x00\u202eB") == "A [31mred B"
    assert len(clean_text("x" * 500)) == 80


def test_password_column_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", "email,name,password\na@example.com,A,open sesame\n")
    assert read_subscribers(path).subscribers[0].password == "open sesame"


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_formula_cells_are_escaped(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert safe_cell("Jane") == "Jane"


def test_manifest_is_safe_for_spreadsheets(tmp_path: Path) -> None:
    path = tmp_path / "manifest.csv"
    rows = [
        ManifestRow('=HYPERLINK("http://x","y")', "@Jane", "f.pdf", "ab", 4, "e1", "1"),
        ManifestRow("b@example.com", "-Bob", "g.pdf", "cd", 4, "e1", "+1"),
    ]
    write_manifest(path, rows)
    text = path.read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["email", "name", "file", "sha256", "pages", "edition", "edition_label"]
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert table[1][1] == "'-Bob" or table[2][1] == "'-Bob"


# -- what the author sees when running the command on real exports ----------------------


def _dry_run(tmp_path: Path, text: str | bytes) -> Result:
    root = make_project(tmp_path / "book", distribution=DISTRIBUTION)
    path = root / "list.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return CliRunner().invoke(main, ["-C", str(root), "distribute", str(path), "--dry-run"])


def _outbox(tmp_path: Path) -> list[str]:
    folder = tmp_path / "book" / "output" / "outbox"
    return sorted(p.name.split("-at-")[0] for p in folder.rglob("*.eml"))


def test_kit_state_column_is_honoured(tmp_path: Path) -> None:
    result = _dry_run(
        tmp_path,
        "first_name,email_address,state,created_at\n"
        "Ada,ada@example.com,active,2024-01-01\n"
        "Bea,bea@example.com,cancelled,2024-01-01\n"
        "Cy,cy@example.com,cold,2024-01-01\n",
    )
    assert result.exit_code == 0, result.output
    assert "not mailed: row 3: 'bea@example.com': status is 'cancelled'" in result.output
    assert "2 written" in result.stdout and "1 unsubscribed" in result.stdout
    assert _outbox(tmp_path) == ["ada", "cy"]


def test_consent_and_email_disabled_columns_are_honoured(tmp_path: Path) -> None:
    """Shopify's "Accepts Email Marketing" (before the Email column), Substack's flag."""
    result = _dry_run(
        tmp_path,
        "Customer ID,Accepts Email Marketing,First Name,Email,email_disabled\n"
        "1,yes,Ann,ann@example.com,false\n"
        "2,no,Ben,ben@example.com,false\n"
        "3,,Cat,cat@example.com,true\n",
    )
    assert result.exit_code == 0, result.output
    assert "row 3: 'ben@example.com': did not agree to receive email" in result.output
    assert "row 4: 'cat@example.com': marked unsubscribed" in result.output
    assert _outbox(tmp_path) == ["ann"]


def test_blank_lines_above_the_header_and_duplicates_by_row(tmp_path: Path) -> None:
    result = _dry_run(
        tmp_path, "\n\nEmail;Vorname;Nachname\njane@example.com;Jane;Doe\nJANE@example.com;J;D\n"
    )
    assert result.exit_code == 0, result.output
    assert "1 written" in result.stdout and "1 duplicate" in result.stdout
    assert "row 5: 'JANE@example.com': the same address as row 4" in result.output
    eml = next((tmp_path / "book" / "output" / "outbox").rglob("*.eml")).read_bytes()
    assert b"To: Jane Doe <jane@example.com>" in eml


def test_an_unclosed_quote_stops_before_anyone_is_lost(tmp_path: Path) -> None:
    result = _dry_run(
        tmp_path,
        'email,name\nann@example.com,Ann\nben@example.com,"Ben\ncat@example.com,Cat\n'
        "dan@example.com,Dan\n",
    )
    assert result.exit_code == 1
    assert "row 3 (line 3 of the file): a quote mark" in result.output
    assert "Traceback" not in result.output and not _outbox(tmp_path)


def test_a_multi_line_cell_is_not_mistaken_for_an_unclosed_quote(tmp_path: Path) -> None:
    result = _dry_run(
        tmp_path,
        'email,name,address\nann@example.com,Ann,"1 Main St\nSpringfield"\nben@example.com,Ben,\n',
    )
    assert result.exit_code == 0, result.output
    assert _outbox(tmp_path) == ["ann", "ben"]


@pytest.mark.parametrize("start", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1"])
def test_a_spreadsheet_workbook_is_explained(tmp_path: Path, start: bytes) -> None:
    result = _dry_run(tmp_path, start + bytes(range(256)))
    assert result.exit_code == 1
    assert "list.csv is a spreadsheet workbook, not a CSV file" in result.output
    assert "CSV UTF-8" in result.output and "\\x" not in result.output
