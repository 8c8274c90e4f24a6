"""The evaluation seam between scoring and storage (issue 11).

``qa.catalogue``: stored script versions parsed and validated once per content hash, with item titles,
for the IVR, the scorer, the web and the reports. ``qa.service``: ``score_and_store`` (a transcript →
a stored evaluation), ``override`` and ``recompute`` (a QA specialist's answer → a new score, audited).
Storage only persists; scoring only computes; this package joins them.
"""
