"""The instructor's tools: release, the notebooks' writer, grading a class, similarity, and
the contributor's `torchkata dev`.

Rules of this room: each tool works on the checkout it is pointed at (--root) or refuses
clearly; what release writes is never edited by hand; a student's folder is graded through
graders.grading like any other submission.
"""
