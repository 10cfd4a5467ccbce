"""DRF's JSON parser, refusing input too deeply nested to decode ("[[[[...": Python's
decoder runs out of stack and raises RecursionError, which DRF would let become a 500)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
