#include "netvet/plan/costs.h"

#include <algorithm>
#include <cmath>

#include "netvet/core/csv_table.h"
#include "netvet/plan/embedded_costs.h"

namespace netvet::plan {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"item", "cost", "currency", "crew_days", "confidence", "source"};

result<cost_item> read_item(const csv_table& t) {
  cost_item it;
  NETVET_ASSIGN_OR_RETURN(const auto item, t.required("item"));
  it.item = std::string(item);
  NETVET_ASSIGN_OR_RETURN(it.cost, t.non_negative("cost"));
  NETVET_ASSIGN_OR_RETURN(it.crew_days, t.non_negative("crew_days"));
  NETVET_ASSIGN_OR_RETURN(it.conf, t.conf("confidence"));
  NETVET_ASSIGN_OR_RETURN(const auto src, t.required("source"));
  it.source = std::string(src);
  it.line = t.at("item").line;
  NETVET_ASSIGN_OR_RETURN(const auto currency, t.required("currency"));
  const auto code = currency_code(currency);
  if (!code) {
    return t.fail("currency", "bad currency '" + std::string(currency) + "'; expected an ISO 4217 code such as GBP");
  }
  it.currency = *code;
  it.currency_column = t.at("currency").column;
  return it;
}

// 0.01 of the plan's currency, half away from zero.
double to_cents(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

const cost_item& cost_model::of(model::function f) const {
  const auto& row = by_function_[static_cast<std::size_t>(f)];
  return row ? *row : *default_;
}

status cost_model::place(const csv_table& t, cost_item it) {
  if (it.item == "site") {
    currency_ = it.currency;
  }
  std::optional<cost_item>* slot = nullptr;
  if (it.item == "site" || it.item == "default") {
    slot = it.item == "site" ? &site_ : &default_;
  } else {
    const auto fn = model::parse_function(it.item);
    if (!fn) {
      return t.fail("item", "unknown item '" + it.item + "'; expected site, default or a function (" +
                                std::string(model::function_list()) + ")");
    }
    slot = &by_function_[static_cast<std::size_t>(*fn)];
  }
  if (slot->has_value()) {
    return t.fail("item", "item '" + it.item + "' given twice");
  }
  *slot = std::move(it);
  return {};
}

result<cost_model> cost_model::read(csv_reader rd) {
  csv_table t(std::move(rd), {kColumns.begin(), kColumns.end()});
  NETVET_TRY(t.header());
  cost_model m;
  m.file_ = t.name();
  for (;;) {
    NETVET_ASSIGN_OR_RETURN(const bool more, t.next());
    if (!more) {
      break;
    }
    NETVET_ASSIGN_OR_RETURN(auto it, read_item(t));
    NETVET_TRY(m.place(t, std::move(it)));
  }
  if (!m.site_ || !m.default_) {
    return make_error(error_code::invalid_input,
                      std::string("missing row '") + (m.site_ ? "default" : "site") +
                          "' (every cost model has a 'site' row and a 'default' row)",
                      location{m.file_, 0, 0, "item"});
  }
  return m;
}

result<cost_model> cost_model::defaults() {
  return read(csv_reader::from_text(embedded_costs_csv(), "<embedded>/data/plan/costs.csv"));
}

// Every row, in file order.
std::vector<cost_item*> cost_model::rows() {
  std::vector<cost_item*> out{&*site_, &*default_};
  for (auto& row : by_function_) {
    if (row) {
      out.push_back(&*row);
    }
  }
  std::sort(out.begin(), out.end(), [](const cost_item* a, const cost_item* b) { return a->line < b->line; });
  return out;
}

status cost_model::convert(cost_item& it, const rate_table& rates) {
  const auto* from = rates.find(it.currency);
  if (from == nullptr) {
    return make_error(error_code::invalid_input,
                      "no exchange rate for " + it.currency + " (item '" + it.item + "') in " + rates.file() +
                          "; add a row currency,per_eur,date,source to a --rates FILE, or give the cost in " +
                          currency_,
                      location{file_, it.line, it.currency_column, "currency"});
  }
  auto& used = conversion_.rates;
  if (used.empty()) {
    const auto* to = rates.find(currency_);
    if (to == nullptr) {
      return make_error(error_code::invalid_input,
                        "no exchange rate for the plan's currency " + currency_ + " in " + rates.file() + " (item '" +
                            it.item + "' on line " + std::to_string(it.line) + " of " + file_ + " is in " +
                            it.currency + ")",
                        location{"", 0, 0, "--currency"});
    }
    used.push_back(*to);
  }
  if (std::none_of(used.begin(), used.end(), [from](const exchange_rate& r) { return r.currency == from->currency; })) {
    used.push_back(*from);
  }
  converted_item c{it.item, it.line, it.currency, it.cost, to_cents(it.cost / from->per_eur * used.front().per_eur)};
  it.cost = c.cost;
  it.currency = currency_;
  conversion_.items.push_back(std::move(c));
  return {};
}

result<cost_model> cost_model::in_currency(const std::string& currency, const rate_table& rates) const {
  cost_model out = *this;
  out.currency_ = currency;
  out.conversion_ = conversion{currency, rates.file(), {}, {}};
  for (auto* row : out.rows()) {
    if (row->currency != currency) {
      NETVET_TRY(out.convert(*row, rates));
    }
  }
  return out;
}

}  // namespace netvet::plan
