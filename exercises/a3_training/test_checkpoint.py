"""Checks for checkpoint.py. Run them:  pytest exercises/a3_training/test_checkpoint.py"""

from graders.checks.a3_training import checkpoint
from graders.frontends.pytest_plugin import checks_as_tests

test_checkpoint = checks_as_tests(checkpoint)
