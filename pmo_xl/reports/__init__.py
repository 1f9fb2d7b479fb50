"""Committee packs and periodic reports built from a consolidated portfolio.

* :mod:`.periods` — reporting periods (month, ISO week, quarter) and their labels;
* :mod:`.formatting` — numbers, amounts, dates in French or English;
* :mod:`.charts` — matplotlib charts with their data table and caption;
* :mod:`.templates_build` — the Word templates (docxtpl tags over real Word styles);
* :mod:`.context` — the values a pack shows, taken from a ``PortfolioSnapshot``;
* :mod:`.word_pack` — a template filled with a context, written atomically;
* :mod:`.dashboard` — the Excel dashboard with native charts;
* :mod:`.pdf` — PDF copies through LibreOffice headless;
* :mod:`.packs` — one pack: Word pack, minutes, dashboard, PDFs;
* :mod:`.batch` — a scheduled cycle: consolidation, then packs, with a log.
"""
