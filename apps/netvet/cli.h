// apps/netvet/cli.h: the wiring shared by netvet's subcommands.
//
// The program is a thin binding of options onto the use cases
// (netvet/usecase/), in the srsRAN manner: each command has a config struct
// of what the user typed, a CLI11 binding, a validator that turns text into
// typed values with errors naming the option, and a translation into the
// use case's request. commands.cpp lists the commands once, in workflow
// order. main() maps an `error` to an exit status (exit_status(), one table
// in netvet/core/error.h) and usage errors to 2.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "netvet/core/error.h"
#include "netvet/report/table.h"
#include "netvet/usecase/context.h"
#include "netvet/usecase/network.h"

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

// What the user typed to name a network and how to read it.
struct input_config {
  std::string path;
  std::string vendors_file;      // extra aliases/vendors (vendors.csv layout)
  std::string profiles_file;     // vendor profile facts (data/risk/vendor-facts.csv layout)
  std::string criticality_file;  // criticality ratings (data/risk/criticality.csv layout)
  std::string input_format;      // csv, json, netbox-dump, netbox-api, graphml
  std::string role_map;
  std::string vendor_attribute;
  std::string vendor_map;
  std::string graphml_function = "router";
  std::size_t max_errors = 20;
  // A workspace snapshot instead of PATH (--workspace FILE --name NAME).
  std::string workspace;
  std::string snapshot;
};
// Binds the reader options (and, with `snapshot_source`, --workspace/--name
// as a source instead of PATH).
void add_input_options(CLI::App& cmd, input_config& in, bool snapshot_source = true);
// Adds the optional PATH argument.
CLI::Option* add_network_path(CLI::App& cmd, std::string& path);
// Validator + translator: the typed source (errors name the option).
// `require_network`: exactly one of PATH and --workspace/--name (usage error otherwise).
usecase::network_source to_source(const input_config& in, bool require_network = true);

// The use cases' context for a command: the catalogue with --vendors, the
// risk knowledge with --profiles and --criticality (bad rows: exit 3 naming
// file, line and field), the packs from $NETVET_POLICY_DIR and the usual folders, the system clock.
std::unique_ptr<usecase::context> make_context(const input_config& in);

// Parses a YYYY-MM-DD option (empty: nullopt); errors name `option`.
std::optional<date> parse_date_option(const std::string& text, std::string_view option);

// A progress line on stderr, when stderr is a terminal (or NETVET_PROGRESS=1
// asks for it, as in a log). `unit` names what is counted: "MB" reads the
// callback's figures as bytes, any other word as a count of it ("sites").
// finish() clears the line, so that the next line is not written over it.
class progress {
 public:
  explicit progress(std::string label, std::string unit = "MB");
  ~progress();
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  void update(std::uint64_t done, std::uint64_t total);
  void finish();
  [[nodiscard]] bool enabled() const { return enabled_; }
  // A callback for the library, empty when disabled.
  [[nodiscard]] usecase::progress_fn callback();

 private:
  std::string label_;
  std::string unit_;
  bool enabled_;
  bool shown_ = false;
};

// The progress label of reading the network a command names.
std::string reading_label(const input_config& in);
// Loads the network a command names, with a progress line.
// The same, with what the reader reports beyond the network (NetBox cables).
io::imported_network import_network(const usecase::context& ctx, const input_config& in);
model::network load_network(const usecase::context& ctx, const input_config& in);

// --format text|json|csv|markdown
void add_output_format(CLI::App& cmd, std::string& fmt, std::string default_value = "text");
void print(const report::document& doc, const std::string& fmt);
void print_text(const std::string& text);

}  // namespace netvet::cli
