"""deploy/nginx/glas.conf, checked by nginx itself and then served: HTTPS only, static files
kept for ever when their name carries a hash, static text compressed (pages by Glas alone), the
proxy headers Glas reads, and request bodies refused just above GLAS_MAX_UPLOAD_MB."""

import gzip
import http.client
import os
import re
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.deploy.helpers import DEPLOY, free_port

SITE = DEPLOY / "nginx" / "glas.conf"
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None
)

pytestmark = pytest.mark.skipif(
    NGINX is None and not os.environ.get("CI"),
    reason="nginx is not installed (apt-get install nginx-light); CI installs it and runs these",
)

PAGE = ("<!doctype html><title>Glas</title>" + "<p>Вести од мрежата</p>" * 200).encode()


def env_value(name):
    text = (DEPLOY / "glas.env.example").read_text()
    return re.search(rf"^{name}=(.*)$", text, re.MULTILINE).group(1)


class Upstream(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers a page and writes down the headers nginx sent."""

    seen: list[dict[str, str]] = []

    def do_GET(self):
        Upstream.seen.append({name.lower(): value for name, value in self.headers.items()})
        # /compressed/ stands for a page Glas compressed itself (an anonymous page without secrets).
        body = gzip.compress(PAGE) if self.path.startswith("/compressed/") else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if self.path.startswith("/compressed/"):
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, upstream):
    """The site file as it is, but on loopback ports, with a throw-away certificate and folders."""
    assert NGINX is not None, "CI must install nginx (.ci/run)"
    prefix = tmp_path_factory.mktemp("nginx")
    for folder in ("logs", "letsencrypt", "static/css", "media/original_images", "media/documents"):
        (prefix / folder).mkdir(parents=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=glas.example.org"]
        + ["-keyout", str(prefix / "letsencrypt/privkey.pem"), "-out", str(prefix / "letsencrypt/fullchain.pem")],
        check=True,
        capture_output=True,
    )
    (prefix / "static/css/glas.0123456789ab.css").write_text("body { color: #222; }\n" * 100)
    (prefix / "static/css/glas.css").write_text("body { color: #222; }\n" * 100)
    (prefix / "media/original_images/kratovo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (prefix / "media/documents/strategy.pdf").write_text("%PDF-1.4")
    http_port, https_port = free_port(), free_port()
    text = SITE.read_text()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/glas.example.org/", f"{prefix}/letsencrypt/"),
        ("/var/log/nginx/", f"{prefix}/logs/"),
        ("/var/lib/glas/", f"{prefix}/"),
        ("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream}"),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    (prefix / "glas.conf").write_text(text)
    mime_types = (
        "include /etc/nginx/mime.types;"
        if os.path.exists("/etc/nginx/mime.types")
        else ("types { text/html html; text/css css; image/svg+xml svg; application/pdf pdf; }")
    )
    (prefix / "nginx.conf").write_text(
        f"""
        user root;
        pid {prefix}/nginx.pid;
        error_log {prefix}/logs/error.log;
        events {{ worker_connections 64; }}
        http {{
            {mime_types}
            default_type application/octet-stream;
            client_body_temp_path {prefix}/body;
            proxy_temp_path {prefix}/proxy;
            fastcgi_temp_path {prefix}/fastcgi;
            uwsgi_temp_path {prefix}/uwsgi;
            scgi_temp_path {prefix}/scgi;
            include {prefix}/glas.conf;
        }}
        """
    )
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    server = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", http_port, timeout=1).request("HEAD", "/")
            break
        except OSError:
            time.sleep(0.1)
    yield {"http": http_port, "https": https_port}
    server.terminate()
    server.wait(timeout=10)


def https(site, method, path, body=None, headers=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", site["https"], timeout=10, context=context)
    connection.request(method, path, body=body, headers={"Host": "glas.example.org", **(headers or {})})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def test_nginx_accepts_the_site_file(site):
    """The fixture ran `nginx -t` on the site file and started nginx with it."""
    assert site["https"]


def test_plain_http_is_sent_to_https(site):
    connection = http.client.HTTPConnection("127.0.0.1", site["http"], timeout=5)
    connection.request("GET", "/en/news/?page=2", headers={"Host": "glas.example.org"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "https://glas.example.org/en/news/?page=2"


def test_pages_reach_gunicorn_with_the_headers_glas_reads(site):
    Upstream.seen.clear()
    response, content = https(site, "GET", "/en/", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status == 200
    assert content == PAGE
    headers = Upstream.seen[-1]
    assert headers["host"] == "glas.example.org"
    assert headers["x-forwarded-proto"] == "https"
    # nginx adds the address it saw after whatever the visitor wrote: GLAS_TRUSTED_PROXIES=1.
    assert headers["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert env_value("GLAS_TRUSTED_PROXIES") == "1"


def test_html_is_compressed_by_glas_alone_so_pages_with_secrets_stay_plain(site):
    """nginx leaves the choice to Glas (core/compression.py): what it sent plain, a page with a
    CSRF token or a session, is not compressed here (BREACH); what it compressed passes through."""
    plain, content = https(site, "GET", "/en/", headers={"Accept-Encoding": "gzip"})
    assert plain.getheader("Content-Encoding") is None
    assert content == PAGE
    compressed, content = https(site, "GET", "/compressed/en/", headers={"Accept-Encoding": "gzip"})
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(content) == PAGE


def test_hashed_static_files_are_kept_for_ever_and_others_for_an_hour(site):
    hashed, content = https(site, "GET", "/static/css/glas.0123456789ab.css", headers={"Accept-Encoding": "gzip"})
    assert hashed.status == 200
    assert hashed.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert hashed.getheader("Content-Encoding") == "gzip"
    plain, _content = https(site, "GET", "/static/css/glas.css")
    assert plain.status == 200
    assert plain.getheader("Cache-Control") == "max-age=3600"


def test_media_is_served_from_disk_but_documents_only_through_wagtail(site):
    image, _content = https(site, "GET", "/media/original_images/kratovo.svg")
    assert image.status == 200
    assert image.getheader("X-Content-Type-Options") == "nosniff"
    document, _content = https(site, "GET", "/media/documents/strategy.pdf")
    assert document.status == 404


def test_bodies_just_above_the_upload_limit_are_refused(site):
    limit = int(env_value("GLAS_MAX_UPLOAD_MB"))
    assert f"client_max_body_size {limit + 1}m;" in SITE.read_text()
    accepted, _content = https(site, "POST", "/en/essays/enter/", body=b"x" * (limit * 1024 * 1024))
    assert accepted.status == 200
    refused, _content = https(site, "POST", "/en/essays/enter/", body=b"x" * ((limit + 2) * 1024 * 1024))
    assert refused.status == 413
