// netvet/policy/loader.h: reading, validating and finding policy packs.
//
// A pack file is YAML in the format of docs/policy-packs.md (version 1). On
// load every key is checked (unknown keys are errors, with "did you mean"),
// every function, layer, asset category, area, designation and vendor name is
// resolved (unknown ones are errors), `extends` is resolved against the other
// packs, and the pack's own rules are checked against each other: two rules
// of the same effect (other than `notify`) whose coverage and dates overlap
// are an error ("overlapping"), and so are a `prohibit` and an `allow` that
// overlap ("contradictory"). Every error names file, line, column and key;
// all of them are collected (up to a cap) and returned as one error.
//
// The shipped packs are found, in order, in: the directories given (the CLI
// passes $NETVET_POLICY_DIR, <exe dir>/../share/netvet/policies and the
// source tree's policies/), the first that exists and holds *.yaml winning;
// else the copies compiled into the binary. Nothing here throws.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "netvet/core/error.h"
#include "netvet/core/file_system.h"
#include "netvet/model/vendor.h"
#include "netvet/policy/pack.h"

namespace netvet::policy {

// One pack's text and the name errors give it ("policies/nz.yaml").
struct pack_file {
  std::string name;
  std::string text;
};

// Looks a parent pack up by id (nullptr: unknown).
using pack_lookup = std::function<const pack*(std::string_view id)>;

// Parses and validates one pack. `parents` resolves `extends`.
result<pack> parse_pack(std::string_view text, const std::string& file, const model::vendor_catalog& catalog,
                        const pack_lookup& parents);

// The pack files compiled into netvet (policies/*.yaml at build time).
std::vector<pack_file> embedded_pack_files();

class pack_library {
 public:
  // Every pack of `files`, inheritance resolved in dependency order; a file
  // named X.yaml must hold pack id X. `origin` describes where they came from.
  static result<pack_library> from_files(std::vector<pack_file> files, const model::vendor_catalog& catalog,
                                         std::string origin);
  // The first directory of `dirs` that holds *.yaml files, else the embedded
  // packs; read through `fs` (the local file system when not given).
  static result<pack_library> load(const std::vector<std::string>& dirs, const model::vendor_catalog& catalog);
  static result<pack_library> load(const std::vector<std::string>& dirs, const model::vendor_catalog& catalog,
                                   file_system& fs);

  // By id or alias, case-insensitively ("GB", "uk"); nullptr if unknown.
  [[nodiscard]] const pack* find(std::string_view id) const;
  // The same as an error naming the known ids (code not_found, field `field`).
  [[nodiscard]] result<const pack*> get(std::string_view id, std::string_view field = "--policy") const;
  [[nodiscard]] const std::vector<pack>& packs() const { return packs_; }  // sorted by id
  [[nodiscard]] const std::string& origin() const { return origin_; }
  [[nodiscard]] std::string ids() const;  // "au, ca, de, ..."

  // A user's pack file; `extends` resolves to a pack of this library.
  [[nodiscard]] result<pack> load_file(const std::string& path, const model::vendor_catalog& catalog) const;
  [[nodiscard]] result<pack> load_file(const std::string& path, const model::vendor_catalog& catalog,
                                       file_system& fs) const;

 private:
  std::vector<pack> packs_;
  std::string origin_;
};

}  // namespace netvet::policy
