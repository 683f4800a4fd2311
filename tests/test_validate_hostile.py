"""`recipebook validate` against hostile and odd input: every problem is a located finding
with the right code, quickly; odd-but-valid YAML (merge keys, `title: yes`) still works."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from .conftest import GOOD_RECIPE, findings_json, run


def _write(project: Path, content: str | bytes, name: str = "r.yaml") -> Path:
    path = project / "recipes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def _errors(runner, project: Path) -> list[dict]:
    _code, findings = findings_json(runner, project)
    return [f for f in findings if f["severity"] == "error"]


def _one(runner, project: Path, code: str) -> dict:
    errors = _errors(runner, project)
    assert [f["code"] for f in errors] == [code], errors
    return errors[0]


def _recipe(**replace: str) -> str:
    """The good recipe with some lines replaced: ``_recipe(use="use: off")``."""
    lines = GOOD_RECIPE.format(title="Good Scrub").splitlines()
    for key, line in replace.items():
        index = next(i for i, old in enumerate(lines) if old.startswith(f"{key}:"))
        lines[index] = line
    return "\n".join(lines) + "\n"


def _titles(runner, project: Path) -> list[str]:
    result = run(runner, project, "list", "--format", "json")
    return [row["title"] for row in json.loads(result.stdout)]


# --- reading the file ------------------------------------------------------------------------


def test_whitespace_only_file_is_empty(project: Path, runner) -> None:
    _write(project, "   \n\n  \t \n")
    finding = _one(runner, project, "SCHEMA")
    assert "the file is empty" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 1)


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_wide_encodings_are_named(project: Path, runner, encoding: str, name: str) -> None:
    _write(project, _recipe().encode(encoding))
    finding = _one(runner, project, "YAML")
    assert f"the file is {name}, not UTF-8" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 1)


def test_bad_byte_column_counts_characters(project: Path, runner) -> None:
    _write(project, "title: 🌸 café\n".encode().replace("é".encode(), b"\xe9"))
    finding = _one(runner, project, "YAML")
    assert "not UTF-8 (byte 0xE9" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 13)


def test_raw_control_character_is_located(project: Path, runner) -> None:
    _write(project, _recipe(summary="summary: A soft\x07 scrub."))
    finding = _one(runner, project, "YAML")
    assert "invisible control character (U+0007)" in finding["message"]
    assert (finding["line"], finding["column"]) == (3, 16)


def test_escaped_control_character_is_located(project: Path, runner) -> None:
    _write(project, _recipe(title='title: "Rose\\0 Scrub"'))
    finding = _one(runner, project, "YAML")
    assert "invisible control character (U+0000)" in finding["message"]
    assert (finding["line"], finding["column"]) == (1, 8)


def test_byte_order_mark_inside_a_key_is_named(project: Path, runner) -> None:
    _write(project, _recipe(summary="\ufeffsummary: A soft scrub."))
    unknown = [f for f in _errors(runner, project) if "unknown key" in f["message"]]
    assert len(unknown) == 1
    assert "invisible character, U+FEFF" in unknown[0]["message"]
    assert (unknown[0]["line"], unknown[0]["column"]) == (3, 1)


# --- scalars are read as the author means them -----------------------------------------------


@pytest.mark.parametrize("title", ["yes", "No", "on", "0x1F", "012", "12:30", "3.10", "1_000"])
def test_titles_are_text_as_written(project: Path, runner, title: str) -> None:
    _write(project, _recipe(title=f"title: {title}"))
    assert _errors(runner, project) == []
    assert _titles(runner, project) == [title]


def test_off_as_use_is_named_as_written(project: Path, runner) -> None:
    _write(project, _recipe(use="use: off"))
    finding = _one(runner, project, "SCHEMA")
    assert "'off' is not allowed here" in finding["message"]
    assert (finding["line"], finding["column"]) == (4, 6)


def test_yes_and_no_still_mean_true_and_false(project: Path, runner) -> None:
    extra = "  - item: dried lavender\n    optional: no\n  - item: rose petals\n    optional: yes\n"
    _write(project, _recipe().replace("ingredients:\n", "ingredients:\n" + extra))
    assert _errors(runner, project) == []


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0x10", "'0x10' is not an amount"),
        ("1_000", "'1_000' is not an amount"),
        ("12:30", "'12:30' is not an amount"),
        (".inf", "'.inf' is not an amount"),
        ("true", "'true' is not an amount"),
        ("yes", "'yes' is not an amount"),
    ],
)
def test_amounts_that_yaml_would_misread(project: Path, runner, amount: str, words: str) -> None:
    line = f"  - item: sugar\n    amount: {amount}\n    unit: cup"
    _write(project, _recipe().replace("  - 1 cup granulated sugar", line))
    finding = _one(runner, project, "AMOUNT")
    assert words in finding["message"]
    assert (finding["line"], finding["field"]) == (10, "ingredients[0].amount")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("!!bool maybe", "'maybe' cannot be read as !!bool"),
        ("!!int abc", "'abc' cannot be read as !!int"),
        ('!!float ""', "'' cannot be read as !!float"),
        ("!!str [a]", "'!!str' cannot be put on a list"),
    ],
)
def test_tags_that_do_not_fit_are_findings(project: Path, runner, value: str, words: str) -> None:
    _write(project, _recipe(use=f"use: {value}"))
    finding = _one(runner, project, "YAML")
    assert words in finding["message"]
    assert (finding["line"], finding["column"]) == (4, 6)


@pytest.mark.parametrize("key", ["~", "12", "yes", "null"])
def test_keys_are_named_as_written(project: Path, runner, key: str) -> None:
    _write(project, _recipe() + f"{key}: x\n")
    finding = _one(runner, project, "SCHEMA")
    assert finding["message"] == f"unknown key '{key}'"
    assert (finding["line"], finding["column"]) == (15, 1)


# --- anchors, aliases and merge keys ---------------------------------------------------------


def test_merge_keys_work(project: Path, runner) -> None:
    ingredients = (
        "ingredients:\n"
        "  - &sugar {item: sugar, amount: 1, unit: cup}\n"
        "  - <<: *sugar\n"
        "    item: brown sugar\n"
        "  - 10 drops lavender essential oil\n"
    )
    text = _recipe().split("ingredients:")[0] + ingredients + "steps: [Mix.]\n"
    _write(project, text)
    assert _errors(runner, project) == []


def test_a_merged_mistake_points_at_where_it_was_written(project: Path, runner) -> None:
    ingredients = (
        "ingredients:\n"
        "  - &sugar {item: sugar, amount: 1, unit: cupz}\n"
        "  - <<: *sugar\n"
        "    item: brown sugar\n"
    )
    _write(project, _recipe().split("ingredients:")[0] + ingredients + "steps: [Mix.]\n")
    errors = _errors(runner, project)
    assert {f["field"] for f in errors} == {"ingredients[0].unit", "ingredients[1].unit"}
    assert {(f["code"], f["line"], f["column"]) for f in errors} == {("UNIT", 9, 43)}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title: x\n<<: 5\n", "'<<' (merge) must be followed by a mapping"),
        ("a: &a {<<: *a}\n", "nested far too deeply"),
    ],
    ids=["not-a-mapping", "merges-itself"],
)
def test_bad_merges_are_findings(project: Path, runner, text: str, words: str) -> None:
    _write(project, text)
    finding = _one(runner, project, "YAML")
    assert words in finding["message"]


# --- size: every refusal comes quickly -------------------------------------------------------


def _timed_errors(runner, project: Path) -> tuple[float, list[dict]]:
    started = time.perf_counter()
    errors = _errors(runner, project)
    return time.perf_counter() - started, errors


def test_syntax_error_at_the_end_of_a_large_file_is_quick(project: Path, runner) -> None:
    _write(project, "".join(f"key{i:05}: {'value ' * 5}\n" for i in range(24_000)) + "bad: [\n")
    elapsed, errors = _timed_errors(runner, project)
    assert elapsed < 3
    assert [(f["code"], f["line"]) for f in errors] == [("YAML", 24_002)]


def test_far_too_many_values_is_not_called_an_alias_bomb(project: Path, runner) -> None:
    _write(project, "".join(f"k{i}: v\n" for i in range(30_000)))
    elapsed, errors = _timed_errors(runner, project)
    assert elapsed < 3
    (finding,) = errors
    assert "far too many values" in finding["message"]
    assert "alias" not in finding["message"]


def test_thousands_of_duplicate_keys_are_few_findings(project: Path, runner) -> None:
    _write(project, "title: x\n" * 20_000)
    elapsed, errors = _timed_errors(runner, project)
    assert elapsed < 3
    duplicates = [f for f in errors if f["message"].startswith("duplicate key 'title'")]
    assert 1 < len(duplicates) <= 30
    assert (duplicates[0]["line"], duplicates[0]["column"]) == (2, 1)


def test_tab_indentation_is_named_in_a_large_file(project: Path, runner) -> None:
    text = _recipe(summary="summary: " + "calm " * 12_000).replace("  - 1 cup", "\t- 1 cup")
    _write(project, text)
    finding = _one(runner, project, "YAML")
    assert "tab character" in finding["message"]
    assert (finding["line"], finding["column"]) == (9, 1)


# --- schema messages a non-programmer can act on ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "column", "words", "hint"),
    [
        ("title: '   '", "title", 8, "must not be empty", "after the ':'"),
        ("title:", "title", 7, "expected text, got nothing", "after the ':'"),
        ("title: true", "title", 8, "expected text, got true/false", "in quotes to use it as text"),
        ("yield: ''", "yield", 8, "must not be empty", "after the ':'"),
        ("yield: [1, cup]", "yield", 8, "or a mapping (amount: 250, unit: g), got a list", None),
        ("time: [10 min]", "time", 7, "or a mapping of stages (prep: 10 min), got a list", None),
        ("yield: {amount: [1, 2], unit: g}", "yield.amount", 17, "expected an amount", None),
        ("difficulty: {x: hard}", "difficulty", 13, "expected one of 'easy'", None),
        ("drops_per_ml: .nan", "drops_per_ml", 15, "'.nan' is not allowed here", None),
        ("time: {prep: true}", "time.prep", 14, "'true' is not a duration", None),
        ("Title: Good Scrub", "Title", 1, "unknown key 'Title'", "lower case: 'title'"),
    ],
)
def test_schema_messages(
    project: Path, runner, line: str, field: str, column: int, words: str, hint: str | None
) -> None:
    key = line.split(":")[0].lower()
    text = _recipe(**{key: line}) if key in ("title", "yield", "difficulty", "time") else None
    _write(project, text or _recipe() + line + "\n")
    mine = [f for f in _errors(runner, project) if f["field"] == field]
    assert len(mine) == 1, _errors(runner, project)
    assert words in mine[0]["message"]
    assert mine[0]["column"] == column
    if hint:
        assert hint in mine[0]["hint"]


def test_wrong_type_for_an_amount_says_what_is_expected(project: Path, runner) -> None:
    line = "  - {item: sugar, amount: [1, 2], unit: cup}"
    _write(project, _recipe().replace("  - 1 cup granulated sugar", line))
    finding = _one(runner, project, "SCHEMA")
    assert (
        "expected an amount (a number like 2, or text like 1/2), got a list" in (finding["message"])
    )
    assert (finding["line"], finding["column"]) == (9, 27)


def test_thousands_of_unknown_keys_are_summarised(project: Path, runner) -> None:
    _write(project, _recipe() + "".join(f"colour{i}: red\n" for i in range(3_000)))
    elapsed, errors = _timed_errors(runner, project)
    assert elapsed < 3
    assert len(errors) == 101
    assert errors[0]["message"] == "… and 2900 more problems like these in this file"
    assert errors[1]["message"] == "unknown key 'colour0'"


# --- amounts and units in short-form ingredients ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ("1e3 cup sugar", "AMOUNT", "'1e3' is not an amount"),
        ("0x10 cup sugar", "AMOUNT", "'0x10' is not an amount"),
        ("1x sugar", "AMOUNT", "'1x' is not an amount"),
        ("10 to cup sugar", "AMOUNT", "has no upper end"),
        ("10 - drops rose oil", "AMOUNT", "has no upper end"),
        ("1,5 cup sugar", "AMOUNT", "'1,5' has a comma"),
        ("-1 cup sugar", "AMOUNT", "is negative"),
        ("+2 cup sugar", "AMOUNT", "has a '+'"),
        ("0.0000001 cup sugar", "AMOUNT", "too many digits after the point"),
        ("1 cup 2 tbsp sugar", "AMOUNT", "has two amounts"),
        ("2 1 cup sugar", "AMOUNT", "has two amounts"),
        ("½ ½ cup sugar", "AMOUNT", "has two amounts"),
        ("½½ cup sugar", "AMOUNT", "'½½' is not an amount"),
        ("2 x 5 ml jojoba oil", "AMOUNT", "has two amounts"),
        ("10 ml, jojoba oil", "SCHEMA", "names no ingredient before the comma"),
        ("1 cup of", "SCHEMA", "names no ingredient after the amount"),
        ("2 T sugar", "UNIT", "unknown unit 'T'"),
        ("2 c. sugar", "UNIT", "unknown unit 'c.'"),
        ("2 gr sugar", "UNIT", "unknown unit 'gr'"),
        ("2 heaping tbsp sugar", "UNIT", "right after the amount, not after 'heaping'"),
    ],
)
def test_short_form_near_misses(project: Path, runner, line: str, code: str, words: str) -> None:
    _write(project, _recipe().replace("1 cup granulated sugar", line))
    finding = _one(runner, project, code)
    assert words in finding["message"]
    assert (finding["line"], finding["column"], finding["field"]) == (9, 5, "ingredients[0]")


def test_ambiguous_unit_hint_names_the_choices(project: Path, runner) -> None:
    _write(project, _recipe().replace("1 cup granulated sugar", "1 t honey"))
    finding = _one(runner, project, "UNIT")
    assert "did you mean 'tbsp' or 'tsp'?" in finding["hint"]


@pytest.mark.parametrize(
    "line",
    [
        "2 Tbsp. sugar",
        "2 TSP sugar",
        "2 Fl. Oz. sweet almond oil",
        "2 fluid ounces sweet almond oil",
        "2 Cups sugar",
        "200 ML water",
        "1 lt distilled water",
        "1 kgs salt",
        "4 ozs salt",
        "20 gms salt",
        "2 tablespoonfuls honey",
        "1⁄2 cup sugar",
        "10ml jojoba oil",
        "1½cups sugar",
        "2 1-inch pieces of ginger",
        "1 cup 2% milk",
    ],
)
def test_units_in_every_spelling(project: Path, runner, line: str) -> None:
    _write(project, _recipe().replace("1 cup granulated sugar", line))
    assert [f for f in _errors(runner, project) if f["code"] in ("AMOUNT", "UNIT")] == []


def test_long_form_amount_with_a_unit_says_where_the_unit_goes(project: Path, runner) -> None:
    line = "  - item: sugar\n    amount: 1 cup"
    _write(project, _recipe().replace("  - 1 cup granulated sugar", line))
    finding = _one(runner, project, "AMOUNT")
    assert "'1 cup' has a unit" in finding["message"]
    assert "unit: cup" in finding["hint"]


def test_clock_durations_are_hours_and_minutes(project: Path, runner) -> None:
    _write(project, _recipe(time="time: {prep: '0:45', cure: 1:30}"))
    assert _errors(runner, project) == []
    result = run(runner, project, "list", "--format", "json")
    assert json.loads(result.stdout)[0]["time"] == "2 h 15 min"


# --- images ----------------------------------------------------------------------------------


def _with_image(project: Path, name: str) -> None:
    _write(project, _recipe(use=f"use: rinse-off\nimage: {name}"))


def _image_finding(runner, project: Path, name: str) -> dict:
    _with_image(project, name)
    finding = _one(runner, project, "IMAGE")
    assert (finding["line"], finding["column"], finding["field"]) == (5, 8, "image")
    return finding


@pytest.mark.parametrize(
    ("setup", "name", "words"),
    [
        (lambda d: (d / "z.jpg").write_bytes(b""), "z.jpg", "is not a readable image: it is empty"),
        (
            lambda d: (d / "t.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
            "t.jpg",
            "t.jpg",
        ),
        (lambda d: (d / "d.jpg").mkdir(), "d.jpg", "'d.jpg' is a folder, not a picture"),
        (lambda d: None, "x" * 5000 + ".jpg", "5004 characters long"),
        (lambda d: (d / "ok.jpg").write_bytes(b"x"), "images/ok.jpg", "is not in images/"),
    ],
    ids=["zero-bytes", "truncated", "folder", "very-long-name", "folder-prefix"],
)
def test_image_problems(project: Path, runner, setup, name: str, words: str) -> None:
    setup(project / "images")
    finding = _image_finding(runner, project, name)
    assert words in finding["message"]


def test_image_name_with_the_folder_says_what_to_write(project: Path, runner) -> None:
    (project / "images" / "ok.jpg").write_bytes(b"x")
    finding = _image_finding(runner, project, "images/ok.jpg")
    assert finding["hint"] == "write just the file name: ok.jpg"


def test_cover_image_with_a_hostile_name_is_a_finding(project: Path, runner) -> None:
    _write(project, _recipe())
    book = project / "book.yaml"
    book.write_text(book.read_text() + "cover_image: " + "c" * 3000 + ".jpg\n")
    finding = _one(runner, project, "IMAGE")
    assert (finding["file"], finding["line"], finding["field"]) == ("book.yaml", 11, "cover_image")


# --- book.yaml and the project folder --------------------------------------------------------


@pytest.mark.parametrize(
    ("intro", "words"),
    [
        ("/etc/hostname", "is outside the book folder"),
        ("../../notes.md", "is outside the book folder"),
        ("recipes", "'recipes' is a folder, not a file"),
        ("r" * 3000 + ".md", "the file name is 3003 characters long"),
    ],
)
def test_intro_problems(project: Path, runner, intro: str, words: str) -> None:
    _write(project, _recipe())
    book = project / "book.yaml"
    book.write_text(book.read_text() + f"intro: {intro}\n")
    finding = _one(runner, project, "SCHEMA")
    assert words in finding["message"]
    assert (finding["file"], finding["line"], finding["column"]) == ("book.yaml", 11, 8)


def test_empty_book_yaml_says_so(project: Path, runner) -> None:
    _write(project, _recipe())
    (project / "book.yaml").write_text("# nothing yet\n")
    finding = _one(runner, project, "SCHEMA")
    assert finding["message"].startswith("book.yaml is empty")


def test_a_linked_recipe_is_named_where_it_is(project: Path, runner, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text("just text\n")
    (project / "recipes" / "link.yaml").symlink_to(elsewhere)
    finding = _one(runner, project, "SCHEMA")
    assert finding["file"] == "recipes/link.yaml"


# --- validate PATHS --------------------------------------------------------------------------


def test_the_same_path_twice_is_no_duplicate(project: Path, runner) -> None:
    path = _write(project, _recipe())
    result = run(runner, project, "validate", str(path), str(path))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("notes.txt", "this is not a recipe file: recipe files end in .yaml or .yml"),
        ("nowhere.yaml", "no such file or folder"),
    ],
)
def test_paths_that_name_no_recipe_are_findings(
    project: Path, runner, monkeypatch, name: str, words: str
) -> None:
    _write(project, _recipe())
    if name == "notes.txt":
        (project / name).write_text("title: x\n")
    monkeypatch.chdir(project)
    code, findings = findings_json(runner, project, name, "recipes/r.yaml")
    assert code == 1
    assert [(f["file"], f["line"], f["code"], f["message"]) for f in findings] == [
        (name, None, "YAML", words)
    ]


def test_a_recipe_outside_the_book_is_checked_and_named_as_given(
    project: Path, runner, tmp_path: Path, monkeypatch
) -> None:
    draft = tmp_path / "drafts" / "draft.yaml"
    draft.parent.mkdir()
    draft.write_text(_recipe(use="use: rinse"))
    monkeypatch.chdir(tmp_path)
    code, findings = findings_json(runner, project, "drafts/draft.yaml")
    assert code == 1
    assert [(f["file"], f["line"], f["column"], f["field"]) for f in findings] == [
        ("drafts/draft.yaml", 4, 6, "use")
    ]


def test_paths_relative_to_the_project_and_folders(project: Path, runner, monkeypatch) -> None:
    _write(project, _recipe(), "scrubs/a.yaml")
    _write(project, "title: [broken\n", "bath/b.yaml")
    monkeypatch.chdir(project.parent)
    by_project = run(runner, project, "validate", "recipes/scrubs/a.yaml", "book.yaml")
    assert by_project.exit_code == 0, by_project.stderr
    folder = run(runner, project, "validate", "--format", "json", "recipes/bath")
    assert {f["file"] for f in json.loads(folder.stdout)} == {"recipes/bath/b.yaml"}


# --- commands with odd arguments -------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["yes", "123", "!!!", "&amp", "# Hash", "Rose: a scrub", 'Say "hi"', "0x10", "~"]
)
def test_new_titles_come_back_as_written(project: Path, runner, title: str) -> None:
    result = run(runner, project, "new", "-c", "body-scrub", "--", title)
    assert result.exit_code == 0, result.output
    assert _errors(runner, project) == []
    assert _titles(runner, project) == [title]


def test_new_refuses_a_title_too_long_to_validate(project: Path, runner) -> None:
    result = run(runner, project, "new", "-c", "body-scrub", "x" * 500)
    assert result.exit_code == 1
    assert "the title is 500 characters long; at most 120" in result.stderr
    assert not list((project / "recipes").rglob("*.yaml"))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("new", "Blocked", "-c", "body-scrub"), "recipes/body-scrub"),
        (("init", "{file}/book"), "Not a directory"),
        (("schema", "-o", "{file}/schema.json"), "File exists"),
    ],
    ids=["new", "init", "schema"],
)
def test_file_system_errors_are_messages(project: Path, runner, args, words: str) -> None:
    (project / "recipes" / "body-scrub").write_text("a file where a folder should be")
    blocker = project / "recipes" / "body-scrub"
    result = run(runner, project, *(a.replace("{file}", str(blocker)) for a in args))
    assert result.exit_code == 1
    assert words in result.stderr
    assert "Traceback" not in result.output


# --- syntax mistakes point at the line to fix ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "line", "place", "words", "hint"),
    [
        ("category", "category body-scrub", (2, 1), "this line has no ':'", "`key: value`"),
        ("title", 'title: "Good Scrub', (1, 8), "quote that starts here is never closed", None),
        ("time", "time: {prep: 10 min", (6, 7), "the '{' that starts here is never closed", None),
        ("title", "title: @home Scrub", (1, 8), "cannot start any token", "double quotes"),
        ("title", "title: 'Rosie's Scrub'", (1, 15), "expected <block end>", "double quotes"),
    ],
)
def test_syntax_mistakes(
    project: Path, runner, key: str, line: str, place: tuple[int, int], words: str, hint
) -> None:
    _write(project, _recipe(**{key: line}))
    finding = _one(runner, project, "YAML")
    assert words in finding["message"]
    assert (finding["line"], finding["column"]) == place
    if hint:
        assert hint in finding["hint"]


def test_a_hash_that_starts_a_comment_is_explained(project: Path, runner) -> None:
    _write(project, _recipe(title="title: #1 Scrub"))
    finding = _one(runner, project, "SCHEMA")
    assert finding["message"] == "expected text, got nothing"
    assert "'#' starts a comment" in finding["hint"]


def test_an_invisible_title_is_refused(project: Path, runner) -> None:
    _write(project, _recipe(title='title: "\\u200b"'))
    finding = _one(runner, project, "SCHEMA")
    assert (finding["field"], finding["message"]) == ("title", "has no visible characters")


def test_python_names_of_keys_are_unknown_keys(project: Path, runner) -> None:
    _write(project, _recipe(**{"yield": "yield_: about 1 cup"}))
    book = project / "book.yaml"
    book.write_text(book.read_text() + "distribution: {from_: a@example.com}\n")
    errors = _errors(runner, project)
    assert {(f["field"], f["message"]) for f in errors if "unknown" in f["message"]} == {
        ("yield_", "unknown key 'yield_'"),
        ("distribution.from_", "unknown key 'from_'"),
    }


@pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029"])
def test_unicode_line_separators_do_not_shift_lines(project: Path, runner, separator) -> None:
    """YAML ends a line at U+2028/U+0085/U+2029; editors show them inside the line."""
    text = _recipe(summary=f'summary: "Calm{separator}and soft."', use="use: rinse")
    _write(project, text)
    finding = _one(runner, project, "SCHEMA")
    assert (finding["field"], finding["line"], finding["column"]) == ("use", 4, 6)


def test_a_key_longer_than_yaml_allows_is_named(project: Path, runner) -> None:
    _write(project, _recipe() + "k" * 2000 + ": v\n")
    finding = _one(runner, project, "YAML")
    assert "a key may be at most 1024 characters" in finding["message"]
    assert (finding["line"], finding["column"]) == (15, 1)


def test_strict_says_why_warnings_fail(project: Path, runner) -> None:
    _write(project, _recipe().replace("lavender essential oil", "zzyzx essential oil"))
    loose, strict = run(runner, project, "validate"), run(runner, project, "validate", "--strict")
    assert (loose.exit_code, strict.exit_code) == (0, 1)
    assert "--strict: the warnings count as failures." in strict.stderr


def test_an_empty_list_item_says_where_the_text_goes(project: Path, runner) -> None:
    _write(project, _recipe().replace("  - Stir the sugar and oil together.", "  -"))
    finding = _one(runner, project, "SCHEMA")
    assert (finding["field"], finding["message"]) == ("steps[0]", "expected text, got nothing")
    assert finding["hint"] == "write the text after the '- ' (or remove the empty item)"


def test_titles_that_differ_only_in_unicode_form_are_the_same_title(project: Path, runner) -> None:
    _write(project, GOOD_RECIPE.format(title="Cr\u00e8me Scrub"), "a.yaml")
    _write(project, GOOD_RECIPE.format(title="Cre\u0300me Scrub"), "b.yaml")
    finding = _one(runner, project, "DUPLICATE")
    assert (finding["file"], finding["line"], finding["column"]) == ("recipes/b.yaml", 1, 8)
    assert "is also used by recipes/a.yaml" in finding["message"]


def test_text_output_keeps_each_finding_on_one_line(project: Path, runner) -> None:
    _write(project, _recipe(use='use: "rinse\\noff"'))
    result = run(runner, project, "validate")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("recipes/r.yaml:4:6: error SCHEMA use: 'rinse\\noff' is not")
    assert lines[1] == "    hint: did you mean 'rinse-off'?"
    assert lines[2] == "1 error, 0 warnings in 1 file"


@pytest.mark.parametrize(
    ("key", "line", "field", "words"),
    [
        ("category", "category: " + "x" * 200_000, "category", "at most 60 are allowed"),
        ("time", "time: {prep: " + "1 min " * 30_000 + "}", "time.prep", "at most 100"),
        ("yield", "yield: " + "about a cup " * 20_000, "yield", "at most 200 are allowed"),
    ],
)
def test_huge_values_are_refused_with_short_messages(
    project: Path, runner, key: str, line: str, field: str, words: str
) -> None:
    _write(project, _recipe(**{key: line}))
    elapsed, errors = _timed_errors(runner, project)
    assert elapsed < 3
    assert [f["field"] for f in errors] == [field]
    assert words in errors[0]["message"]
    assert len(errors[0]["message"]) < 200


def test_a_huge_key_is_shortened_in_messages(project: Path, runner) -> None:
    _write(project, _recipe() + ("k" * 1000 + ": v\n") * 2)
    errors = _errors(runner, project)
    assert {f["message"][:13] for f in errors} == {"unknown key '", "duplicate key"}
    assert all(len(f["message"]) < 200 for f in errors)
