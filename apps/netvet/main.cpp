// netvet: the command-line program. Thin wiring over the use cases: the
// commands are listed in commands.cpp; errors map to exit statuses through
// the one table in netvet/core/error.h.
#include <cstdio>
#include <string>

#include "cli.h"
#include "commands.h"
#include "netvet/version.h"

namespace {

// "Exit codes: 0 ok, 1 findings at/above --fail-on, 2 usage, 3 invalid_input, ..."
std::string exit_code_help() {
  std::string out = "Exit codes: 0 ok, 1 findings at/above --fail-on, 2 usage";
  for (const auto code : netvet::all_error_codes()) {
    out += ", " + std::to_string(netvet::exit_status(code)) + " " + std::string(netvet::to_string(code));
  }
  return out + ".";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"netvet: telecom supply-chain security vetting (TICSA-style notifications, vendor caps and bans)",
               "netvet"};
  app.set_version_flag("--version", std::string("netvet ") + NETVET_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'netvet COMMAND --help' for a command's options and an example.\n" + exit_code_help());
  netvet::cli::add_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2 (README "Exit codes").
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const netvet::cli::command_failed& f) {
    std::fprintf(stderr, "netvet: error: %s\n", f.err.to_string().c_str());
    return netvet::exit_status(f.err.code);
  } catch (const netvet::cli::command_exit& x) {
    return x.code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "netvet: internal error: %s\n", e.what());
    return netvet::exit_status(netvet::error_code::internal);
  }
  return 0;
}
