"""Serializers of the API: thin shapes over the records; no writes happen here."""
