// netvet/crypto/signing.h: Ed25519 signatures (RFC 8032) through OpenSSL, for
// the signed checkpoints of the tamper-evident record.
//
// A key is kept as PKCS#8 PEM (what `openssl genpkey -algorithm ed25519`
// writes); the public key is its 32 raw bytes. Errors are values: a PEM that
// is not an Ed25519 private key is invalid_input naming `source`.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "netvet/core/error.h"

namespace netvet::crypto {

using public_key = std::array<std::uint8_t, 32>;
using signature = std::array<std::uint8_t, 64>;

class signing_key {
 public:
  // A new key from the system's random source.
  static result<signing_key> generate();
  // The key whose RFC 8032 secret is `seed`.
  static result<signing_key> from_seed(std::span<const std::uint8_t, 32> seed);
  static result<signing_key> from_pem(std::string_view pem, const std::string& source);

  [[nodiscard]] std::string private_pem() const;
  [[nodiscard]] public_key public_bytes() const;
  [[nodiscard]] signature sign(std::string_view message) const;

 private:
  struct pkey_free {
    void operator()(void* p) const;
  };
  explicit signing_key(void* pkey) : key_(pkey, pkey_free{}) {}
  std::shared_ptr<void> key_;  // EVP_PKEY
};

// Whether `sig` is `key`'s signature of `message`.
bool verify(const public_key& key, std::string_view message, const signature& sig);

}  // namespace netvet::crypto
