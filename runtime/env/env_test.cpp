// The environment variables: declared once, typed, and a malformed value is a clear error.
#include "runtime/env/env.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace dslab::env {
namespace {

TEST(Env, EveryVariableIsDeclaredOnceWithAMeaning) {
  std::set<std::string_view> names;
  for (const auto& v : variables()) {
    EXPECT_TRUE(names.insert(v.name).second) << v.name;
    EXPECT_EQ(v.name.rfind("DSLAB_", 0), 0u) << v.name;
    EXPECT_FALSE(v.meaning.empty()) << v.name;
    EXPECT_FALSE(v.value.empty()) << v.name;
  }
  EXPECT_THROW(declared("DSLAB_SEEED"), std::logic_error);
}

TEST(Env, NumbersParseStrictlyWithAMessageNamingTheVariable) {
  const ScopedOverride seeds(kSeeds, "1000");
  EXPECT_EQ(number(kSeeds), 1000u);
  for (const char* bad : {"12x", "-1", " 5", "0x10", "123456789012345678901234"}) {
    const ScopedOverride wrong(kSeeds, bad);
    try {
      (void)number(kSeeds);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()).rfind("DSLAB_SEEDS must be a whole number", 0), 0u) << e.what();
    }
  }
  const ScopedOverride big(kHostTimeoutMs, "99999999");
  EXPECT_THROW((void)number(kHostTimeoutMs, 600'000), Error);
}

TEST(Env, UnsetAndEmptyAreTheSameAndOverridesRestore) {
  ::unsetenv("DSLAB_TRACE_OUT");
  EXPECT_EQ(text(kTraceOut), std::nullopt);
  {
    const ScopedOverride empty(kTraceOut, "");
    EXPECT_EQ(text(kTraceOut), std::nullopt);
    EXPECT_EQ(text_or(kTraceOut, "x"), "x");
    const ScopedOverride set(kTraceOut, "/tmp/t.jsonl");
    EXPECT_EQ(text(kTraceOut), "/tmp/t.jsonl");
  }
  EXPECT_EQ(std::getenv("DSLAB_TRACE_OUT"), nullptr);
}

TEST(Env, FlagsAreOneOrZero) {
  ::unsetenv("DSLAB_HOST_PER_NODE");
  EXPECT_FALSE(flag(kHostPerNode));
  const ScopedOverride on(kHostPerNode, "1");
  EXPECT_TRUE(flag(kHostPerNode));
  const ScopedOverride bad(kHostPerNode, "yes");
  EXPECT_THROW((void)flag(kHostPerNode), Error);
  EXPECT_EQ(assignment(kStudentBin, "/x"), "DSLAB_STUDENT_BIN=/x");
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Env, TheDocsListEveryVariable) {
  const std::string doc = read(std::filesystem::path(DSLAB_SOURCE_ROOT) / "docs/environment.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& v : variables()) {
    EXPECT_NE(doc.find("| `" + std::string(v.name) + "` |"), std::string::npos) << v.name;
  }
}

// Every "DSLAB_..." string literal in the C++ sources names a declared variable, and only
// runtime/env reads the environment for one (no getenv("DSLAB_...") elsewhere).
TEST(Env, NoSourceNamesAnUndeclaredVariable) {
  namespace fs = std::filesystem;
  const fs::path root = DSLAB_SOURCE_ROOT;
  std::vector<std::string> problems;
  for (const char* dir : {"runtime", "grader", "labs", "cmake", "solutions", "skeletons"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp" && ext != ".in")) continue;
      if (entry.path().parent_path().filename() == "env") continue;
      const std::string text = read(entry.path());
      const std::string where = fs::relative(entry.path(), root).string();
      if (text.find("getenv(\"DSLAB_") != std::string::npos) problems.push_back(where + ": getenv(\"DSLAB_...\")");
      for (std::size_t at = text.find("\"DSLAB_"); at != std::string::npos; at = text.find("\"DSLAB_", at + 1)) {
        std::size_t end = at + 1;
        while (end < text.size() && (std::isupper(static_cast<unsigned char>(text[end])) ||
                                     std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
          ++end;
        }
        const std::string name = text.substr(at + 1, end - at - 1);
        // CMake cache variables spelled alike (docs/environment.md, last paragraph).
        bool known = name == "DSLAB_STUDENT_SOURCE" || name == "DSLAB_BUILD_HIDDEN_TESTS";
        for (const auto& v : variables()) known = known || v.name == name;
        if (!known) problems.push_back(where + ": " + name);
      }
    }
  }
  EXPECT_TRUE(problems.empty()) << [&] {
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    return all;
  }();
}

}  // namespace
}  // namespace dslab::env
