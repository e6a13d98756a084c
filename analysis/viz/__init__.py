"""All plotting lives here, one module per topic; nothing outside ``analysis.viz`` imports matplotlib.

Every ``plot_*`` function takes tidy tables, returns ``(fig, data)`` -- the figure and the
exact DataFrame it draws -- and leaves saving to :func:`analysis.viz.base.save_figure`, which
writes ``figures/NN-slug.png``/``.svg`` and the data as ``NN-slug.csv``. A figure name's prefix is
its notebook (``03-who-is-quoted`` comes from notebook 03), and its plot function lives in the
topic module of that notebook: 01 ``viz.corpus``, 02 ``viz.tone``, 03 ``viz.sources``, 04
``viz.framing``, 05 ``viz.coverage``, 06 ``viz.summary``.
"""
