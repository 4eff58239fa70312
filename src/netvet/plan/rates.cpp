#include "netvet/plan/rates.h"

#include <algorithm>
#include <array>

#include "netvet/core/csv_table.h"
#include "netvet/plan/embedded_costs.h"

namespace netvet::plan {
namespace {

constexpr std::array<std::string_view, 4> kColumns = {"currency", "per_eur", "date", "source"};

result<exchange_rate> read_rate(const csv_table& t) {
  exchange_rate r;
  NETVET_ASSIGN_OR_RETURN(const auto text, t.required("currency"));
  const auto code = currency_code(text);
  if (!code) {
    return t.fail("currency", "bad currency '" + std::string(text) + "'; expected an ISO 4217 code such as GBP");
  }
  r.currency = *code;
  NETVET_ASSIGN_OR_RETURN(r.per_eur, t.non_negative("per_eur"));
  if (r.per_eur == 0) {
    return t.fail("per_eur", "per_eur must be above 0 (the units of " + r.currency + " one euro buys)");
  }
  if (r.currency == kBaseCurrency && r.per_eur != 1) {
    return t.fail("per_eur", "EUR is the base: its per_eur is 1");
  }
  NETVET_ASSIGN_OR_RETURN(r.day, t.day("date"));
  if (!r.day) {
    return t.fail("date", "missing value for 'date' (the day the rate was published for)");
  }
  NETVET_ASSIGN_OR_RETURN(const auto src, t.required("source"));
  r.source = std::string(src);
  r.line = t.at("currency").line;
  return r;
}

}  // namespace

std::optional<std::string> currency_code(std::string_view text) {
  if (text.size() != 3) {
    return std::nullopt;
  }
  std::string out;
  for (const char c : text) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      out += c;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

const exchange_rate* rate_table::find(std::string_view currency) const {
  const auto it =
      std::find_if(rates_.begin(), rates_.end(), [currency](const exchange_rate& r) { return r.currency == currency; });
  if (it != rates_.end()) {
    return &*it;
  }
  return currency == kBaseCurrency ? &base_ : nullptr;
}

result<rate_table> rate_table::read(csv_reader rd) {
  csv_table t(std::move(rd), {kColumns.begin(), kColumns.end()});
  rate_table out;
  out.file_ = t.name();
  NETVET_TRY(each_row(t, [&out](const csv_table& row) -> status {
    NETVET_ASSIGN_OR_RETURN(auto r, read_rate(row));
    if (const auto* seen = out.find(r.currency); seen != nullptr && seen->line != 0) {
      return row.fail("currency",
                      "currency " + r.currency + " given twice (first on line " + std::to_string(seen->line) + ")");
    }
    out.rates_.push_back(std::move(r));
    return {};
  }));
  return out;
}

result<rate_table> rate_table::defaults() {
  return read(csv_reader::from_text(embedded_rates_csv(), "<embedded>/data/plan/rates.csv"));
}

}  // namespace netvet::plan
