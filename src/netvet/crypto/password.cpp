#include "netvet/crypto/password.h"

#include <array>
#include <vector>

#include <argon2.h>
#include <openssl/rand.h>

namespace netvet::crypto {
namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr std::size_t kMaxPassword = 1024;

}  // namespace

result<std::string> hash_password(std::string_view password, const password_cost& cost) {
  if (password.empty() || password.size() > kMaxPassword) {
    return make_error(error_code::invalid_input, "a password has 1 to 1024 bytes", location{"", 0, 0, "password"});
  }
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return make_error(error_code::io_error, "no randomness for a salt (OpenSSL's random source failed)");
  }
  std::vector<char> encoded(
      argon2_encodedlen(cost.passes, cost.memory_kib, cost.lanes, kSaltBytes, kHashBytes, Argon2_id) + 1);
  const int rc = argon2id_hash_encoded(cost.passes, cost.memory_kib, cost.lanes, password.data(), password.size(),
                                       salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return make_error(error_code::invalid_input, std::string("cannot hash the password: ") + argon2_error_message(rc),
                      location{"", 0, 0, "password"});
  }
  return std::string(encoded.data());
}

bool verify_password(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0 || password.size() > kMaxPassword) {
    return false;
  }
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace netvet::crypto
