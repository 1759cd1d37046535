"""The site's build extensions, as one MkDocs plugin (``igm-iim``, :mod:`igm_iim_site.plugin`).

Each module but :mod:`~igm_iim_site.plugin` and :mod:`~igm_iim_site.state` is a *part*: MkDocs
event handlers for one concern (figures, flowcharts, notebooks, editions, the search index, the
offline copy, the Content-Security-Policy ...). The plugin runs them in the order of
:data:`igm_iim_site.plugin.PARTS`, which says why each is where it is.
"""
