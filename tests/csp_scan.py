"""What a Content-Security-Policy header would block in an HTML page (CSP level 3, for the
parts this site uses: 'self', 'unsafe-inline', 'unsafe-hashes' and sha256 hashes).

`blocked(html, policy)` lists every inline script, event handler, `javascript:` URL, style
element and style attribute in `html` that `policy` (the header's value) does not allow.
"""

import base64
import hashlib
from html.parser import HTMLParser

# <script> blocks of these types are data, not code: CSP does not block them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, text)
        self._script = None  # the attributes of the <script> being read
        self._style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(("script-attr", value))
            elif name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:"):
                self.found.append(("javascript-url", value))
            elif name == "style" and value.strip():
                self.found.append(("style-attr", value))
        if tag == "script":
            self._script = dict(attrs)
        elif tag == "style":
            self._style = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._style and data.strip():
            self.found.append(("style-element", data))
        script = self._script
        if script is None or "src" in script or not data.strip():
            return
        if (script.get("type") or "").strip().lower() not in DATA_SCRIPT_TYPES:
            self.found.append(("script-element", data))


def inline_code(html: str) -> list[tuple[str, str]]:
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def _sources(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def _allowed(kind: str, text: str, directives) -> bool:
    family = "script-src" if kind.startswith(("script", "javascript")) else "style-src"
    sources = directives.get(family, directives.get("default-src", []))
    if "'unsafe-inline'" in sources:
        return True
    if kind.endswith("-element"):
        return csp_hash(text) in sources
    if kind.endswith("-attr"):
        return "'unsafe-hashes'" in sources and csp_hash(text) in sources
    return False  # javascript: URLs need 'unsafe-inline'


def blocked(html: str, policy: str) -> list[str]:
    directives = _sources(policy)
    return [
        f"{kind}: {text.strip()[:70]!r}"
        for kind, text in inline_code(html)
        if not _allowed(kind, text, directives)
    ]
