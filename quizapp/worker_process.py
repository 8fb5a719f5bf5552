"""A child process of lower priority that runs slow calls (the question generator, fetching a page) for a
server process, so they neither hold the server's interpreter lock nor take CPU the pages need.

spaCy's work holds the GIL: run in a thread of the server, a 200,000-character article slowed every request
of that process for the 20 s it took. In a child niced to NICENESS, it has its own interpreter, and the
kernel gives the server's threads the CPU first whenever both want it.

One call at a time: the child is started on first use, kept for the next call (the spaCy model stays
loaded), replaced after CALLS_PER_CHILD calls (memory spaCy keeps growing) or after it died, and killed by
`stop`. It is a fresh interpreter (the server's process has threads, and a forked copy of them is unsafe)
started with `python -c`, not multiprocessing's spawn, which would run the parent's main script again in
the child; calls and results go over a socket pair as multiprocessing's pickled messages.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

NICENESS = 10  # 0 is the server's; 10 gets about a tenth of a core the server also wants (Linux CFS)
CALLS_PER_CHILD = 50
CHILD = "from quizapp.worker_process import main; main()"


class WorkerCrashed(RuntimeError):
    """The child died during a call (killed, out of memory, or stopped with the server)."""


def main() -> None:
    """The child (`python -c`, the socket's descriptor and the niceness as arguments)."""
    descriptor, niceness = (int(arg) for arg in sys.argv[1:3])
    _serve(Connection(descriptor), niceness)


def _serve(connection: Connection, niceness: int) -> None:
    """Lower this process's priority, then run calls until the parent closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops us
    os.nice(niceness)
    while True:
        try:
            function, args, kwargs = connection.recv()
        except EOFError:
            return
        try:
            reply = ("ok", function(*args, **kwargs))
        except Exception as error:  # handed to the caller, which decides what the learner reads
            reply = ("error", error)
        try:
            connection.send(reply)
        except Exception as error:  # the result or the error cannot be pickled
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))


class WorkerProcess:
    """`call(function, *args)` in the niced child, waiting for the result; `while_waiting` is called every
    `every` seconds meanwhile (the job runner renews its claim on the job). `env`: variables the child gets
    on top of this process's environment (the generator's settings, config.generator_env)."""

    def __init__(self, niceness: int = NICENESS, env: dict[str, str] | None = None):
        self.niceness = niceness
        self.env = env or {}
        self._process = None
        self._connection = None
        self._calls = 0
        self._lock = threading.Lock()  # one call at a time; stop() may come from another thread
        self._stopped = False

    def call(self, function: Callable, *args, while_waiting=None, every: float = 5.0, **kwargs):
        with self._lock:
            if self._stopped:
                raise WorkerCrashed("stopped")
            if self._process is None or self._process.poll() is not None or self._calls >= CALLS_PER_CHILD:
                self._start()
            self._calls += 1
            connection = self._connection
        try:
            connection.send((function, args, kwargs))
            while not connection.poll(every):
                if self._process.poll() is not None:
                    raise EOFError
                if while_waiting is not None:
                    while_waiting()
            status, value = connection.recv()
        except (EOFError, OSError):
            self._close()
            raise WorkerCrashed("the generator's process ended during the call") from None
        if status == "error":
            raise value
        return value

    def _start(self) -> None:
        self._close()
        ours, theirs = socket.socketpair()
        with theirs:
            # The child imports exactly the quizapp this process runs.
            env = os.environ | self.env | {"PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
            process = subprocess.Popen(
                [sys.executable, "-P", "-c", CHILD, str(theirs.fileno()), str(self.niceness)],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self._process, self._connection, self._calls = process, Connection(ours.detach()), 0

    def _close(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            process.kill()
            process.wait(timeout=5)

    def stop(self) -> None:
        """Kill the child at once, mid-call or not (the caller gets WorkerCrashed)."""
        with self._lock:  # not while a child is being started: it would be missed
            self._stopped = True
            process = self._process
        if process is not None:
            process.kill()
