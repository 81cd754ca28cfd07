// Deterministic scenario and question picks (see pick.hpp).
#include "grader/exam/pick.hpp"

#include <algorithm>
#include <set>

#include "runtime/random/random.hpp"

namespace dslab::exam {

std::uint64_t pick_seed(const std::string& student, std::uint64_t seed) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : student) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h ^ (seed * 0x9e3779b97f4a7c15ULL);
}

Pick pick(const Bank& bank, const std::string& student, std::uint64_t seed) {
  random::Rng rng(pick_seed(student, seed));
  std::vector<const Scenario*> scenarios;
  for (const auto& s : bank.scenarios) scenarios.push_back(&s);
  rng.shuffle(scenarios);
  scenarios.resize(
      std::min<std::size_t>(scenarios.size(), static_cast<std::size_t>(bank.pick_scenarios)));

  Pick out;
  out.scenarios = scenarios;
  std::set<std::string> tied;
  for (const auto& s : bank.scenarios) tied.insert(s.questions.begin(), s.questions.end());
  const auto limit = static_cast<std::size_t>(bank.pick_questions);
  std::set<std::string> taken;
  for (const Scenario* s : scenarios) {
    std::vector<std::string> own = s->questions;
    rng.shuffle(own);
    for (const auto& id : own) {
      if (out.questions.size() < limit && taken.insert(id).second)
        out.questions.push_back(bank.question(id));
    }
  }
  std::vector<const Question*> general;
  for (const auto& q : bank.questions) {
    if (tied.count(q.id) == 0U) general.push_back(&q);
  }
  rng.shuffle(general);
  for (const Question* q : general) {
    if (out.questions.size() < limit) out.questions.push_back(q);
  }
  return out;
}

}  // namespace dslab::exam
