// netvet: the command-line program. Thin wiring over the library: each
// subcommand lives in a cmd_*.cpp that registers itself (cli.h).
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "cli.h"
#include "netvet/version.h"

int main(int argc, char** argv) {
  CLI::App app{"netvet: telecom supply-chain security vetting (TICSA-style notifications, vendor caps and bans)",
               "netvet"};
  app.set_version_flag("--version", std::string("netvet ") + NETVET_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run 'netvet COMMAND --help' for a command's options and an example.\n"
      "Exit codes: 0 ok, 1 findings at/above --fail-on, 2 usage, 3 invalid input, 4 not found,\n"
      "5 already exists, 6 unsupported, 7 I/O, 8 limit exceeded, 9 policy error, 10 storage, 70 internal.");
  auto& reg = netvet::cli::registry();
  std::stable_sort(reg.begin(), reg.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, setup] : reg) {
    setup(app);
  }
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
    return 70;
  }
  return 0;
}
