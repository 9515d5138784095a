"""Checks for two_layer_net.py. Run them:  pytest exercises/a2_modules/test_two_layer_net.py"""

from graders.checks.a2_modules import two_layer_net
from graders.frontends.pytest_plugin import checks_as_tests

test_two_layer_net = checks_as_tests(two_layer_net)
