"""Write the personalised copies: atomically, on every core, optionally encrypted.

A plain copy is the stamp base copied by the kernel (``shutil.copyfile``) with the
subscriber's incremental update appended; threads are enough, since the copying happens
outside the GIL. An encrypted copy must be rewritten whole (every string and stream is
encrypted with a key of its own), which is CPU work for pikepdf, so those run in worker
processes. Either way a copy appears under its final name only when it is complete.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from ..errors import DistributionError
from .stamp import StampKit, stamp_update

#: --encrypt: printing allowed; changing, assembling and filling forms forbidden.
PERMISSIONS = pikepdf.Permissions(
    accessibility=True,
    extract=True,
    modify_annotation=False,
    modify_assembly=False,
    modify_form=False,
    modify_other=False,
    print_lowres=True,
    print_highres=True,
)


@dataclass(frozen=True, slots=True)
class CopyJob:
    """One copy to write: who it is for and where it goes."""

    email: str
    name: str
    target: Path
    user_password: str | None = None


@dataclass(frozen=True, slots=True)
class CopyResult:
    job: CopyJob
    sha256: str
    size: int


def worker_count() -> int:
    """Both cores (or however many this machine has)."""
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def write_copies(
    kit: StampKit,
    jobs: Sequence[CopyJob],
    *,
    encrypt: bool = False,
    workers: int | None = None,
    progress: Callable[[CopyResult], None] | None = None,
) -> list[CopyResult]:
    """Write every job's copy; results in the order of ``jobs``."""
    if not jobs:
        return []
    workers = workers or worker_count()
    for folder in {job.target.parent for job in jobs}:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
    results: list[CopyResult] = []
    for result in _run(kit, jobs, encrypt, workers):
        results.append(result)
        if progress:
            progress(result)
    return results


def _run(
    kit: StampKit, jobs: Sequence[CopyJob], encrypt: bool, workers: int
) -> Iterator[CopyResult]:
    task: Callable[[StampKit, CopyJob], CopyResult] = write_encrypted if encrypt else write_plain
    if workers == 1:
        yield from (_guard(task, kit, job) for job in jobs)
        return
    pool: Executor = ProcessPoolExecutor(workers) if encrypt else ThreadPoolExecutor(workers)
    with pool:
        chunk = max(1, min(16, len(jobs) // (workers * 4) or 1))
        yield from pool.map(_guard, [task] * len(jobs), [kit] * len(jobs), jobs, chunksize=chunk)


def _guard(
    task: Callable[[StampKit, CopyJob], CopyResult], kit: StampKit, job: CopyJob
) -> CopyResult:
    try:
        return task(kit, job)
    except OSError as exc:
        raise DistributionError(
            f"could not write the copy {job.target.name}: {exc.strerror or exc}"
        ) from None


def write_plain(kit: StampKit, job: CopyJob) -> CopyResult:
    """The base's bytes plus this subscriber's update, written atomically."""
    update = stamp_update(kit, job.name, job.email)
    digest = _base_hash(kit).copy()
    digest.update(update)
    with _atomic(job.target) as tmp:
        shutil.copyfile(kit.base, tmp)
        with tmp.open("ab") as handle:
            handle.write(update)
    return CopyResult(job, digest.hexdigest(), kit.base_size + len(update))


def write_encrypted(kit: StampKit, job: CopyJob) -> CopyResult:
    """The stamped copy rewritten with AES-256: print yes, edit no; random owner password."""
    data = _base_bytes(kit) + stamp_update(kit, job.name, job.email)
    encryption = pikepdf.Encryption(
        owner=secrets.token_urlsafe(24), user=job.user_password or "", R=6, allow=PERMISSIONS
    )
    with pikepdf.open(io.BytesIO(data)) as pdf, _atomic(job.target) as tmp:
        pdf.save(tmp, encryption=encryption)
        written = tmp.read_bytes()
    return CopyResult(job, hashlib.sha256(written).hexdigest(), len(written))


class _atomic:
    """A temporary name next to ``target``, renamed onto it only on success."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")

    def __enter__(self) -> Path:
        return self.tmp

    def __exit__(self, kind: Any, *_: Any) -> None:
        if kind is None:
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)


_cache_lock = threading.Lock()
_hashes: dict[tuple[Path, int], Any] = {}
_bytes: dict[tuple[Path, int], bytes] = {}


def _base_hash(kit: StampKit) -> Any:
    key = (kit.base, kit.base_size)
    with _cache_lock:
        if key not in _hashes:
            _hashes.clear()
            _hashes[key] = hashlib.sha256(kit.base.read_bytes())
        return _hashes[key]


def _base_bytes(kit: StampKit) -> bytes:
    key = (kit.base, kit.base_size)
    with _cache_lock:
        if key not in _bytes:
            _bytes.clear()
            _bytes[key] = kit.base.read_bytes()
        return _bytes[key]
