// The log's proofs as JSON and their offline checks (server_store.h).
#include <algorithm>
#include <string>
#include <vector>

#include "netvet/crypto/digest.h"
#include "netvet/crypto/merkle.h"
#include "netvet/store/server_store.h"
#include "netvet/store/server_store_internal.h"

namespace netvet::store {
namespace {

using nlohmann::json;

error malformed(const std::string& source, const char* field, const std::string& what) {
  return make_error(error_code::invalid_input, std::string("a proof needs ") + what, location{source, 0, 0, field});
}

result<std::string> string_field(const json& j, const char* name, const std::string& source) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_string()) {
    return malformed(source, name, std::string("the string '") + name + "'");
  }
  return j[name].get<std::string>();
}

result<std::uint64_t> count_field(const json& j, const char* name, const std::string& source) {
  if (!j.is_object() || !j.contains(name) || !j[name].is_number_unsigned()) {
    return malformed(source, name, std::string("'") + name + "', a whole number");
  }
  return j[name].get<std::uint64_t>();
}

result<std::vector<std::string>> path_field(const json& j, const std::string& source) {
  if (!j.is_object() || !j.contains("path") || !j["path"].is_array() || j["path"].size() > 64 ||
      !std::all_of(j["path"].begin(), j["path"].end(),
                   [](const json& h) { return h.is_string() && crypto::from_hex<32>(h.get<std::string>()); })) {
    return malformed(source, "path", "'path', an array of at most 64 hashes of 64 hexadecimal digits");
  }
  return j["path"].get<std::vector<std::string>>();
}

result<signed_checkpoint> checkpoint_field(const json& j, const std::string& source) {
  if (!j.is_object() || !j.contains("checkpoint")) {
    return malformed(source, "checkpoint", "the signed 'checkpoint'");
  }
  return signed_checkpoint::from_json(j["checkpoint"], source);
}

std::vector<crypto::digest> digests(const std::vector<std::string>& hex) {
  std::vector<crypto::digest> out;
  out.reserve(hex.size());
  for (const auto& h : hex) {
    out.push_back(crypto::from_hex<32>(h).value_or(crypto::digest{}));
  }
  return out;
}

// "" when `c` is a signed checkpoint of `chain` with a root at `count`.
std::string check_signed(const signed_checkpoint& c, const std::string& chain, std::uint64_t count,
                         const std::vector<published_key>& keys, const char* which) {
  if (!signed_by_published_key(c, keys)) {
    return std::string(which) + " is not signed by a published key (key_id " + c.key_id + ")";
  }
  if (c.chain != chain || c.count != count) {
    return std::string(which) + " is of " + c.chain + " at " + std::to_string(c.count) + " entries, not of " + chain +
           " at " + std::to_string(count);
  }
  if (c.root.empty()) {
    return std::string(which) + " has no Merkle root (signed before the tree): it proves nothing here";
  }
  return "";
}

}  // namespace

json to_json(const inclusion_proof& p, json entry) {
  return {{"chain", p.chain},
          {"index", p.index},
          {"size", p.size},
          {"entry", entry},
          {"leaf_hash", p.leaf_hash},
          {"path", p.path},
          {"checkpoint", p.checkpoint.to_json()}};
}

json to_json(const consistency_proof& p) {
  return {{"chain", p.chain},
          {"first", p.first},
          {"second", p.second},
          {"path", p.path},
          {"checkpoint", p.checkpoint.to_json()}};
}

result<inclusion_proof> inclusion_proof_from_json(const json& j, const std::string& source) {
  inclusion_proof p;
  NETVET_ASSIGN_OR_RETURN(p.chain, string_field(j, "chain", source));
  NETVET_ASSIGN_OR_RETURN(p.index, count_field(j, "index", source));
  NETVET_ASSIGN_OR_RETURN(p.size, count_field(j, "size", source));
  NETVET_ASSIGN_OR_RETURN(p.leaf_hash, string_field(j, "leaf_hash", source));
  if (!j.contains("entry") || !j["entry"].is_object() || !j["entry"].contains("body") ||
      !j["entry"]["body"].is_string()) {
    return malformed(source, "entry", "the 'entry' with its canonical 'body'");
  }
  p.entry.body = j["entry"]["body"].get<std::string>();
  NETVET_ASSIGN_OR_RETURN(p.path, path_field(j, source));
  NETVET_ASSIGN_OR_RETURN(p.checkpoint, checkpoint_field(j, source));
  return p;
}

result<consistency_proof> consistency_proof_from_json(const json& j, const std::string& source) {
  consistency_proof p;
  NETVET_ASSIGN_OR_RETURN(p.chain, string_field(j, "chain", source));
  NETVET_ASSIGN_OR_RETURN(p.first, count_field(j, "first", source));
  NETVET_ASSIGN_OR_RETURN(p.second, count_field(j, "second", source));
  NETVET_ASSIGN_OR_RETURN(p.path, path_field(j, source));
  NETVET_ASSIGN_OR_RETURN(p.checkpoint, checkpoint_field(j, source));
  return p;
}

result<std::vector<published_key>> keys_from_json(const json& j, const std::string& source) {
  const json& items = j.is_object() && j.contains("items") ? j["items"] : j;
  if (!items.is_array()) {
    return make_error(error_code::invalid_input, "the keys document has an 'items' array (GET /api/v1/log/keys)",
                      location{source, 0, 0, "items"});
  }
  std::vector<published_key> out;
  for (const auto& k : items) {
    published_key key;
    NETVET_ASSIGN_OR_RETURN(key.key_id, string_field(k, "key_id", source));
    NETVET_ASSIGN_OR_RETURN(key.public_key, string_field(k, "public_key", source));
    if (!crypto::from_hex<32>(key.public_key)) {
      return make_error(error_code::invalid_input, "a public key is 64 hexadecimal digits",
                        location{source, 0, 0, "public_key"});
    }
    out.push_back(std::move(key));
  }
  return out;
}

std::string check_inclusion(const inclusion_proof& p, const std::vector<published_key>& keys) {
  if (std::string why = check_signed(p.checkpoint, p.chain, p.size, keys, "the proof's checkpoint"); !why.empty()) {
    return why;
  }
  if (!detail::body_names(p.entry.body, p.chain, p.index)) {
    return "the entry's body does not name " + p.chain + " entry " + std::to_string(p.index);
  }
  const crypto::digest leaf = crypto::merkle_leaf_hash(p.entry.body);
  if (crypto::to_hex(leaf) != p.leaf_hash) {
    return "the entry's body does not hash to the proof's leaf_hash";
  }
  const auto root = crypto::from_hex<32>(p.checkpoint.root).value_or(crypto::digest{});
  if (!crypto::verify_inclusion(p.index, p.size, leaf, digests(p.path), root)) {
    return "the inclusion path does not lead from entry " + std::to_string(p.index) + " to the signed root at " +
           std::to_string(p.size) + " entries";
  }
  return "";
}

std::string check_consistency(const signed_checkpoint& held, const consistency_proof& p,
                              const std::vector<published_key>& keys) {
  if (std::string why = check_signed(held, p.chain, p.first, keys, "the held checkpoint"); !why.empty()) {
    return why;
  }
  if (std::string why = check_signed(p.checkpoint, p.chain, p.second, keys, "the proof's checkpoint"); !why.empty()) {
    return why;
  }
  const auto first_root = crypto::from_hex<32>(held.root).value_or(crypto::digest{});
  const auto second_root = crypto::from_hex<32>(p.checkpoint.root).value_or(crypto::digest{});
  if (!crypto::verify_consistency(p.first, p.second, first_root, second_root, digests(p.path))) {
    return "the log at " + std::to_string(p.second) + " entries does not extend the held checkpoint of " +
           std::to_string(p.first) + ": it was rewritten or cut";
  }
  return "";
}

}  // namespace netvet::store
