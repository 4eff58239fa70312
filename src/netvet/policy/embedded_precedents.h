// netvet/policy/embedded_precedents.h (private): data/risk/precedents.csv
// compiled in (cmake/embed.cmake).
#pragma once

#include <string_view>

namespace netvet::policy {

std::string_view embedded_precedents_csv();

}  // namespace netvet::policy
