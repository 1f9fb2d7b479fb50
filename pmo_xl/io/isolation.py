"""Reading input files one at a time in isolated worker processes.

A workbook that makes its reader abort (a native allocation failure, a
crash), run out of memory or never finish must cost one located problem,
not the whole batch.  :func:`run_isolated` hands the files to a few worker
processes, one file at a time, each worker with a memory ceiling; the parent
waits for each file at most the read timeout, kills a worker that overruns
it, replaces a worker that died, and turns every such failure into the
result the caller makes of it (:data:`FailureHandler`).  The workers die
with their parent: on Linux the kernel kills them when the parent process
ends, elsewhere a watcher thread in each worker ends it when the parent is
gone.
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from pmo_xl.errors import Location, Problem

Result = TypeVar("Result")


class FailureKind(str, Enum):
    """Why an isolated read gave no result."""

    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASH = "crash"


@dataclass(frozen=True)
class Failure:
    """An isolated read that gave no result: why, and the detail (exit status or exception text)."""

    kind: FailureKind
    detail: str


#: Makes the result of a file whose read failed: ``handler(path, failure)``.
FailureHandler = Callable[[Path, Failure], Any]

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Arrange for this worker to end as soon as the process that started it ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent ended before the line above took effect
        os._exit(1)
    parent = multiprocessing.parent_process()
    if parent is not None:
        def watch() -> None:
            wait([parent.sentinel])
            os._exit(1)

        threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _address_space_bytes() -> int | None:
    """The virtual memory this process already maps, in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _cap_memory(memory_mb: int) -> None:
    """Limit this process to ``memory_mb`` more megabytes of address space than it maps now."""
    try:
        import resource
    except ImportError:  # not on POSIX: no ceiling
        return
    mapped = _address_space_bytes()
    if mapped is None or memory_mb <= 0:
        return
    ceiling = mapped + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    except (ValueError, OSError):
        pass


def _worker_main(connection: Connection, task: Callable[[Path], Any], memory_mb: int, parent_pid: int) -> None:
    """The loop of one worker: receive ``(index, path)``, send ``(index, ok, result or failure text)``."""
    faulthandler.disable()  # a native abort is reported by the parent, as one problem
    _die_with_parent(parent_pid)
    _cap_memory(memory_mb)
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path = message
        try:
            reply = (index, True, task(path))
            connection.send(reply)
        except MemoryError:
            connection.send((index, False, FailureKind.MEMORY.value))
        except BaseException as exc:  # the file's failure, reported by the parent
            try:
                connection.send((index, False, f"{type(exc).__name__}: {exc}"[:500]))
            except BaseException:
                return


class _Worker:
    """One worker process, its end of the pipe, and the file it reads now."""

    def __init__(self, context, task: Callable[[Path], Any], memory_mb: int):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child_end, task, memory_mb, os.getpid()),
                                       daemon=True)
        self.process.start()
        child_end.close()
        self.job: tuple[int, Path] | None = None
        self.deadline = float("inf")

    def give(self, index: int, path: Path, timeout: float) -> None:
        self.job = (index, path)
        self.deadline = time.monotonic() + timeout
        self.connection.send((index, path))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _death_failure(exitcode: int | None) -> Failure:
    """The failure of a worker that ended while reading: a signal or an exit status."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        if number in (signal.SIGABRT, signal.SIGKILL, getattr(signal, "SIGSEGV", 11)):
            kind = FailureKind.MEMORY if number in (signal.SIGABRT, signal.SIGKILL) else FailureKind.CRASH
            return Failure(kind, signal.Signals(number).name)
        return Failure(FailureKind.CRASH, f"signal {number}")
    return Failure(FailureKind.CRASH, f"exit status {exitcode}")


def run_isolated(task: Callable[[Path], Result], paths: Sequence[Path], on_failure: FailureHandler, *,
                 workers: int = 1, timeout_seconds: float = 120.0, memory_mb: int = 2048,
                 on_done: Callable[[int], None] | None = None) -> list[Result]:
    """``task(path)`` for each of ``paths``, each in a worker process, results in the order of ``paths``.

    At most ``workers`` processes run at once; each reads one file at a
    time, under a ceiling of ``memory_mb`` megabytes more than it maps when
    it starts, and is killed when a file takes more than
    ``timeout_seconds``.  A file whose read raised, overran, or made its
    worker die gets ``on_failure(path, failure)`` as its result.
    ``on_done(index)`` is called as each file is finished.
    """
    results: list[Any] = [None] * len(paths)
    pending = deque(enumerate(paths))
    context = _context()
    pool: list[_Worker] = []

    def finish(index: int, value: Any) -> None:
        results[index] = value
        if on_done is not None:
            on_done(index)

    try:
        while pending or any(worker.job for worker in pool):
            pool = [worker for worker in pool if worker.process.is_alive() or worker.job]
            while pending and len(pool) < min(workers, len(paths)):
                pool.append(_Worker(context, task, memory_mb))
            for worker in pool:
                if worker.job is None and pending:
                    index, path = pending.popleft()
                    try:
                        worker.give(index, path, timeout_seconds)
                    except (BrokenPipeError, OSError):
                        pending.appendleft((index, path))
                        worker.job = None
                        worker.stop()
            busy = [worker for worker in pool if worker.job]
            if not busy:
                continue
            delay = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=delay)
            for worker in busy:
                _collect(worker, ready, finish, on_failure)
            pool = [worker for worker in pool if worker.job or worker.process.is_alive()]
    finally:
        for worker in pool:
            try:
                worker.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
            worker.stop()
    return results


def _collect(worker: _Worker, ready: list, finish: Callable[[int, Any], None], on_failure: FailureHandler) -> None:
    """Take the outcome of ``worker``'s file if it has one: its result, its failure, its death or its overrun."""
    index, path = worker.job
    if worker.connection in ready or worker.process.sentinel in ready:
        try:
            if worker.connection.poll():
                _, ok, value = worker.connection.recv()
                worker.job = None
                if ok:
                    finish(index, value)
                elif value == FailureKind.MEMORY.value:
                    finish(index, on_failure(path, Failure(FailureKind.MEMORY, "MemoryError")))
                else:
                    finish(index, on_failure(path, Failure(FailureKind.CRASH, value)))
                return
        except (EOFError, OSError):
            pass
        worker.process.join(timeout=5)
        worker.job = None
        worker.stop()
        finish(index, on_failure(path, _death_failure(worker.process.exitcode)))
        return
    if time.monotonic() >= worker.deadline:
        worker.job = None
        worker.stop()
        finish(index, on_failure(path, Failure(FailureKind.TIMEOUT, "")))


def failure_problem(path: Path, failure: Failure, limits) -> Problem:
    """The located problem of a file whose isolated read failed (``limits``: the :class:`ReadLimits` used)."""
    location = Location(file=str(path))
    if failure.kind is FailureKind.TIMEOUT:
        return Problem("reading the file took longer than the time limit", location,
                       found=f"more than {limits.timeout_seconds:g} s", code="read_timeout")
    if failure.kind is FailureKind.MEMORY:
        return Problem("reading the file needs more memory than the limit", location,
                       found=f"more than {limits.memory_mb} MB", code="read_memory")
    return Problem("the file could not be read", location, found=failure.detail, code="read_crashed")
