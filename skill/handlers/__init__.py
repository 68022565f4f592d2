"""Request handlers, one module per area; ``skill.build_skill`` registers them in priority order."""
