"""``python -m skill.web``: run the endpoint locally (Werkzeug's server).

Listens on 127.0.0.1 by default. With ``BSC_DEV_INSECURE=1`` (verification
off) it refuses any host but a loopback address and warns loudly at start.
For production use gunicorn with ``gunicorn.conf.py`` instead.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys

from .. import build_skill
from ..settings import ConfigError, Settings
from .app import INSECURE_BANNER, create_app
from .config import ensure_safe_bind


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.web",
                                     description="Run the Alexa endpoint locally.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")),
                        help="port (default $PORT or 5000)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env().checked_for_web()  # read once, here
        ensure_safe_bind(args.host, settings.dev_insecure)
        app = create_app(build_skill(settings), settings)
    except ConfigError as exc:
        print(f"skill.web: {exc}", file=sys.stderr)
        return 2
    if settings.dev_insecure:
        print(INSECURE_BANNER, file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False,
            threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
