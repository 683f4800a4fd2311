"""The README's format section: every example in it is valid."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from recipebook.config import BookConfig

from .conftest import findings_json

README = Path(__file__).parent.parent / "README.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_recipe_example_validates(project: Path, runner) -> None:
    blocks = [b for b in _yaml_blocks() if b.startswith("title: Lavender Honey")]
    assert len(blocks) == 1
    (project / "recipes" / "example.yaml").write_text(blocks[0], encoding="utf-8")
    _code, findings = findings_json(runner, project, "--strict")
    errors = [f for f in findings if f["severity"] == "error"]
    assert errors == []


def test_readme_book_example_is_a_valid_config() -> None:
    (block,) = [b for b in _yaml_blocks() if b.startswith("title: The At-Home Spa")]
    config = BookConfig.model_validate(yaml.safe_load(block))
    assert config.page_size == "letter"
    assert [c.id for c in config.chapters] == ["body-scrub", "bath-bomb", "essential-oil-blend"]
    assert config.distribution is not None
    assert config.distribution.smtp.host == "localhost"


def test_readme_shows_both_fresh_machine_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "pip install -e . && .venv/bin/recipebook build" in text
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in text


def test_ci_runs_the_readme_test_command() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip\" install --quiet -e '.[test]'" in ci
    assert "-m pytest" in ci
