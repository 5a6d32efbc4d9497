"""The OpenAPI schema: every operation documents the one error body next to its success."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from .serializers.common import ErrorSerializer


class GongkaiAutoSchema(AutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["400", "404", "405", "406", "415", "429"]
        if self.get_auth():  # staff endpoints
            codes += ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            codes += ["409"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
        return responses
