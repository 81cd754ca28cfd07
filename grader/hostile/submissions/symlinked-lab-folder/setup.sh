#!/bin/sh
# Hostile lab-2 submission "symlinked-lab-folder" (grader/hostile/README.md): the student's lab
# folder is a git symlink to the grader's own solutions/lab2-detector (git stores and clones
# it). Followed, it would score 100 without work. Run by the driver in the submission's root.
set -eu
rm -rf lab2-detector
ln -s "$SOURCE_ROOT/solutions/lab2-detector" lab2-detector
