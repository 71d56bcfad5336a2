"""What the deployment tests share: the checkout, free loopback ports, a production-like
environment for processes started from deploy/, and waiting for a server to answer."""

import os
import secrets
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# What the test run sets and a production server never has.
TEST_ONLY = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in TEST_ONLY and not k.startswith("GLAS_")}
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(tmp_path / "media"),
        GLAS_PRIVATE_ROOT=str(tmp_path / "private"),
        STATIC_ROOT=str(tmp_path / "static"),
        HOME=str(tmp_path / "home"),
    )
    environment.pop("XDG_RUNTIME_DIR", None)
    environment.update(extra)
    return environment


def wait_for(url: str, seconds: float = 30) -> bytes:
    """The body of `url` once it answers 200, or AssertionError after `seconds`."""
    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                return response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last = error
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s: {last}")
