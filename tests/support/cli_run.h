// tests/support: running the netvet binary from a CLI test. NETVET_BINARY and
// NETVET_SOURCE_DIR come from the test target (tests/CMakeLists.txt).
#pragma once

#include <cstdlib>
#include <string>

#include <sys/wait.h>

#include "support/temp_dir.h"

namespace netvet::testing {

struct run_result {
  int status = -1;  // the exit status; -1 when it did not exit
  std::string out;
  std::string err;
};

// The environment under which netvet reads the source tree's packs.
inline const std::string kSourcePolicies = "NETVET_POLICY_DIR=" NETVET_SOURCE_DIR "/policies";

// Runs netvet with `args` (shell words) after `env` (shell assignments), its
// output kept in `dir`.
inline run_result netvet(const temp_dir& dir, const std::string& args, const std::string& env = kSourcePolicies) {
  const std::string out = dir / "out.txt";
  const std::string err = dir / "err.txt";
  const std::string cmd = env + " " + std::string(NETVET_BINARY) + " " + args + " >" + out + " 2>" + err;
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out), slurp(err)};
}

}  // namespace netvet::testing
