"""The email: plain text and HTML from book.yaml's templates, the PDF attached.

Headers are built from structured values (``Address``, a policy that refuses line breaks
in header values), never by pasting strings, so a subscriber's name cannot add a header;
names were already cleaned of control characters when the list was read.
"""

from __future__ import annotations

import base64
import html
import itertools
import re
import secrets
import string
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import formatdate, make_msgid
from urllib.parse import quote

from ..config import BookConfig, DistributionConfig
from ..errors import DistributionError
from .subscribers import Subscriber, clean_text

PLACEHOLDERS = ("first_name", "name", "email", "title", "edition", "author", "unsubscribe")
#: When a subscriber has no name: "Hello there,".
NO_FIRST_NAME = "there"
#: In the HTML made from the text, a line at least this long that goes on in the next line
#: was wrapped by the author's editor: the two are joined. A shorter one keeps its break.
WRAPPED_LINE = 60

# One line per paragraph: mail programs wrap the text to the reader's window.
DEFAULT_BODY = (
    "Hello {first_name},\n"
    "\n"
    "here is your own copy of {title} ({edition} edition). It is attached to this email as "
    "a PDF: save it, open it on any device, and print the recipes you want to keep in the "
    "kitchen or next to the bath.\n"
    "\n"
    "Enjoy, and thank you for being on the list.\n"
    "\n"
    "{author}\n"
    "\n"
    "You receive this because you subscribed to our mailing list. {unsubscribe_sentence}\n"
)


@dataclass(frozen=True, slots=True)
class Templates:
    """The checked message settings of one run."""

    sender: Address
    subject: str
    body: str
    html: str | None
    reply_to: str | None
    unsubscribe: str  # List-Unsubscribe target, may use {email}
    title: str
    author: str
    edition: str

    @property
    def domain(self) -> str:
        return self.sender.domain


def templates_from(config: BookConfig) -> Templates:
    """The distribution settings checked, with errors that name the book.yaml field."""
    dist = config.distribution
    assert dist is not None
    sender = _address(dist.from_, "distribution.from")
    reply_to = None
    if dist.reply_to:
        reply_to = str(_address(dist.reply_to, "distribution.reply_to"))
    for field, value in (
        ("subject", dist.subject),
        ("body", dist.body),
        ("html", dist.html),
        ("unsubscribe", dist.unsubscribe),
    ):
        if value:
            check_template(value, f"distribution.{field}")
    unsubscribe = _unsubscribe(dist, sender)
    return Templates(
        sender=sender,
        subject=dist.subject,
        body=dist.body or _default_body(unsubscribe, sender),
        html=dist.html,
        reply_to=reply_to,
        unsubscribe=unsubscribe,
        title=config.title,
        author=config.author,
        edition=config.edition,
    )


def check_template(template: str, field: str) -> None:
    try:
        names = [
            name for _, name, spec, conv in string.Formatter().parse(template) if name is not None
        ]
    except ValueError as exc:
        raise DistributionError(
            f"book.yaml: {field}: {exc} (write {{{{ and }}}} for a literal brace)"
        ) from None
    for name in names:
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            raise DistributionError(
                f"book.yaml: {field} uses {{{name}}}, which is not known; use {known}"
            )


def new_message_id(templates: Templates) -> str:
    return make_msgid(idstring="recipebook", domain=templates.domain)


def message_bytes(
    templates: Templates,
    subscriber: Subscriber,
    pdf: bytes,
    filename: str,
    message_id: str,
) -> bytes:
    """:func:`build_message` as the bytes that go to the server or into an .eml file.

    The email package writes a large attachment line by line (a tenth of a second for a
    book); so the message is written with a short stand-in attachment, whose one base64
    line is then swapped for the book's, encoded in one go. Same bytes a reader decodes.
    """
    stand_in = b"recipebook:" + secrets.token_hex(23).encode()  # 57 bytes: one base64 line
    msg = build_message(templates, subscriber, stand_in, filename, message_id)
    data = msg.as_bytes()
    encoded = base64.b64encode(stand_in)
    if data.count(encoded) != 1:
        raise DistributionError("internal: the attachment could not be placed in the email")
    lines = base64.encodebytes(pdf).rstrip(b"\n").replace(b"\n", msg.policy.linesep.encode())
    return data.replace(encoded, lines)


def build_message(
    templates: Templates,
    subscriber: Subscriber,
    pdf: bytes,
    filename: str,
    message_id: str,
) -> EmailMessage:
    """The message for one subscriber, with their copy attached."""
    values = {
        "first_name": subscriber.first_name or NO_FIRST_NAME,
        "name": subscriber.name or subscriber.first_name or NO_FIRST_NAME,
        "email": subscriber.email,
        "title": templates.title,
        "edition": templates.edition,
        "author": templates.author,
        "unsubscribe": "",
    }
    target = clean_text(
        templates.unsubscribe.format_map({**values, "email": quote(subscriber.email)}), 500
    )
    values["unsubscribe"] = target
    policy = SMTPUTF8 if subscriber.smtputf8 else SMTP
    msg = EmailMessage(policy=policy)
    msg["From"] = templates.sender
    msg["To"] = _recipient(subscriber)
    if [a.addr_spec for a in msg["To"].addresses] != [subscriber.envelope]:
        raise DistributionError(f"internal: cannot write the To: line for {subscriber.email!r}")
    if templates.reply_to:
        msg["Reply-To"] = templates.reply_to
    msg["Subject"] = _subject(templates.subject, values, subscriber)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg["List-Unsubscribe"] = f"<{target}>"
    text = templates.body.format_map(values)
    msg.set_content(text)
    if templates.html:
        escaped = {key: html.escape(value) for key, value in values.items()}
        msg.add_alternative(templates.html.format_map(escaped), subtype="html")
    else:
        msg.add_alternative(_html_from_text(text), subtype="html")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return msg


def _subject(template: str, values: dict[str, str], subscriber: Subscriber) -> str:
    """The subject line; without a name, "Your copy, {first_name}" is "Your copy", not
    "Your copy, there" ("there" belongs in "Hello there," in the text only)."""
    if subscriber.first_name and subscriber.name:
        return clean_text(template.format_map(values), 200)
    named = {**values, "first_name": subscriber.first_name, "name": subscriber.name}
    text = template.format_map(named)
    text = re.sub(r"\s+([,;:!?.])", r"\1", text)  # "Hi , here" → "Hi, here"
    text = re.sub(r"^[\s,;:]+|[\s,;:]+$", "", text)  # ", your copy" → "your copy"
    text = re.sub(r"([,;:])(?=[,;:!?.])", "", text)  # "Hi,!" → "Hi!"
    return clean_text(text[:1].upper() + text[1:], 200)


def _recipient(subscriber: Subscriber) -> Address | str:
    """The To: value; the name was cleaned of line breaks when the list was read."""
    name = clean_text(subscriber.name)
    address = subscriber.envelope
    if address.isascii():
        return Address(display_name=name, addr_spec=address)
    # Address() refuses a non-ASCII local part (zoë@…); under the SMTPUTF8 policy the header
    # is written as UTF-8, so give it the quoted name and the address as text.
    if not name:
        return address
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def _default_body(unsubscribe: str, sender: Address) -> str:
    if unsubscribe.startswith("mailto:"):
        to = unsubscribe[len("mailto:") :].split("?", 1)[0]
        how = (
            'reply with "unsubscribe".'
            if to.casefold() == sender.addr_spec.casefold()
            else f'write "unsubscribe" to {to}.'
        )
    else:
        how = "unsubscribe here: {unsubscribe}"
    sentence = "If you would rather not hear from us again, " + how
    return DEFAULT_BODY.replace("{unsubscribe_sentence}", sentence)


def _html_paragraph(paragraph: str) -> str:
    """One paragraph of the text as HTML: wrapped lines joined, short ones kept, links live."""
    lines = paragraph.splitlines()
    out = html.escape(lines[0])
    for previous, line in itertools.pairwise(lines):
        joiner = " " if len(previous.rstrip()) >= WRAPPED_LINE else "<br>\n"
        out += joiner + html.escape(line.strip() if joiner == " " else line)
    return "<p>" + _LINK.sub(r'<a href="\1">\1</a>', out) + "</p>"


_LINK = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:!?)])")


def _html_from_text(text: str) -> str:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(_html_paragraph(p) for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html><body style="font-family: Georgia, serif; font-size: 16px; '
        'line-height: 1.5; color: #2e2b28; max-width: 36em;">\n' + body + "\n</body></html>\n"
    )


def _address(value: str, field: str) -> Address:
    try:
        header = SMTP.header_factory("From", value)
        addresses = () if header.defects else header.addresses  # type: ignore[attr-defined]
    except Exception:
        addresses = ()
    if len(addresses) != 1 or "@" not in addresses[0].addr_spec:
        raise DistributionError(
            f'book.yaml: {field} should be one address, like "Spa Recipes <hello@example.com>" '
            f"(found {value!r})"
        )
    return addresses[0]


def _unsubscribe(dist: DistributionConfig, sender: Address) -> str:
    target = (dist.unsubscribe or "").strip()
    if not target:
        return f"mailto:{sender.addr_spec}?subject=unsubscribe"
    if target.startswith(("mailto:", "https://", "http://")):
        return target
    if "@" in target:
        return f"mailto:{target}?subject=unsubscribe"
    raise DistributionError(
        "book.yaml: distribution.unsubscribe should be a mailto: address or an https:// link "
        f"(found {target!r})"
    )
