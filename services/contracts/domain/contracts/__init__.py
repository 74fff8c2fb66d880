"""Individual contracts: their whole life (``contract``), the changes made to them
(``changes``: extensions and variations) and the KPI records kept on them (``kpis``)."""
