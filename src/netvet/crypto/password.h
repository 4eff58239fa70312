// netvet/crypto/password.h: password hashing with Argon2id (RFC 9106) through
// Debian's libargon2, for the server's accounts. The stored form is the
// standard encoded string ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so the
// cost can rise later and old hashes still verify. A password is never kept
// or logged; the salt is 16 bytes from OpenSSL's random source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "netvet/core/error.h"

namespace netvet::crypto {

struct password_cost {
  std::uint32_t memory_kib = 19456;  // 19 MiB, t = 2, p = 1: OWASP's Argon2id baseline
  std::uint32_t passes = 2;
  std::uint32_t lanes = 1;
};

// The encoded hash of `password`. Errors: invalid_input when the password is
// empty or longer than 1024 bytes; io_error when no randomness is available.
result<std::string> hash_password(std::string_view password, const password_cost& cost = {});

// Whether `password` is the one `encoded` was made from; false for anything
// that is not an Argon2id encoded hash.
bool verify_password(const std::string& encoded, std::string_view password);

}  // namespace netvet::crypto
