"""The skill's public pages, served: ``GET /privacy`` and ``GET /terms``.

What they say and how they are rendered is :mod:`skill.publication` (the text is
``skill/public/privacy.md`` and ``terms.md``, package data; the operator and the contact
are the app's settings, ``operator_name`` and ``operator_contact``).
The manifest's privacyPolicyUrl and termsOfUseUrl point here
(``scripts/build_skill_package.py``).
"""
from __future__ import annotations

from pathlib import Path

from flask import Response

from ..publication import PAGES, Publisher, markdown_to_html, page_title, render_page

__all__ = ["PAGES", "markdown_to_html", "page_title", "register_pages", "render_page"]


def _page_view(path: str, publisher: Publisher):
    def view() -> Response:
        return Response(render_page(path, publisher), status=200, mimetype="text/html",
                        headers={"Cache-Control": "public, max-age=3600"})
    return view


def register_pages(app, publisher: Publisher) -> None:
    for path, filename in PAGES.items():
        app.add_url_rule(path, "page_" + Path(filename).stem, _page_view(path, publisher),
                         methods=["GET"])
