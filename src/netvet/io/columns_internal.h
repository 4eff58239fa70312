// Private to the readers and writers: the columns of elements.csv and
// links.csv (and the keys of netvet JSON) that netvet knows, in the order of
// network-csv.md. Declared once, from the model's X-macro tables, so that the
// CSV reader's header checks, the CSV writer, the JSON reader and the GraphML
// reader's renaming of clashing attributes cannot drift apart.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "netvet/model/network.h"

namespace netvet::io::columns {

// elements.csv: the required columns, then model::element_column in order.
inline constexpr std::size_t kRequiredElementColumns = 3;  // id, function, vendor
inline constexpr std::array<std::string_view, kRequiredElementColumns + model::kElementColumnCount> kElement = {
    {"id", "function", "vendor",
#define NETVET_X(name) #name,
     NETVET_ELEMENT_COLUMNS(NETVET_X)
#undef NETVET_X
    }};

// links.csv: the two ends, then model::link_column in order.
inline constexpr std::size_t kRequiredLinkColumns = 2;  // a, b
inline constexpr std::array<std::string_view, kRequiredLinkColumns + model::kLinkColumnCount> kLink = {
    {"a", "b",
#define NETVET_X(name) #name,
     NETVET_LINK_COLUMNS(NETVET_X)
#undef NETVET_X
    }};

inline constexpr std::span<const std::string_view> required_element() {
  return std::span(kElement).first(kRequiredElementColumns);
}
inline constexpr std::span<const std::string_view> required_link() {
  return std::span(kLink).first(kRequiredLinkColumns);
}

// The most attribute names (extra columns) a reader takes from one file for
// elements, and again for links (README "Limits"): GraphML keys, netvet JSON
// "attributes" keys. More is error_code::limit_exceeded naming the file.
inline constexpr std::size_t kMaxAttributeNames = 4096;

// Position of `name` in `table`, if it is there.
inline std::optional<std::size_t> position(std::span<const std::string_view> table, std::string_view name) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

// The optional column at a position of kElement / kLink (past the required ones).
inline constexpr model::element_column element_column_at(std::size_t position) {
  return static_cast<model::element_column>(position - kRequiredElementColumns);
}
inline constexpr model::link_column link_column_at(std::size_t position) {
  return static_cast<model::link_column>(position - kRequiredLinkColumns);
}

}  // namespace netvet::io::columns
