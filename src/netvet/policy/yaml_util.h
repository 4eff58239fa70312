// netvet/policy/yaml_util.h (private): reading YAML with errors as values.
//
// yaml-cpp throws; everything here catches and turns what it finds into
// `netvet::error`s that name the file, line, column and key (yaml-cpp marks
// are 0-based; netvet locations are 1-based).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "netvet/core/date.h"
#include "netvet/core/error.h"

namespace netvet::policy::detail {

// The largest proposal or pack file read (README "Limits"); a device such as
// /dev/zero, or a file that never ends, stops here with limit_exceeded.
inline constexpr std::size_t kMaxPolicyFileBytes = std::size_t{16} << 20;

class yaml_doc {
 public:
  yaml_doc(std::string file, diagnostics& diag) : file_(std::move(file)), diag_(&diag) {}

  // Parses `text`; on a syntax error records it (with line) and returns nullopt.
  std::optional<YAML::Node> parse(std::string_view text);

  [[nodiscard]] location at(const YAML::Node& n, std::string_view field) const;
  // Records an error of the document's own `code` (policy_error for packs,
  // invalid_input for proposals) at `n`.
  void fail(const YAML::Node& n, std::string_view field, std::string message);

  // Errors for every key of map `n` not in `allowed` ("unknown key 'x' in rule; expected one of: ...").
  // Returns false (and records) if `n` is not a map.
  bool check_map(const YAML::Node& n, std::string_view what, std::initializer_list<std::string_view> allowed);

  // Scalars. `required` records "missing key" when absent. Node lookups on
  // a map never throw here.
  std::optional<std::string> str(const YAML::Node& map, std::string_view key, bool required);
  std::optional<date> day(const YAML::Node& map, std::string_view key, bool required);
  std::optional<double> number(const YAML::Node& map, std::string_view key, bool required);
  std::optional<bool> boolean(const YAML::Node& map, std::string_view key);
  std::optional<long long> integer(const YAML::Node& map, std::string_view key, bool required);
  // A scalar or a sequence of scalars ("a" or [a, b]).
  std::vector<std::string> strings(const YAML::Node& map, std::string_view key);
  // The value node of `key`, or an undefined node.
  static YAML::Node child(const YAML::Node& map, std::string_view key);

  [[nodiscard]] const std::string& file() const { return file_; }
  diagnostics& diag() { return *diag_; }
  // The code of every error this document records (see fail()).
  error_code code = error_code::policy_error;

 private:
  std::string file_;
  diagnostics* diag_;
};

}  // namespace netvet::policy::detail
