// netvet/server/generation.h: what an analysis answer depends on besides
// its snapshot and its question, so that an answer kept in the store
// (store::answer_record) is served again only by the same code over the same
// catalogue and packs.
#pragma once

#include <string>
#include <vector>

#include "netvet/model/vendor.h"

namespace netvet::server {

// The GNU build-id note of the running executable in hex (the linker's hash
// of the code, `file netvet` shows it), or "" when it has none.
[[nodiscard]] std::string build_id();

// SHA-256 hex of the build id, the vendor catalogue (every name, alias,
// country and parent) and the packs' digests (in the order given). Without a
// build id, a random value: answers of such a build are never read back by
// another process ("" when not even that could be drawn: keep nothing).
[[nodiscard]] std::string answer_generation(const model::vendor_catalog& catalog,
                                            const std::vector<std::string>& pack_digests);

}  // namespace netvet::server
