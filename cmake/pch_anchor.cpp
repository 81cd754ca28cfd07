// The one source of dslab_pch (cmake/dslab.cmake): the target exists to make cmake/test_pch.hpp's
// precompiled header, which test code and the grader reuse.
