"""Helpers for the distribute tests: a small book PDF, a project around it, a real SMTP server.

The SMTP server is aiosmtpd on 127.0.0.1 (a free port), running in a thread of the test
process. Its handler keeps every message it accepted and can be told to answer some
recipients with an error, a few times or always, or to hold a message until released.
"""

from __future__ import annotations

import asyncio
import io
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_string, policy
from email.message import EmailMessage
from pathlib import Path

import pypdf
from aiosmtpd.controller import Controller
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from recipebook.typeset.fonts import register_fonts

TITLE = "Test Spa Book"
BOOK_FILE = "output/test-spa-book.pdf"

BOOK_YAML = """\
title: {title}
author: Test Author
edition: "{edition}"
output: {book_file}
chapters:
  - id: body-scrub
    title: Body Scrubs
"""

DISTRIBUTION = """\
distribution:
  from: "Spa Recipes <hello@example.com>"
  subject: "Your copy of {{title}}, {{first_name}}"
  smtp: {{host: 127.0.0.1, port: {port}, timeout: 5, retries: 3, retry_delay: 0.05}}
"""


def make_book_pdf(
    path: Path, pages: int = 5, title: str = TITLE, marker: str = "", padding: int = 0
) -> Path:
    """A small book: a title page, outline entries, internal links and metadata.

    ``padding``: about that many bytes more, as a photo of noise on the last page.
    """
    fonts = register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=letter, invariant=True)
    canvas.setTitle(title)
    canvas.setAuthor("Test Author")
    canvas.setSubject("A book for the distribute tests")
    for number in range(1, pages + 1):
        canvas.bookmarkPage(f"page-{number}")
        canvas.addOutlineEntry(f"Chapter {number}", f"page-{number}", level=0)
        canvas.setFont(fonts.heading, 28 if number == 1 else 16)
        canvas.drawCentredString(306, 640, title if number == 1 else f"Chapter {number} {marker}")
        canvas.setFont(fonts.body, 10)
        canvas.drawString(72, 600, f"Body text of page {number}.")
        canvas.drawRightString(540, 40, str(number))
        if number > 1:
            canvas.drawString(72, 560, "Back to the title page")
            canvas.linkAbsolute("", "page-1", (72, 556, 200, 570))
        if padding and number == pages:
            side = int((padding / 1.15) ** 0.5)
            noise = random.Random(side).randbytes(side * side * 3)
            photo = io.BytesIO()
            Image.frombytes("RGB", (side, side), noise).save(photo, "JPEG", quality=95)
            canvas.drawImage(ImageReader(photo), 72, 100, 200, 200)
        canvas.showPage()
    canvas.save()
    return path


def make_project(
    root: Path,
    port: int = 2525,
    *,
    distribution: str | None = DISTRIBUTION,
    edition: str = "1",
    pages: int = 5,
    build: bool = True,
) -> Path:
    """A book project with book.yaml (distribution to 127.0.0.1:port) and a built book."""
    (root / "recipes").mkdir(parents=True, exist_ok=True)
    text = BOOK_YAML.format(title=TITLE, edition=edition, book_file=BOOK_FILE)
    if distribution:
        text += distribution.format(port=port)
    (root / "book.yaml").write_text(text, encoding="utf-8")
    if build:
        make_book_pdf(root / BOOK_FILE, pages=pages)
    return root


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        # An SMTPUTF8 message has UTF-8 headers: parse it as text, as a mail program would.
        text = self.data.decode("utf-8", errors="surrogateescape")
        return message_from_string(text, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Mailbox:
    """An aiosmtpd handler that records messages and answers as scripted."""

    messages: list[Received] = field(default_factory=list)
    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)  # address → replies, in order
    data_replies: dict[str, list[str]] = field(default_factory=dict)
    always_refuse: dict[str, str] = field(default_factory=dict)  # address → 5xx reply
    hold_at: int | None = None  # delay the reply to the message after this many
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    delay: float = 0.0  # seconds to wait in DATA
    stop_after: int | None = None  # shut the server down once this many were accepted
    controller: Controller | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        key = address.lower()
        if key in self.always_refuse:
            return self.always_refuse[key]
        replies = self.rcpt_replies.get(key)
        if replies:
            return replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        key = envelope.rcpt_tos[0].lower()
        replies = self.data_replies.get(key)
        if replies:
            return replies.pop(0)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            hold = self.hold_at is not None and len(self.messages) == self.hold_at
            self.messages.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
        if self.stop_after is not None and len(self.messages) == self.stop_after:
            threading.Thread(target=self._shut_down).start()
        if hold:  # stored, but the "250" is late: the sender cannot know it arrived
            self.holding.set()
            for _ in range(400):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.025)
        return "250 2.0.0 Message accepted"

    def _shut_down(self) -> None:
        controller, self.controller = self.controller, None
        if controller is not None:
            controller.stop()

    def by_recipient(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = {}
        with self.lock:
            for message in self.messages:
                for rcpt in message.rcpt_tos:
                    found.setdefault(rcpt.lower(), []).append(message)
        return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_server(handler: Mailbox, port: int | None = None, **smtp_kwargs: object) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1; yields its port."""
    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **smtp_kwargs)
    controller.start()
    handler.controller = controller
    try:
        yield port
    finally:
        if handler.controller is controller:
            controller.stop()
            handler.controller = None


def attachment(message: EmailMessage) -> bytes:
    for part in message.iter_attachments():
        if part.get_content_type() == "application/pdf":
            return part.get_content()
    raise AssertionError("no PDF attached")


def page_text(pdf: bytes, index: int = 1) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[index].extract_text()


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@contextmanager
def stalling_server() -> Iterator[tuple[int, threading.Event]]:
    """An SMTP server on 127.0.0.1 that takes the start of a message and then stops reading.

    Its receive buffer is tiny, so the sender blocks part-way through the message — the
    moment to interrupt it. Yields the port and an event set once a message has stalled
    (cleared again when the next connection comes in).
    """
    stalled = threading.Event()
    done = threading.Event()
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    connections: list[socket.socket] = []

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            connections.append(conn)
            stalled.clear()
            reader = conn.makefile("rb")
            conn.sendall(b"220 stall.example ESMTP\r\n")
            for _ in range(20):
                line = reader.readline()
                verb = line[:4].upper()
                if not line or verb == b"QUIT":
                    break
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250-stall.example\r\n250 8BITMIME\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    reader.read(2000)
                    stalled.set()
                    break  # and read no more: the sender's next writes block
                else:
                    conn.sendall(b"250 OK\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1]), stalled
    finally:
        done.set()
        thread.join(5)
        for conn in connections:
            conn.close()
        server.close()
