"""OCDS 1.1 output: releases built from the facts (``dps``, ``calloff``), pruned against the
compiled record and chunked (``release``), compiled with ``ocdsmerge`` (``merge``), and
packaged (``packages``). The lots, techniques and UK extensions are declared on every
package (``EXTENSIONS``)."""
