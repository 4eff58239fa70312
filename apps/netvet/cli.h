// apps/netvet/cli.h: the wiring shared by netvet's subcommands.
//
// Each cmd_*.cpp registers its subcommands with a static `registrar`; main()
// builds the CLI11 app from the registry, runs it, and turns an `error` into
// a message on stderr and an exit status (README "Exit codes"):
//   0 success, 1 a finding at or above --fail-on, 2 usage error,
//   3.. the error code's status (netvet/core/error.h), 70 internal.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "netvet/core/error.h"
#include "netvet/io/reader.h"
#include "netvet/model/vendor.h"
#include "netvet/report/table.h"

namespace netvet::cli {

// Thrown only inside the CLI (never by the library) to end a command with an
// error; main() catches it. Library errors arrive as values and are wrapped.
struct command_failed {
  netvet::error err;
};
// Ends a command with exit status `code` and nothing more to print.
struct command_exit {
  int code;
};

[[noreturn]] void fail(netvet::error e);
template <typename T>
T unwrap(result<T> r) {
  if (!r) {
    fail(r.take_error());
  }
  return std::move(r).value();
}
inline void unwrap(status s) {
  if (!s) {
    fail(s.take_error());
  }
}

// Options shared by every command that reads a network.
struct input_options {
  std::string vendors_file;  // extra aliases/vendors (vendors.csv layout)
  std::string input_format;  // csv, json, netbox-dump, netbox-api, graphml
  std::string role_map;
  std::string vendor_attribute;
  std::string vendor_map;
  std::string graphml_function = "router";
  std::size_t max_errors = 20;
  // A workspace snapshot instead of PATH (--workspace FILE --name NAME).
  std::string workspace;
  std::string snapshot;
};
// `snapshot_source` adds --workspace/--name as a source instead of PATH
// (not for commands that write to a workspace themselves).
void add_input_options(CLI::App& cmd, input_options& opt, bool snapshot_source = true);

// The catalogue: built-in plus the user's file, if any.
const model::vendor_catalog& catalog_for(const input_options& opt);
// Reads a network with progress on a terminal: PATH, or the snapshot named by
// --workspace/--name (exactly one of the two).
model::network load_network(const std::string& path, const input_options& opt);
// Adds the optional PATH argument that load_network reads.
CLI::Option* add_network_path(CLI::App& cmd, std::string& path);
io::read_options read_options_for(const input_options& opt);

// A progress line on stderr, only when stderr is a terminal.
class progress {
 public:
  explicit progress(std::string label);
  ~progress();
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  void update(std::uint64_t done, std::uint64_t total);
  [[nodiscard]] bool enabled() const { return enabled_; }

 private:
  std::string label_;
  bool enabled_;
  bool shown_ = false;
};

// --format text|json|csv|markdown
void add_output_format(CLI::App& cmd, std::string& fmt, std::string default_value = "text");
report::output_format output_format_of(const std::string& fmt);
void print(const report::document& doc, const std::string& fmt);

using setup_fn = std::function<void(CLI::App& app)>;
struct registrar {
  registrar(int order, setup_fn setup);
};
std::vector<std::pair<int, setup_fn>>& registry();

}  // namespace netvet::cli
