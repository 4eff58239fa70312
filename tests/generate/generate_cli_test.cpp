// tests/generate: `netvet generate` run as a user runs it (tier cli).
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "support/temp_dir.h"

namespace {

// Runs the netvet binary with `args`, output discarded; its exit status.
int netvet(const std::string& args) {
  const int rc = std::system((std::string(NETVET_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

TEST(GeneratorCli, GenerateThenValidate) {
  netvet::testing::temp_dir dir;
  EXPECT_EQ(netvet("generate --sites 300 --seed 4 --out " + dir / "n"), 0);
  EXPECT_EQ(netvet("validate " + dir / "n"), 0);
  EXPECT_EQ(netvet("generate --sites 0 --out " + dir / "m"), 3);
  EXPECT_EQ(netvet("generate --help"), 0);
}

}  // namespace
