// netvet/core/csv_table.h: a small CSV file whose header names its columns
// (data tables: risk profiles, criticality, precedents). Every column must be
// in the header and no other; each record is read by column name; errors name
// the file, line and field. Built on csv_reader (csv.h).
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/assert.h"
#include "netvet/core/confidence.h"
#include "netvet/core/csv.h"
#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/core/text.h"

namespace netvet {

// A CSV file with a header naming its columns: each record as fields by
// column name, errors naming file, line and field.
class csv_table {
 public:
  csv_table(csv_reader rd, std::vector<std::string_view> columns) : rd_(std::move(rd)), columns_(std::move(columns)) {}

  // Reads the header: every column must be there; others are errors too.
  status header() {
    NETVET_ASSIGN_OR_RETURN(const bool any, rd_.next());
    if (!any) {
      return make_error(error_code::invalid_input, "empty file: expected a header line", location{rd_.name(), 1});
    }
    const auto f = rd_.fields();
    header_fields_ = f.size();
    index_.assign(columns_.size(), kMissing);
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto name = trim(f[i]);
      const auto it = std::find(columns_.begin(), columns_.end(), name);
      if (it == columns_.end()) {
        return make_error(error_code::invalid_input,
                          "unknown column '" + std::string(name) + "'; expected: " + join_columns(),
                          location{rd_.name(), rd_.line(), i + 1, std::string(name)});
      }
      index_[static_cast<std::size_t>(it - columns_.begin())] = i;
    }
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (index_[c] == kMissing) {
        return make_error(error_code::invalid_input, "missing column '" + std::string(columns_[c]) + "'",
                          location{rd_.name(), rd_.line(), 0, std::string(columns_[c])});
      }
    }
    return {};
  }

  // The next record; a record with more fields than the header is an error
  // (an unquoted comma in a text, most often).
  result<bool> next() {
    NETVET_ASSIGN_OR_RETURN(const bool more, rd_.next());
    if (more && rd_.fields().size() > header_fields_) {
      return make_error(error_code::invalid_input,
                        "record has " + std::to_string(rd_.fields().size()) + " fields; the header has " +
                            std::to_string(header_fields_) + " (quote a text that holds a comma)",
                        location{rd_.name(), rd_.line(), header_fields_ + 1, ""});
    }
    return more;
  }

  [[nodiscard]] std::string_view get(std::string_view column) const {
    const auto i = index_[column_index(column)];
    const auto f = rd_.fields();
    return i < f.size() ? trim(f[i]) : std::string_view{};
  }
  [[nodiscard]] location at(std::string_view column) const {
    return location{rd_.name(), rd_.line(), index_[column_index(column)] + 1, std::string(column)};
  }
  [[nodiscard]] error fail(std::string_view column, std::string message) const {
    return make_error(error_code::invalid_input, std::move(message), at(column));
  }
  [[nodiscard]] result<std::string_view> required(std::string_view column) const {
    const auto v = get(column);
    if (v.empty()) {
      return fail(column, "missing value for '" + std::string(column) + "'");
    }
    return v;
  }
  [[nodiscard]] result<std::optional<date>> day(std::string_view column) const {
    const auto v = get(column);
    if (v.empty()) {
      return std::optional<date>{};
    }
    const auto d = parse_date(v);
    if (!d) {
      return fail(column, "bad date '" + std::string(v) + "'; expected YYYY-MM-DD");
    }
    return std::optional<date>(*d);
  }
  // A finite number of 0 or more (amounts, costs, rates).
  [[nodiscard]] result<double> non_negative(std::string_view column) const {
    NETVET_ASSIGN_OR_RETURN(const auto text, required(column));
    double v = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc{} || ptr != end || !std::isfinite(v)) {
      return fail(column, "bad number '" + std::string(text) + "' for '" + std::string(column) + "'");
    }
    if (v < 0) {
      return fail(column, "negative " + std::string(column) + " '" + std::string(text) + "'");
    }
    return v;
  }
  [[nodiscard]] result<confidence> conf(std::string_view column) const {
    const auto v = get(column);
    const auto c = parse_confidence(v);
    if (!c) {
      return fail(column,
                  "bad confidence '" + std::string(v) + "'; expected C (confirmed), P (partly) or U (unconfirmed)");
    }
    return *c;
  }
  [[nodiscard]] std::vector<std::string> list(std::string_view column) const {
    std::vector<std::string> out;
    for (const auto part : split(get(column), ';')) {
      if (!trim(part).empty()) {
        out.emplace_back(trim(part));
      }
    }
    return out;
  }
  [[nodiscard]] const std::string& name() const { return rd_.name(); }

 private:
  static constexpr std::size_t kMissing = static_cast<std::size_t>(-1);
  [[nodiscard]] std::size_t column_index(std::string_view column) const {
    const auto it = std::find(columns_.begin(), columns_.end(), column);
    NETVET_ASSERT(it != columns_.end(), "a column the reader asks for is one it declared");
    return static_cast<std::size_t>(it - columns_.begin());
  }
  [[nodiscard]] std::string join_columns() const {
    std::string out;
    for (const auto c : columns_) {
      out += out.empty() ? "" : ", ";
      out += c;
    }
    return out;
  }

  csv_reader rd_;
  std::vector<std::string_view> columns_;
  std::vector<std::size_t> index_;
  std::size_t header_fields_ = 0;
};

// Reads every record of `t` through `row`.
inline status each_row(csv_table& t, const std::function<status(const csv_table&)>& row) {
  NETVET_TRY(t.header());
  while (true) {
    NETVET_ASSIGN_OR_RETURN(const bool more, t.next());
    if (!more) {
      return {};
    }
    NETVET_TRY(row(t));
  }
}

}  // namespace netvet
