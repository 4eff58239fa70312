// netvet/core/date.h: calendar dates as days since 1970-01-01 (proleptic
// Gregorian), parsed from and printed as ISO 8601 `YYYY-MM-DD`.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace netvet {

struct date {
  std::int32_t days = 0;  // days since 1970-01-01

  friend bool operator==(date a, date b) { return a.days == b.days; }
  friend bool operator!=(date a, date b) { return a.days != b.days; }
  friend bool operator<(date a, date b) { return a.days < b.days; }
  friend bool operator<=(date a, date b) { return a.days <= b.days; }
  friend bool operator>(date a, date b) { return a.days > b.days; }
  friend bool operator>=(date a, date b) { return a.days >= b.days; }
};

// Sentinel used in compact columns for "no date".
inline constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();

// Parses exactly YYYY-MM-DD (a valid calendar day, years 1000..9999).
std::optional<date> parse_date(std::string_view text);
std::string format_date(date d);
date date_from_ymd(int year, unsigned month, unsigned day);

// Today's date in UTC from the system clock. Only the CLI calls this; the
// library takes dates as arguments (hermetic, see STYLE.md).
date today_utc();

}  // namespace netvet
