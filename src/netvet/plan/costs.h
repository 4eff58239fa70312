// netvet/plan/costs.h: what a removal costs, in money and crew-days.
//
// A cost model is a CSV (data/plan/costs.csv is the default, compiled in;
// `netvet plan --costs FILE` replaces it) with the columns
//   item,cost,currency,crew_days,confidence,source
// where `item` is a network function (model/function.h), `site` (paid once
// for every site visited: the macro RAN site swap with its site work) or
// `default` (every function without a row of its own). A site's swap costs
// its `site` row plus the row of each element replaced there. Every row
// carries its source and confidence (C/P/U, core/confidence.h); one currency
// per model (conversion is not built). Errors name file, line and field.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "netvet/core/confidence.h"
#include "netvet/core/csv.h"
#include "netvet/core/error.h"
#include "netvet/model/function.h"

namespace netvet {
class csv_table;
}

namespace netvet::plan {

struct cost_item {
  std::string item;      // a function's word, "site" or "default"
  double cost = 0;       // in the model's currency
  double crew_days = 0;  // crew-days of work
  confidence conf = confidence::unconfirmed;
  std::string source;
  std::size_t line = 0;
};

class cost_model {
 public:
  [[nodiscard]] const std::string& currency() const { return currency_; }
  [[nodiscard]] const std::string& file() const { return file_; }
  // The once-per-site row.
  [[nodiscard]] const cost_item& site() const { return *site_; }
  // The row of a function (its own, else `default`).
  [[nodiscard]] const cost_item& of(model::function f) const;

  // Reads a model; every error names the file, line and field.
  static result<cost_model> read(csv_reader rd);
  // The compiled-in default (data/plan/costs.csv).
  static result<cost_model> defaults();

 private:
  status place(const csv_table& t, cost_item it);

  std::string currency_;
  std::string file_;
  std::optional<cost_item> site_;     // set by read (required)
  std::optional<cost_item> default_;  // set by read (required)
  std::array<std::optional<cost_item>, model::kFunctionCount> by_function_{};
};

}  // namespace netvet::plan
