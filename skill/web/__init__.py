"""Back Spasm Coach as a verified Alexa web service (Flask).

``create_app(config=None)`` builds the app; nothing runs at import time.
Run locally with ``python -m skill.web``; in production with
``gunicorn -c gunicorn.conf.py`` (the config names ``skill.web:create_app()``).
"""
from .app import create_app
from .config import ConfigError

__all__ = ["create_app", "ConfigError"]
