#include "commands.h"

#include <array>

namespace netvet::cli {

void add_commands(CLI::App& app) {
  // The order a user works in: read and check an inventory, keep it, then
  // ask the regime's questions of it.
  using add_fn = void (*)(CLI::App&);
  constexpr std::array<add_fn, 18> kCommands = {
      add_validate, add_summary,  add_vendors,   add_convert,  // an inventory
      add_import,   add_export,   add_snapshots,               // the workspace
      add_generate,                                            // synthetic networks
      add_policies, add_assess,   add_audit,                   // the law
      add_plan,                                                // removal plans
      add_outage,   add_exposure, add_spof,                    // dependency on vendors
      add_serve,    add_admin,    add_log,                     // the server
  };
  for (const auto add : kCommands) {
    add(app);
  }
}

}  // namespace netvet::cli
