"""What the skill remembers, asked for by voice (stub: filled in by the memory work)."""

HANDLERS = ()
