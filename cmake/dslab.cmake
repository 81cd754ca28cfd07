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

# Test code (the course's tests, the labs' test binaries and checkers) and the grader are compiled
# on every CI run and run briefly: they get -O1 instead of the build type's -O2 (GCC; Release
# and RelWithDebInfo). Measured on runtime/testing/runner_test.cpp (2026-12-04, load ~2.5):
# 18.8-19.5 s of CPU at -O2, 14.7 s at -O1, 13.6 s at -O0 (which makes the tests slower for
# nothing). The runtime's libraries, the student code, the node hosts and programs and the
# benchmarks keep -O2: their speed is what the benchmarks and the grader's budgets measure.
option(DSLAB_QUICK_TEST_BUILD "Compile test code and the grader with -O1 (about a fifth less CPU)" ON)
# GCC 12 at -O1 reports -Warray-bounds and -Wstringop-overread false positives inside libstdc++'s
# std::string (GCC bug 105651's family, as -Wrestrict above), so those are off where -O1 is on.
set(quick "$<AND:$<BOOL:${DSLAB_QUICK_TEST_BUILD}>,$<CXX_COMPILER_ID:GNU>,$<CONFIG:Release,RelWithDebInfo>>")
add_library(dslab_quick_build INTERFACE)
target_compile_options(dslab_quick_build INTERFACE "$<${quick}:-O1>" "$<${quick}:-Wno-array-bounds>"
                       "$<${quick}:-Wno-stringop-overread>")

# The same code shares one precompiled header of GoogleTest, fmt, nlohmann/json and the standard
# headers (cmake/test_pch.hpp), made once by dslab_pch and reused by every target (REUSE_FROM):
# about 2 s less per translation unit (runner_test.cpp at -O1: 15.0 -> 12.7 s of CPU;
# render_json.cpp 6.4 -> 4.9 s; 2026-12-04). GCC takes a precompiled header only when the macros
# its headers test are defined alike, so every user gets fmt's and GoogleTest's definitions
# (FMT_SHARED, GTEST_HAS_PTHREAD=1) whether it links them or not, and -Winvalid-pch with -Werror
# turns a rejected header into a build error instead of a silent slow build. ccache caches such
# compilations only with the sloppiness and -fpch-preprocess its manual asks for (set below).
option(DSLAB_PCH "Precompile the third-party headers of test code and the grader (GCC)" ON)
if(DSLAB_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_definitions(dslab_quick_build INTERFACE FMT_SHARED GTEST_HAS_PTHREAD=1)
  add_library(dslab_pch OBJECT "${CMAKE_CURRENT_LIST_DIR}/pch_anchor.cpp")
  target_link_libraries(dslab_pch PRIVATE dslab_warnings dslab_quick_build GTest::gtest fmt::fmt
                                          nlohmann_json::nlohmann_json)
  target_precompile_headers(dslab_pch PRIVATE "${CMAKE_CURRENT_LIST_DIR}/test_pch.hpp")
  if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
    target_compile_options(dslab_quick_build INTERFACE -fpch-preprocess)
  endif()
endif()

# dslab_test_code(<target>...): these targets are test code (compiled with dslab_quick_build and
# the shared precompiled header).
function(dslab_test_code)
  foreach(target IN LISTS ARGN)
    target_link_libraries(${target} PRIVATE dslab_quick_build)
    if(TARGET dslab_pch)
      target_precompile_headers(${target} REUSE_FROM dslab_pch)
    endif()
  endforeach()
endfunction()

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
  dslab_test_code(${name})
  dslab_discover_tests(${name} ${ARG_LABELS})
endfunction()

# dslab_discover_tests(<target> [<label>...]): registers the GoogleTest binary's tests with ctest
# (gtest_discover_tests), each with every label. gtest_discover_tests alone cannot give a test two
# labels in CMake 3.25: its generated script passes the list unquoted, so the second label became
# a property name (`ctest -L hidden` found nothing). The labels are set by a script that ctest
# includes after the discovered tests.
function(dslab_discover_tests target)
  include(GoogleTest)
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 TEST_LIST ${target}_discovered)
  if(ARGN)
    set(script "${CMAKE_CURRENT_BINARY_DIR}/${target}_labels.cmake")
    file(WRITE "${script}" "if(${target}_discovered)\n  set_tests_properties(\${${target}_discovered} "
                           "PROPERTIES LABELS \"${ARGN}\")\nendif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${script}")
  endif()
endfunction()
