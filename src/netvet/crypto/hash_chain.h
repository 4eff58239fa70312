// netvet/crypto/hash_chain.h: the hash chain of a tamper-evident record.
//
// Each entry's hash covers the hash before it and the entry's exact bytes:
//   hash(n) = SHA-256("netvet-log-v1" 0x00 || hash(n-1) || length(body) as 8 bytes big-endian || body)
// with hash(-1) the 32 zero bytes. Changing, removing, inserting or reordering
// any entry changes every hash after it; a signed checkpoint (signing.h) of
// the last hash and the count then exposes it. The length prefix keeps two
// different splits of the same bytes apart; the label keeps these hashes
// apart from any other SHA-256 use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "netvet/crypto/digest.h"
#include "netvet/crypto/signing.h"

namespace netvet::crypto {

// The hash before the first entry: 32 zero bytes.
inline constexpr digest kChainStart{};

digest chain_hash(const digest& previous, std::string_view body);

struct chain_entry {
  std::string body;  // the entry's exact bytes (canonical JSON in the server's log)
  digest hash{};     // as recorded
};

// The index of the first entry whose recorded hash does not follow from the
// one before and its body; nullopt when the whole chain holds.
std::optional<std::size_t> first_broken(std::span<const chain_entry> entries, const digest& start = kChainStart);

// A signed statement of the record at a point: how many entries and the last
// hash. `text()` is what is signed. (The server's checkpoints now also carry
// the Merkle root and sign its canonical JSON, store/server_store.h; this
// form remains for checkpoints signed before the tree.)
struct checkpoint {
  std::uint64_t count = 0;
  digest last{};
  [[nodiscard]] std::string text() const;  // "netvet-log-v1\n<count>\n<hex of last>\n"
};

signature sign_checkpoint(const signing_key& key, const checkpoint& c);
bool verify_checkpoint(const public_key& key, const checkpoint& c, const signature& sig);

}  // namespace netvet::crypto
