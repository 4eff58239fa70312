#include "cli.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <unistd.h>

namespace netvet::cli {

[[noreturn]] void fail(netvet::error e) { throw command_failed{std::move(e)}; }

void add_input_options(CLI::App& cmd, input_config& in, bool snapshot_source) {
  cmd.add_option("--vendors", in.vendors_file, "Extra vendors and aliases (vendors.csv layout)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--profiles", in.profiles_file,
                 "Vendor profile facts (vendor-facts.csv layout); each subject named replaces the built-in rows")
      ->check(CLI::ExistingFile);
  cmd.add_option("--criticality", in.criticality_file,
                 "Criticality ratings (criticality.csv layout); each part named replaces the built-in rating")
      ->check(CLI::ExistingFile);
  cmd.add_option("--input-format", in.input_format, "Input format (default: detected)")
      ->check(CLI::IsMember({"csv", "json", "netbox-dump", "netbox-api", "graphml", "cyclonedx"}));
  cmd.add_option("--role-map", in.role_map, "NetBox: CSV of role,function mapping device roles to functions")
      ->check(CLI::ExistingFile);
  cmd.add_option("--vendor-attribute", in.vendor_attribute, "GraphML: node attribute that holds the vendor");
  cmd.add_option("--vendor-map", in.vendor_map, "GraphML: CSV of node,vendor (node id or label)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--graphml-function", in.graphml_function, "GraphML: function of every node")->capture_default_str();
  cmd.add_option("--max-errors", in.max_errors, "Errors listed before 'and N more' (at least 1)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  if (!snapshot_source) {
    return;
  }
  auto* ws = cmd.add_option("--workspace", in.workspace, "Read a snapshot from this workspace instead of PATH");
  auto* name = cmd.add_option("--name", in.snapshot, "The snapshot to read (with --workspace)");
  ws->needs(name);
  name->needs(ws);
}

CLI::Option* add_network_path(CLI::App& cmd, std::string& path) {
  return cmd.add_option("PATH", path,
                        "Network CSV folder, netvet JSON, NetBox export or GraphML (or --workspace/--name)");
}

namespace {

// $NETVET_THREADS: threads for reading a large network CSV (README "Load
// speed"); unset or empty: the machine's cores.
std::size_t threads_from_env() {
  const char* env = std::getenv("NETVET_THREADS");
  if (env == nullptr || *env == '\0') {
    return 0;
  }
  const std::string_view v(env);
  std::size_t n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || n < 1 || n > 64) {
    fail(make_error(error_code::invalid_input,
                    "NETVET_THREADS must be a whole number from 1 to 64, not '" + std::string(v) + "'",
                    location{"", 0, 0, "NETVET_THREADS"}));
  }
  return n;
}

}  // namespace

usecase::network_source to_source(const input_config& in, bool require_network) {
  if (require_network && !in.workspace.empty() && !in.path.empty()) {
    throw CLI::ValidationError("PATH", "give PATH or --workspace/--name, not both");
  }
  if (require_network && in.workspace.empty() && in.path.empty()) {
    throw CLI::RequiredError("PATH (or --workspace FILE --name NAME)");
  }
  usecase::network_source s;
  s.path = in.path;
  s.workspace = in.workspace;
  s.snapshot = in.snapshot;
  s.role_map = in.role_map;
  s.vendor_attribute = in.vendor_attribute;
  s.vendor_map = in.vendor_map;
  s.max_errors = in.max_errors;
  if (!in.input_format.empty()) {
    s.format = io::parse_format(in.input_format);  // CLI11 checked the spelling
  }
  const auto fn = model::parse_function(in.graphml_function);
  if (!fn) {
    fail(make_error(
        error_code::invalid_input,
        "unknown function '" + in.graphml_function + "'; expected one of: " + std::string(model::function_list()),
        location{"", 0, 0, "--graphml-function"}));
  }
  s.graphml_function = *fn;
  s.threads = threads_from_env();
  return s;
}

namespace {

// $NETVET_POLICY_DIR names the packs the user means: a folder that is not
// there, or holds no pack, is an error, never a quiet fall back to the
// shipped packs.
void check_policy_dir_env() {
  const char* env = std::getenv("NETVET_POLICY_DIR");
  if (env == nullptr || *env == '\0') {
    return;
  }
  const location where{env, 0, 0, "NETVET_POLICY_DIR"};
  file_system& fs = local_file_system();
  const file_status st = unwrap(fs.status_of(env));
  if (!st.exists || !st.is_directory) {
    fail(make_error(error_code::not_found,
                    std::string(st.exists ? "is not a folder" : "no such folder") +
                        " (NETVET_POLICY_DIR must name a folder of policy packs, *.yaml)",
                    where));
  }
  const auto names = unwrap(fs.list_directory(env));
  if (std::none_of(names.begin(), names.end(),
                   [](const std::string& n) { return n.size() > 5 && n.ends_with(".yaml"); })) {
    fail(make_error(error_code::not_found, "the folder holds no policy pack (*.yaml) (from NETVET_POLICY_DIR)", where));
  }
}

}  // namespace

std::unique_ptr<usecase::context> make_context(const input_config& in) {
  check_policy_dir_env();
  usecase::context_options opt;
  opt.vendors_file = in.vendors_file;
  opt.profiles_file = in.profiles_file;
  opt.criticality_file = in.criticality_file;
  opt.policy_dirs = usecase::default_policy_dirs();
  return unwrap(usecase::context::create(std::move(opt)));
}

std::optional<date> parse_date_option(const std::string& text, std::string_view option) {
  if (text.empty()) {
    return std::nullopt;
  }
  const auto d = parse_date(text);
  if (!d) {
    fail(make_error(error_code::invalid_input, "cannot parse date '" + text + "' (expected YYYY-MM-DD)",
                    location{"", 0, 0, std::string(option)}));
  }
  return d;
}

std::string reading_label(const input_config& in) {
  return in.workspace.empty() ? "reading " + in.path : "loading snapshot " + in.snapshot;
}

io::imported_network import_network(const usecase::context& ctx, const input_config& in) {
  const auto source = to_source(in);
  progress bar(reading_label(in));
  return unwrap(usecase::import_network(ctx, source, bar.callback()));
}

model::network load_network(const usecase::context& ctx, const input_config& in) {
  const auto source = to_source(in);
  progress bar(reading_label(in));
  return unwrap(usecase::load_network(ctx, source, bar.callback()));
}

namespace {
bool progress_wanted() {
  const char* forced = std::getenv("NETVET_PROGRESS");
  if (forced != nullptr && *forced != '\0') {
    return std::string_view(forced) != "0";
  }
  return ::isatty(STDERR_FILENO) == 1;
}
}  // namespace

progress::progress(std::string label, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), enabled_(progress_wanted()) {}
progress::~progress() { finish(); }
void progress::finish() {
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    shown_ = false;
  }
}
void progress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) {
    return;
  }
  shown_ = true;
  const bool bytes = unit_ == "MB";
  const auto shown = [bytes](std::uint64_t n) { return static_cast<unsigned long long>(bytes ? n >> 20U : n); };
  if (total > 0) {
    std::fprintf(stderr, "\r%s: %.0f%% (%llu of %llu %s)", label_.c_str(),
                 100.0 * static_cast<double>(done) / static_cast<double>(total), shown(done), shown(total),
                 unit_.c_str());
  } else {
    std::fprintf(stderr, "\r%s: %llu %s", label_.c_str(), shown(done), unit_.c_str());
  }
  std::fflush(stderr);
}
usecase::progress_fn progress::callback() {
  if (!enabled_) {
    return {};
  }
  return [this](std::uint64_t done, std::uint64_t total) { update(done, total); };
}

void add_output_format(CLI::App& cmd, std::string& fmt, std::string default_value) {
  fmt = std::move(default_value);
  cmd.add_option("--format", fmt, "Output: text, json, csv or markdown")
      ->check(CLI::IsMember({"text", "json", "csv", "markdown"}))
      ->capture_default_str();
}

void print(const report::document& doc, const std::string& fmt) {
  print_text(report::render(doc, report::parse_output_format(fmt).value_or(report::output_format::text)));
}

void print_text(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

}  // namespace netvet::cli
