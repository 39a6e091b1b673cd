"""Lets `python -m termpos.bench` run the benchmark."""

import sys

from termpos.bench.run import main

sys.exit(main())
