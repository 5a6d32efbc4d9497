"""Staff views of proactive disclosure (thin: forms validate, services write, selectors read)."""
