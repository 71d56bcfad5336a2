"""Bootstrap trimmed to the selectors Glas uses, built without Node.

`build()` reads Bootstrap's CSS (from the xstatic package), collects every word that appears in
the project's templates, static JavaScript and Python sources (a superset of the classes they
use: class attributes, widget attrs, classes set by site.js), adds GLAS_CSS_SAFELIST (classes
made at run time by Bootstrap's own JavaScript or by Wagtail), and keeps a selector only if every
class it names is in that set. Rules without classes (elements, :root, @font-face, @keyframes)
stay. The result goes to GLAS_BUILD_DIR (gitignored), rebuilt when a source is newer, and
`TrimmedCSSFinder` serves it as static file TRIMMED_PATH, so collectstatic and `make run` pick it
up like any other file.
"""

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import crispy_bootstrap5
import tinycss2
import xstatic.pkg.bootstrap
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

TRIMMED_PATH = "css/bootstrap.trimmed.css"
SOURCE = Path(xstatic.pkg.bootstrap.BASE_DIR) / "css" / "bootstrap.css"
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS = re.compile(r"\.((?:\\.|[\w-])+)")
SCANNED_SUFFIXES = {".html", ".txt", ".js", ".py"}
# Forms are drawn by crispy-bootstrap5's templates: their classes count as used.
CRISPY_TEMPLATES = Path(crispy_bootstrap5.__file__).parent / "templates"
SKIPPED_DIRS = {"migrations", "node_modules", "tests", ".venv", "locale", "staticfiles", "build"}


def source_files(base: Path) -> Iterator[Path]:
    """The files whose words count as used classes (under `base`, but not tests or builds)."""
    for path in base.rglob("*"):
        if path.suffix in SCANNED_SUFFIXES and not SKIPPED_DIRS & set(path.relative_to(base).parts):
            if path.is_file():
                yield path


def used_words(files: Iterable[Path]) -> set[str]:
    words: set[str] = set(getattr(settings, "GLAS_CSS_SAFELIST", ()))
    for path in files:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return words


def _keep_selector(selector: str, words: set[str]) -> bool:
    return all(name.replace("\\", "") in words for name in CLASS.findall(selector))


def _trim(rules: list, words: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            selectors = [s for s in selectors if _keep_selector(s, words)]
            if selectors:
                kept.append(",".join(selectors) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            name = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if name in {"media", "supports", "container", "layer"} and rule.content is not None:
                inner = _trim(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words)
                if inner:
                    kept.append(f"@{name} {prelude}{{" + "".join(inner) + "}")
            else:
                kept.append(tinycss2.serialize([rule]).strip())
    return kept


def trim_css(css: str, words: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_trim(rules, words)) + "\n"


def build_dir() -> Path:
    return Path(getattr(settings, "GLAS_BUILD_DIR", Path(settings.BASE_DIR) / "build"))


def build(force: bool = False) -> Path:
    """Write the trimmed Bootstrap into the build folder (if a source changed) and return it."""
    target = build_dir() / TRIMMED_PATH
    sources = [SOURCE, *source_files(Path(settings.BASE_DIR)), *source_files(CRISPY_TEMPLATES)]
    if not force and target.exists():
        built = target.stat().st_mtime
        if all(path.stat().st_mtime <= built for path in sources):
            return target
    css = trim_css(SOURCE.read_text(encoding="utf-8"), used_words(sources[1:]))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    partial.write_text(css, encoding="utf-8")
    partial.replace(target)
    return target


class TrimmedCSSFinder(BaseFinder):
    """Static files finder for the built, trimmed Bootstrap."""

    def find(self, path: str, find_all: bool = False, **kwargs: object) -> str | list[str]:
        if path != TRIMMED_PATH:
            return [] if find_all or kwargs.get("all") else ""
        found = str(build())
        return [found] if find_all or kwargs.get("all") else found

    def list(self, ignore_patterns: object) -> Iterator[tuple[str, FileSystemStorage]]:
        build()
        yield TRIMMED_PATH, FileSystemStorage(location=build_dir())
