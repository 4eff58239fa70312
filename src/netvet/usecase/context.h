// netvet/usecase/context.h: what every use case reads besides its request.
//
// The use cases (network.h, policy.h, graph.h, store.h beside this file) are
// what netvet does, as functions `result<outcome> f(const context&, const
// request&)`: the command-line program binds its options onto the requests,
// and the server will bind JSON bodies onto the same requests. Nothing here
// knows a command line, HTTP or a terminal.
//
// The context holds, explicitly, what the old CLI kept in function statics:
// the vendor catalogue (built-in, plus the user's alias file), the policy
// pack library (loaded once, on first use, from the configured folders or the
// packs compiled in), the file system all files are read through, and the
// clock (today's date, injectable for tests and for "as of" questions).
//
// Threads: a context is immutable once made, except for the pack library's
// one-time load, which is guarded; one context may serve many threads.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "netvet/core/date.h"
#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/loader.h"
#include "netvet/policy/precedent.h"
#include "netvet/risk/knowledge.h"

namespace netvet::usecase {

struct context_options {
  // Extra vendors and aliases (vendors.csv layout), merged into the built-in catalogue.
  std::string vendors_file;
  // Folders searched for policy packs, in order: the first that holds *.yaml
  // files wins; none: the packs compiled into netvet.
  std::vector<std::string> policy_dirs;
  // A user's vendor risk profile facts and criticality ratings (the layouts
  // of data/risk/vendor-facts.csv and criticality.csv): every subject or part
  // they name replaces the built-in rows of it.
  std::string profiles_file;
  std::string criticality_file;
  // Where files are read and written; nullptr: local_file_system(). Not owned.
  file_system* fs = nullptr;
  // Today's date; empty: the system clock (UTC).
  std::function<date()> today;
};

class context {
 public:
  // Errors: the vendors, profiles or criticality file's (not_found,
  // invalid_input with file, line and field).
  static result<std::unique_ptr<context>> create(context_options options);

  context(const context&) = delete;
  context& operator=(const context&) = delete;
  ~context() = default;

  [[nodiscard]] const model::vendor_catalog& catalog() const { return *catalog_; }
  // The pack library, loaded on first use (policy_error naming the bad pack).
  [[nodiscard]] result<const policy::pack_library*> packs() const;
  // What the risk model knows (built-in data and the user's files) and the
  // precedents it is compared with.
  [[nodiscard]] const risk::knowledge& knowledge() const { return *knowledge_; }
  [[nodiscard]] const std::vector<policy::precedent>& precedents() const { return precedents_; }
  [[nodiscard]] file_system& files() const { return *fs_; }
  [[nodiscard]] date today() const;

 private:
  explicit context(context_options options);

  context_options options_;
  file_system* fs_;
  std::unique_ptr<model::vendor_catalog> own_catalog_;  // when a vendors file is given
  const model::vendor_catalog* catalog_;
  std::unique_ptr<risk::knowledge> knowledge_;
  std::vector<policy::precedent> precedents_;
  mutable std::once_flag packs_once_;
  mutable std::optional<result<policy::pack_library>> packs_;
};

// The folders the command-line program searches for packs:
// $NETVET_POLICY_DIR, <exe>/../share/netvet/policies, then the source tree's
// policies/ (builds from a checkout).
std::vector<std::string> default_policy_dirs();

}  // namespace netvet::usecase
