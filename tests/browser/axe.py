"""axe-core, the accessibility checker, for the browser tests: fetched once from the npm
registry, checked against the integrity the registry published for the pinned version, and
kept under .venv/ (ignored by git). The app never serves it: the tests inject it into a page.
"""

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from pathlib import Path

from django.conf import settings

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# `dist.integrity` of axe-core 4.14.1 in the registry's metadata.
INTEGRITY = ("sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJp"
             "Ze37OgudVGtQ==")
CACHE = Path(settings.BASE_DIR) / ".venv" / "test-cache" / f"axe-core-{VERSION}.min.js"
# The impacts a page may not have.
BLOCKING = ("serious", "critical")


class AxeUnavailable(Exception):
    """The registry could not be reached: the caller skips or fails, as it requires."""


def integrity_of(data):
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def axe_source():
    """axe.min.js of the pinned version: from the cache, or downloaded and verified once."""
    if CACHE.exists():
        return CACHE.read_text(encoding="utf-8")
    try:
        with urllib.request.urlopen(URL, timeout=60) as response:  # noqa: S310 (a fixed https URL)
            archive = response.read()
    except OSError as error:
        raise AxeUnavailable(f"cannot download {URL}: {error}") from error
    if integrity_of(archive) != INTEGRITY:
        raise AssertionError(f"{URL} does not match its published integrity {INTEGRITY}")
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        source = tar.extractfile("package/axe.min.js").read().decode("utf-8")
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    partial = CACHE.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(source, encoding="utf-8")
    partial.replace(CACHE)  # whole or not at all, should two runs fetch it at once
    return source


def violations(page, source):
    """The serious and critical violations of the page as it stands: [(rule, help, targets)]."""
    # Evaluated through the browser's debugging protocol: the page's Content-Security-Policy
    # refuses an inline <script> (add_script_tag), and the app does not serve axe-core.
    page.evaluate(f"() => {{ {source}\n }}")
    result = page.evaluate("""() => axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                        "best-practice"]}})""")
    assert result["passes"], "axe-core checked nothing"
    return [(item["id"], item["help"], [node["target"] for node in item["nodes"]][:5])
            for item in result["violations"] if item["impact"] in BLOCKING]
