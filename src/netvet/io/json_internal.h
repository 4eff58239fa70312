// Private to the io readers: JSON text read with netvet's limits.
//
// Every reader of JSON a user writes (netvet JSON, NetBox dumpdata and API
// pages) parses through `parse_json_text`, which is where the border checks
// of JSON live: a UTF-8 byte-order mark is skipped; nesting deeper than
// kMaxJsonDepth is refused while parsing (so nothing recursive, such as
// printing a value back, ever meets unbounded depth); a key that appears
// twice in one object is an error; a number too large for a double is an
// error. Each error is invalid_input (limit_exceeded for the depth) and names
// the file, the line and column, and the key where known. Nothing throws.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"

namespace netvet::io::detail {

// Objects and arrays nested deeper than this are refused (README "Limits").
inline constexpr std::size_t kMaxJsonDepth = 64;

result<nlohmann::json> parse_json_text(std::string_view text, std::string_view name);

}  // namespace netvet::io::detail
