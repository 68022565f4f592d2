"""Back Spasm Coach as a verified Alexa web service (Flask).

``create_app(skill, settings)`` builds the app for a built skill; ``app_from_environment()``
is the door (settings read once, the skill built once). Nothing runs at import time.
Run locally with ``python -m skill.web``; in production with
``gunicorn -c gunicorn.conf.py`` (the config names ``skill.web:app_from_environment()``).
"""
from ..settings import ConfigError
from .app import app_from_environment, create_app

__all__ = ["create_app", "app_from_environment", "ConfigError"]
