"""The frozen ``mediasift-gui`` executable (PyInstaller entry script).

``main`` calls ``multiprocessing.freeze_support()`` first: the engine process of the
frozen app is this same executable, started again by multiprocessing's "spawn" with
``--multiprocessing-fork`` arguments, and must run the engine instead of a second window.
"""

if __name__ == "__main__":
    from mediasift.desktop.app import main

    raise SystemExit(main())
