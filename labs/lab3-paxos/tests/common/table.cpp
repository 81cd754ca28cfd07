// Lab 3 table-driven node tests: the row runner (see the header).
#include "labs/lab3-paxos/tests/common/table.hpp"

#include <gtest/gtest.h>

#include "runtime/codec/view.hpp"

namespace lab3::table {

namespace {

std::string sends_text(const dslab::labkit::Step<Protocol>& step) {
  std::string out;
  for (const auto& s : step.sends) {
    out += "\n      -> n" + std::to_string(s.to) + " " + dslab::codec::to_text(s.msg);
  }
  return out.empty() ? " (none)" : out;
}

dslab::labkit::Step<Protocol> apply(Driver& driver, const Input& input) {
  if (const auto* d = std::get_if<Deliver>(&input)) return driver.deliver(d->from, d->msg);
  if (std::holds_alternative<FireTimer>(input)) {
    if (driver.timers().empty()) return {};  // reported by the row's expectations
    return driver.fire_next();
  }
  return driver.crash_and_restart();
}

void check_row(std::size_t i, const Row& row, const dslab::labkit::Step<Protocol>& step) {
  const std::string where = "row " + std::to_string(i + 1) + " (" + row.what + ")";
  for (const auto& want : row.sends) {
    bool found = false;
    for (const auto& s : step.sends) found = found || (s.to == want.to && s.msg == want.msg);
    EXPECT_TRUE(found) << where << ": expected a send to n" << want.to << " of "
                       << dslab::codec::to_text(want.msg) << "; sent:" << sends_text(step);
  }
  for (const auto& s : step.sends) {
    for (std::size_t k : row.no_kinds) {
      EXPECT_NE(s.msg.index(), k) << where << ": must not send " << dslab::codec::to_text(s.msg)
                                  << " (to n" << s.to << ")";
    }
  }
  if (row.decided) {
    std::vector<Value> got;
    for (const auto& o : step.outputs) got.push_back(std::get<Decided>(o).value);
    EXPECT_EQ(got, *row.decided) << where << ": Decided outputs differ";
  }
  if (row.writes_storage) {
    EXPECT_FALSE(step.writes.empty())
        << where << ": the answer must be backed by a stable-storage write in the same handler";
  }
}

}  // namespace

void run(Driver& driver, const std::vector<Row>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    check_row(i, rows[i], apply(driver, rows[i].input));
  }
}

}  // namespace lab3::table
