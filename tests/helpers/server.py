"""`quizapp run` in a subprocess, as a terminal runs it."""

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def quizapp_running(options: list[str], env: dict, log_path: Path, start_within: float = 60) -> Iterator:
    """`quizapp run --port P OPTIONS` in a subprocess with `env`, its output in `log_path`, in a process group
    of its own (as a terminal runs it). Yields (base URL, process) once /healthz answers; stops it with Ctrl-C
    (SIGINT) afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quizapp = Path(sys.executable).parent / "quizapp"
    with log_path.open("w") as log:
        command = [str(quizapp), "run", "--port", str(port), *options]
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_within
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()
                    break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.1)
            yield base, server
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
