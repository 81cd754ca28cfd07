#!/bin/sh
# Hostile lab-2 submission "symlinked-file" (grader/hostile/README.md): a student file is a
# symlink to the grader's solution, and a folder beside it links to the hidden tests. Run by
# the driver in the submission's root.
set -eu
ln -sf "$SOURCE_ROOT/solutions/lab2-detector/leader.cpp" lab2-detector/leader.cpp
mkdir -p lab2-detector/notes
ln -s "$SOURCE_ROOT/labs/lab2-detector/tests/hidden" lab2-detector/notes/hidden
