"""The public pages the manifest links to: the privacy policy and the terms of use.

Their text is ``skill/public/privacy.md`` and ``terms.md``, reviewed with the code and
shipped as package data beside this module (read from wherever the package is
installed, never from a source tree). Two words in them belong to whoever deploys a copy
of the skill, not to the repository: ``{{operator}}`` (who runs it) and ``{{contact}}``
(how to reach them). They come from ``BSC_OPERATOR_NAME`` and ``BSC_OPERATOR_CONTACT``
(``Settings.operator_name`` and ``operator_contact`` for the web app; ``Publisher.from_env``
for the package build, which runs without the skill); their defaults say plainly that
they were not set, and a package for a real deploy is refused while they are
(``scripts/build_skill_package.py``, ``scripts/deploy_preflight.py``).

The pages link to each other as ``privacy.md`` / ``terms.md`` (so the links work where
the Markdown is read, on a code host) and are rendered with those links pointing at
``<base>/privacy`` and ``<base>/terms``: ``base`` is empty for the web app, which serves
them at its root, and ``BSC_PUBLIC_BASE_URL`` for the copy the package build writes for a
static host. The Markdown is rendered by the few lines below, which understand exactly
what those files use: ``#`` headings, paragraphs, ``-`` lists, ``**bold**`` and links.
Everything is HTML-escaped first, so the Markdown cannot inject markup.

Standard library only, and importable on its own (the package build loads this file
without the skill's dependencies).
"""

import html
import os
import re
from pathlib import Path
from typing import NamedTuple

#: Where the pages' Markdown is: package data, beside this module.
PAGES_DIR = Path(__file__).resolve().parent / "public"
#: URL path -> Markdown file in ``PAGES_DIR``.
PAGES = {"/privacy": "privacy.md", "/terms": "terms.md"}

OPERATOR_NAME_SETTING = "BSC_OPERATOR_NAME"
OPERATOR_CONTACT_SETTING = "BSC_OPERATOR_CONTACT"
UNSET_OPERATOR = f"the person or organisation deploying this copy (not yet set: {OPERATOR_NAME_SETTING})"
UNSET_CONTACT = f"no contact given yet ({OPERATOR_CONTACT_SETTING} is not set)"


class Publisher(NamedTuple):
    """Who runs this copy of the skill and how to reach them."""

    name: str = UNSET_OPERATOR
    contact: str = UNSET_CONTACT

    @classmethod
    def of(cls, name: str | None, contact: str | None) -> "Publisher":
        """The publisher these settings name (the defaults for what they leave unset)."""
        return cls((name or "").strip() or UNSET_OPERATOR, (contact or "").strip() or UNSET_CONTACT)

    @classmethod
    def from_env(cls, env=None) -> "Publisher":
        env = os.environ if env is None else env
        return cls.of(env.get(OPERATOR_NAME_SETTING), env.get(OPERATOR_CONTACT_SETTING))

    def unset(self) -> list:
        """The settings still at their defaults (a real deploy needs none)."""
        return [setting for setting, value, default in (
            (OPERATOR_NAME_SETTING, self.name, UNSET_OPERATOR),
            (OPERATOR_CONTACT_SETTING, self.contact, UNSET_CONTACT)) if value == default]


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+|privacy\.md|terms\.md)\)")
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


def _page_url(target: str, base_url: str) -> str:
    if target.startswith(("http://", "https://")):
        return target
    return base_url.rstrip("/") + "/" + target[:-len(".md")]


def _inline(text: str, base_url: str) -> str:
    text = html.escape(text, quote=True)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _LINK.sub(lambda m: f'<a href="{_page_url(m.group(2), base_url)}">{m.group(1)}</a>', text)


def markdown_to_html(markdown: str, base_url: str = "") -> str:
    """The body HTML of a small Markdown document (headings, paragraphs, lists)."""
    blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            blocks.append(f"<p>{_inline(' '.join(paragraph), base_url)}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>\n" + "\n".join(f"<li>{_inline(i, base_url)}</li>" for i in items) + "\n</ul>")
            items.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        heading = _HEADING.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_inline(heading.group(2), base_url)}</h{level}>")
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


def page_markdown(path: str, publisher: Publisher, docs_dir: Path = PAGES_DIR) -> str:
    """The page's Markdown with the operator and the contact filled in."""
    markdown = (Path(docs_dir) / PAGES[path]).read_text(encoding="utf-8")
    return markdown.replace("{{operator}}", publisher.name).replace("{{contact}}", publisher.contact)


def render_page(path: str, publisher: Publisher, base_url: str = "",
                docs_dir: Path = PAGES_DIR) -> str:
    """The whole HTML page served at ``path`` (``/privacy`` or ``/terms``)."""
    markdown = page_markdown(path, publisher, docs_dir)
    return PAGE_TEMPLATE.format(title=html.escape(page_title(markdown)),
                                body=markdown_to_html(markdown, base_url))


def write_static_pages(output_dir, publisher: Publisher, base_url: str) -> list:
    """``<output_dir>/privacy/index.html`` and ``terms/index.html``, for a static host
    serving them at ``<base_url>/privacy`` and ``<base_url>/terms``."""
    written = []
    for path in PAGES:
        target = Path(output_dir) / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(path, publisher, base_url), encoding="utf-8")
        written.append(target)
    return written
