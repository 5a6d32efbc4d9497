"""Views of the API: thin; reads go through selectors, writes through services."""
