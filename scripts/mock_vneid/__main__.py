"""``python3 -m mock_vneid`` (with scripts/ on sys.path) is the same as scripts/mock-vneid."""
import sys

from mock_vneid.cli import main

sys.exit(main())
