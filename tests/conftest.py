"""Shared test helpers: a throwaway book project and a CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recipebook.cli import main

FIXTURES = Path(__file__).parent / "fixtures"

GOOD_RECIPE = """\
title: {title}
category: body-scrub
summary: A soft, calming scrub for dry winter skin.
use: rinse-off
yield: about 1 cup
time: {{prep: 10 min}}
difficulty: easy
ingredients:
  - 1 cup granulated sugar
  - 1/2 cup sweet almond oil, or jojoba oil
  - 10 drops lavender essential oil
steps:
  - Stir the sugar and oil together.
  - Add the essential oil and mix well.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A minimal valid book project (book.yaml from fixtures/base, no recipes yet)."""
    root = tmp_path / "book"
    (root / "recipes").mkdir(parents=True)
    (root / "images").mkdir()
    shutil.copy(FIXTURES / "base" / "book.yaml", root / "book.yaml")
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, root: Path, *args: str) -> Result:
    return runner.invoke(main, ["-C", str(root), *args], catch_exceptions=False)


def findings_json(runner: CliRunner, root: Path, *args: str) -> tuple[int, list[dict]]:
    result = run(runner, root, "validate", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)
