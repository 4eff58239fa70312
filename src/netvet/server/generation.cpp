#include "netvet/server/generation.h"

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include <elf.h>
#include <link.h>

#include "netvet/crypto/digest.h"
#include "netvet/crypto/random.h"

namespace netvet::server {
namespace {

constexpr std::size_t kNoteAlign = 4;

std::size_t aligned(std::size_t n) { return (n + kNoteAlign - 1) & ~(kNoteAlign - 1); }

// The NT_GNU_BUILD_ID note among the notes at [p, p + size).
std::string build_id_in(const unsigned char* p, std::size_t size) {
  std::size_t at = 0;
  while (at + sizeof(ElfW(Nhdr)) <= size) {
    ElfW(Nhdr) note{};
    std::memcpy(&note, p + at, sizeof note);
    const std::size_t name_at = at + sizeof note;
    const std::size_t desc_at = name_at + aligned(note.n_namesz);
    const std::size_t next = desc_at + aligned(note.n_descsz);
    if (next > size) {
      return {};
    }
    const std::string_view name(reinterpret_cast<const char*>(p + name_at), note.n_namesz);
    if (note.n_type == NT_GNU_BUILD_ID && name == std::string_view("GNU\0", 4)) {
      return crypto::to_hex(std::span<const std::uint8_t>(p + desc_at, note.n_descsz));
    }
    at = next;
  }
  return {};
}

int find_build_id(dl_phdr_info* info, std::size_t /*size*/, void* out) {
  auto& id = *static_cast<std::string*>(out);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const auto& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_NOTE) {
      id = build_id_in(reinterpret_cast<const unsigned char*>(info->dlpi_addr + ph.p_vaddr), ph.p_memsz);
      if (!id.empty()) {
        break;
      }
    }
  }
  return 1;  // the first object is the executable: stop there
}

}  // namespace

std::string build_id() {
  std::string id;
  dl_iterate_phdr(find_build_id, &id);
  return id;
}

std::string answer_generation(const model::vendor_catalog& catalog, const std::vector<std::string>& pack_digests) {
  std::string text = build_id();
  if (text.empty()) {
    auto nonce = crypto::random_hex(16);
    if (!nonce) {
      return {};
    }
    text = "no build id: " + *nonce;
  }
  const auto field = [&text](std::string_view s) {
    text += std::to_string(s.size());
    text += ':';
    text += s;
  };
  for (const auto& v : catalog.vendors()) {
    field(v.display_name);
    field(v.canonical_name);
    for (const auto& a : v.aliases) {
      field(a);
    }
    field(v.hq_country);
    field(v.parent);
    text += ';';
  }
  for (const auto& d : pack_digests) {
    field(d);
  }
  return crypto::to_hex(crypto::sha256(text));
}

}  // namespace netvet::server
