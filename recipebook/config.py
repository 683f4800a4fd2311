"""Book configuration: ``book.yaml`` as a typed, frozen, self-documenting schema."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PageSize = Literal["letter", "a4", "a5", "6x9in"]
Units = Literal["us", "metric", "both"]

_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True
    )


class ChapterConfig(_Strict):
    id: str = Field(
        description="Short id that recipes name in `category`, e.g. `body-scrub`.",
        pattern=_ID_PATTERN,
        max_length=60,
    )
    title: str = Field(description="Chapter title as printed, e.g. `Body Scrubs`.", max_length=120)
    intro: str | None = Field(
        default=None, description="A short paragraph printed on the chapter's opening page."
    )


class SmtpConfig(_Strict):
    host: str = Field(default="localhost", description="SMTP server host name.")
    port: int = Field(default=25, ge=1, le=65535, description="SMTP server port (587, 465, 25).")
    starttls: bool = Field(default=False, description="Upgrade the connection with STARTTLS.")
    ssl: bool = Field(default=False, description="Connect with implicit TLS (usually port 465).")
    username: str | None = Field(
        default=None,
        description="Login name; the password is read from RECIPEBOOK_SMTP_PASSWORD.",
    )
    timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for the server.")
    retries: int = Field(
        default=5, ge=1, le=20, description="Attempts per message on temporary failures (4xx)."
    )
    retry_delay: float = Field(
        default=2.0, ge=0, le=600, description="Seconds before the first retry; doubles each time."
    )


class DistributionConfig(_Strict):
    from_: str = Field(
        alias="from",
        description='Sender, e.g. `"Spa Recipes <hello@example.com>"`.',
    )
    subject: str = Field(
        default="Your copy of {title}",
        description="Email subject; may use {title}, {edition}, {first_name}.",
    )
    reply_to: str | None = Field(default=None, description="Optional Reply-To address.")
    body: str | None = Field(
        default=None,
        description=(
            "Plain-text email body; may use {first_name}, {name}, {email}, {title}, "
            "{edition}, {author}, {unsubscribe}. A friendly default is used when absent."
        ),
    )
    html: str | None = Field(
        default=None,
        description="HTML email body, same placeholders; made from `body` when absent.",
    )
    unsubscribe: str | None = Field(
        default=None,
        description="List-Unsubscribe target: a `mailto:` address or an https URL.",
    )
    rate: float | None = Field(
        default=None, gt=0, description="At most this many messages per minute (--rate)."
    )
    smtp: SmtpConfig = Field(default_factory=SmtpConfig, description="How to reach the server.")


class BookConfig(_Strict):
    """The settings of a book project (``book.yaml``)."""

    title: str = Field(description="The book's title.", min_length=1, max_length=200)
    subtitle: str | None = Field(default=None, description="Printed under the title.")
    author: str = Field(description="Author or publisher name, printed on the cover.")
    edition: str = Field(default="1", description='Edition label, e.g. `"2026"`.', max_length=60)
    language: str = Field(default="en", description="Language code for the PDF metadata.")
    description: str | None = Field(
        default=None, description="One line for the PDF's subject metadata."
    )
    keywords: list[str] = Field(default_factory=list, description="PDF keywords.")
    page_size: PageSize = Field(default="letter", description="letter | a4 | a5 | 6x9in")
    units: Units = Field(
        default="both",
        description="How quantities are printed: us, metric, or both (authored + conversion).",
    )
    intro: str | None = Field(
        default=None, description="Markdown file of the opening chapter, e.g. recipes/intro.md."
    )
    front_matter: list[str] = Field(
        default_factory=list,
        description="More Markdown chapters printed after the intro, before the recipes.",
    )
    about: str | None = Field(
        default=None,
        description="Markdown 'about the author' page; defaults to recipes/about.md if present.",
    )
    cover_image: str | None = Field(default=None, description="Cover picture, a file in images/.")
    output: str | None = Field(
        default=None, description="Where `build` writes the PDF; default output/<title>.pdf."
    )
    chapters: list[ChapterConfig] = Field(
        min_length=1, description="The chapters in book order; recipes name one by `category`."
    )
    distribution: DistributionConfig | None = Field(
        default=None, description="Settings for `recipebook distribute` (email delivery)."
    )
