"""Renderers: each turns one :class:`~dept_analysis.content.Report` into one format.

- :mod:`.html`: the page's sections (Jinja templates in ``templates/sections``);
- :mod:`.charts`: the figures as PNG and SVG (matplotlib), from their chart specifications;
- :mod:`.docx`: the Word document; :mod:`.pptx`: the PowerPoint deck; :mod:`.pdf`: the
  tagged PDF (WeasyPrint, from the page's section templates); :mod:`.office` and
  :mod:`.paper` hold what those share (file properties, alt text; date line, tables split for A4);
- :mod:`.opendata`: the counts, each chart's numbers and the provenance as data files;
- :mod:`.documents`: every file a report folder holds besides the page, in one call.

Adding a format means adding a module here and a line in :data:`.documents.DOCUMENTS`.
This package imports nothing heavy itself: the notebook's kernel needs only :mod:`.html`.
"""
