"""`recipebook validate`: one fixture per broken scenario, asserting code, place and words."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, GOOD_RECIPE, findings_json, run

BROKEN = sorted((FIXTURES / "broken").iterdir())
EXPECT = re.compile(
    r"# expect: (?P<code>\S+) (?P<place>\S+) (?P<field>\S+) "
    r"\| (?P<message>.+?)(?: ~ (?P<hint>.+))?$"
)


def _expectation(scenario: Path) -> tuple[str, dict[str, str]]:
    files = sorted(scenario.glob("*.yaml")) if scenario.is_dir() else [scenario]
    for file in files:
        first = file.read_bytes().split(b"\n", 1)[0].decode()
        match = EXPECT.match(first)
        if match:
            return file.name, match.groupdict()
    raise AssertionError(f"{scenario.name} has no '# expect:' line")


@pytest.mark.parametrize("scenario", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_scenario(scenario: Path, project: Path, runner) -> None:
    if scenario.is_dir():
        shutil.copytree(scenario, project / "recipes" / scenario.name)
    else:
        shutil.copy(scenario, project / "recipes" / scenario.name)
    (project / "images" / "not-a-photo.jpg").write_text("this is not a picture")
    name, expect = _expectation(scenario)

    started = time.perf_counter()
    code, findings = findings_json(runner, project)
    assert time.perf_counter() - started < 5

    assert code == 1
    mine = [f for f in findings if f["file"].endswith(name) and f["code"] == expect["code"]]
    assert mine, f"no {expect['code']} finding for {name}: {findings}"
    finding = mine[0]
    assert finding["severity"] == "error"
    assert expect["message"] in finding["message"]
    if expect["place"] != "-":
        line, col = (int(x) for x in expect["place"].split(":"))
        assert (finding["line"], finding["column"]) == (line, col)
    else:
        assert finding["line"] is not None
    if expect["field"] != "-":
        assert finding["field"] == expect["field"]
    if expect["hint"]:
        assert expect["hint"] in finding["hint"]


def test_every_file_is_reported_in_one_run(project: Path, runner) -> None:
    for scenario in ("bad-category.yaml", "unknown-unit.yaml", "tab-indent.yaml"):
        shutil.copy(FIXTURES / "broken" / scenario, project / "recipes" / scenario)
    (project / "recipes" / "good.yaml").write_text(GOOD_RECIPE.format(title="Good Scrub"))
    code, findings = findings_json(runner, project)
    assert code == 1
    files = {f["file"] for f in findings}
    assert files == {
        "recipes/bad-category.yaml",
        "recipes/unknown-unit.yaml",
        "recipes/tab-indent.yaml",
    }


def test_text_output_has_location_code_field_and_hint(project: Path, runner) -> None:
    shutil.copy(FIXTURES / "broken" / "unknown-key.yaml", project / "recipes" / "typo.yaml")
    result = run(runner, project, "validate")
    assert result.exit_code == 1
    assert (
        "recipes/typo.yaml:5:1: error SCHEMA ingredeints: unknown key 'ingredeints'"
        in result.stderr
    )
    assert "hint: did you mean 'ingredients'?" in result.stderr
    assert "1 error, 0 warnings in 1 file" in result.stderr


def test_valid_project_exits_zero(project: Path, runner) -> None:
    (project / "recipes" / "good.yaml").write_text(GOOD_RECIPE.format(title="Good Scrub"))
    result = run(runner, project, "validate")
    assert result.exit_code == 0, result.stderr
    assert "no problems found" in result.stderr


def test_bom_and_crlf_are_accepted(project: Path, runner) -> None:
    text = GOOD_RECIPE.format(title="Windows Scrub").replace("\n", "\r\n")
    (project / "recipes" / "win.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    _code, findings = findings_json(runner, project)
    assert [f for f in findings if f["severity"] == "error"] == []


@pytest.mark.parametrize(
    ("content", "message", "line", "column"),
    [
        ("title: caf\xe9 scrub\n".encode("latin-1"), "not UTF-8 (byte 0xE9", 1, 11),
        (b"title: a\x00b\n", "NUL byte", 1, 9),
        ("title: x\n".encode("utf-16"), "UTF-16", 1, 1),
        (bytes(range(256)) * 4, "NUL byte", 1, 1),
    ],
    ids=["latin-1", "nul", "utf-16", "binary-junk"],
)
def test_undecodable_files(project: Path, runner, content, message, line, column) -> None:
    (project / "recipes" / "bad.yaml").write_bytes(content)
    code, findings = findings_json(runner, project)
    assert code == 1
    (finding,) = findings
    assert finding["code"] == "YAML"
    assert message in finding["message"]
    assert (finding["line"], finding["column"]) == (line, column)


def test_giant_title_is_a_schema_error_quickly(project: Path, runner) -> None:
    text = GOOD_RECIPE.format(title="x" * 200_000)
    (project / "recipes" / "long.yaml").write_text(text)
    started = time.perf_counter()
    code, findings = findings_json(runner, project)
    assert time.perf_counter() - started < 3
    assert code == 1
    (finding,) = findings
    assert finding["code"] == "SCHEMA"
    assert finding["field"] == "title"
    assert "200000 characters" in finding["message"]


def test_five_thousand_ingredients_is_quick(project: Path, runner) -> None:
    lines = "\n".join(f"  - {i + 1} g ingredient number {i}" for i in range(5000))
    text = GOOD_RECIPE.format(title="Many").split("ingredients:")[0]
    text += f"ingredients:\n{lines}\nsteps: [Mix.]\n"
    (project / "recipes" / "many.yaml").write_text(text)
    started = time.perf_counter()
    code, findings = findings_json(runner, project)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert findings[0]["field"] == "ingredients"
    assert "at most 200" in findings[0]["message"]


def test_deeply_nested_flow_is_refused(project: Path, runner) -> None:
    (project / "recipes" / "deep.yaml").write_text("title: " + "[" * 50_000 + "]" * 50_000)
    started = time.perf_counter()
    _code, findings = findings_json(runner, project)
    assert time.perf_counter() - started < 3
    assert findings[0]["code"] == "YAML"
    assert "nested far too deeply" in findings[0]["message"]


def test_oversized_file_is_refused(project: Path, runner) -> None:
    (project / "recipes" / "big.yaml").write_text("# " + "x" * 1_100_000 + "\n")
    _code, findings = findings_json(runner, project)
    assert findings[0]["code"] == "YAML"
    assert "at most 1 MB" in findings[0]["message"]


def test_link_out_of_images_is_refused(project: Path, runner, tmp_path: Path) -> None:
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(b"x")
    (project / "images" / "link.jpg").symlink_to(outside)
    text = GOOD_RECIPE.format(title="Linked").replace("use:", "image: link.jpg\nuse:")
    (project / "recipes" / "linked.yaml").write_text(text)
    _code, findings = findings_json(runner, project)
    assert findings[0]["code"] == "IMAGE"
    assert "outside images/" in findings[0]["message"]


def test_strict_fails_on_warnings(project: Path, runner) -> None:
    text = GOOD_RECIPE.format(title="Mystery").replace(
        "10 drops lavender", "10 drops zzyzx-unknown-plant"
    )
    (project / "recipes" / "mystery.yaml").write_text(text)
    loose = run(runner, project, "validate")
    strict = run(runner, project, "validate", "--strict")
    warnings = [f for f in json.loads(run(runner, project, "validate", "--format", "json").stdout)]
    if warnings:  # the safety engine warns about unknown oils (EO-UNKNOWN)
        assert loose.exit_code == 0
        assert strict.exit_code == 1
    else:
        assert loose.exit_code == strict.exit_code == 0


def test_validate_selected_paths_only(project: Path, runner) -> None:
    shutil.copy(FIXTURES / "broken" / "bad-category.yaml", project / "recipes" / "bad.yaml")
    good = project / "recipes" / "good.yaml"
    good.write_text(GOOD_RECIPE.format(title="Good Scrub"))
    result = run(runner, project, "validate", str(good))
    assert result.exit_code == 0, result.stderr


def test_book_yaml_problems_are_located(project: Path, runner) -> None:
    book = project / "book.yaml"
    book.write_text(book.read_text() + "page_size: tabloid\ncolour: blue\n")
    _code, findings = findings_json(runner, project)
    by_field = {f["field"]: f for f in findings}
    assert by_field["page_size"]["file"] == "book.yaml"
    assert by_field["page_size"]["line"] == 11
    assert "'tabloid' is not allowed" in by_field["page_size"]["message"]
    assert by_field["colour"]["message"] == "unknown key 'colour'"


def test_not_a_project_is_a_clear_error(tmp_path: Path, runner) -> None:
    result = runner.invoke(main_cli(), ["-C", str(tmp_path), "validate"])
    assert result.exit_code == 1
    assert "no book.yaml here" in result.stderr
    assert "Traceback" not in result.output


def main_cli():
    from recipebook.cli import main

    return main


def test_numbers_where_text_is_expected_are_text(project: Path, runner) -> None:
    text = GOOD_RECIPE.format(title="1984").replace(
        "  - Stir the sugar", "  - 42\n  - Stir the sugar"
    )
    (project / "recipes" / "numbers.yaml").write_text(text)
    _code, findings = findings_json(runner, project)
    assert [f for f in findings if f["severity"] == "error"] == []
