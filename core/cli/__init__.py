"""The ``mediasift`` command line."""
