# Helper of manifest_reader_test.cmake: prints lab.student_files of -DFILE=<lab.toml>, joined by
# '|', or fails the way the configure step would.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/../dslab_manifest.cmake")
dslab_read_student_files("${FILE}" files)
list(JOIN files "|" joined)
message("FILES=${joined}")
