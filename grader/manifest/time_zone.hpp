// Time zones (fixed offsets and IANA zones from the system zoneinfo) and ISO 8601 instants.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dslab::manifest {

using Instant = std::chrono::sys_seconds;  ///< an absolute instant, UTC, whole seconds

/// A time zone: a fixed UTC offset, or an IANA zone read from a TZif file (RFC 8536). Immutable
/// after construction, so safe to share between threads. Only the explicit transition table of
/// the file is used (Debian ships "fat" files, with transitions up to 2037); instants past the
/// table of a zone that still has daylight saving are rejected rather than guessed.
class TimeZone {
 public:
  /// UTC.
  TimeZone();
  /// A fixed offset east of UTC, named like "+02:00".
  static TimeZone fixed(std::chrono::seconds offset);
  /// "UTC", "Z", "+HH:MM" / "-HH:MM", or an IANA name ("Europe/Zurich") looked up under
  /// `zoneinfo_dir`. Throws std::invalid_argument with a clear message when unknown or corrupt.
  static TimeZone load(std::string_view name,
                       const std::filesystem::path& zoneinfo_dir = "/usr/share/zoneinfo");

  const std::string& name() const { return name_; }
  /// UTC offset in effect at `t`. Throws std::out_of_range past the zone's table.
  std::chrono::seconds offset_at(Instant t) const;
  /// The instant a wall-clock time in this zone denotes. Throws std::invalid_argument when the
  /// local time does not exist (spring-forward gap) or is ambiguous (fall-back overlap).
  Instant to_utc(std::chrono::local_seconds local) const;

 private:
  struct Type {
    std::int32_t offset;
  };
  std::string name_;
  std::vector<std::int64_t> transitions_;  // UTC seconds, ascending
  std::vector<std::uint8_t> type_index_;   // type after each transition
  std::vector<Type> types_;                // types_[0] applies before the first transition
  bool open_ended_ = true;                 // the last type holds forever (no DST rule after)
};

/// Parses an ISO 8601 / RFC 3339 instant with an explicit offset: "2026-03-01T12:00:00Z",
/// "2026-03-01T12:00:00+01:00", "2026-03-01 12:00:00.250-05:00" (fractions are truncated).
/// Throws std::invalid_argument naming the text when malformed.
Instant parse_instant(std::string_view text);

/// "2026-03-01T11:00:00Z".
std::string format_utc(Instant t);

/// Seconds east of UTC for "+HH:MM" / "-HH:MM" / "Z"; throws std::invalid_argument otherwise.
std::chrono::seconds parse_offset(std::string_view text);

}  // namespace dslab::manifest
