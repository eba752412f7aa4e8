"""Pure rules with no SQL and no Rich: dates, the guided flow, drafts, the review as data."""
