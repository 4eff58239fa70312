// netvet/plan/embedded_costs.h: the default cost model and exchange rates,
// compiled in (data/plan/costs.csv and rates.csv; src/netvet/plan/CMakeLists.txt
// embeds them).
#pragma once

#include <string_view>

namespace netvet::plan {

std::string_view embedded_costs_csv();  // data/plan/costs.csv
std::string_view embedded_rates_csv();  // data/plan/rates.csv

}  // namespace netvet::plan
