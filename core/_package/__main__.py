"""``python -m mediasift``: the same command line as the ``mediasift`` script."""

from mediasift.core.cli.main import main

raise SystemExit(main())
