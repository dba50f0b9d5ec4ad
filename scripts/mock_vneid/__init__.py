"""Mock of the VNeID SSO (vneid-protocol.md §2 and §7) for development, the demo and tests.

Run it with ``scripts/mock-vneid --help``. Importing this package is cheap: the server,
the crypto and the test helpers live in submodules (``server``, ``browser``, ``harness``).
"""

__version__ = "1.0"
