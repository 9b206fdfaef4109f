"""The Qt client of the engine process (the engine itself is core/service, no Qt)."""
