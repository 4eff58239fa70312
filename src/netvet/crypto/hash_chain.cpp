#include "netvet/crypto/hash_chain.h"

#include <array>

namespace netvet::crypto {
namespace {

constexpr std::string_view kLabel{"netvet-log-v1\0", 14};

}  // namespace

digest chain_hash(const digest& previous, std::string_view body) {
  std::string input;
  input.reserve(kLabel.size() + previous.size() + 8 + body.size());
  input.append(kLabel);
  input.append(reinterpret_cast<const char*>(previous.data()), previous.size());
  const auto n = static_cast<std::uint64_t>(body.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    input += static_cast<char>((n >> static_cast<unsigned>(shift)) & 0xFFU);
  }
  input.append(body);
  return sha256(input);
}

std::optional<std::size_t> first_broken(std::span<const chain_entry> entries, const digest& start) {
  digest previous = start;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const digest expected = chain_hash(previous, entries[i].body);
    if (!constant_time_equal(expected, entries[i].hash)) {
      return i;
    }
    previous = entries[i].hash;
  }
  return std::nullopt;
}

std::string checkpoint::text() const {
  return std::string("netvet-log-v1\n") + std::to_string(count) + "\n" + to_hex(last) + "\n";
}

signature sign_checkpoint(const signing_key& key, const checkpoint& c) { return key.sign(c.text()); }

bool verify_checkpoint(const public_key& key, const checkpoint& c, const signature& sig) {
  return verify(key, c.text(), sig);
}

}  // namespace netvet::crypto
