// netvet/plan/embedded_costs.h: the default cost model, compiled in
// (data/plan/costs.csv; src/netvet/plan/CMakeLists.txt embeds it).
#pragma once

#include <string_view>

namespace netvet::plan {

std::string_view embedded_costs_csv();  // data/plan/costs.csv

}  // namespace netvet::plan
