"""nbgrader's configuration for the torchkata course. Run nbgrader from this folder:

    cd assignments && nbgrader generate_assignment a1_backprop

source/<assignment>/<assignment>.ipynb is written by `torchkata release` from solutions/ and the
graders; edit solutions/, never the notebooks. The kernel that runs the notebooks needs the kit
installed (pip install 'torchkata[nbgrader]'): the test cells call its graders.
"""

c = get_config()  # noqa: F821  (nbgrader defines it)

c.CourseDirectory.course_id = "torchkata"

# A test cell runs one check in grading mode: its examples replayed, then (after a failure) a
# short search for the smallest failing one; a second or two each on a laptop. A submission
# that loops forever is interrupted after a minute and that cell scores 0.
c.Execute.timeout = 60

# What nbgrader puts in place of each ### BEGIN SOLUTION ... ### END SOLUTION region.
c.ClearSolutions.code_stub = {"python": 'raise NotImplementedError("replace this line with your code")'}
