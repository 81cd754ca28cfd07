# Reads the one list of student-owned files, `student_files` in the [lab] table of a lab's
# lab.toml (docs/manifest.md), so CMake never keeps a second list. The grader's TOML parser
# (grader/manifest) is the authority on the whole file; this reader accepts only the plain form
# the manifests use and stops the configure with a clear message on anything else:
#
#   [lab]
#   student_files = ["node.hpp", "node.cpp",   # comments and line breaks are fine
#                    "detector.hpp"]
#
# Entries are double-quoted, without escapes, made of [A-Za-z0-9_./-], relative, without "..",
# listed once.

# dslab_read_student_files(<lab.toml> <out-var>): the entries of lab.student_files, in order.
# The configure step re-runs when the file changes.
function(dslab_read_student_files file out)
  if(NOT EXISTS "${file}")
    message(FATAL_ERROR "dslab: ${file} is missing (every lab has a manifest: docs/manifest.md)")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  file(READ "${file}" text)
  # Semicolons would split CMake lists; no entry may hold one, so neutralise them up front.
  string(REPLACE ";" " " text "${text}")
  set(text "\n${text}\n")

  # The [lab] table: from its header to the next table header (or the end).
  string(REGEX MATCH "\n[ \t]*\\[lab\\][ \t]*(#[^\n]*)?\n" header "${text}")
  if(header STREQUAL "")
    message(FATAL_ERROR "dslab: ${file}: no [lab] table (docs/manifest.md)")
  endif()
  string(FIND "${text}" "${header}" start)
  string(LENGTH "${header}" header_length)
  math(EXPR body_start "${start} + ${header_length} - 1")
  string(SUBSTRING "${text}" ${body_start} -1 section)
  string(REGEX MATCH "\n[ \t]*\\[" next "${section}")
  if(NOT next STREQUAL "")
    string(FIND "${section}" "${next}" end)
    string(SUBSTRING "${section}" 0 ${end} section)
  endif()

  # Exactly one `student_files = [` line in it.
  string(REGEX MATCHALL "\n[ \t]*student_files[ \t]*=" keys "${section}")
  list(LENGTH keys key_count)
  if(NOT key_count EQUAL 1)
    message(FATAL_ERROR "dslab: ${file}: [lab] must set student_files exactly once "
                        "(found ${key_count} times)")
  endif()
  string(REGEX MATCH "\n[ \t]*student_files[ \t]*=[ \t]*\\[" opening "${section}")
  if(opening STREQUAL "")
    message(FATAL_ERROR "dslab: ${file}: lab.student_files must be an array: "
                        "student_files = [\"a.hpp\", \"a.cpp\"]")
  endif()
  string(FIND "${section}" "${opening}" at)
  string(LENGTH "${opening}" opening_length)
  math(EXPR at "${at} + ${opening_length}")
  string(SUBSTRING "${section}" ${at} -1 rest)
  # Comments go first (no entry may contain '#'), then the array ends at the first ']'.
  string(REGEX REPLACE "#[^\n]*" "" rest "${rest}")
  string(FIND "${rest}" "]" close)
  if(close EQUAL -1)
    message(FATAL_ERROR "dslab: ${file}: lab.student_files: missing the closing ']'")
  endif()
  string(SUBSTRING "${rest}" 0 ${close} array)

  set(ws "[ \t\r\n]*")
  set(entry "\"[A-Za-z0-9_./-]+\"")
  if(NOT array MATCHES "^${ws}(${entry}${ws},${ws})*(${entry}${ws},?${ws})?$")
    message(FATAL_ERROR "dslab: ${file}: lab.student_files must be a flat array of double-quoted "
                        "file names made of letters, digits and _ . / - (no escapes), got:\n"
                        "  [${array}]")
  endif()
  string(REGEX MATCHALL "${entry}" quoted "${array}")
  set(files "")
  foreach(q IN LISTS quoted)
    string(REPLACE "\"" "" f "${q}")
    if(f MATCHES "^/" OR f MATCHES "(^|/)\\.\\.(/|$)")
      message(FATAL_ERROR "dslab: ${file}: lab.student_files entry \"${f}\" must be a relative "
                          "path without \"..\"")
    endif()
    if(f IN_LIST files)
      message(FATAL_ERROR "dslab: ${file}: lab.student_files lists \"${f}\" twice")
    endif()
    list(APPEND files "${f}")
  endforeach()
  if(files STREQUAL "")
    message(FATAL_ERROR "dslab: ${file}: lab.student_files must list at least one file")
  endif()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# dslab_student_sources(<files> <dir> <out-var>): the .cpp entries of <files> as paths under
# <dir>. Every listed file (headers too) must exist there.
function(dslab_student_sources files dir out)
  set(sources "")
  foreach(f IN LISTS files)
    if(NOT EXISTS "${dir}/${f}")
      message(FATAL_ERROR "dslab: student file ${f} (lab.toml student_files) missing in ${dir}")
    endif()
    if(f MATCHES "\\.cpp$")
      list(APPEND sources "${dir}/${f}")
    endif()
  endforeach()
  if(sources STREQUAL "")
    message(FATAL_ERROR "dslab: no .cpp file among the student files of ${dir}")
  endif()
  set(${out} "${sources}" PARENT_SCOPE)
endfunction()
