"""Cross-field compliance rules over loaded records (RULES.md part A), one concept per module.

Each module turns one rule family into `Finding`s that point at the offending key's line;
`publisher.checks.run_checks` runs them all.
"""
