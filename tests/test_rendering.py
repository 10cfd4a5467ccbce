"""Article bodies: whatever an editor pastes, only safe HTML comes out; Markdown survives."""

import re

import pytest

from partnerships.rendering import render_markdown, sanitize_html


def html_of(text):
    return str(render_markdown(text).html)


def assert_no_active_content(html):
    lowered = html.lower()
    for needle in ("<script", "javascript:", "vbscript:", "data:", "<iframe", "<style", "<svg"):
        assert needle not in lowered, f"{needle!r} survived in {html!r}"
    assert not re.search(r"\son\w+\s*=", lowered), f"event handler survived in {html!r}"
    assert " style=" not in lowered


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        '<img src="x.png" onerror="alert(1)">',
        '<p onclick="alert(1)">click</p>',
        '<a href="#" onmouseover="alert(1)">hover</a>',
        "[link](javascript:alert(1))",
        "[link](  JaVaScRiPt:alert(1) )",
        '<a href="javascript:alert(1)">link</a>',
        '<a href="jav&#x09;ascript:alert(1)">tab entity</a>',
        '<a href="&#106;&#97;vascript:alert(1)">decimal entities</a>',
        '<a href="java\nscript:alert(1)">newline</a>',
        '<a href="vbscript:msgbox(1)">vb</a>',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![img](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        '<img src="javascript:alert(1)">',
        '<iframe src="https://evil.example/"></iframe>',
        "<style>body { display: none }</style>",
        '<p style="position:fixed;top:0">overlay</p>',
        "<svg onload=alert(1)><circle r=1 /></svg>",
        '<object data="https://evil.example/x.swf"></object>',
        '<embed src="https://evil.example/x.swf">',
        '<form action="https://evil.example/"><input name="q"></form>',
        '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<base href="javascript:alert(1)//">',
    ],
)
def test_dangerous_constructs_are_stripped(dangerous):
    html = html_of(f"Before.\n\n{dangerous}\n\nAfter.")
    assert_no_active_content(html)
    for tag in ("<form", "<input", "<object", "<embed", "<meta", "<base", "<math"):
        assert tag not in html.lower()
    assert "Before." in html
    assert "After." in html


def test_script_content_is_dropped_not_shown_as_text():
    html = html_of("<script>stealCookies()</script>\n\nText")
    assert "stealCookies" not in html


def test_inline_html_in_a_paragraph_is_sanitised_too():
    html = html_of('Read <a href="javascript:alert(1)" onclick="x()">this</a> now.')
    assert_no_active_content(html)
    assert ">this</a>" in html


def test_heading_ids_cannot_clobber_page_ids():
    html = html_of('<h2 id="main">Injected</h2>')
    assert 'id="main"' not in html


def test_sanitize_html_is_usable_alone():
    assert sanitize_html('<b onclick="x()">bold</b>') == "<b>bold</b>"


def test_normal_markdown_survives():
    body = "\n".join(
        [
            "## Origins",
            "",
            "Some **bold**, *italic* and `inline code`.",
            "",
            "### Details",
            "",
            "- first",
            "- second",
            "",
            "1. one",
            "2. two",
            "",
            "> A quotation.",
            "",
            "| Treaty | Year |",
            "|:-------|-----:|",
            "| ANZUS  | 1951 |",
            "",
            "```",
            "code block",
            "```",
            "",
            "[NATO](https://www.nato.int/) and [nations](/nations/) and "
            "[mail](mailto:editors@example.org).",
            "",
            "![A map](/static/map.png)",
        ]
    )
    html = html_of(body)
    assert '<h2 id="section-origins">Origins</h2>' in html
    assert '<h3 id="section-details">Details</h3>' in html
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<code>inline code</code>" in html
    assert "<ul>" in html and "<li>first</li>" in html
    assert "<ol>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html
    assert "<table>" in html and '<th align="left">Treaty</th>' in html
    assert '<td align="right">1951</td>' in html
    assert "<pre><code>code block" in html
    assert 'href="https://www.nato.int/"' in html
    assert 'href="/nations/"' in html
    assert 'href="mailto:editors@example.org"' in html
    assert '<img alt="A map" src="/static/map.png">' in html


def test_level_one_headings_are_shifted_below_the_page_title():
    html = html_of("# Section\n\n## Subsection")
    assert "<h1" not in html
    assert '<h2 id="section-section">Section</h2>' in html
    assert "<h3" in html


def test_table_of_contents_only_for_long_pieces():
    short = render_markdown("## One\n\ntext\n\n## Two\n\ntext")
    assert not short.has_toc
    long = render_markdown("## One & only\n\n## Two\n\n### Two point one\n\ntext")
    assert long.has_toc
    assert [(entry.level, entry.id, entry.name) for entry in long.toc] == [
        (2, "section-one-only", "One & only"),
        (2, "section-two", "Two"),
        (3, "section-two-point-one", "Two point one"),
    ]


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (1, 1), (230, 1), (231, 2), (690, 3)])
def test_reading_time_is_words_over_230_rounded_up(words, minutes):
    rendered = render_markdown(" ".join(["word"] * words))
    assert rendered.word_count == words
    assert rendered.reading_minutes == minutes
