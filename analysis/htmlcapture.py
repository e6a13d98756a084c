"""HTML pages -> plain captures, with every visible block the extractor dropped listed.

The main text comes from trafilatura (Barbaresi 2021). The page's visible text is read
block by block with lxml (scripts, styles and hidden elements are not visible); each
visible block that is not in the extracted text is a dropped block, listed with its HTML
source line and a reason taken from the element and its ancestors (navigation, cookie
notice, related links, comments, share widget, advertisement, footer, site header,
sidebar, form, caption). Visible bylines, dates ("Updated ...") and standfirsts
(an element marked as such: class ``standfirst``, ``dek``, ``subtitle``, ...) are kept as
metadata instead of being dropped; a page without a standfirst gets none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from analysis import furniture as fx
from analysis.decoding import UnreadableFile
from analysis.text import count_words, normalize

HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"})
INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup time u var "
    "label button img input select textarea wbr".split()
)

# (pattern over "tag class id role", reason), nearest element first; first match wins
_REASONS = [
    (r"cookie|consent|gdpr", "cookie notice"),
    (r"comment|disqus|discussion", "comments"),
    (r"share|sharing|social|follow-us", fx.SHARE),
    (r"newsletter|subscri|signup|sign-up|paywall|donat|membership|support-us", "subscription or donation appeal"),
    (r"related|recommend|more-stories|more-from|read-more|read-next|also-read|trending|popular|outbrain|taboola|"
     r"most-read|up-next", "related links"),
    (r"(?:^|[\s_-])(?:ad|ads|advert\w*|sponsor\w*|promo\w*|dfp|banner)(?:$|[\s_-])", fx.ADVERT),
    (r"^nav\b|(?:^|[\s_-])(?:nav\w*|menu\w*|breadcrumbs?|toolbar|pagination|skip-link)(?:$|[\s_-])|\bnavigation\b",
     fx.NAVIGATION),
    (r"^footer\b|(?:^|[\s_-])(?:footer|colophon|site-info|legal)(?:$|[\s_-])", "footer"),
    (r"^header\b|(?:^|[\s_-])(?:masthead|site-header|topbar|top-bar|header)(?:$|[\s_-])", "site header"),
    (r"^aside\b|(?:^|[\s_-])(?:sidebar|rail|widget)(?:$|[\s_-])", "sidebar"),
    (r"^(?:figcaption|figure|caption)\b|(?:^|[\s_-])(?:caption|credit)(?:$|[\s_-])", fx.CAPTION),
    (r"^form\b|(?:^|[\s_-])search(?:$|[\s_-])", "form or search box"),
]
_REASON_RES = [(re.compile(p, re.I), reason) for p, reason in _REASONS]
_BYLINE_RE = re.compile(r"(?:^|[\s_-])(?:byline|author\w*|writer|contributor)(?:$|[\s_-])", re.I)
_STANDFIRST_RE = re.compile(
    r"(?:^|[\s_-])(?:standfirst|dek|deck|sub-?title|subhead\w*|strap\w*|lede|summary|excerpt|"
    r"article-?description|intro)(?:$|[\s_-])",
    re.I,
)
SCRIPT_OR_STYLE = "script or style (not visible text)"
NOT_MAIN_TEXT = "not part of the main text (extractor)"
DUPLICATE_TITLE = "second headline or label where a standfirst would be (the page marks none)"


@dataclasses.dataclass
class HtmlCapture:
    """An HTML page as a plain capture (``text``: headline then body lines, blank-line
    separated), the ``dropped`` visible blocks as ``(html line, text, reason)``, and the
    page's ``byline``, ``published``, ``updated`` and ``standfirst`` when it shows them,
    with ``meta_lines`` ``(html line, text, field)`` saying where each came from."""

    text: str
    dropped: list[tuple[int, str, str]]
    byline: str | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    standfirst: str | None = None
    meta_lines: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)
    has_standfirst_element: bool = False
    published_guess: dt.date | None = None  # the extractor's date (page metadata, URL), not visible


def _label(el) -> str:
    attrs = " ".join(el.get(a, "") for a in ("class", "id", "role", "itemprop", "rel", "data-component"))
    return f"{el.tag if isinstance(el.tag, str) else ''} {attrs}".strip()


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return el.get("hidden") is not None or el.get("aria-hidden") == "true" or "display:none" in style


def visible_blocks(root) -> tuple[list[tuple[object, str]], list[tuple[object, str]]]:
    """``(visible blocks, scripts and styles)`` of an lxml tree, each ``(element, text)``:
    text of inline elements belongs to the nearest block element, in document order."""
    pieces: dict[int, tuple[object, list[str]]] = {}
    hidden: list[tuple[object, str]] = []

    def add(owner, s):
        if s:
            pieces.setdefault(id(owner), (owner, []))[1].append(s)

    stack = [(root, root, False)]
    # iterative walk (deeply nested pages must not hit the recursion limit); tails are
    # pushed after children so they keep document order
    while stack:
        el, owner, is_tail = stack.pop()
        if is_tail:
            add(owner, el)
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag is None:
            continue
        if tag in HIDDEN_TAGS or _hidden(el):
            hidden.extend((sub, sub.text) for sub in el.iter("script", "style") if (sub.text or "").strip())
            continue
        me = owner if tag in INLINE_TAGS else el
        if tag == "br":
            add(owner, "\n")
        add(me, el.text)
        for child in reversed(el):
            if child.tail:
                stack.append((child.tail, me, True))
            stack.append((child, me, False))
    blocks = []
    for owner, parts in pieces.values():
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if text:
            blocks.append((owner, text))
    return blocks, hidden


def drop_reason(el) -> str:
    """Why a visible block is not article text, from the element and its ancestors."""
    node = el
    while node is not None:
        label = _label(node)
        for rx, reason in _REASON_RES:
            if rx.search(label):
                return reason
        node = node.getparent()
    return NOT_MAIN_TEXT


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", normalize(text)).strip().lower()


def _role(el, pattern: re.Pattern[str]) -> bool:
    node, depth = el, 0
    while node is not None and depth < 4:
        if pattern.search(_label(node)):
            return True
        node, depth = node.getparent(), depth + 1
    return False


def _page_metadata(blocks, out: HtmlCapture, kept_keys: set[str]) -> set[int]:
    """Fill byline, dates and standfirst from visible blocks; ids of the blocks used."""
    used: set[int] = set()
    for el, text in blocks:
        line = el.sourceline or 0
        dated = fx.date_line(text) if count_words(text) <= 12 else None
        if dated is not None:
            kind, date = dated
            if kind == "updated" and out.updated is None:
                out.updated = date
            elif kind == "published" and out.published is None:
                out.published = date
            else:
                continue
            out.meta_lines.append((line, text, kind))
            used.add(id(el))
            continue
        name = fx.byline(text)
        if name is None and _role(el, _BYLINE_RE) and count_words(text) <= 8 and _key(text) not in kept_keys:
            name = re.sub(r"^by\s+", "", text, flags=re.I).strip()
        if name and out.byline is None:
            out.byline = name
            out.meta_lines.append((line, text, "byline"))
            used.add(id(el))
            continue
        if out.standfirst is None and _role(el, _STANDFIRST_RE) and 4 <= count_words(text) <= 80 and (
            el.tag not in ("h1",)
        ):
            out.standfirst = text
            out.has_standfirst_element = True
            out.meta_lines.append((line, text, "standfirst"))
            used.add(id(el))
    return used


def html_to_capture(html: str) -> HtmlCapture:
    """Extract the main text of a page (trafilatura) and list every visible block it left out."""
    import lxml.html
    import trafilatura

    body = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False)
    if not body or not body.strip():
        raise UnreadableFile("HTML page without any main text (nothing to extract)")
    try:
        root = lxml.html.fromstring(html)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types for unparsable pages
        raise UnreadableFile(f"HTML page could not be parsed ({type(exc).__name__})") from exc
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta is not None else ""
    body_lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if title and body_lines and _key(body_lines[0]) == _key(title):
        body_lines = body_lines[1:]
    if not title:
        h1 = root.find(".//h1")
        title = re.sub(r"\s+", " ", h1.text_content()).strip() if h1 is not None else ""
    kept = _key(" \n ".join([title, *body_lines]))
    kept_lines = {_key(b) for b in body_lines}
    blocks, scripts = visible_blocks(root)
    out = HtmlCapture(text="", dropped=[])
    dropped_blocks = [(el, t) for el, t in blocks if _key(t) not in kept]
    used = _page_metadata(dropped_blocks + [(el, t) for el, t in blocks if _key(t) in kept_lines and
                                            _role(el, _STANDFIRST_RE)], out, kept_lines)
    if out.standfirst and body_lines and _key(body_lines[0]) == _key(out.standfirst):
        body_lines = body_lines[1:]
    for el, text in dropped_blocks:
        if id(el) not in used:
            out.dropped.append((el.sourceline or 0, text, drop_reason(el)))
    for el, text in scripts:
        snippet = re.sub(r"\s+", " ", text).strip()
        out.dropped.append((el.sourceline or 0, snippet[:80] + ("..." if len(snippet) > 80 else ""), SCRIPT_OR_STYLE))
    if out.byline is None and meta is not None and meta.author:
        out.byline = meta.author
    if out.published is None and meta is not None and meta.date:
        # the extractor's guess (page metadata or URL); not when it is only the visible update date
        try:
            guess = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            guess = None
        if guess is not None and guess != out.updated:
            out.published_guess = guess
    out.dropped.sort(key=lambda r: r[0])
    out.text = "\n\n".join([title, *body_lines] if title else body_lines)
    return out
