"""The supervision commands (who, draw, evidence, review, faults, report), one module each.

`publisher.cli` registers them; each calls one function of the core and prints its result.
"""
