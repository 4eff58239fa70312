#include "netvet/plan/costs.h"

#include <charconv>
#include <cmath>

#include "netvet/core/csv_table.h"
#include "netvet/plan/embedded_costs.h"

namespace netvet::plan {
namespace {

constexpr std::array<std::string_view, 6> kColumns = {"item", "cost", "currency", "crew_days", "confidence", "source"};

result<double> non_negative(const csv_table& t, std::string_view column) {
  NETVET_ASSIGN_OR_RETURN(const auto text, t.required(column));
  double v = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc{} || ptr != end || !std::isfinite(v)) {
    return t.fail(column, "bad number '" + std::string(text) + "' for '" + std::string(column) + "'");
  }
  if (v < 0) {
    return t.fail(column, "negative " + std::string(column) + " '" + std::string(text) + "'");
  }
  return v;
}

result<cost_item> read_item(const csv_table& t) {
  cost_item it;
  NETVET_ASSIGN_OR_RETURN(const auto item, t.required("item"));
  it.item = std::string(item);
  NETVET_ASSIGN_OR_RETURN(it.cost, non_negative(t, "cost"));
  NETVET_ASSIGN_OR_RETURN(it.crew_days, non_negative(t, "crew_days"));
  NETVET_ASSIGN_OR_RETURN(it.conf, t.conf("confidence"));
  NETVET_ASSIGN_OR_RETURN(const auto src, t.required("source"));
  it.source = std::string(src);
  it.line = t.at("item").line;
  return it;
}

}  // namespace

const cost_item& cost_model::of(model::function f) const {
  const auto& row = by_function_[static_cast<std::size_t>(f)];
  return row ? *row : *default_;
}

status cost_model::place(const csv_table& t, cost_item it) {
  NETVET_ASSIGN_OR_RETURN(const auto currency, t.required("currency"));
  if (currency_.empty()) {
    currency_ = std::string(currency);
  } else if (currency != currency_) {
    return t.fail("currency", "currency '" + std::string(currency) + "' differs from '" + currency_ +
                                  "' of the rows above (one currency per cost model; conversion is not built)");
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

}  // namespace netvet::plan
