// Renderers of student standings for `dslab ledger show|export`: table, JSON, Markdown, CSV.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grader/ledger/standing.hpp"

namespace dslab::ledger {

/// Aligned plain text: one block per student, one line per lab, then the course grade parts.
std::string render_standings_table(const manifest::Course& course, const std::vector<StudentStanding>& all);

/// {"schema": "dslab-standings/1", "weights": {...}, "students": [...]}, keys in fixed order.
nlohmann::ordered_json standings_json(const manifest::Course& course, const std::vector<StudentStanding>& all);

/// One Markdown table per student.
std::string render_standings_markdown(const manifest::Course& course, const std::vector<StudentStanding>& all);

/// Gradebook CSV (RFC 4180): one row per student; per lab: score, penalty, final, passed, days
/// late; then slip days used/remaining, lab grade and parts, project, exam, total.
std::string render_standings_csv(const manifest::Course& course, const std::vector<StudentStanding>& all);

}  // namespace dslab::ledger
