#include "netvet/plan/limits.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "netvet/core/csv_table.h"

namespace netvet::plan {
namespace {

constexpr std::array<std::string_view, 2> kColumns = {"period", "amount"};

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The year of `text` and, unless it is a whole year, its period label.
result<limit_row> parse_when(const csv_table& t, std::string_view text, period_length length) {
  limit_row r;
  const std::string_view year = text.substr(0, 4);
  const bool month = text.size() == 7 && text[4] == '-' && digits(text.substr(5));
  const bool quarter = text.size() == 7 && text.substr(4, 2) == "-Q" && digits(text.substr(6));
  if (!digits(year) || (text.size() != 4 && !month && !quarter)) {
    return t.fail("period", "bad period '" + std::string(text) +
                                "'; expected a year (2024), a quarter (2024-Q3) or a month (2024-07)");
  }
  r.year = std::stoi(std::string(year));
  if (month || quarter) {
    const int n = std::stoi(std::string(text.substr(month ? 5 : 6)));
    if (n < 1 || n > (month ? 12 : 4)) {
      return t.fail("period", "bad period '" + std::string(text) + "'");
    }
    if (month != (length == period_length::month)) {
      return t.fail("period", "'" + std::string(text) + "' is a " + (month ? "month" : "quarter") +
                                  " but the plan's periods are " +
                                  (length == period_length::month ? "months" : "quarters") +
                                  " (--period); give those, or years");
    }
    r.period = std::string(text);
  }
  return r;
}

result<double> amount_of(const csv_table& t) { return t.non_negative("amount"); }

// Rows seen so far: a year and its periods are exclusive, and each once.
class seen_rows {
 public:
  status add(const csv_table& t, const limit_row& r) {
    const auto year_line = years_.find(r.year);
    if (r.period.empty()) {
      if (year_line != years_.end()) {
        return t.fail("period", "year " + std::to_string(r.year) + " given twice (line " +
                                    std::to_string(year_line->second) + ")");
      }
      if (const auto p = period_years_.find(r.year); p != period_years_.end()) {
        return t.fail("period", "year " + std::to_string(r.year) + " has a row of its own and a period row (line " +
                                    std::to_string(p->second) + "); give one or the other");
      }
      years_.emplace(r.year, r.line);
      return {};
    }
    if (year_line != years_.end()) {
      return t.fail("period", r.period + " is in year " + std::to_string(r.year) +
                                  ", which has a row of its own (line " + std::to_string(year_line->second) +
                                  "); give one or the other");
    }
    if (const auto [it, added] = periods_.try_emplace(r.period, r.line); !added) {
      return t.fail("period", r.period + " given twice (line " + std::to_string(it->second) + ")");
    }
    period_years_.try_emplace(r.year, r.line);
    return {};
  }

 private:
  std::map<int, std::size_t> years_;
  std::map<int, std::size_t> period_years_;
  std::map<std::string, std::size_t> periods_;
};

}  // namespace

result<limit_table> read_limits(csv_reader rd, period_length length) {
  csv_table t(std::move(rd), {kColumns.begin(), kColumns.end()});
  NETVET_TRY(t.header());
  limit_table out;
  out.file = t.name();
  seen_rows seen;
  for (;;) {
    NETVET_ASSIGN_OR_RETURN(const bool more, t.next());
    if (!more) {
      break;
    }
    NETVET_ASSIGN_OR_RETURN(const auto when, t.required("period"));
    NETVET_ASSIGN_OR_RETURN(auto r, parse_when(t, when, length));
    NETVET_ASSIGN_OR_RETURN(r.amount, amount_of(t));
    r.line = t.at("period").line;
    NETVET_TRY(seen.add(t, r));
    out.rows.push_back(std::move(r));
  }
  return out;
}

std::vector<std::optional<double>> limits_per_period(const limit_table& table, const std::vector<period>& periods,
                                                     period_length length) {
  const double per_year = length == period_length::month ? 12 : 4;
  std::vector<std::optional<double>> out(periods.size(), 0.0);
  for (std::size_t t = 0; t < periods.size(); ++t) {
    const int year = std::stoi(periods[t].label.substr(0, 4));
    for (const auto& r : table.rows) {
      if (r.period.empty() ? r.year == year : r.period == periods[t].label) {
        *out[t] += r.period.empty() ? r.amount / per_year : r.amount;
      }
    }
  }
  return out;
}

}  // namespace netvet::plan
