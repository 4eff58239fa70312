// Private to netvet_store: the content hash and helpers shared by backends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "netvet/core/error.h"
#include "netvet/model/network.h"

namespace netvet::store {

// FNV-1a 64 (public domain); fed field by field with separators.
class content_hasher {
 public:
  void bytes(std::string_view s) {
    for (const char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= 0x100000001b3ULL;
    }
  }
  void field(std::string_view s) {
    bytes(s);
    bytes(std::string_view("\x1f", 1));
  }
  void number(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h_ ^= (v >> (8 * i)) & 0xffU;
      h_ *= 0x100000001b3ULL;
    }
    bytes(std::string_view("\x1f", 1));
  }
  void end_record() { bytes(std::string_view("\x1e", 1)); }
  [[nodiscard]] std::string hex() const;

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

void hash_header(content_hasher& h, const model::network& net);
void hash_element(content_hasher& h, const model::network& net, model::element_index e);
void hash_link(content_hasher& h, const model::network& net, model::link_index l);

// Appends `s` as a JSON string literal (quotes, escapes).
void append_json_string(std::string& out, std::string_view s);

// The file a SQLite workspace uri names (workspace.h's forms); unsupported
// for PostgreSQL, invalid_input for an unknown scheme.
result<std::string> sqlite_path_of(std::string_view uri);

}  // namespace netvet::store
