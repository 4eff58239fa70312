// tests/server: `netvet serve` as a child process, for the tests that run the
// binary (serve_test, ops_test): started on a free port, stopped with SIGTERM.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/cli_run.h"
#include "support/temp_dir.h"

extern char** environ;

namespace netvet::testing {

// A `netvet serve` child process; stopped with SIGTERM when destroyed.
class served {
 public:
  served(const temp_dir& dir, const std::string& args) {
    int out[2];
    if (::pipe(out) != 0) {
      return;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    const std::string err = dir / "serve.err";
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const std::string cmd = "exec " + std::string(NETVET_BINARY) + " serve " + args;
    const std::string policies = kSourcePolicies;
    std::vector<std::string> env_text = {policies};
    for (char** e = environ; *e != nullptr; ++e) {
      env_text.emplace_back(*e);
    }
    std::vector<char*> env;
    for (auto& s : env_text) {
      env.push_back(s.data());
    }
    env.push_back(nullptr);
    std::string sh = "/bin/sh";
    std::string dash_c = "-c";
    std::string line = cmd;
    char* argv[] = {sh.data(), dash_c.data(), line.data(), nullptr};
    if (posix_spawn(&pid_, "/bin/sh", &fa, nullptr, argv, env.data()) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    // The first line on stdout is the URL it listens on.
    std::string url;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') {
      url += c;
    }
    ::close(out[0]);
    url_ = url;
    const auto colon = url.rfind(':');
    if (colon != std::string::npos) {
      port_ = static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1)));
    }
  }
  ~served() {
    if (pid_ > 0 && !reaped_) {
      stop();
    }
  }
  served(const served&) = delete;
  served& operator=(const served&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] const std::string& url() const { return url_; }
  // SIGTERM, then the exit status (-1: killed after 30 s or by a signal).
  int stop() {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        reaped_ = true;  // a process killed by a signal too: never signalled or waited for again
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        return status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    reaped_ = true;
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
  std::uint16_t port_ = 0;
  std::string url_;
};

inline std::string req(const std::string& method, const std::string& target, const std::string& token,
                       const std::string& body = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: test\r\n";
  if (!token.empty()) {
    r += "Authorization: Bearer " + token + "\r\n";
  }
  if (!body.empty() || method == "POST") {
    r += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

inline std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// A SQLite workspace as README's walk-through makes it through the CLI: the
// Spark 2018 network imported and adopted by its operator, GCSB as the
// regulator, and the tokens of the administrator, an operator editor and a
// regulator assessor.
class nz_workspace_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ws_ = dir_ / "nz.db";
    ASSERT_EQ(netvet(dir_, "import " NETVET_SOURCE_DIR "/examples/spark-2018/network --workspace " + ws_ +
                               " --name spark-2018")
                  .status,
              0);
    auto init = netvet(dir_, "admin init --workspace " + ws_ + " --adopt-org 'Spark New Zealand' --jurisdiction nz");
    ASSERT_EQ(init.status, 0) << init.err;
    admin_ = first_line(init.out);
    ASSERT_EQ(init.out, admin_ + "\n");  // the token is the only line
    ASSERT_EQ(
        netvet(dir_, "admin add-org --workspace " + ws_ + " --name GCSB --kind regulator --jurisdiction nz").status, 0);
    auto spark = netvet(dir_, "admin add-user --workspace " + ws_ +
                                  " --org 'Spark New Zealand' --name compliance --role operator_editor");
    ASSERT_EQ(spark.status, 0) << spark.err;
    spark_ = first_line(spark.out);
    auto gcsb =
        netvet(dir_, "admin add-user --workspace " + ws_ + " --org GCSB --name analyst --role regulator_assessor");
    ASSERT_EQ(gcsb.status, 0) << gcsb.err;
    gcsb_ = first_line(gcsb.out);
  }

  temp_dir dir_;
  std::string ws_, admin_, spark_, gcsb_;
};

}  // namespace netvet::testing
