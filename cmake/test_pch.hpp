// The precompiled header of test code and the grader (cmake/dslab.cmake, DSLAB_PCH): third-party
// and standard headers only, which change with the machine's packages, never with our code. A
// project header here would rebuild every test on each edit of it and could depend on macros
// that differ between targets.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>
