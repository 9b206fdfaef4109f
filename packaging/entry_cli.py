"""The frozen ``mediasift`` command line (PyInstaller entry script), beside the app."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # any child process multiprocessing starts re-runs us

    from mediasift.core.cli.main import main

    raise SystemExit(main())
