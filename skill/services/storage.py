"""Persistence adapters (stub: no storage yet)."""


def build_persistence_adapter(settings):
    return None
