"""The detection evaluation on real reports (``make eval-detection``): the
annotated corpus (:mod:`.corpus`), the scoring rules (:mod:`.matching`) and
the command (:mod:`.__main__`)."""
