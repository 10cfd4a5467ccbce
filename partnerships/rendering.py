"""Article bodies: Markdown in, HTML that is safe to show out, whatever an editor pasted.

Markdown passes raw HTML through, so the converted HTML is sanitised afterwards with
nh3 (an allow-list: only the tags and attributes Markdown itself produces survive,
links and images only to http(s)/mailto or relative URLs). The table of contents and
the word count come from the same conversion.
"""

import functools
import html
import math
import re
from dataclasses import dataclass

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify

WORDS_PER_MINUTE = 230
TOC_MIN_HEADINGS = 3
# Heading ids get a prefix so a heading called "Main" cannot clobber the page's #main.
HEADING_ID_PREFIX = "section-"

ALLOWED_TAGS = {
    # Markdown's own output, with headings starting at h2 (the page title is the h1).
    *("h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "pre", "code"),
    *("ul", "ol", "li", "dl", "dt", "dd", "em", "strong", "a", "img"),
    *("table", "thead", "tbody", "tr", "th", "td", "caption"),
    # Harmless inline markup an editor may write by hand.
    *("abbr", "b", "i", "s", "del", "ins", "sub", "sup", "kbd", "mark", "small", "cite", "q"),
    *("figure", "figcaption", "span"),
}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "abbr": {"title"},
    **{heading: {"id"} for heading in HEADINGS},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with everything inside them, not merely unwrapped.
CLEAN_CONTENT_TAGS = {
    *("script", "style", "iframe", "object", "embed", "template", "noscript"),
    *("svg", "math", "textarea", "title", "xmp", "noembed", "noframes"),
}
_HEADING_ID = re.compile(rf"^{HEADING_ID_PREFIX}[a-z0-9_-]+$")


def _keep_attribute(tag, attribute, value):
    if attribute == "id" and not _HEADING_ID.match(value):
        return None
    if attribute == "align" and value not in {"left", "right", "center"}:
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def _heading_id(value, separator):
    return HEADING_ID_PREFIX + (slugify(value, separator) or "heading")


_LEVEL_ONE_HEADING = re.compile(r"^(#[ \t]|=+[ \t]*$)", re.MULTILINE)


def _converter(text):
    # Sections start at h2 (the page title is the h1): "## Section" stays an h2, and a
    # body that uses "# Section" is shifted down one level.
    baselevel = 2 if _LEVEL_ONE_HEADING.search(text) else 1
    return markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "sane_lists"],
        extension_configs={
            "toc": {"baselevel": baselevel, "slugify": _heading_id},
            "tables": {"use_align_attribute": True},
        },
        output_format="html",
    )


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return _cleaner.clean(html)


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    name: str  # plain text: the template escapes it


@dataclass(frozen=True)
class RenderedBody:
    html: SafeString
    toc: tuple[TocEntry, ...]
    word_count: int

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def has_toc(self) -> bool:
        """Only long pieces (three headings or more) get a table of contents."""
        return len(self.toc) >= TOC_MIN_HEADINGS


def _flatten(tokens):
    for token in tokens:
        yield token
        yield from _flatten(token["children"])


def _toc_entries(tokens) -> tuple[TocEntry, ...]:
    # toc's "name" is already HTML-escaped: unescape it so the template escapes it once.
    return tuple(
        TocEntry(level=token["level"], id=token["id"], name=html.unescape(token["name"]))
        for token in _flatten(tokens)
        if _HEADING_ID.match(token["id"])
    )


def count_words(fragment: str) -> int:
    text = nh3.clean(fragment, tags=set(), clean_content_tags=CLEAN_CONTENT_TAGS)
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> RenderedBody:
    """Markdown to sanitised HTML, with its table of contents and word count (cached)."""
    text = text or ""
    converter = _converter(text)
    safe = sanitize_html(converter.convert(text))
    return RenderedBody(
        html=mark_safe(safe),  # sanitised just above
        toc=_toc_entries(converter.toc_tokens),
        word_count=count_words(safe),
    )


# "[@source-slug]" in an article's text: a numbered marker linking to that source in the
# list under the article, numbered as the list is.
CITATION = re.compile(r"\[@([a-z0-9][a-z0-9_-]*)\]")


def number_citations(body_html: str, source_slugs: list[str]) -> SafeString:
    """The rendered body with each "[@slug]" of a listed source as "[n]", a link to it; a
    slug the article does not cite stays as written, for the editor to see."""
    numbers = {slug: number for number, slug in enumerate(source_slugs, start=1)}

    def marker(match):
        number = numbers.get(match.group(1))
        if number is None:
            return match.group(0)
        return (
            f'<sup class="citation-ref"><a href="#source-{number}" '
            f'aria-label="Source {number}">[{number}]</a></sup>'
        )

    return mark_safe(CITATION.sub(marker, str(body_html)))  # numbers only: nothing unsafe
