"""A real ``datasette serve`` on the loopback interface, for tests that need HTTP.

Used by the browser test and the publish test. Every request goes to
127.0.0.1 on a port this module picked, through an opener with proxies
turned off: nothing here can reach the network.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
#: No proxy from the environment: a request for 127.0.0.1 stays on this machine.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A port on the loopback interface that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def get(base: str, path: str, timeout: float = 60) -> Response:
    """GET ``base + path`` from a local server; HTTP errors are responses, not exceptions."""
    assert base.startswith(f"http://{LOOPBACK}:"), f"not a loopback address: {base}"
    try:
        with OPENER.open(base + path, timeout=timeout) as r:
            return Response(r.status, r.headers.get("content-type", ""), r.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.get("content-type", ""), error.read())


class LocalServer:
    """``command`` started in ``cwd`` with its output in ``log``; it must listen on ``port``::

    server = LocalServer([...], cwd, env, log, port)
    server.wait(); get(server.base, "/-/sources"); server.stop()
    """

    def __init__(
        self, command: list[str], cwd: Path, env: dict[str, str] | None, log: Path, port: int
    ):
        self.command = command
        self.log = log
        self.base = f"http://{LOOPBACK}:{port}"
        self.output = log.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait(self, timeout: float = 120) -> None:
        """Until the server answers ``/-/versions.json``; AssertionError with its log if not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"{self.command} exited ({self.process.returncode}):\n{self.log.read_text()}"
                )
            try:
                if get(self.base, "/-/versions.json", timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(
            f"{self.command} did not answer in {timeout}s:\n{self.log.read_text()}"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.output.close()
