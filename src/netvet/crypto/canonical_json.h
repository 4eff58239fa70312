// netvet/crypto/canonical_json.h: the one byte form of a JSON value that the
// tamper-evident record hashes and signs: RFC 8785 (JSON Canonicalization
// Scheme) for the values the record holds.
//
// Objects' keys sorted by their UTF-16 code units, no whitespace, strings
// escaped as RFC 8785 says (\" \\ \b \f \n \r \t, other controls as \u00xx,
// everything else as UTF-8), integers in decimal. A floating-point number is
// refused (the record holds integers only: RFC 8785's number form needs
// ECMAScript's shortest round trip, which a reader could get wrong), as is a
// string that is not UTF-8 and nesting deeper than 64; each is an error
// naming the JSON path.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "netvet/core/error.h"

namespace netvet::crypto {

result<std::string> canonical_json(const nlohmann::json& value);

}  // namespace netvet::crypto
