"""The call-off domain: requirements, call-offs and sealed responses (next issues), and who
may be invited: the members of each lot (``members``), as the registry announced them."""
