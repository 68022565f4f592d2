"""The seam to Amazon's Alexa APIs (stub: the SDK's default client for now)."""

from ask_sdk_core.api_client import DefaultApiClient


def build_api_client(settings):
    return DefaultApiClient()
