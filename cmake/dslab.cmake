# Shared CMake helpers: warning flags, the student-source switch, and test registration.

# Compile options every dslab target gets.
add_library(dslab_warnings INTERFACE)
target_compile_options(dslab_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict / -Wstringop-overflow false positives inside libstdc++ at -O2/-O3
# (GCC bugs 105329, 105651); they are not ours to fix and would fail -Werror builds.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(dslab_warnings INTERFACE -Wno-restrict -Wno-stringop-overflow)
endif()
if(DSLAB_WERROR)
  target_compile_options(dslab_warnings INTERFACE -Werror)
endif()

# dslab_student_dir(<lab> <out-var>): the directory that holds the student-owned files of <lab>.
function(dslab_student_dir lab out)
  if(DSLAB_STUDENT_SOURCE STREQUAL "solutions")
    set(dir "${PROJECT_SOURCE_DIR}/solutions/${lab}")
  elseif(DSLAB_STUDENT_SOURCE STREQUAL "skeletons")
    set(dir "${PROJECT_SOURCE_DIR}/skeletons/${lab}")
  else()
    get_filename_component(root "${DSLAB_STUDENT_SOURCE}" ABSOLUTE BASE_DIR "${PROJECT_SOURCE_DIR}")
    set(dir "${root}/${lab}")
  endif()
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "dslab: student files for ${lab} not found: ${dir} "
                        "(DSLAB_STUDENT_SOURCE=${DSLAB_STUDENT_SOURCE})")
  endif()
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()

# dslab_course_only(<target>...): helper programs of the course's own tests and benchmarks, left
# out of the default build when DSLAB_COURSE_TESTS is OFF (the student repository).
function(dslab_course_only)
  if(NOT DSLAB_COURSE_TESTS)
    set_target_properties(${ARGN} PROPERTIES EXCLUDE_FROM_ALL TRUE)
  endif()
endfunction()

# dslab_add_test(<name> SOURCES ... LIBS ...): a GoogleTest binary of the course's own tests,
# registered with ctest (defined but not built without DSLAB_COURSE_TESTS or with host-only).
function(dslab_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  if(DSLAB_HOST_ONLY OR NOT DSLAB_COURSE_TESTS)
    # Defined (callers may add properties) but never built or registered.
    add_executable(${name} EXCLUDE_FROM_ALL ${ARG_SOURCES})
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main dslab_warnings)
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
