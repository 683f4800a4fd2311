"""The delivery loop: claim in the ledger, send, record — one subscriber at a time.

Order per message: (1) the row is marked 'sending' and committed, (2) the message goes to
the server but for its last line, (3) "handed over" is committed and the last line sent,
(4) the server's answer is committed. A crash between (1) and (3) delivered nothing (the
next run sends it); one between (3) and (4) leaves an *uncertain* row, which later runs
report and skip unless asked to resend. Temporary
failures are retried with doubling pauses; while waiting, the row is back to 'stamped'
(it certainly was not delivered). Ctrl-C stops after recording what is known.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import DistributionError
from .ledger import Ledger
from .mailer import Mailer, Outcome, Result, Unreachable

#: Stop the run when this many messages in a row fail permanently with the same answer:
#: the server refuses everything (a wrong sender, a size limit), not one subscriber.
SAME_FAILURE_LIMIT = 5
#: Stop the run when this many messages in a row were still refused with "try again
#: later" after all their retries: the server is limiting us, every further try fails too.
LATER_LIMIT = 3
#: Longest pause between retries, in seconds.
MAX_DELAY = 120.0


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to deliver: ledger key, envelope, and how to build its bytes."""

    key: str
    address: str  # envelope recipient
    smtputf8: bool
    render: Callable[[str], bytes]  # Message-ID → the message, ready for SMTP


@dataclass
class Delivered:
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    uncertain: list[tuple[str, str]] = field(default_factory=list)
    not_claimed: list[str] = field(default_factory=list)
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped early, if it did


class RateLimiter:
    """At most ``per_minute`` message starts per minute (None: no limit)."""

    def __init__(
        self,
        per_minute: float | None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self.sleep, self.clock = sleep, clock
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        if now < self.next_at:
            self.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.interval


def deliver(
    outgoing: Sequence[Outgoing],
    *,
    ledger: Ledger,
    edition: str,
    mailer: Mailer,
    sender: str,
    rate: float | None,
    resend_uncertain: bool,
    new_message_id: Callable[[], str],
    on_done: Callable[[str, Result], None] | None = None,
    on_retry: Callable[[str], None] | None = None,
) -> Delivered:
    """Send each message at most once per edition; see the module docstring."""
    settings = mailer.settings
    limiter = RateLimiter(rate)
    done = Delivered()
    same: tuple[str, int] = ("", 0)
    later = 0  # messages in a row that the server kept answering "try again later"
    item: Outgoing | None = None
    try:
        for item in outgoing:
            limiter.wait()
            result = _deliver_one(
                item,
                ledger,
                edition,
                mailer,
                sender,
                resend_uncertain,
                new_message_id,
                settings.retries,
                settings.retry_delay,
                on_retry,
            )
            if result is None:
                done.not_claimed.append(item.key)
                continue
            if result.outcome is Outcome.SENT:
                done.sent.append(item.key)
            elif result.outcome is Outcome.UNCERTAIN:
                done.uncertain.append((item.key, result.detail))
            else:
                done.failed.append((item.key, result.detail))
            if on_done:
                on_done(item.key, result)
            if result.outcome is Outcome.PERMANENT:
                count = same[1] + 1 if same[0] == result.detail else 1
                same = (result.detail, count)
                if count >= SAME_FAILURE_LIMIT:
                    done.stopped = (
                        f"stopped: the last {count} messages were all refused with "
                        f"“{result.detail}” — the server refuses everything, not one subscriber"
                    )
                    break
            else:
                same = ("", 0)
            later = later + 1 if result.outcome is Outcome.TEMPORARY else 0
            if later >= LATER_LIMIT:
                done.stopped = (
                    f"stopped: the mail server kept answering “try again later” to the last "
                    f"{later} messages ({result.detail}). It may limit how many emails you "
                    "send per hour: wait a while (or set rate: in book.yaml), then run the same "
                    "command again — nobody is mailed twice, and these are tried again"
                )
                break
    except KeyboardInterrupt:
        done.interrupted = True
        row = ledger.get(edition, item.key) if item is not None else None
        if item is not None and row is not None and row.uncertain:
            done.uncertain.append((item.key, row.error or "interrupted while sending"))
    except DistributionError as exc:  # the server went away for good, or refused the login
        done.stopped = f"stopped: {exc}"
    return done


def _deliver_one(
    item: Outgoing,
    ledger: Ledger,
    edition: str,
    mailer: Mailer,
    sender: str,
    resend_uncertain: bool,
    new_message_id: Callable[[], str],
    retries: int,
    delay: float,
    on_retry: Callable[[str], None] | None = None,
) -> Result | None:
    last = Result(Outcome.TEMPORARY, "not attempted")
    for attempt in range(1, retries + 1):
        connect(mailer, on_retry)
        # The first attempt may pick up a row left 'sending' (with --resend-uncertain);
        # later attempts only ever re-claim a row this loop released itself.
        message_id = ledger.claim(
            edition, item.key, new_message_id(), uncertain=resend_uncertain and attempt == 1
        )
        if message_id is None:
            return None if attempt == 1 else last
        try:
            data = item.render(message_id)
            last = mailer.send(
                sender,
                item.address,
                data,
                smtputf8=item.smtputf8,
                before_end=lambda: ledger.mark_handed(edition, item.key),
            )
        except KeyboardInterrupt:
            if mailer.handed_over:
                ledger.mark_uncertain(edition, item.key, "interrupted (Ctrl-C) while sending")
            else:
                ledger.release(edition, item.key, "interrupted (Ctrl-C) before sending")
            raise
        except BaseException:
            ledger.release(edition, item.key, "not sent: the program stopped with an error")
            raise
        if last.outcome is Outcome.SENT:
            ledger.mark_sent(edition, item.key)
            return last
        if last.outcome is Outcome.PERMANENT:
            ledger.mark_failed(edition, item.key, last.detail)
            return last
        if last.outcome is Outcome.UNCERTAIN:
            ledger.mark_uncertain(edition, item.key, last.detail)
            return last
        if attempt == retries:
            ledger.mark_failed(
                edition, item.key, f"gave up after {attempt} attempts: {last.detail}"
            )
            return last
        ledger.release(edition, item.key, f"attempt {attempt}: {last.detail}")
        pause = backoff(delay, attempt)
        if on_retry is not None:
            on_retry(
                f"{item.address}: {last.detail}; trying again in {pause:g} s "
                f"(attempt {attempt + 1} of {retries})"
            )
        time.sleep(pause)
    return last


def backoff(delay: float, attempt: int) -> float:
    """Seconds to wait after failed ``attempt`` (1-based): ``delay`` doubling, capped."""
    return min(MAX_DELAY, delay * 2 ** (attempt - 1))


def connect(mailer: Mailer, on_retry: Callable[[str], None] | None = None) -> None:
    """Connect (or check the open connection), retrying network trouble with doubling
    pauses (each told to ``on_retry``); a DistributionError the author can act on when the
    server stays unreachable."""
    retries, delay = mailer.settings.retries, mailer.settings.retry_delay
    for attempt in range(1, retries + 1):
        try:
            mailer.connect()
            return
        except Unreachable as exc:
            if attempt == retries:
                raise DistributionError(
                    f"could not reach the mail server {mailer.where} ({exc}). Check smtp.host "
                    "and smtp.port in book.yaml and your internet connection, then run the same "
                    "command again: nobody is mailed twice"
                ) from None
            pause = backoff(delay, attempt)
            if on_retry is not None:
                on_retry(
                    f"could not reach the mail server {mailer.where} ({exc}); trying again in "
                    f"{pause:g} s (attempt {attempt + 1} of {retries})"
                )
            time.sleep(pause)
