// netvet/plan/rates.h: exchange rates for pricing a plan in one currency.
//
// A rates table is a CSV (data/plan/rates.csv is the default, compiled in;
// `netvet plan --rates FILE` replaces it) with the columns
//   currency,per_eur,date,source
// where `currency` is an ISO 4217 code (three letters, case ignored), and
// `per_eur` the units of it that one euro buys on `date` (YYYY-MM-DD), as
// `source` gives it. The euro is the base: 1 EUR = 1 EUR needs no row (a row
// for EUR must say 1). The default table holds the ECB's euro foreign
// exchange reference rates of 1 October 2019 as published in the Official
// Journal of the EU (2019/C 331/05): every currency of that notice, with its
// figures as printed there. Errors name file, line and field.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/csv.h"
#include "netvet/core/date.h"
#include "netvet/core/error.h"

namespace netvet::plan {

inline constexpr std::string_view kBaseCurrency = "EUR";

struct exchange_rate {
  std::string currency;  // ISO 4217, upper case
  double per_eur = 1;    // units of `currency` for one euro
  std::optional<date> day;
  std::string source;
  std::size_t line = 0;  // in the table's file (0: the built-in euro)
};

// An ISO 4217 code in upper case, or nullopt when `text` is not three letters.
std::optional<std::string> currency_code(std::string_view text);

class rate_table {
 public:
  [[nodiscard]] const std::string& file() const { return file_; }
  // The rate of a currency (upper case), or nullptr. EUR is always there.
  [[nodiscard]] const exchange_rate* find(std::string_view currency) const;

  // Reads a table; every error names the file, line and field.
  static result<rate_table> read(csv_reader rd);
  // The compiled-in default (data/plan/rates.csv).
  static result<rate_table> defaults();

 private:
  std::string file_;
  std::vector<exchange_rate> rates_;
  exchange_rate base_{std::string(kBaseCurrency), 1, std::nullopt, "the base currency", 0};
};

}  // namespace netvet::plan
