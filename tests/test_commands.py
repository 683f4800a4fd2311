"""The small commands: new, list, schema, init, --version, python -m recipebook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from recipebook import __version__

from .conftest import GOOD_RECIPE, findings_json, run


def test_version(runner, project: Path) -> None:
    result = run(runner, project, "--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_python_dash_m(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recipebook", "-C", str(project), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # no recipes yet: one SCHEMA finding that says how to start
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)
    assert "no recipes yet" in finding["message"]


def test_new_writes_a_valid_template_and_refuses_to_overwrite(runner, project: Path) -> None:
    result = run(runner, project, "new", "Rose & Oat Scrub", "--category", "body-scrub")
    assert result.exit_code == 0, result.output
    path = result.stdout.strip()
    assert path == "recipes/body-scrub/rose-oat-scrub.yaml"
    text = (project / path).read_text(encoding="utf-8")
    assert "title: Rose & Oat Scrub" in text
    assert text.count("#") > 5  # commented
    _code, findings = findings_json(runner, project)
    assert [f for f in findings if f["severity"] == "error"] == []

    again = run(runner, project, "new", "Rose & Oat Scrub", "--category", "body-scrub")
    assert again.exit_code == 1
    assert "already exists; not overwriting it" in again.stderr


def test_new_uses_the_folder_that_holds_the_chapter(runner, project: Path) -> None:
    folder = project / "recipes" / "scrubs"
    folder.mkdir()
    (folder / "good.yaml").write_text(GOOD_RECIPE.format(title="Good Scrub"))
    result = run(runner, project, "new", "Second Scrub", "-c", "body-scrub")
    assert result.stdout.strip() == "recipes/scrubs/second-scrub.yaml"


def test_new_blend_template_asks_for_use(runner, project: Path) -> None:
    result = run(runner, project, "new", "Calm: A Blend", "-c", "essential-oil-blend")
    assert result.exit_code == 0
    text = (project / result.stdout.strip()).read_text(encoding="utf-8")
    assert 'title: "Calm: A Blend"' in text
    assert "\nuse: leave-on" in text
    _code, findings = findings_json(runner, project)
    assert [f for f in findings if f["severity"] == "error"] == []


def test_new_unknown_category(runner, project: Path) -> None:
    result = run(runner, project, "new", "X", "-c", "bath-bombs")
    assert result.exit_code == 1
    assert "Did you mean 'bath-bomb'?" in result.stderr


def test_list_table_and_json(runner, project: Path) -> None:
    (project / "recipes" / "a.yaml").write_text(GOOD_RECIPE.format(title="Alpha Scrub"))
    (project / "recipes" / "b.yaml").write_text(GOOD_RECIPE.format(title="Beta Scrub"))
    table = run(runner, project, "list")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:5] == ["TITLE", "CHAPTER", "USE", "TIME", "DILUTION"]
    assert "Alpha Scrub" in lines[1] and "recipes/a.yaml" in lines[1]
    assert "Body Scrubs" in lines[1] and "rinse-off" in lines[1] and "10 min" in lines[1]
    rows = json.loads(run(runner, project, "list", "--format", "json").stdout)
    assert [r["title"] for r in rows] == ["Alpha Scrub", "Beta Scrub"]
    assert rows[0]["file"] == "recipes/a.yaml"
    assert set(rows[0]) >= {"title", "chapter", "use", "time", "dilution", "file"}


def test_schema_is_json_schema_with_descriptions(runner, project: Path, tmp_path: Path) -> None:
    result = run(runner, project, "schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) >= {"title", "category", "summary", "ingredients", "steps"}
    assert schema["additionalProperties"] is False
    assert "yield" in schema["properties"]
    assert schema["properties"]["ingredients"]["description"]
    out = tmp_path / "recipe.schema.json"
    run(runner, project, "schema", "-o", str(out))
    assert json.loads(out.read_text()) == schema


def test_init_makes_a_project_that_validates(runner, tmp_path: Path) -> None:
    target = tmp_path / "my-book"
    result = runner.invoke(__import__("recipebook.cli").cli.main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "book.yaml").is_file()
    code, findings = findings_json(runner, target, "--strict")
    assert code == 0, findings
    again = runner.invoke(__import__("recipebook.cli").cli.main, ["init", str(target)])
    assert again.exit_code == 1
    assert "is not empty" in again.stderr
