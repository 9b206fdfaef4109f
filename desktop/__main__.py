"""``python -m mediasift.desktop``: start the app."""

from mediasift.desktop.app import main

raise SystemExit(main())
