"""Typesetting: the only sub-package that imports ReportLab (fonts, theme, layout, images)."""
