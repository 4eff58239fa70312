#include "netvet/crypto/signing.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "netvet/core/assert.h"

namespace netvet::crypto {
namespace {

EVP_PKEY* as_pkey(const std::shared_ptr<void>& p) { return static_cast<EVP_PKEY*>(p.get()); }

struct md_ctx {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  md_ctx() = default;
  md_ctx(const md_ctx&) = delete;
  md_ctx& operator=(const md_ctx&) = delete;
  ~md_ctx() { EVP_MD_CTX_free(ctx); }
};

struct mem_bio {
  BIO* bio;
  explicit mem_bio(BIO* b) : bio(b) {}
  mem_bio(const mem_bio&) = delete;
  mem_bio& operator=(const mem_bio&) = delete;
  ~mem_bio() { BIO_free(bio); }
};

}  // namespace

void signing_key::pkey_free::operator()(void* p) const { EVP_PKEY_free(static_cast<EVP_PKEY*>(p)); }

result<signing_key> signing_key::generate() {
  EVP_PKEY* key = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
  const bool ok = ctx != nullptr && EVP_PKEY_keygen_init(ctx) == 1 && EVP_PKEY_keygen(ctx, &key) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) {
    return make_error(error_code::io_error, "cannot make an Ed25519 key (OpenSSL's random source failed)");
  }
  return signing_key(key);
}

result<signing_key> signing_key::from_seed(std::span<const std::uint8_t, 32> seed) {
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size());
  if (key == nullptr) {
    return make_error(error_code::invalid_input, "not an Ed25519 secret");
  }
  return signing_key(key);
}

result<signing_key> signing_key::from_pem(std::string_view pem, const std::string& source) {
  const mem_bio in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = in.bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(in.bio, nullptr, nullptr, nullptr);
  if (key == nullptr) {
    return make_error(error_code::invalid_input, "not a PEM private key", location{source});
  }
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return make_error(error_code::invalid_input, "not an Ed25519 key (netvet signs with Ed25519)", location{source});
  }
  return signing_key(key);
}

std::string signing_key::private_pem() const {
  const mem_bio out(BIO_new(BIO_s_mem()));
  const int ok = PEM_write_bio_PrivateKey(out.bio, as_pkey(key_), nullptr, nullptr, 0, nullptr, nullptr);
  NETVET_ASSERT(ok == 1, "writing a key to memory cannot fail");
  char* data = nullptr;
  const long len = BIO_get_mem_data(out.bio, &data);  // NOLINT(google-runtime-int): OpenSSL's type
  return {data, static_cast<std::size_t>(len)};
}

public_key signing_key::public_bytes() const {
  public_key out{};
  std::size_t len = out.size();
  const int ok = EVP_PKEY_get_raw_public_key(as_pkey(key_), out.data(), &len);
  NETVET_ASSERT(ok == 1 && len == out.size(), "an Ed25519 key has a 32-byte public key");
  return out;
}

signature signing_key::sign(std::string_view message) const {
  signature out{};
  std::size_t len = out.size();
  const md_ctx md;
  const bool ok = md.ctx != nullptr && EVP_DigestSignInit(md.ctx, nullptr, nullptr, nullptr, as_pkey(key_)) == 1 &&
                  EVP_DigestSign(md.ctx, out.data(), &len, reinterpret_cast<const unsigned char*>(message.data()),
                                 message.size()) == 1;
  NETVET_ASSERT(ok && len == out.size(), "Ed25519 signing of memory cannot fail");
  return out;
}

bool verify(const public_key& key, std::string_view message, const signature& sig) {
  EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
  if (pkey == nullptr) {
    return false;
  }
  const md_ctx md;
  const bool ok = md.ctx != nullptr && EVP_DigestVerifyInit(md.ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
                  EVP_DigestVerify(md.ctx, sig.data(), sig.size(),
                                   reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace netvet::crypto
