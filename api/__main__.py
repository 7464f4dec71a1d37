"""``python -m api``: the ``custody`` command, for checkouts without the installed script."""

from api.cli import main

main()
