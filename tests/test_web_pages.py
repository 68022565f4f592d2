"""The privacy policy and terms of use the skill's manifest links to, served by the web app."""

import os
import shutil
import subprocess
import sys

import pytest
from simulated import ROOT

from skill.web import create_app
from skill.web.pages import markdown_to_html


@pytest.fixture
def client(skill, settings):
    return create_app(skill, settings._replace(dev_insecure=True)).test_client()


def test_privacy_page_is_served_as_html_and_says_what_is_kept_and_how_to_erase_it(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Back Spasm Coach: privacy policy</h1>" in page
    for fact in ("one-way hash", "heard the opening health notice", "active timers",
                 "is not kept after the conversation ends", "the day your pain started",
                 "heat and ice sessions", "last topic", "what do you know about me",
                 "No name", "No recordings", "90 days", "forget me", "Disable the skill"):
        assert fact in page, fact


def test_terms_page_is_served_and_says_it_is_not_medical_advice_nor_an_emergency_service(client):
    response = client.get("/terms")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Back Spasm Coach: terms of use</h1>" in page
    assert "It is not medical advice." in page
    assert "call 911 yourself" in page
    assert "never contacts" in page


def test_pages_answer_only_get(client):
    assert client.post("/privacy").status_code == 405
    assert client.get("/privacy.md").status_code == 404


def test_pages_need_no_request_verification_while_the_alexa_endpoint_keeps_it(skill, settings):
    client = create_app(skill, settings._replace(skill_id="amzn1.ask.skill.test")).test_client()
    assert client.get("/privacy").status_code == 200
    assert client.post("/", json={}).status_code == 400


def test_the_markdown_converter_escapes_html_and_renders_the_few_forms_the_pages_use():
    rendered = markdown_to_html(
        "# Title <script>\n\nA **bold** [link](https://example.org/a) line\ncontinued.\n\n"
        "- one\n  more\n- two\n")
    assert rendered == (
        "<h1>Title &lt;script&gt;</h1>\n"
        '<p>A <strong>bold</strong> <a href="https://example.org/a">link</a> line continued.</p>\n'
        "<ul>\n<li>one more</li>\n<li>two</li>\n</ul>")
    assert "href" not in markdown_to_html("[x](javascript:alert(1))")  # only http(s) links


def test_an_installed_copy_serves_its_pages_without_the_source_tree(tmp_path):
    """The pages are package data: installed (not editable) elsewhere, with the source tree
    out of reach, the app still serves them."""
    source = tmp_path / "source"
    shutil.copytree(os.path.join(ROOT, "skill"), source / "skill",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "requirements.txt", "lambda_handler.py"):
        shutil.copy2(os.path.join(ROOT, name), source / name)
    installed = tmp_path / "installed"
    built = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--no-build-isolation", "--target", str(installed), str(source)],
                           capture_output=True, text=True, timeout=240,
                           env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert built.returncode == 0, built.stderr[-2000:]
    shutil.rmtree(source)  # nothing left to read but the installed copy
    code = ("import skill, skill.web; from skill import build_skill; from skill.settings import Settings; "
            "settings = Settings(storage='none', dev_insecure=True); "
            "client = skill.web.create_app(build_skill(settings), settings).test_client(); "
            "page = client.get('/privacy'); "
            "print(skill.__file__); print(page.status_code); print(page.get_data(as_text=True))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         timeout=60, env={**os.environ, "PYTHONPATH": str(installed)})
    assert run.returncode == 0, run.stderr[-2000:]
    where, status, page = run.stdout.split("\n", 2)
    assert where.startswith(str(installed)) and status == "200"
    assert "<h1>Back Spasm Coach: privacy policy</h1>" in page


def test_the_pages_name_the_operator_and_a_contact_from_settings(skill, settings):
    client = create_app(skill, settings._replace(
        dev_insecure=True, operator_name="Example Health Ltd",
        operator_contact="privacy@example.org")).test_client()
    for path in ("/privacy", "/terms"):
        page = client.get(path).get_data(as_text=True)
        assert "run by Example Health Ltd" in page and "privacy@example.org" in page, path
        assert "{{" not in page


def test_unset_operator_settings_say_so_on_the_pages(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "not yet set: BSC_OPERATOR_NAME" in page
    assert "BSC_OPERATOR_CONTACT is not set" in page


def test_privacy_links_the_terms_and_the_terms_link_back(client):
    assert '<a href="/terms">terms of use</a>' in client.get("/privacy").get_data(as_text=True)
    assert '<a href="/privacy">privacy policy</a>' in client.get("/terms").get_data(as_text=True)


def test_the_static_copy_for_a_host_links_under_the_public_base_url(tmp_path):
    from skill.publication import Publisher, write_static_pages

    written = write_static_pages(tmp_path, Publisher("Ann Operator", "ann@example.org"),
                                 "https://coach.example.org/pages")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "privacy/index.html", "terms/index.html"]
    privacy = (tmp_path / "privacy" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://coach.example.org/pages/terms">terms of use</a>' in privacy
    assert "run by Ann Operator" in privacy and "ann@example.org" in privacy
    assert Publisher("Ann Operator", "ann@example.org").unset() == []
    assert Publisher().unset() == ["BSC_OPERATOR_NAME", "BSC_OPERATOR_CONTACT"]
