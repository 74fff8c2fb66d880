"""The evaluation service's use cases: the call-off's events (``consumed``), the panel's work
(``panel``), completion and summaries (``completion``), and reads (``queries``)."""
