"""Internal supervision (RULES.md part B): the bureau's own enforcement kept honest.

One module per rule family; nothing here is published except where part A says so (the public
officer list follows certificate validity, the inspection item list, draws after the inspection
ends). `publisher.supervision.checks.run_supervision_checks` runs every R-B check.
"""
