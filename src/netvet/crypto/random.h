// netvet/crypto/random.h: secrets from OpenSSL's random source (tokens,
// session ids, salts), and the base64url text they are shown in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"

namespace netvet::crypto {

// `n` bytes from RAND_bytes; io_error when the generator has no entropy.
result<std::vector<std::uint8_t>> random_bytes(std::size_t n);

// RFC 4648 §5 base64url without padding.
std::string base64url(std::span<const std::uint8_t> bytes);

// `n` random bytes as lower-case hex.
result<std::string> random_hex(std::size_t n);

}  // namespace netvet::crypto
