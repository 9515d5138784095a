"""The checks: what a right answer is, and what each property costs.

Rules of this room: references come from torch (autograd, torch.nn, torch.optim, nn.init),
never from solutions/; tolerances are chosen per dtype, in compare; a grader module per
exercise (checks/<assignment>/<exercise>.py) reads like its specification, one small `@check`
function per property whose docstring is the sentence the student reads. A judge sees only
plain data that a probe sent back, and never runs submission code itself.
"""
