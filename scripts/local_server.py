"""What the measuring scripts share: a server started on loopback for one measurement.

``scripts/benchmark.py`` (moto) and ``scripts/cold_start.py`` (dynalite) each start a local
DynamoDB: a free port, the process, a wait until it listens, and a stop that always happens.
"""

import contextlib
import socket
import subprocess
import time

HOST = "127.0.0.1"


class BenchmarkError(Exception):
    """A measurement could not be made; the script says why instead of printing a figure."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(command_for_port, log_path, name, start_seconds=30, **popen):
    """Start ``command_for_port(port)`` on a free loopback port, its output to ``log_path``;
    yield its URL once it accepts connections; stop it on the way out."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command_for_port(port), stdout=log, stderr=subprocess.STDOUT, **popen)
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            if process.poll() is not None:
                raise BenchmarkError(f"{name} exited; see {log_path}")
            try:
                with socket.create_connection((HOST, port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchmarkError(f"{name} did not start in {start_seconds} s") from None
                time.sleep(0.1)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
