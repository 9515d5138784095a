"""Checks for manual_backprop.py. Run them:  pytest exercises/a1_backprop/test_manual_backprop.py"""

from graders.checks.a1_backprop import manual_backprop
from graders.frontends.pytest_plugin import checks_as_tests

test_manual_backprop = checks_as_tests(manual_backprop)
