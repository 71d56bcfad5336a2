"""`make lighthouse`: Lighthouse mobile performance scores for the Macedonian pages.

Builds a SQLite database with the demo content (bench/lighthouse.sqlite3, kept between runs;
LIGHTHOUSE_REBUILD=1 builds it again), collects the static files, starts gunicorn with the bench
settings (DEBUG off, whitenoise, page cache on) and runs the Lighthouse installed by `make
lighthouse` in tests/bench/lighthouse/node_modules (npm ci, never here) with the system Chromium
(CHROME_PATH, /usr/bin/chromium) in its default mobile emulation against the home page, an
article, a consultation, its report and a competition, LIGHTHOUSE_RUNS times each (3 unless set:
a single run's score moves by a point or two, as Lighthouse's own documentation warns). Writes one
score (0-100) per page under "lighthouse" in bench/results.json, the median of its runs, with each
run's score and the median run's paint, blocking and layout-shift figures; other keys are kept.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"
DATABASE = ROOT / "bench" / "lighthouse.sqlite3"
PYTHON = sys.executable
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
# The figures the performance score is made of, kept for the median run (milliseconds, or the
# layout shift's own unit).
METRICS = {
    "first-contentful-paint": "fcp_ms",
    "largest-contentful-paint": "lcp_ms",
    "total-blocking-time": "tbt_ms",
    "speed-index": "speed_index_ms",
    "cumulative-layout-shift": "cls",
}


def django_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_bench",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(40)),
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "glas-lighthouse-static"),
        "GLAS_PAGE_CACHE_SECONDS": "300",
        "DEBUG": "false",
    }


def manage(*args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=django_env(), check=True, capture_output=True, text=True
    ).stdout


def prepare() -> None:
    if os.environ.get("LIGHTHOUSE_REBUILD") and DATABASE.exists():
        DATABASE.unlink()
    if not DATABASE.exists():
        DATABASE.parent.mkdir(exist_ok=True)
        manage("migrate", "--no-input", "--verbosity", "0")
        for command in ("load_demo_content", "load_demo_consultations", "load_demo_essays"):
            manage(command)
        manage("configure_site", "--url", BASE, "--verbosity", "0")
    manage("collectstatic", "--no-input", "--verbosity", "0")


PAGES_SCRIPT = """
from consultations.models import ConsultationPage
from essays.models import CompetitionPage
from home.models import HomePage, NewsPage
import json
def first(model, **extra):
    return model.objects.live().filter(locale__language_code="mk", **extra).order_by("path").first()
consultation = next(
    (c for c in ConsultationPage.objects.live().filter(locale__language_code="mk") if c.report_is_published),
    first(ConsultationPage),
)
print(json.dumps({
    "home": first(HomePage).url,
    "article": first(NewsPage).url,
    "consultation": first(ConsultationPage).url,
    "report": consultation.url + "report/",
    "competition": first(CompetitionPage).url,
}))
"""


def page_urls() -> dict[str, str]:
    output = manage("shell", "-c", PAGES_SCRIPT)
    urls = json.loads(output.splitlines()[-1])
    return {name: BASE + url if url.startswith("/") else url for name, url in urls.items()}


def start_server() -> subprocess.Popen:
    log = open(ROOT / "bench" / "lighthouse-gunicorn.log", "a")  # noqa: SIM115
    process = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "tests.bench.lighthouse.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=django_env(),
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start; see bench/lighthouse-gunicorn.log")


def score(url: str) -> dict:
    """The page's score, the median of RUNS runs, with each run's and the median run's metrics."""
    binary = HERE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit("Lighthouse is missing: run `make lighthouse` (npm ci in tests/bench/lighthouse)")
    urllib.request.urlopen(url, timeout=30).read()  # noqa: S310  warm the page cache
    runs = []
    for _run in range(RUNS):
        for _attempt in range(3):  # a loaded machine sometimes loses the trace (NO_NAVSTART): again
            result = lighthouse(binary, url)
            if not result.returncode:
                break
        if result.returncode:
            raise SystemExit(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        runs.append(
            {
                "score": round(report["categories"]["performance"]["score"] * 100, 1),
                **{key: round(report["audits"][audit]["numericValue"], 3) for audit, key in METRICS.items()},
            }
        )
    median_run = sorted(runs, key=lambda run: run["score"])[len(runs) // 2]
    return {"score": median_run["score"], "runs": [run["score"] for run in runs], "median_run": median_run}


def lighthouse(binary: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(binary),
            url,
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True,
        text=True,
    )


def main() -> None:
    prepare()
    server = start_server()
    try:
        pages = {name: score(url) for name, url in page_urls().items()}
    finally:
        server.terminate()
        server.wait(timeout=20)
    out = ROOT / "bench" / "results.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    results["lighthouse"] = {
        "form_factor": "mobile",
        "runs": RUNS,
        "scores": {name: page["score"] for name, page in pages.items()},
        "scores_measured": {name: page["runs"] for name, page in pages.items()},
        "median_run": {name: page["median_run"] for name, page in pages.items()},
    }
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for name, page in pages.items():
        run = page["median_run"]
        sys.stdout.write(
            f"{name:14} {page['score']:5.1f}  runs {page['runs']}  FCP {run['fcp_ms']:.0f} ms, "
            f"LCP {run['lcp_ms']:.0f} ms, TBT {run['tbt_ms']:.0f} ms, CLS {run['cls']:.3f}\n"
        )


if __name__ == "__main__":
    main()
