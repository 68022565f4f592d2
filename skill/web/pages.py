"""The skill's public pages: ``GET /privacy`` and ``GET /terms``.

The text is Markdown shipped inside the package (``skill/web/public/privacy.md`` and
``terms.md``, package data), reviewed with the code and read from wherever the
package is installed, never from the source tree; the manifest's privacyPolicyUrl and
termsOfUseUrl point here (``scripts/build_skill_package.py``). The pages are rendered to plain HTML
by the few lines below, which understand exactly what those files use: ``#`` headings,
paragraphs, ``-`` lists, ``**bold**`` and ``[links](https://...)``. Everything is
HTML-escaped first, so the Markdown cannot inject markup.
"""
from __future__ import annotations

import html
import re
from importlib import resources
from pathlib import Path

from flask import Response

# URL path -> Markdown file in the package's ``public`` folder.
PAGES = {"/privacy": "privacy.md", "/terms": "terms.md"}

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")

PAGE_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}</style>
</head>
<body>
{body}
</body>
</html>
"""


def _inline(text: str) -> str:
    text = html.escape(text, quote=True)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _LINK.sub(r'<a href="\2">\1</a>', text)


def markdown_to_html(markdown: str) -> str:
    """The body HTML of a small Markdown document (headings, paragraphs, lists)."""
    blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            blocks.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_inline(i)}</li>" for i in items) + "\n</ul>")
            items.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:])
        elif items and raw.startswith("  "):
            items[-1] += " " + line  # a list item continued on the next line
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(blocks)


def page_title(markdown: str) -> str:
    for line in markdown.splitlines():
        heading = _HEADING.match(line.strip())
        if heading:
            return heading.group(2)
    return "Back Spasm Coach"


def page_markdown(path: str) -> str:
    """The Markdown of the page at URL ``path``, as installed with the package."""
    return resources.files(__package__).joinpath("public", PAGES[path]).read_text(encoding="utf-8")


def render_page(path: str) -> str:
    markdown = page_markdown(path)
    return PAGE_TEMPLATE.format(title=html.escape(page_title(markdown)),
                                body=markdown_to_html(markdown))


def _page_view(path: str):
    def view() -> Response:
        return Response(render_page(path), status=200, mimetype="text/html",
                        headers={"Cache-Control": "public, max-age=3600"})
    return view


def register_pages(app) -> None:
    for path, filename in PAGES.items():
        app.add_url_rule(path, "page_" + Path(filename).stem, _page_view(path), methods=["GET"])
