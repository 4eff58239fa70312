// netvet/core/text.h: small text utilities shared by readers and reports.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"

namespace netvet {

std::string_view trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);

// Returns the 0-based byte offset of the first invalid UTF-8 sequence, or
// nullopt when `s` is valid UTF-8 (overlongs and surrogates are invalid).
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Levenshtein distance on bytes (for "did you mean" suggestions).
std::size_t edit_distance(std::string_view a, std::string_view b);

// Up to `n` candidates closest to `word`, best first, within a distance that
// grows with the word's length.
std::vector<std::string> closest(std::string_view word, const std::vector<std::string>& candidates, std::size_t n = 3);

std::vector<std::string_view> split(std::string_view s, char sep);

// "a, b, c" from a list.
std::string join(const std::vector<std::string>& items, std::string_view sep);

// The line and column of byte `pos` of `text`, for parse errors of JSON,
// YAML and XML readers that report byte offsets.
location location_of_byte(std::string_view text, std::size_t pos, std::string_view file);

// Shortest text that parses back to the same double ("10", "-36.8485").
std::string format_double(double v);

}  // namespace netvet
