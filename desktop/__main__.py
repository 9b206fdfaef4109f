"""``python -m mediasift.desktop``: start the app."""

from .app import main

raise SystemExit(main())
