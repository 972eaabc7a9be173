"""The internal report (`publisher report`): a separate static site for 政策法规科 and the
section heads — findings with the file and line to fix, upcoming deadlines, records whose
public state changes soon, who answers for each section, certificates, major decisions, draws,
reviews and faults. Never published.

Modules: `gather` builds the model (`model`) from loaded content and findings, one module per
section; `render` turns it into pages; `guard` keeps it away from the public site; `writer`
swaps it into place. This file imports nothing, so the public build can import `guard`
alone.
"""
