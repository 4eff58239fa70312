// netvet/crypto/digest.h: SHA-256 and hexadecimal text (OpenSSL's EVP).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace netvet::crypto {

using digest = std::array<std::uint8_t, 32>;

// SHA-256 of `bytes` (FIPS 180-4).
digest sha256(std::string_view bytes);

// Lower-case hexadecimal, two digits a byte.
std::string to_hex(std::span<const std::uint8_t> bytes);
// The bytes of `hex` (two digits a byte, either case); nullopt when it is not
// exactly that many hexadecimal digits.
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> from_hex(std::string_view hex);

// HMAC-SHA256 (RFC 2104) of `bytes` under `key` (webhook signatures).
digest hmac_sha256(std::string_view key, std::string_view bytes);

// Equality in time independent of where two byte strings differ (for
// comparing secrets and their hashes).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace netvet::crypto
