"""An explainer-site generator: structured facts (YAML) and prose (Markdown) in, a static site out.

The stages, each a module that imports only the ones before it:

    load -> validate -> resolve -> plan -> render -> write
    (files)  (the model)  (references)  (every output and address)  (Jinja2)  (the atomic swap)

formats/ makes the files beside the pages (feed, open data, JSON-LD, social card, map); rebuild/ keeps what
one build can lend the next (the preview's Session); pipeline.py reads the recipe top to bottom.
"""

__version__ = "0.1.0"
