# Tests of cmake/dslab_manifest.cmake (ctest cmake_manifest_reader): the plain forms of
# lab.student_files are read exactly, everything else stops with a message naming the problem.
# Usage: cmake -DWORK_DIR=<dir> -P manifest_reader_test.cmake
cmake_minimum_required(VERSION 3.25)
set(failures 0)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(index 0)

# expect(<toml text> <expected output fragment> <should-succeed>)
function(expect text fragment ok)
  math(EXPR n "${index} + 1")
  set(index ${n} PARENT_SCOPE)
  set(file "${WORK_DIR}/case${n}.toml")
  file(WRITE "${file}" "${text}")
  execute_process(COMMAND "${CMAKE_COMMAND}" "-DFILE=${file}"
                          -P "${CMAKE_CURRENT_LIST_DIR}/print_student_files.cmake"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  # CMake wraps long messages: compare with runs of white space made one space.
  string(REGEX REPLACE "[ \t\r\n]+" " " said "${out}${err}")
  string(FIND "${said}" "${fragment}" at)
  if((ok AND NOT rc EQUAL 0) OR (NOT ok AND rc EQUAL 0) OR at EQUAL -1)
    message(SEND_ERROR "case ${n}: expected ${fragment} (ok=${ok}), rc=${rc}:\n${out}${err}")
  endif()
endfunction()

expect("[lab]\nid = \"x\"\nstudent_files = [\"a.hpp\", \"a.cpp\"]\n[[tests]]\n" "FILES=a.hpp|a.cpp" TRUE)
expect("# c [lab]\n[lab] # the lab\nstudent_files = [ # files\n  \"src/a.cpp\",  # one\n  \"b.hpp\", ]\n"
       "FILES=src/a.cpp|b.hpp" TRUE)
expect("[other]\nstudent_files = [\"x.cpp\"]\n[lab]\nstudent_files = [\"a.cpp\"]\n" "FILES=a.cpp" TRUE)
expect("[lab]\nid = \"x\"\n" "must set student_files exactly once (found 0" FALSE)
expect("[lab]\nstudent_files = [\"a.cpp\"]\nstudent_files = [\"b.cpp\"]\n" "exactly once (found 2" FALSE)
expect("[lab]\nstudent_files = \"a.cpp\"\n" "must be an array" FALSE)
expect("[lab]\nstudent_files = ['a.cpp']\n" "flat array of double-quoted" FALSE)
expect("[lab]\nstudent_files = [\"a b.cpp\"]\n" "flat array of double-quoted" FALSE)
expect("[lab]\nstudent_files = [\"a.cpp\" \"b.cpp\"]\n" "flat array of double-quoted" FALSE)
expect("[lab]\nstudent_files = [\"a.cpp\"\n" "missing the closing" FALSE)
expect("[lab]\nstudent_files = [\"../x.cpp\"]\n" "relative path without" FALSE)
expect("[lab]\nstudent_files = [\"/etc/x.cpp\"]\n" "must be a relative path" FALSE)
expect("[lab]\nstudent_files = [\"a.cpp\", \"a.cpp\"]\n" "lists \"a.cpp\" twice" FALSE)
expect("[lab]\nstudent_files = []\n" "at least one file" FALSE)
expect("[labs]\nstudent_files = [\"a.cpp\"]\n" "no [lab] table" FALSE)
expect("[lab]\n[defaults]\nstudent_files = [\"a.cpp\"]\n" "exactly once (found 0" FALSE)
