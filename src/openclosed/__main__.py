"""``python -m openclosed``: the command line of :mod:`openclosed.cli`."""

from openclosed.cli import main

raise SystemExit(main())
