// The deterministic pick of an exam: which scenarios and questions a student gets, from the
// student id and the seed only (the same student and seed get the same; different students get
// different picks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grader/exam/bank.hpp"

namespace dslab::exam {

/// What one student gets.
struct Pick {
  std::vector<const Scenario*> scenarios;  ///< into the bank; in the order they are run
  std::vector<const Question*> questions;  ///< the scenarios' own first, then general ones
};

/// The stream seed of (student, seed): FNV-1a of the id mixed with the seed.
std::uint64_t pick_seed(const std::string& student, std::uint64_t seed);

/// Picks bank.pick_scenarios scenarios and up to bank.pick_questions questions. Questions no
/// scenario names are general; a scenario's own questions come first. `bank` must outlive it.
Pick pick(const Bank& bank, const std::string& student, std::uint64_t seed);

}  // namespace dslab::exam
