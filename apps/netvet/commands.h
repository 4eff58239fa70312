// apps/netvet/commands.h: every subcommand's binding, one function each,
// defined in the cmd_*.cpp of its group and listed once, in workflow order,
// in commands.cpp.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace netvet::cli {

// cmd_network.cpp: an inventory
void add_validate(CLI::App& app);
void add_summary(CLI::App& app);
void add_vendors(CLI::App& app);
void add_convert(CLI::App& app);
// cmd_store.cpp: the workspace
void add_import(CLI::App& app);
void add_export(CLI::App& app);
void add_snapshots(CLI::App& app);
// cmd_generate.cpp
void add_generate(CLI::App& app);
// cmd_policy.cpp: packs, assessment, audit
void add_policies(CLI::App& app);
void add_assess(CLI::App& app);
void add_audit(CLI::App& app);
// cmd_plan.cpp: removal plans
void add_plan(CLI::App& app);
// cmd_graph.cpp: dependency on vendors
void add_outage(CLI::App& app);
void add_exposure(CLI::App& app);
void add_spof(CLI::App& app);
void add_serve(CLI::App& app);
// The log's signing key file: `given`, else beside a SQLite workspace
// (WORKSPACE.key); a PostgreSQL workspace needs --signing-key (usage error
// naming it otherwise).
std::string signing_key_path(const std::string& workspace, const std::string& given);
void add_admin(CLI::App& app);
void add_log(CLI::App& app);

// Adds every command to `app`, in the order `netvet --help` lists them.
void add_commands(CLI::App& app);

}  // namespace netvet::cli
