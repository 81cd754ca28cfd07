// Fixed-offset and TZif time zones, and ISO 8601 instant parsing/formatting.
#include "grader/manifest/time_zone.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>

namespace dslab::manifest {
namespace {

using std::chrono::seconds;

std::int64_t read_be(const std::vector<unsigned char>& b, std::size_t at, int width) {
  if (at + static_cast<std::size_t>(width) > b.size()) throw std::invalid_argument("truncated TZif file");
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) v = (v << 8) | b[at + static_cast<std::size_t>(i)];
  if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

struct Counts {
  std::int64_t isut, isstd, leap, time, type, chars;
};

Counts read_counts(const std::vector<unsigned char>& b, std::size_t at) {
  if (at + 44 > b.size() || b[at] != 'T' || b[at + 1] != 'Z' || b[at + 2] != 'i' || b[at + 3] != 'f') {
    throw std::invalid_argument("not a TZif file");
  }
  return Counts{read_be(b, at + 20, 4), read_be(b, at + 24, 4), read_be(b, at + 28, 4),
                read_be(b, at + 32, 4), read_be(b, at + 36, 4), read_be(b, at + 40, 4)};
}

std::size_t body_size(const Counts& c, int time_width) {
  return static_cast<std::size_t>(c.time * time_width + c.time + c.type * 6 + c.chars +
                                  c.leap * (time_width + 4) + c.isstd + c.isut);
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

int parse_int(std::string_view s, std::string_view whole) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) {
    throw std::invalid_argument(fmt::format("malformed time \"{}\"", whole));
  }
  return v;
}

}  // namespace

TimeZone::TimeZone() : name_("UTC"), types_{Type{0}} {}

TimeZone TimeZone::fixed(seconds offset) {
  TimeZone tz;
  const auto total = offset.count();
  const auto abs = total < 0 ? -total : total;
  tz.name_ = fmt::format("{}{:02}:{:02}", total < 0 ? '-' : '+', abs / 3600, abs % 3600 / 60);
  tz.types_ = {Type{static_cast<std::int32_t>(total)}};
  return tz;
}

TimeZone TimeZone::load(std::string_view name, const std::filesystem::path& zoneinfo_dir) {
  if (name == "UTC" || name == "Z" || name == "Etc/UTC") return TimeZone();
  if (!name.empty() && (name.front() == '+' || name.front() == '-')) return fixed(parse_offset(name));
  if (!valid_name(name)) throw std::invalid_argument(fmt::format("invalid time zone name \"{}\"", name));
  std::ifstream in(zoneinfo_dir / std::string(name), std::ios::binary);
  if (!in) {
    throw std::invalid_argument(fmt::format("unknown time zone \"{}\" (not found under {})", name,
                                            zoneinfo_dir.string()));
  }
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  TimeZone tz;
  tz.name_ = std::string(name);
  try {
    const Counts v1 = read_counts(b, 0);
    std::size_t at = 44;
    int width = 4;
    Counts c = v1;
    if (b[4] >= '2') {  // skip the 32-bit body, use the 64-bit one
      at = 44 + body_size(v1, 4);
      c = read_counts(b, at);
      at += 44;
      width = 8;
    }
    if (c.type <= 0 || c.type > 255) throw std::invalid_argument("bad type count");
    tz.transitions_.clear();
    for (std::int64_t i = 0; i < c.time; ++i) tz.transitions_.push_back(read_be(b, at + static_cast<std::size_t>(i * width), width));
    at += static_cast<std::size_t>(c.time * width);
    for (std::int64_t i = 0; i < c.time; ++i) {
      const auto idx = read_be(b, at + static_cast<std::size_t>(i), 1) & 0xff;
      if (idx >= c.type) throw std::invalid_argument("bad type index");
      tz.type_index_.push_back(static_cast<std::uint8_t>(idx));
    }
    at += static_cast<std::size_t>(c.time);
    tz.types_.clear();
    for (std::int64_t i = 0; i < c.type; ++i) {
      tz.types_.push_back(Type{static_cast<std::int32_t>(read_be(b, at + static_cast<std::size_t>(i * 6), 4))});
    }
    at += body_size(c, width) - static_cast<std::size_t>(c.time * width + c.time);
    // Footer: "\n<POSIX TZ>\n". A ',' means a DST rule continues past the table.
    const std::string footer(b.begin() + static_cast<std::ptrdiff_t>(std::min(at, b.size())), b.end());
    tz.open_ended_ = footer.find(',') == std::string::npos;
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("time zone \"{}\": corrupt zoneinfo file ({})", name, e.what()));
  }
  return tz;
}

seconds TimeZone::offset_at(Instant t) const {
  const auto s = t.time_since_epoch().count();
  if (transitions_.empty() || s < transitions_.front()) return seconds(types_.front().offset);
  if (!open_ended_ && s >= transitions_.back()) {
    throw std::out_of_range(fmt::format("{} is past the transition table of time zone {}; give the "
                                        "time with an explicit offset", format_utc(t), name_));
  }
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s);
  const auto i = static_cast<std::size_t>(std::distance(transitions_.begin(), it)) - 1;
  return seconds(types_[type_index_[i]].offset);
}

Instant TimeZone::to_utc(std::chrono::local_seconds local) const {
  std::vector<Instant> matches;
  std::vector<std::int32_t> offsets;
  for (const auto& type : types_) {
    if (std::find(offsets.begin(), offsets.end(), type.offset) == offsets.end()) offsets.push_back(type.offset);
  }
  for (auto off : offsets) {
    const Instant candidate{local.time_since_epoch() - seconds(off)};
    if (offset_at(candidate) == seconds(off)) matches.push_back(candidate);
  }
  const auto as_text = format_utc(Instant{local.time_since_epoch()});
  if (matches.empty()) {
    throw std::invalid_argument(fmt::format("local time {} does not exist in time zone {} (clocks "
                                            "skip it)", as_text.substr(0, 19), name_));
  }
  if (matches.size() > 1) {
    throw std::invalid_argument(fmt::format("local time {} is ambiguous in time zone {} (clocks "
                                            "repeat it); give an explicit offset", as_text.substr(0, 19), name_));
  }
  return matches.front();
}

seconds parse_offset(std::string_view text) {
  if (text == "Z" || text == "z") return seconds(0);
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
    throw std::invalid_argument(fmt::format("malformed UTC offset \"{}\" (expected +HH:MM)", text));
  }
  const int h = parse_int(text.substr(1, 2), text);
  const int m = parse_int(text.substr(4, 2), text);
  if (h > 23 || m > 59) throw std::invalid_argument(fmt::format("UTC offset out of range \"{}\"", text));
  const seconds off(h * 3600 + m * 60);
  return text[0] == '-' ? -off : off;
}

Instant parse_instant(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM)
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ' && text[10] != 't') ||
      text[13] != ':' || text[16] != ':') {
    throw std::invalid_argument(fmt::format("malformed time \"{}\" (expected e.g. 2026-03-01T12:00:00Z "
                                            "or 2026-03-01T12:00:00+01:00)", text));
  }
  std::size_t at = 19;
  if (text[at] == '.') {
    ++at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) != 0) ++at;
  }
  const auto offset = parse_offset(text.substr(at));
  using namespace std::chrono;
  const year_month_day ymd{year{parse_int(text.substr(0, 4), text)},
                           month{static_cast<unsigned>(parse_int(text.substr(5, 2), text))},
                           day{static_cast<unsigned>(parse_int(text.substr(8, 2), text))}};
  const int hh = parse_int(text.substr(11, 2), text);
  const int mm = parse_int(text.substr(14, 2), text);
  const int ss = parse_int(text.substr(17, 2), text);
  if (!ymd.ok() || hh > 23 || mm > 59 || ss > 60) {
    throw std::invalid_argument(fmt::format("time out of range \"{}\"", text));
  }
  const auto local = sys_days{ymd}.time_since_epoch() + hours(hh) + minutes(mm) + seconds(ss);
  return Instant{duration_cast<seconds>(local) - offset};
}

std::string format_utc(Instant t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace dslab::manifest
