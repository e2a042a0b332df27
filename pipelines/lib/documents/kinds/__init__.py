"""The kinds of table an LKjIP prints, one module each, and its narrative.

Each table kind declares the header ``VOCABULARY`` it is read with
(:func:`pipelines.lib.documents.tables.read_as`), ``matches(roles)``: whether a table
read so is of the kind, and ``extract``: what it adds to the draft. The driver
(:mod:`pipelines.lib.documents.extract`) gives each table to the first kind in
``TABLE_KINDS`` that matches and names every table none matches.
"""
