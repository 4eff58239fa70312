// netvet/plan/costs.h: what a removal costs, in money and crew-days.
//
// A cost model is a CSV (data/plan/costs.csv is the default, compiled in;
// `netvet plan --costs FILE` replaces it) with the columns
//   item,cost,currency,crew_days,confidence,source
// where `item` is a network function (model/function.h), `site` (paid once
// for every site visited: the macro RAN site swap with its site work) or
// `default` (every function without a row of its own). A site's swap costs
// its `site` row plus the row of each element replaced there. Every row
// carries its source and confidence (C/P/U, core/confidence.h) and the
// currency of its source (an ISO 4217 code, rates.h). A plan is priced in one
// currency (in_currency): each row in another is converted through the euro
// at a rate table's rates, amount / per_eur(from) x per_eur(to), rounded to
// 0.01 of the plan's currency (half away from zero), and the conversion says
// which rates and rows it used. Errors name file, line and field.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/confidence.h"
#include "netvet/core/csv.h"
#include "netvet/core/error.h"
#include "netvet/model/function.h"
#include "netvet/plan/rates.h"

namespace netvet {
class csv_table;
}

namespace netvet::plan {

struct cost_item {
  std::string item;      // a function's word, "site" or "default"
  double cost = 0;       // in `currency`
  std::string currency;  // ISO 4217, upper case
  double crew_days = 0;  // crew-days of work
  confidence conf = confidence::unconfirmed;
  std::string source;
  std::size_t line = 0;
  std::size_t currency_column = 0;  // where `currency` is on `line`
};

// A row priced in the plan's currency from another.
struct converted_item {
  std::string item;
  std::size_t line = 0;
  std::string from;      // the row's own currency
  double from_cost = 0;  // its cost in it
  double cost = 0;       // in the plan's currency, rounded to 0.01
};

// How a model was brought into one currency: the rates used (the plan's
// currency first, then each row currency converted from, in the order met;
// empty when nothing was converted) and the rows converted.
struct conversion {
  std::string currency;
  std::string rates_file;
  std::vector<exchange_rate> rates;
  std::vector<converted_item> items;
};

class cost_model {
 public:
  // The site row's currency (the plan's by default); after in_currency, the
  // currency of every row.
  [[nodiscard]] const std::string& currency() const { return currency_; }
  // Empty rates and items until in_currency converts something.
  [[nodiscard]] const conversion& converted() const { return conversion_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  // The once-per-site row.
  [[nodiscard]] const cost_item& site() const { return *site_; }
  // The row of a function (its own, else `default`).
  [[nodiscard]] const cost_item& of(model::function f) const;

  // Reads a model; every error names the file, line and field.
  static result<cost_model> read(csv_reader rd);
  // The compiled-in default (data/plan/costs.csv).
  static result<cost_model> defaults();

  // The model with every row in `currency` (upper case). Errors
  // (invalid_input): a row's currency with no rate in `rates` (naming the
  // cost file, the row's line and `currency`); `currency` itself with no
  // rate while a row needs converting (naming --currency and the rates file).
  [[nodiscard]] result<cost_model> in_currency(const std::string& currency, const rate_table& rates) const;

 private:
  status place(const csv_table& t, cost_item it);
  std::vector<cost_item*> rows();
  status convert(cost_item& it, const rate_table& rates);  // into currency_

  std::string currency_;
  std::string file_;
  conversion conversion_;
  std::optional<cost_item> site_;     // set by read (required)
  std::optional<cost_item> default_;  // set by read (required)
  std::array<std::optional<cost_item>, model::kFunctionCount> by_function_{};
};

}  // namespace netvet::plan
