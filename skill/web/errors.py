"""Errors the endpoint turns into JSON 4xx answers.

Each carries a stable ``error`` code for the JSON body and an HTTP status.
Messages are fixed sentences chosen here: they never echo request content.
"""
from __future__ import annotations


class EndpointError(Exception):
    status = 400
    error = "bad_request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(EndpointError):
    status = 400
    error = "bad_request"


class UnsupportedMediaType(EndpointError):
    status = 415
    error = "unsupported_media_type"


class PayloadTooLarge(EndpointError):
    status = 413
    error = "payload_too_large"


class VerificationFailed(EndpointError):
    """The request could not be proven to come from Alexa for this skill.

    Amazon's web-service guide asks for 400 Bad Request in this case.
    """
    status = 400
    error = "verification_failed"


class CertificateUrlRejected(VerificationFailed):
    pass


class CertificateFetchFailed(VerificationFailed):
    pass


class CertificateChainInvalid(VerificationFailed):
    pass
