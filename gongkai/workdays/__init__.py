"""Working-day calendar: holiday notices as data an administrator can extend (RULES.md §1)."""
