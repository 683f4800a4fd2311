"""The recipe file schema (pydantic), its JSON Schema, and pydantic errors as findings."""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
)

from .findings import Finding, SourcePos
from .loader import Document, YamlPath, field_name, invisible_characters

MAX_TEXT = 5_000  # characters in one text value (a step, a summary)
MAX_TITLE = 120
MAX_FINDINGS = 100  # schema findings reported per file; more would bury the first ones


def _visible(text: str) -> str:
    """A title of only zero-width or other invisible characters prints as nothing."""
    if not any(c.isprintable() and not c.isspace() for c in text):
        raise ValueError("has no visible characters")
    return text


def _bool_as_text(value: Any) -> Any:
    """``amount: true`` is no amount of anything: keep it as text for a clear error."""
    return str(value).lower() if isinstance(value, bool) else value


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
AmountValue = Annotated[
    int | float | str,
    BeforeValidator(_bool_as_text),
    Field(description="A number, a fraction (`1/2`, `1 1/2`, `½`) or a range (`10-12`)."),
]


class _Strict(BaseModel):
    # coerce_numbers_to_str: `title: 1984` or `- 42` in steps is text the author meant
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True
    )


class IngredientLong(_Strict):
    """The long form of an ingredient."""

    item: str = Field(min_length=1, max_length=300, description="What it is: `jojoba oil`.")
    amount: AmountValue | None = Field(default=None, description="How much.")
    unit: str | None = Field(
        default=None,
        description="drop, ml, l, tsp, tbsp, cup, fl oz, g, kg, oz, lb, pinch; none for a count.",
    )
    optional: bool = Field(default=False, description="Printed as optional in the book.")
    note: str | None = Field(default=None, max_length=500, description="e.g. `melted`.")


def _ingredient_form(value: Any) -> str:
    return "long" if isinstance(value, dict) else "short"


IngredientEntry = Annotated[
    Annotated[
        str,
        Tag("short"),
        Field(
            min_length=1,
            max_length=500,
            description='Short form: "<amount> <unit> <item>[, <note>]", e.g. "1 cup sugar".',
        ),
    ]
    | Annotated[IngredientLong, Tag("long")],
    Discriminator(_ingredient_form),
]

Duration = Annotated[
    Annotated[str, Field(max_length=100)] | int,
    BeforeValidator(_bool_as_text),
    Field(description='A duration: "10 min", "1 h 30 min", "24-48 h", "2 days" (a number = min).'),
]


class TimeSpec(_Strict):
    prep: Duration | None = Field(default=None, description="Hands-on time.")
    melt: Duration | None = Field(default=None, description="Time to melt butters or wax.")
    infuse: Duration | None = Field(default=None, description="Time to infuse herbs in oil.")
    chill: Duration | None = Field(default=None, description="Time in the fridge.")
    soak: Duration | None = Field(default=None, description="Time in the bath.")
    run: Duration | None = Field(default=None, description="How long to run a diffuser.")
    cook: Duration | None = Field(default=None, description="Time on the heat (melting).")
    rest: Duration | None = Field(default=None, description="Waiting time between steps.")
    set: Duration | None = Field(default=None, description="Time to set or harden.")
    dry: Duration | None = Field(default=None, description="Drying time (bath bombs).")
    cure: Duration | None = Field(default=None, description="Curing or infusing time.")
    total: Duration | None = Field(default=None, description="Total time, if given.")


class YieldSpec(_Strict):
    amount: AmountValue = Field(description="How much the recipe makes.")
    unit: str | None = Field(default=None, description="Its unit (none for a count).")


def _by_shape(plain: Any, mapping: type[BaseModel]) -> Any:
    """``plain | mapping``, chosen by the value's shape so errors speak of one branch only."""
    return Annotated[
        Annotated[plain, Tag("plain")] | Annotated[mapping, Tag("mapping")],
        Discriminator(lambda v: "mapping" if isinstance(v, dict) else "plain"),
    ]


class RecipeFile(_Strict):
    """A recipe file (``recipes/**/*.yaml``)."""

    title: Annotated[str, AfterValidator(_visible)] = Field(
        min_length=1, max_length=MAX_TITLE, description="The recipe's title."
    )
    category: str = Field(min_length=1, max_length=60, description="A chapter id from book.yaml.")
    summary: Text = Field(description="One to three sentences printed under the title.")
    image: str | None = Field(default=None, description="A file in images/ (else a placeholder).")
    use: Literal["leave-on", "face", "rinse-off", "bath", "diffuser", "inhaler"] | None = Field(
        default=None, description="How the product meets the skin; defaults by category."
    )
    audience: Literal["adult", "pregnancy", "child", "sensitive"] = Field(
        default="adult", description="Who it is for; sets the safety limits."
    )
    yield_: _by_shape(Annotated[str, Field(min_length=1, max_length=200)], YieldSpec) | None = (
        Field(
            default=None, alias="yield", description='e.g. "about 1 cup" or {amount: 250, unit: g}.'
        )
    )
    time: _by_shape(Duration, TimeSpec) | None = Field(
        default=None, description="Durations by stage."
    )
    difficulty: Literal["easy", "medium", "advanced"] | None = Field(default=None)
    drops_per_ml: float | None = Field(
        default=None,
        gt=5,
        le=60,
        allow_inf_nan=False,
        description="Drop size of your dropper; safety checks assume 20 drops per ml.",
    )
    ingredients: list[IngredientEntry] = Field(
        min_length=1, max_length=200, description="At least one."
    )
    steps: list[Text] = Field(min_length=1, max_length=100, description="At least one.")
    tips: list[Text] = Field(default_factory=list, max_length=50)
    safety: list[Text] = Field(
        default_factory=list, max_length=50, description="Your notes; the tool adds its own."
    )
    storage: Text | None = None
    shelf_life: str | None = Field(default=None, max_length=200, description='e.g. "3 months".')
    tags: list[Annotated[str, Field(min_length=1, max_length=60)]] = Field(
        default_factory=list, max_length=30
    )


def recipe_json_schema() -> dict[str, Any]:
    """The JSON Schema of a recipe file, for editors' autocompletion."""
    schema = RecipeFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "recipebook recipe"
    return schema


_BRANCH_TAGS = {"short", "long", "plain", "mapping", "str", "int", "float", "bool"}


def _is_branch(part: str | int) -> bool:
    """pydantic names union branches in error locations; they are not keys of the file."""
    return isinstance(part, str) and (
        part in _BRANCH_TAGS or "[" in part or part.startswith("constrained-")
    )


def validation_findings(
    exc: ValidationError, doc: Document, model: type[BaseModel], prefix: YamlPath = ()
) -> list[Finding]:
    """Translate pydantic's errors into located findings with plain-language messages."""
    out: list[Finding] = []
    kinds: dict[YamlPath, list[str]] = {}
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = (*prefix, *(p for p in err["loc"] if not _is_branch(p)))
        kinds.setdefault(loc, []).append(err["type"])
    seen: set[YamlPath] = set()
    for err in errors:
        loc = (*prefix, *(p for p in err["loc"] if not _is_branch(p)))
        kind = err["type"]
        if loc in seen and kind not in ("extra_forbidden", "missing"):
            continue  # one finding per value is enough (unions report one per branch)
        seen.add(loc)
        message, hint = _message(err, loc, model, kinds[loc])
        pos = doc.key_pos(loc) if kind == "extra_forbidden" else doc.pos(loc)
        if err.get("input", "") is None and "#" in doc.line(pos.line)[(pos.column or 1) - 1 :]:
            hint = "'#' starts a comment in YAML, so nothing is left; put the text in quotes"
        out.append(Finding.at(pos, "SCHEMA", message, field=field_name(loc) or None, hint=hint))
    if len(out) > MAX_FINDINGS:
        more = len(out) - MAX_FINDINGS
        rest = Finding.at(
            SourcePos(doc.file, 1, 1),
            "SCHEMA",
            f"… and {more} more problems like these in this file",
            hint="fix the ones above first; is this really a recipe file?",
        )
        out = [*out[:MAX_FINDINGS], rest]
    return out


def _known_keys(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """The keys allowed in the mapping that contains ``loc`` (best effort)."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            for f in getattr(current, "model_fields", {}).values():
                if f.alias == part:
                    field = f
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _type_name(value: Any) -> str:
    return {
        str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
        dict: "a mapping", type(None): "nothing",
    }.get(type(value), type(value).__name__)  # fmt: skip


_TYPE_ERRORS = ("string_type", "str_type", "int_type", "float_type", "bool_type")


def _message(
    err: dict[str, Any], loc: YamlPath, model: type[BaseModel], kinds: list[str]
) -> tuple[str, str | None]:
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    name = str(loc[-1]) if loc else "file"
    if kind == "missing":
        return f"missing required key '{name}'", f"add a line `{name}: …`"
    if kind == "extra_forbidden":
        return _unknown_key(name, _known_keys(model, loc))
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return f"expected one of {expected}, got {_type_name(value)}", _none_hint(value, loc)
        close = difflib.get_close_matches(str(value).lower(), options, n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(options)}"
        return f"'{_short(value)}' is not allowed here; expected {expected}", hint
    if kind in _TYPE_ERRORS:
        return f"expected {_expected(name, kinds)}, got {_type_name(value)}", (
            _none_hint(value, loc) or _quote_hint(value)
        )
    if kind in ("list_type",):
        return (
            f"expected a list, got {_type_name(value)}",
            "write each item on its own line starting with '- '",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (`key: value` lines), got {_type_name(value)}", None
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, list | tuple):
            return "needs at least one entry", "add at least one line starting with '- '"
        return "must not be empty", "write the value after the ':' (or remove the line)"
    if kind in ("too_long", "string_too_long"):
        limit = ctx.get("max_length")
        size = len(value) if isinstance(value, str | list) else "too many"
        what = "characters" if isinstance(value, str) else "entries"
        return f"is {size} {what} long; at most {limit} are allowed", "shorten it"
    if kind == "bool_parsing":
        return f"expected true or false, got '{_short(value)}'", None
    if kind.startswith(("float", "int", "greater", "less", "finite")):
        return f"'{_short(value)}' is not allowed here: {err['msg'].lower()}", None
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])), "type it again with letters you can see"
    if kind == "string_pattern_mismatch":
        return (
            f"'{_short(value)}' is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. body-scrub",
        )
    return err["msg"], None


_EXPECTED_BY_NAME = {
    "amount": "an amount (a number like 2, or text like 1/2)",
    "yield": "text (about 1 cup) or a mapping (amount: 250, unit: g)",
    "time": "a duration (20 min) or a mapping of stages (prep: 10 min)",
}


def _expected(name: str, kinds: list[str]) -> str:
    if name in _EXPECTED_BY_NAME:
        return _EXPECTED_BY_NAME[name]
    words = {"string_type": "text", "str_type": "text", "int_type": "a number"}
    words |= {"float_type": "a number", "bool_type": "true or false"}
    found = list(dict.fromkeys(words[k] for k in kinds if k in words))
    return " or ".join(found) or "a single value"


def _unknown_key(name: str, known: list[str]) -> tuple[str, str]:
    invisible = invisible_characters(name)
    if invisible:
        visible = "".join(c for c in name if c.isprintable() and (c == " " or not c.isspace()))
        return (
            f"unknown key '{visible}' (it contains an invisible character, {invisible[0]})",
            "delete the key and type it again",
        )
    if name.strip().lower() in known:
        return (
            f"unknown key '{_short(name)}'",
            f"keys are written in lower case: '{name.strip().lower()}'",
        )
    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(known)
    return f"unknown key '{_short(name)}'", hint


def _none_hint(value: Any, loc: YamlPath) -> str | None:
    if value is not None:
        return None
    if loc and isinstance(loc[-1], int):
        return "write the text after the '- ' (or remove the empty item)"
    return "write the value after the ':' (or remove the line if it is optional)"


def _quote_hint(value: Any) -> str | None:
    if isinstance(value, bool):
        return f'put it in quotes to use it as text: "{str(value).lower()}"'
    if isinstance(value, dict):
        return "a ': ' inside text makes YAML read a mapping; put the text in quotes"
    if isinstance(value, list):
        return "remove the '- ' (or the [ ]) to give a single text"
    return None


def _short(value: Any, limit: int = 60) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
