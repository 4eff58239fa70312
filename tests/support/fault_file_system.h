// tests/support: a file_system that injects faults into another one.
//
// After LevelDB's FaultInjectionTestEnv (db/fault_injection_test.cc): it
// forwards every call to a real file_system (the local one by default) and
// fails the ones a test chose, the way a disk, a network share or a full
// volume would:
//   fail_open(path)              opening `path` is an io_error;
//   fail_read_after(path, n)     reading `path` returns its first `n` bytes,
//                                then an io_error (a read that fails half-way;
//                                none when the file is no longer than `n`);
//   fail_write(path)             writing `path` is an io_error and leaves
//                                whatever was there untouched;
//   fail_all_writes()            the same for every write and every folder
//                                created.
// Paths are compared as given (the reader's own spelling, e.g. "dir/links.csv").
// Every injected error is io_error, names the path, and says "injected".
//
// Not thread-safe: one test, one instance.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "netvet/core/file_system.h"

namespace netvet::testing {

class fault_file_system final : public file_system {
 public:
  explicit fault_file_system(file_system& base = local_file_system()) : base_(base) {}

  void fail_open(std::string path) { failed_opens_.insert(std::move(path)); }
  void fail_read_after(std::string path, std::uint64_t bytes) { read_limits_[std::move(path)] = bytes; }
  void fail_write(std::string path) { failed_writes_.insert(std::move(path)); }
  void fail_all_writes() { all_writes_fail_ = true; }

  // How many opens and writes reached this file system (failed ones included).
  [[nodiscard]] std::size_t opens() const { return opens_; }
  [[nodiscard]] std::size_t writes() const { return writes_; }

  result<file_status> status_of(const std::string& path) override { return base_.status_of(path); }

  result<std::unique_ptr<sequential_file>> open_sequential(const std::string& path) override {
    ++opens_;
    if (failed_opens_.count(path) != 0) {
      return injected("cannot open", path);
    }
    NETVET_ASSIGN_OR_RETURN(auto file, base_.open_sequential(path));
    const auto limit = read_limits_.find(path);
    if (limit == read_limits_.end()) {
      return file;
    }
    return std::unique_ptr<sequential_file>(std::make_unique<failing_file>(std::move(file), path, limit->second));
  }

  result<std::vector<std::string>> list_directory(const std::string& path) override {
    return base_.list_directory(path);
  }

  status write_file_atomic(const std::string& path, std::string_view text) override {
    ++writes_;
    if (all_writes_fail_ || failed_writes_.count(path) != 0) {
      return injected("write failed", path);
    }
    return base_.write_file_atomic(path, text);
  }

  status create_directories(const std::string& path) override {
    if (all_writes_fail_) {
      return injected("cannot create folder", path);
    }
    return base_.create_directories(path);
  }

 private:
  static error injected(std::string_view what, const std::string& path) {
    return make_error(error_code::io_error, std::string(what) + ": injected fault", location{path});
  }

  // Returns the first `limit` bytes of the real file, then fails.
  class failing_file final : public sequential_file {
   public:
    failing_file(std::unique_ptr<sequential_file> base, std::string path, std::uint64_t limit)
        : base_(std::move(base)), path_(std::move(path)), left_(limit) {}

    result<std::size_t> read(std::span<char> buffer) override {
      if (left_ == 0) {
        return injected("read failed", path_);
      }
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), left_));
      NETVET_ASSIGN_OR_RETURN(const std::size_t n, base_->read(buffer.first(want)));
      left_ -= n;  // a limit past the end of the file never fails
      return n;
    }
    [[nodiscard]] std::uint64_t size() const override { return base_->size(); }

   private:
    std::unique_ptr<sequential_file> base_;
    std::string path_;
    std::uint64_t left_;
  };

  file_system& base_;
  std::set<std::string> failed_opens_;
  std::map<std::string, std::uint64_t> read_limits_;
  std::set<std::string> failed_writes_;
  bool all_writes_fail_ = false;
  std::size_t opens_ = 0;
  std::size_t writes_ = 0;
};

}  // namespace netvet::testing
